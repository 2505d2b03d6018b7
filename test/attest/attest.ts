/**
 * Audits published on chain (client/attest.ts, EAS from its npm package deployed by the Ignition
 * module) and the CLIs around them, on one closed campaign of the in-process chain:
 *
 * - the library: the schema registered once, an audit attested with its report's CID, listed for
 *   the campaign (who, when, verdict, blocks, report), re-run at the same blocks and compared
 *   (agrees; a forged verdict and a misfiled one do not), revoked;
 * - the CLIs as real processes over JSON-RPC HTTP (test/attest/bridge.ts): `npm run receipt` (its
 *   sentences, JSON, exit codes 0 and 2), `npm run audit -- --attest` (report stored in the IPFS
 *   blockstore, attestation signed by HANDOVER_ATTESTER_KEY), `npm run attestations` (exit 0 while
 *   every attestation agrees with its re-run, 1 once one does not).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
  toHex,
  type Address,
  type PublicClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { send, type Clients } from "../../client/actions.ts";
import {
  attestAudit,
  AUDIT_SCHEMA_UID,
  auditAttestationData,
  compareAttestation,
  easAbi,
  ensureAuditSchema,
  listAuditAttestations,
  schemaUid,
  AUDIT_SCHEMA,
} from "../../client/attest.ts";
import { auditCampaign } from "../../client/audit.ts";
import { computeCid, fetchVerified } from "../../client/content.ts";
import { toJson } from "../../client/report.ts";
import EASModule from "../../ignition/modules/EAS.ts";
import { startLocalIpfs } from "../../scripts/lib/ipfs-node.ts";
import { auditor } from "../helpers/audit.ts";
import { makeFixtures, USD } from "../helpers/fixtures.js";
import { rpcBridge } from "./bridge.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MNEMONIC = "test test test test test test test test test test test junk";
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const fixtures = makeFixtures(connection);

type Run = { code: number | null; stdout: string; stderr: string };
function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-strip-types",
        "--disable-warning=ExperimentalWarning",
        `scripts/${script}.ts`,
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("audits published on chain through EAS", function () {
  this.timeout(120_000);
  let f: Awaited<ReturnType<typeof fixtures.fundedCampaignFixture>>;
  let campaign: Address;
  let eas: Address;
  let schemaRegistry: Address;
  let client: PublicClient;
  let auditorClients: Clients;

  before(async function () {
    f = await networkHelpers.loadFixture(fixtures.fundedCampaignFixture);
    const { organizer, supplier, v1, v2 } = f;
    const c = f.campaign;
    campaign = getAddress(await c.getAddress());
    const now = BigInt(await networkHelpers.time.latest());
    await c
      .connect(organizer)
      .createOrder(
        supplier.address,
        4_000n * USD,
        1_000n,
        now + 20n * 86_400n,
        0n,
        ethers.id("PO-1"),
      );
    await c.connect(supplier).acceptOrder(0n);
    for (const v of [v1, v2]) await c.connect(v).confirmDelivery(0n, 1_000n, ethers.id("GRN-1"));
    await c.connect(organizer).close();
    const deployed = await connection.ignition.deploy(EASModule);
    eas = getAddress(await deployed.eas.getAddress());
    schemaRegistry = getAddress(await deployed.schemaRegistry.getAddress());
    client = createPublicClient({
      cacheTime: 0,
      transport: custom(connection.provider as never, { retryCount: 0 }),
    }) as PublicClient;
    const [, , , , , , , , , , , , , , , , , , , auditorSigner] = await ethers.getSigners();
    auditorClients = {
      publicClient: client,
      walletClient: createWalletClient({
        account: auditorSigner.address as Address,
        chain: hardhat,
        transport: custom(connection.provider as never),
      }),
    } as unknown as Clients;
  });

  describe("the library", function () {
    let uid: `0x${string}`;
    let reportJson: string;

    it("registers the audit schema once, under the UID SchemaRegistry computes", async function () {
      expect(AUDIT_SCHEMA_UID).to.equal(schemaUid(AUDIT_SCHEMA));
      const first = await ensureAuditSchema(auditorClients, schemaRegistry);
      expect(first).to.deep.include({ uid: AUDIT_SCHEMA_UID, registered: true });
      expect(await ensureAuditSchema(auditorClients, schemaRegistry)).to.deep.equal({
        uid: AUDIT_SCHEMA_UID,
        registered: false,
      });
    });

    it("attests an audit with its report's CID and lists it for the campaign: who, when, verdict, blocks, report", async function () {
      const result = await auditor(connection).expectReconciles(campaign);
      reportJson = toJson(result);
      const cid = await computeCid(new TextEncoder().encode(reportJson));
      const attested = await attestAudit(
        auditorClients,
        eas,
        auditAttestationData(result, `${cid}`),
      );
      uid = attested.uid;
      const block = await client.getBlock({ blockNumber: attested.blockNumber });
      const list = await listAuditAttestations(client, { eas, campaign });
      expect(list).to.have.length(1);
      expect(list[0]).to.deep.equal({
        campaign,
        chainId: 31_337n,
        fromBlock: result.creationBlock,
        toBlock: result.toBlock,
        checksRun: result.checks.length,
        checksFailed: 0,
        reportCid: `${cid}`,
        uid,
        attester: getAddress(auditorClients.walletClient.account.address),
        time: block.timestamp,
        revokedAt: undefined,
        verdict: "reconciles",
        transactionHash: attested.hash,
        blockNumber: attested.blockNumber,
      });
      // Another campaign has none.
      expect(
        await listAuditAttestations(client, { eas, campaign: f.outsider.address as Address }),
      ).to.deep.equal([]);
    });

    it("a re-run at the same blocks agrees, check by check with the report, even after the chain moved on", async function () {
      await f.campaign
        .connect(f.donors[0])
        .claimRefund("0x0000000000000000000000000000000000000000");
      const [a] = await listAuditAttestations(client, { eas, campaign });
      const rerun = await auditCampaign(client, campaign, {
        fromBlock: a.fromBlock,
        toBlock: a.toBlock,
      });
      const comparison = compareAttestation(a, rerun, JSON.parse(reportJson));
      expect(comparison).to.deep.equal({
        agrees: true,
        differences: [],
        rerun: { checksRun: a.checksRun, checksFailed: 0 },
      });
      // At today's blocks the audit is another one: it says so.
      const today = await auditCampaign(client, campaign, { fromBlock: a.fromBlock });
      const now = compareAttestation(a, today);
      expect(now.agrees).to.equal(false);
      expect(now.differences[0]).to.equal(
        `the re-run covers blocks ${a.fromBlock}–${today.toBlock}, the attestation ${a.fromBlock}–${a.toBlock}`,
      );
    });

    it("a forged verdict, and a report whose checks differ, are called out", async function () {
      const result = await auditCampaign(client, campaign);
      const forged = { ...auditAttestationData(result, "bafkreiforged"), checksFailed: 2 };
      await attestAudit(auditorClients, eas, forged);
      const list = await listAuditAttestations(client, { eas, campaign });
      const bad = list[1];
      expect(bad.verdict).to.equal("discrepancies");
      const rerun = await auditCampaign(client, campaign, {
        fromBlock: bad.fromBlock,
        toBlock: bad.toBlock,
      });
      expect(compareAttestation(bad, rerun).differences).to.deep.equal([
        "0 checks fail now, 2 failed when attested",
      ]);
      const report = JSON.parse(toJson(rerun)) as {
        checks: { rule: string; scope: string; ok: boolean; expected: string; found: string }[];
      };
      report.checks[3] = { ...report.checks[3], ok: false, found: "tampered" };
      const byCheck = compareAttestation({ ...bad, checksFailed: 0 }, rerun, report);
      expect(byCheck.agrees).to.equal(false);
      expect(byCheck.differences).to.have.length(1);
      expect(byCheck.differences[0]).to.match(
        /: now holds \(expected .*\); the report says fails \(expected .*, found tampered\)$/,
      );
    });

    it("an attestation filed under this campaign whose data names another is flagged", async function () {
      const result = await auditCampaign(client, campaign);
      const data = {
        ...auditAttestationData(result, "bafkreiother"),
        campaign: getAddress(f.outsider.address),
      };
      await send(auditorClients, {
        address: eas,
        abi: easAbi,
        functionName: "attest",
        args: [
          {
            schema: AUDIT_SCHEMA_UID,
            data: {
              recipient: campaign,
              expirationTime: 0n,
              revocable: true,
              refUID: toHex(0, { size: 32 }),
              data: (await import("../../client/attest.ts")).encodeAuditData(data),
              value: 0n,
            },
          },
        ],
      });
      const list = await listAuditAttestations(client, { eas, campaign });
      expect(list[2].mismatch).to.equal(
        `its data names campaign ${getAddress(f.outsider.address)}`,
      );
    });

    it("a revoked attestation is listed with when it was revoked", async function () {
      await send(auditorClients, {
        address: eas,
        abi: easAbi,
        functionName: "revoke",
        args: [{ schema: AUDIT_SCHEMA_UID, data: { uid, value: 0n } }],
      });
      const [first] = await listAuditAttestations(client, { eas, campaign });
      expect(first.revokedAt).to.equal(BigInt(await networkHelpers.time.latest()));
    });
  });

  describe("the CLIs over JSON-RPC HTTP", function () {
    let bridge: Awaited<ReturnType<typeof rpcBridge>>;
    let dir: string;
    before(async function () {
      bridge = await rpcBridge(connection.provider as never);
      dir = mkdtempSync(path.join(os.tmpdir(), "handover-attest-"));
    });
    after(async function () {
      await bridge?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("npm run receipt: the donor's trail in sentences, JSON, and exit 2 for bad input", async function () {
      const donor = f.donors[0].address;
      const md = await cli("receipt", [
        "--rpc",
        bridge.url,
        "--campaign",
        campaign,
        "--donor",
        donor,
      ]);
      expect(md.code, md.stderr).to.equal(0);
      expect(md.stdout).to.contain("You gave 2 ETH ($6,000.00).");
      expect(md.stdout).to.match(
        /\$2,181\.82 \(0\.727273 ETH\) paid Henan Medical Supplies Co\. \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) for 545 of the 1,000 surgical masks delivered, verified by WAHO Abuja warehouse \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) and UN country office/,
      );
      // The order took $4,000 of $11,000 raised: 6/11 of it was this donor's 2 ETH.
      expect(md.stdout).to.contain("1.272727 ETH refunded to you.");
      expect(md.stdout).to.contain(
        "| units your money bought (verified) | 545 (exactly 545.4545) |",
      );
      expect(md.stdout).to.contain("## Summary");
      const json = await cli("receipt", [
        "--rpc",
        bridge.url,
        "--campaign",
        campaign,
        "--donor",
        donor,
        "--format",
        "json",
      ]);
      expect(json.code).to.equal(0);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.receipt.orders[0].unitsAllocated).to.equal("545");
      expect(parsed.receipt.tokens[0].fraction).to.equal("1");
      const never = await cli("receipt", [
        "--rpc",
        bridge.url,
        "--campaign",
        campaign,
        "--donor",
        f.outsider.address,
      ]);
      expect(never.code).to.equal(2);
      expect(never.stderr).to.contain(
        `error: ${getAddress(f.outsider.address)} never pledged to ${campaign}`,
      );
      const bad = await cli("receipt", [
        "--rpc",
        bridge.url,
        "--campaign",
        campaign,
        "--donor",
        "0x12",
      ]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain(
        'error: --donor must be the donor\'s address (0x followed by 40 hex digits), got "0x12"',
      );
      const notCampaign = await cli("receipt", ["--rpc", bridge.url, "--campaign", eas]);
      expect(notCampaign.code).to.equal(2);
      expect(notCampaign.stderr).to.contain("is a contract but not a Handover campaign");
    });

    it("npm run audit -- --attest stores the report, attests it, and npm run attestations re-runs and compares", async function () {
      const key = toHex(mnemonicToAccount(MNEMONIC, { addressIndex: 18 }).getHdKey().privateKey!);
      const attester = mnemonicToAccount(MNEMONIC, { addressIndex: 18 }).address;
      const env = {
        HANDOVER_ATTESTER_KEY: key,
        HANDOVER_IPFS_DIR: dir,
        HANDOVER_SEED_OUT: path.join(dir, "none.json"),
      };
      const noEas = await cli(
        "audit",
        ["--rpc", bridge.url, "--campaign", campaign, "--out", dir, "--format", "json", "--attest"],
        env,
      );
      expect(noEas.code).to.equal(2);
      expect(noEas.stderr).to.contain(
        "error: no EAS on this local chain: seed it (npm start deploys EAS with the appeals) or pass --eas <address>",
      );
      const run = await cli(
        "audit",
        [
          "--rpc",
          bridge.url,
          "--campaign",
          campaign,
          "--out",
          dir,
          "--format",
          "json",
          "--attest",
          "--eas",
          eas,
        ],
        env,
      );
      expect(run.code, run.stderr).to.equal(0);
      const uid = /uid (0x[0-9a-f]{64})/.exec(run.stderr)![1];
      const list = await listAuditAttestations(client, { eas, campaign });
      const mine = list.find((a) => a.uid === uid)!;
      expect(mine.attester).to.equal(attester);
      expect(mine.verdict).to.equal("reconciles");
      // The report is in the blockstore the local node serves.
      const ipfs = await startLocalIpfs({ dir, port: 0, preload: [] });
      try {
        const got = await fetchVerified(mine.reportCid, { gateways: [ipfs.url] });
        expect(JSON.parse(new TextDecoder().decode(got.bytes)).campaign).to.equal(
          campaign.toLowerCase(),
        );
        const checked = await cli("attestations", [
          "--rpc",
          bridge.url,
          "--campaign",
          campaign,
          "--eas",
          eas,
          "--gateway",
          ipfs.url,
        ]);
        // The forged and the misfiled attestations of the library tests make it exit 1; the CLI's own agrees.
        expect(checked.code).to.equal(1);
        expect(checked.stdout).to.contain(`${uid}: ${attester}`);
        const own = checked.stdout.slice(checked.stdout.indexOf(uid)).split("\n")[1];
        expect(own).to.match(
          /re-run at the same blocks: \d+ checks, 0 failed: AGREES \(check by check with the report\)/,
        );
        expect(checked.stdout).to.contain("- 0 checks fail now, 2 failed when attested");
        expect(checked.stdout).to.contain("does not belong here: its data names campaign");
      } finally {
        await ipfs.stop();
      }
    });
  });
});
