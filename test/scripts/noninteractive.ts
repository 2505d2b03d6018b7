/**
 * Commands that read configuration variables (RPC URLs, DEPLOYER_PRIVATE_KEY) with no terminal, as
 * a deployment script or CI runs them (the project's Hardhat plugin, scripts/lib/hardhat/): a
 * missing variable and a keystore whose password cannot be asked are sentences with exit 2, never
 * "Detected unsettled top-level await" or HHE7's advice to use the keystore that CI mode skips; a
 * password piped on standard input opens the keystore.
 *
 * Each run gets a fresh Hardhat config directory (its own keystore), so a developer's is never read.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { HDNodeWallet, Mnemonic } from "ethers";
import { network } from "hardhat";

import { makeFixtures } from "../helpers/fixtures.js";
import { ProviderProxy } from "../proxy/provider-proxy.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const connection = await network.create();
const { deployFixture } = makeFixtures(connection);
const PASSWORD = "correct horse battery";

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `command` with a private Hardhat config dir; `input` is piped on stdin (else stdin is closed). */
function run(command: string[], env: Record<string, string | undefined>, input?: string) {
  return new Promise<Run>((resolve, reject) => {
    const fullEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...env }))
      if (v !== undefined && !(k in env && env[k] === undefined)) fullEnv[k] = v;
    const child = spawn(command[0], command.slice(1), {
      cwd: ROOT,
      env: fullEnv,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => (stdout += c));
    child.stderr!.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("configuration variables without a terminal", function () {
  this.timeout(60_000);
  let home: string;
  let proxy: ProviderProxy;
  let registry: string;
  let factory: string;
  const base = () => ({
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    CI: undefined,
    GITHUB_ACTIONS: undefined,
    CUSTOM_RPC_URL: undefined,
    DEPLOYER_PRIVATE_KEY: undefined,
    CUSTOM_CHAIN_ID: undefined,
    // Set by Hardhat's test runner; it limits the keystore plugin to the development keystore.
    HH_TEST: undefined,
  });
  const status = (env: Record<string, string | undefined>, input?: string) =>
    run(
      [
        process.execPath,
        "--experimental-strip-types",
        "--disable-warning=ExperimentalWarning",
        "scripts/ops.ts",
        "status",
        "--network",
        "custom",
        "--registry",
        registry,
        "--factory",
        factory,
      ],
      { ...base(), ...env },
      input,
    );
  const hardhat = path.join(ROOT, "node_modules", ".bin", "hardhat");

  before(async function () {
    home = mkdtempSync(path.join(os.tmpdir(), "handover-keystore-"));
    const f = await deployFixture();
    registry = await f.registry.getAddress();
    factory = await f.factory.getAddress();
    proxy = new ProviderProxy((args) => connection.provider.request(args));
    await proxy.listen();
  });
  after(async function () {
    await proxy?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    await connection.close();
  });

  it("a variable set nowhere: says where Hardhat looked and how to set it (exit 2)", async function () {
    const result = await status({});
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stderr.trim()).to.equal(
      "error: CUSTOM_RPC_URL is not set: it is neither an environment variable nor in Hardhat's keystore. Store it with `npx hardhat keystore set CUSTOM_RPC_URL`, or export CUSTOM_RPC_URL=… for this command. See docs/deploy.md.",
    );
  });

  it("with CI set: says that CI mode skips the keystore, instead of HHE7 (exit 2)", async function () {
    const result = await status({ CI: "true" });
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stderr).to.include(
      "error: CUSTOM_RPC_URL is not set. CI is set in this environment, so Hardhat treats this as CI and never opens its keystore: pass CUSTOM_RPC_URL as an environment variable (from your CI's secret store), or, on a machine where the keystore holds it, run without CI (env -u CI …).",
    );
    expect(result.stderr).not.to.include("HHE7");
  });

  describe("with the values in Hardhat's keystore", function () {
    before(async function () {
      const key = HDNodeWallet.fromMnemonic(
        Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
        "m/44'/60'/0'/0/0",
      ).privateKey;
      // `keystore set` through a pipe too: the new password twice, then the value.
      const first = await run(
        [hardhat, "keystore", "set", "CUSTOM_RPC_URL"],
        base(),
        `${PASSWORD}\n${PASSWORD}\n${proxy.url}\n`,
      );
      expect(first.code, first.stdout + first.stderr).to.equal(0);
      const second = await run(
        [hardhat, "keystore", "set", "DEPLOYER_PRIVATE_KEY"],
        base(),
        `${PASSWORD}\n${key}\n`,
      );
      expect(second.code, second.stdout + second.stderr).to.equal(0);
    });

    it("no terminal and no password piped: a sentence, not 'Detected unsettled top-level await' (exit 2)", async function () {
      const result = await status({});
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.include(
        "error: Hardhat's keystore needs a password to read CUSTOM_RPC_URL, and there is no terminal to ask it on (standard input is not a TTY and nothing was piped in). Either pass CUSTOM_RPC_URL as an environment variable (it then wins over the keystore), or pipe the keystore's password on standard input",
      );
      expect(result.stderr).not.to.include("unsettled top-level await");
    });

    it("the password piped on standard input opens the keystore: the command runs (exit 0)", async function () {
      const result = await status({}, `${PASSWORD}\n`);
      expect(result.code, result.stdout + result.stderr).to.equal(0);
      expect(result.stdout).to.include(`registry   ${registry}`);
      expect(result.stdout).to.include(
        "signer     0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266: admin",
      );
    });

    it("environment variables win over the keystore: no password needed", async function () {
      const result = await status({
        CUSTOM_RPC_URL: proxy.url,
        DEPLOYER_PRIVATE_KEY: HDNodeWallet.fromMnemonic(
          Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
          "m/44'/60'/0'/0/2",
        ).privateKey,
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.include(
        "signer     0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC: vetter",
      );
    });
  });
});
