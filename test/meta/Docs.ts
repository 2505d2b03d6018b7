/**
 * The README's table of custom errors lists exactly what contracts/interfaces declare, with each
 * error's `@notice`. `npm run docs` regenerates it.
 */
import { readFileSync } from "node:fs";

import { expect } from "chai";

import { errorRows, readmeRows } from "../../scripts/docs.ts";

describe("README", function () {
  it("lists every custom error the contracts declare, with its NatSpec (npm run docs regenerates it)", async function () {
    const declared = await errorRows();
    expect(declared.length).to.be.greaterThan(80);
    expect(readmeRows(readFileSync("README.md", "utf8"))).to.deep.equal(declared);
  });
});
