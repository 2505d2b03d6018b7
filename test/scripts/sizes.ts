/**
 * Every contract a deployment creates stays deployable with room to spare: its runtime code keeps at
 * least SIZE_MARGIN_BYTES (1 KiB) below EIP-170's 24,576 bytes and its initcode below EIP-3860's
 * 49,152 (scripts/lib/costs.ts). The check fails while a change can still be split out, not when the
 * deployment already reverts.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import {
  contractSizes,
  MAX_RUNTIME_BYTES,
  SIZE_MARGIN_BYTES,
  sizeProblems,
} from "../../scripts/lib/costs.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("contract sizes", function () {
  it("the registry, the procurement module, the campaign implementation and the factory keep 1 KiB below 24 KiB", async function () {
    const sizes = await contractSizes(ROOT);
    expect(sizes.map((s) => s.name)).to.deep.equal([
      "Registry",
      "CampaignProcurement",
      "Campaign",
      "CampaignFactory",
    ]);
    for (const s of sizes) expect(s.runtime, s.name).to.be.greaterThan(1_000);
    expect(sizeProblems(sizes)).to.deep.equal([]);
  });

  it("fails a contract that would keep less than the margin, saying how much is left", function () {
    const tooBig = {
      name: "Campaign",
      runtime: MAX_RUNTIME_BYTES - SIZE_MARGIN_BYTES + 1,
      initcode: 25_000,
      margin: SIZE_MARGIN_BYTES - 1,
      ok: false,
    };
    expect(sizeProblems([tooBig])).to.deep.equal([
      "Campaign: 23,553 bytes of runtime code (25,000 of initcode) leaves 1,023 bytes below EIP-170's 24,576, less than the 1,024 the project keeps: move code into a library or the procurement module before it cannot deploy",
    ]);
  });
});
