/**
 * What the indexer follows (indexer/sources.ts): deployment records in the dApp's format, Ignition
 * deployments, the list handed to Ponder; and `npm run indexer` refusing bad input with a sentence
 * that says what to fix, before starting anything.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import {
  parseSources,
  readSource,
  sourceFromIgnition,
  sourceFromRecord,
  SourceError,
} from "../../indexer/sources.ts";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const FACTORY = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788";
const EAS = "0x4200000000000000000000000000000000000021";

describe("indexer sources: what the indexer follows", function () {
  it("reads the dApp's deployment record, with the EAS contract when it names one", function () {
    const record = JSON.stringify({
      chainId: 31337,
      contracts: { registry: REGISTRY.toLowerCase(), factory: FACTORY, eas: EAS, usdc: "0x01" },
      startBlock: "12",
    });
    expect(sourceFromRecord(record, "http://127.0.0.1:8545")).to.deep.equal({
      chainId: 31337,
      rpc: "http://127.0.0.1:8545",
      registry: REGISTRY,
      factory: FACTORY,
      eas: EAS,
      startBlock: 12,
    });
    const withoutEas = sourceFromRecord(
      JSON.stringify({ chainId: 1, contracts: { registry: REGISTRY, factory: FACTORY } }),
      "https://rpc.example",
    );
    expect([withoutEas.eas, withoutEas.startBlock]).to.deep.equal([undefined, 0]);
  });

  it("refuses records it cannot follow, saying which field is wrong", function () {
    const cases: [string, string, RegExp][] = [
      ["{", "http://127.0.0.1:8545", /the deployment record is not JSON/],
      [
        JSON.stringify({ chainId: "31337", contracts: {} }),
        "http://127.0.0.1:8545",
        /chainId must be an integer/,
      ],
      [
        JSON.stringify({ chainId: 31337, contracts: { registry: "0x12", factory: FACTORY } }),
        "http://127.0.0.1:8545",
        /contracts\.registry is not an address \(got "0x12"\)/,
      ],
      [
        JSON.stringify({ chainId: 31337, contracts: { registry: REGISTRY, factory: FACTORY } }),
        "ws://127.0.0.1:8545",
        /the RPC URL for chain 31337 must be an http\(s\) URL/,
      ],
      [
        JSON.stringify({
          chainId: 31337,
          contracts: { registry: REGISTRY, factory: FACTORY },
          startBlock: -1,
        }),
        "http://127.0.0.1:8545",
        /startBlock must be a block number, got -1/,
      ],
    ];
    for (const [text, rpc, message] of cases)
      expect(() => sourceFromRecord(text, rpc)).to.throw(SourceError, message);
  });

  it("reads an Ignition deployment: its chain, its first block and the HandoverCore addresses", function () {
    const addresses = JSON.stringify({
      "HandoverCore#Registry": REGISTRY,
      "HandoverCore#CampaignFactory": FACTORY,
    });
    const journal = [
      { chainId: 84532, type: "DEPLOYMENT_INITIALIZE" },
      { type: "TRANSACTION_CONFIRM", receipt: { blockNumber: 1_000_007 } },
      { type: "TRANSACTION_CONFIRM", receipt: { blockNumber: 1_000_003 } },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    expect(sourceFromIgnition(addresses, journal, "https://sepolia.base.example")).to.deep.equal({
      chainId: 84532,
      rpc: "https://sepolia.base.example",
      registry: REGISTRY,
      factory: FACTORY,
      eas: undefined,
      startBlock: 1_000_003,
    });
    expect(() => sourceFromIgnition(addresses, "", "https://x.example")).to.throw(
      SourceError,
      /journal\.jsonl does not say which chain/,
    );
    expect(() =>
      sourceFromIgnition("{}", journal, "https://x.example", { where: "chain-84532" }),
    ).to.throw(SourceError, /chain-84532: HandoverCore#Registry is not an address/);
  });

  it("reads a record file or an Ignition directory from disk, and names a file it cannot read", async function () {
    const dir = await mkdtemp(path.join(os.tmpdir(), "handover-sources-"));
    try {
      const file = path.join(dir, "local-deployment.json");
      await writeFile(
        file,
        JSON.stringify({ chainId: 31337, contracts: { registry: REGISTRY, factory: FACTORY } }),
      );
      expect(readSource(file, "http://127.0.0.1:8545", EAS).eas).to.equal(EAS);
      await writeFile(
        path.join(dir, "deployed_addresses.json"),
        JSON.stringify({
          "HandoverCore#Registry": REGISTRY,
          "HandoverCore#CampaignFactory": FACTORY,
        }),
      );
      await writeFile(
        path.join(dir, "journal.jsonl"),
        `${JSON.stringify({ chainId: 8453 })}\n${JSON.stringify({ receipt: { blockNumber: 5 } })}\n`,
      );
      expect(readSource(dir, "https://base.example").chainId).to.equal(8453);
      expect(() => readSource(path.join(dir, "missing.json"), "http://x.example")).to.throw(
        SourceError,
        /cannot read .*missing\.json \(ENOENT\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hands Ponder one source per chain, and refuses the same chain twice", function () {
    const one = { chainId: 1, rpc: "https://a.example", registry: REGISTRY, factory: FACTORY };
    expect(parseSources(JSON.stringify([one]))[0].startBlock).to.equal(0);
    expect(() => parseSources(undefined)).to.throw(SourceError, /npm run indexer/);
    expect(() => parseSources("[]")).to.throw(SourceError, /non-empty list/);
    expect(() => parseSources(JSON.stringify([one, one]))).to.throw(
      SourceError,
      /chain 1 is listed twice/,
    );
  });

  it("npm run indexer refuses bad input with exit code 2 and what to fix, starting nothing", async function () {
    const run = (args: string[]) =>
      exec(
        process.execPath,
        [
          "--experimental-strip-types",
          "--disable-warning=ExperimentalWarning",
          "indexer/run.ts",
          ...args,
        ],
        { cwd: ROOT },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
    const missing = await run(["--deployment", "/nonexistent/local-deployment.json"]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(
      /error: cannot read \/nonexistent\/local-deployment\.json \(ENOENT\) \(the local deployment record is written by `npm start`/,
    );
    const unpaired = await run([
      "--deployment",
      "a.json",
      "--deployment",
      "b.json",
      "--rpc",
      "http://127.0.0.1:8545",
    ]);
    expect(unpaired.code).to.equal(2);
    expect(unpaired.stderr).to.include("2 deployment(s) but 1 --rpc");
    const port = await run(["--port", "99999"]);
    expect([port.code, port.stderr]).to.deep.equal([
      2,
      'error: --port must be a port number (1-65535), got "99999"\n',
    ]);
  });
});
