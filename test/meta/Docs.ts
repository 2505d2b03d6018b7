/**
 * The table of custom errors in docs/contracts.md lists exactly what contracts/interfaces declare, with each
 * error's `@notice`. `npm run docs` regenerates it.
 */
import { readFileSync } from "node:fs";

import { expect } from "chai";

import { errorRows, readmeRows } from "../../scripts/docs.ts";

describe("docs/contracts.md", function () {
  it("lists every custom error the contracts declare, with its NatSpec (npm run docs regenerates it)", async function () {
    const declared = await errorRows();
    expect(declared.length).to.be.greaterThan(80);
    expect(readmeRows(readFileSync("docs/contracts.md", "utf8"))).to.deep.equal(declared);
  });
});
