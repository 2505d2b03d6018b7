/**
 * Every custom error the contracts declare is asserted by at least one test (by name, as
 * `revertedWithCustomError(contract, "Name")` or the Solidity tests' selectors). A new error
 * without a test fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

const ROOT = process.cwd();

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, pattern);
    return pattern.test(name) ? [full] : [];
  });
}

const declared = files(path.join(ROOT, "contracts", "interfaces"), /\.sol$/).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/^\s*error (\w+)\(/gm)].map((m) => m[1]),
);
const tests = files(path.join(ROOT, "test"), /\.(ts|sol)$/)
  .filter((file) => !file.endsWith(path.join("meta", "CustomErrors.ts")))
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");

describe("custom errors", function () {
  it("declares the errors docs/contracts.md documents (sanity: more than 50 found)", function () {
    expect(declared.length).to.be.greaterThan(50);
  });

  for (const name of declared) {
    it(`${name} is asserted by a test`, function () {
      const asserted = tests.includes(`"${name}"`) || tests.includes(`${name}.selector`);
      expect(asserted, `no test asserts ${name}`).to.equal(true);
    });
  }
});
