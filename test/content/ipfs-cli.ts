/**
 * `npm run ipfs` as a process: the node alone (started, serving the seeded content, stopped by
 * SIGTERM), and the tools that print a file's CID and bytes32 and refuse a tampered file (exit 1).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import { computeCid, digestOf, fetchVerified } from "../../client/content.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ARGS = [
  "--experimental-strip-types",
  "--disable-warning=ExperimentalWarning",
  "scripts/ipfs.ts",
];
const TERMS = path.join("content", "appeals", "waho", "terms", "PO-WAHO-001.md");

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [...ARGS, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => (stdout += c));
    child.stderr!.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run ipfs", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handover-ipfs-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a file's CID and bytes32, and verifies a file against either (exit 0), a tampered one refused (exit 1)", async function () {
    const bytes = new Uint8Array(readFileSync(path.join(ROOT, TERMS)));
    const cid = await computeCid(bytes);
    const printed = await run(["cid", TERMS]);
    expect(printed.code).to.equal(0);
    expect(printed.stdout.trim()).to.equal(`${cid}  ${digestOf(cid)}  ${TERMS}`);
    expect((await run(["verify", TERMS, digestOf(cid)])).code).to.equal(0);
    expect((await run(["verify", TERMS, `ipfs://${cid}`])).stdout).to.contain(
      `OK: ${TERMS} is ${cid}`,
    );
    const tampered = path.join(dir, "PO-WAHO-001.md");
    writeFileSync(tampered, Buffer.from(bytes).toString("utf8").replace("0.40", "0.41"));
    const refused = await run(["verify", tampered, digestOf(cid)]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain(`REFUSED: This file is not the one recorded on chain`);
    expect(refused.stderr).to.contain(`the chain records hash ${digestOf(cid)}`);
    const bad = await run(["verify", TERMS, "not-a-cid"]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('REFUSED: "not-a-cid" is not an IPFS CID');
    const pin = await run(["pin", TERMS]);
    expect(pin.code).to.equal(2);
    expect(pin.stderr).to.contain("error: set HANDOVER_PINNING_URL");
  });

  it("runs the node alone with the seeded content until SIGTERM", async function () {
    const node = start(["--port", "0", "--dir", dir]);
    let stdout = "";
    const ready = new Promise<string>((resolve, reject) => {
      node.stdout!.on("data", (chunk) => {
        stdout += chunk;
        const m = /gateway (http:\/\/127\.0\.0\.1:\d+)\/ipfs/.exec(stdout);
        if (m) resolve(m[1]);
      });
      node.on("close", (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    const url = await ready;
    try {
      const metadata = readFileSync(path.join(ROOT, "content", "appeals", "waho", "metadata.json"));
      const cid = await computeCid(new Uint8Array(metadata));
      expect(stdout).to.contain(`${cid}  ${path.join("appeals", "waho", "metadata.json")}`);
      const got = await fetchVerified(cid, { gateways: [url] });
      expect(Buffer.from(got.bytes).equals(metadata)).to.equal(true);
    } finally {
      const exited = new Promise((resolve) => node.once("close", resolve));
      node.kill("SIGTERM");
      expect(await exited).to.equal(0);
    }
  });
});
