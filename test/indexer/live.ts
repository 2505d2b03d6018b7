/**
 * The indexer against a real local chain, with Ponder on PGlite and on a real PostgreSQL server: it
 * backfills, follows new blocks (an appeal created after it started included), answers the platform's
 * questions, follows a reorganisation, and agrees field by field with the auditor's own replay; an
 * indexer whose figures were altered is caught by `npm run audit -- --indexer`.
 *
 * These tests take minutes: they run with `npm run test:indexer` (HANDOVER_INDEXER_LIVE=1), which
 * .ci/run calls; the default `npm test` lists them as pending.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { and, createClient, desc, eq, inArray } from "@ponder/client";
import { expect } from "chai";
import {
  encodeFunctionData,
  getAddress,
  parseEventLogs,
  parseUnits,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
} from "viem";

import { send } from "../../client/actions.ts";
import {
  attestAudit,
  AUDIT_SCHEMA,
  AUDIT_SCHEMA_UID,
  auditAttestationData,
  easAbi,
  encodeAuditData,
  schemaRegistryAbi,
  schemaUid,
} from "../../client/attest.ts";
import { auditCampaign, type AuditResult } from "../../client/audit.ts";
import { computeCid } from "../../client/content.ts";
import { campaignAbi } from "../../client/generated/abis.ts";
import { toJson } from "../../client/report.ts";
import { crossCheckIndexer } from "../../indexer/compare.ts";
import * as schema from "../../indexer/ponder.schema.ts";
import {
  appealCards,
  appealDetail,
  myGiving,
  platformTotals,
  supplierAppeals,
  tokenList,
  tokenTotalsUsd,
  verifierAppeals,
  beneficiaryMetadata,
  supplierQueue,
  verifierQueue,
} from "../../indexer/queries.ts";
import { appealFigures } from "../../indexer/rules.ts";
import { startIndexer, type RunningIndexer } from "../../indexer/run.ts";
import { readSource } from "../../indexer/sources.ts";
import {
  deployEas,
  deployHandover,
  freePort,
  ROOT,
  startChain,
  startPostgres,
  type Deployment,
  type EasContracts,
  type LocalChain,
  type Postgres,
} from "./harness.ts";
import { publishAudit } from "../../scripts/lib/ipfs-attest.ts";
import { historyAfter, historyBefore, pledge, type Appeals } from "./scenario.ts";

const exec = promisify(execFile);
const LIVE = process.env.HANDOVER_INDEXER_LIVE === "1";
const lower = (a: string) => a.toLowerCase() as Address;

type World = {
  dir: string;
  chain: LocalChain;
  d: Deployment;
  eas: EasContracts;
  indexer: RunningIndexer;
  appeals: Appeals;
  postgres?: Postgres;
  schemaName: string;
};

async function setUp(kind: "pglite" | "postgres"): Promise<World> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `handover-indexer-${kind}-`));
  const postgres = kind === "postgres" ? await startPostgres(18_700) : undefined;
  const chain = await startChain(kind === "pglite" ? 18_640 : 18_670, path.join(dir, "node.log"));
  const d = await deployHandover(chain);
  const eas = await deployEas(chain, d);
  const appeals = await historyBefore(d, chain);
  // The indexer follows a deployment record as the dApp's (local-deployment.json), naming EAS.
  const record = path.join(dir, "deployment.json");
  await writeFile(
    record,
    JSON.stringify({
      chainId: d.chainId,
      contracts: { registry: d.registry, factory: d.factory, ...eas },
      startBlock: 0,
    }),
  );
  const source = readSource(record, chain.url);
  expect(lower(source.eas!)).to.equal(lower(eas.eas));
  // A fresh schema per run: a restart on the same schema soon after a stop waits on its lock.
  const schemaName = `handover_test_${process.pid}_${Date.now() % 100_000}`;
  const indexer = await startIndexer({
    sources: [source],
    port: await freePort(kind === "pglite" ? 18_690 : 18_695, 18_699),
    dataDir: dir,
    databaseUrl: postgres?.url,
    schema: schemaName,
    fresh: true,
  });
  return { dir, chain, d, eas, indexer, appeals, postgres, schemaName };
}

async function tearDown(world: World | undefined) {
  if (!world) return;
  await world.indexer?.stop();
  await world.chain?.stop();
  await world.postgres?.stop();
  await rm(world.dir, { recursive: true, force: true });
}

/** Waits until the indexer has indexed the chain's current head (its `/status`, never `/ready`). */
async function caughtUp(world: World) {
  const head = await world.chain.publicClient.getBlockNumber();
  await world.indexer.waitForBlock(world.d.chainId, head, 60_000);
  return head;
}

/** The auditor's cross-check of one appeal: its replay at the indexer's block against the rows. */
async function crossCheck(world: World, campaign: Address) {
  return crossCheckIndexer({
    url: world.indexer.url,
    chainId: world.d.chainId,
    campaign,
    audit: (toBlock) => auditCampaign(world.chain.publicClient, campaign, { toBlock }),
  });
}

async function expectAgreement(world: World, appeals: Address[]) {
  const results: AuditResult[] = [];
  for (const campaign of appeals) {
    const { differences, result, compared } = await crossCheck(world, campaign);
    expect(result.discrepancies, `the audit of ${campaign}`).to.deep.equal([]);
    expect(differences, `indexer vs replay for ${campaign}`).to.deep.equal([]);
    expect(compared).to.be.greaterThan(50);
    results.push(result);
  }
  return results;
}

const sql = (world: World) =>
  createClient(new URL("/sql", world.indexer.url).toString(), { schema }).db;

(LIVE ? describe : describe.skip)("indexer (live: local chain, Ponder)", function () {
  this.timeout(300_000);

  describe("on PGlite, the embedded default", function () {
    let world: World | undefined;
    let audits: Map<Address, AuditResult>;
    before(async function () {
      world = await setUp("pglite");
    });
    after(async function () {
      await tearDown(world);
    });

    it("backfills what happened before it started and agrees with the auditor's replay on every field", async function () {
      const w = world!;
      await caughtUp(w);
      const { accra, banjul, niamey } = w.appeals;
      const results = await expectAgreement(w, [accra, banjul, niamey]);
      // The histories are what the scenario made: a sanity check that the comparison had money to compare.
      const accraLedger = results[0].ledger;
      expect(accraLedger.orders.map((o) => o.status)).to.deep.equal([
        "Completed",
        "Cancelled",
        "Cancelled",
      ]);
      expect(accraLedger.entries.some((e) => e.kind === "reclaimed")).to.equal(true);
      expect(results[1].ledger.status).to.equal("Failed");
    });

    it("follows new blocks: a close with unspent refunds, a new appeal's clone, an order in the queues", async function () {
      const w = world!;
      w.appeals = await historyAfter(w.d, w.chain, w.appeals);
      await caughtUp(w);
      const { accra, banjul, niamey, dakar } = w.appeals;
      const results = await expectAgreement(w, [accra, banjul, niamey, dakar!]);
      audits = new Map(results.map((r) => [lower(r.campaign), r]));
      expect(audits.get(lower(accra))!.ledger.status).to.equal("Closed");
      const [row] = await sql(w)
        .select()
        .from(schema.appeal)
        .where(eq(schema.appeal.address, lower(dakar!)));
      expect(row.createdBlock).to.be.greaterThan(0n);
      expect(row.pledgeCount).to.equal(2);
    });

    it("answers the platform's questions from tables shaped for them", async function () {
      const w = world!;
      const db = sql(w);
      const ledgers = [...audits.values()];
      const { accra, banjul, niamey, dakar } = w.appeals;
      const chainId = w.d.chainId;

      // The Appeals page: newest first.
      const cards = await db
        .select({ address: schema.appeal.address, status: schema.appeal.status })
        .from(schema.appeal)
        .where(eq(schema.appeal.chainId, chainId))
        .orderBy(desc(schema.appeal.index))
        .limit(12);
      expect(cards.map((c) => c.address)).to.deep.equal([dakar!, niamey, banjul, accra].map(lower));
      expect(cards.map((c) => c.status)).to.deep.equal([
        "Funding",
        "Procurement",
        "Failed",
        "Closed",
      ]);

      // Platform totals are the sums of every appeal's replayed figures.
      const [platform] = await db
        .select()
        .from(schema.platform)
        .where(eq(schema.platform.chainId, chainId));
      const figures = ledgers.map((r) => appealFigures(r.ledger, r.params.maxAdvanceBps));
      const sum = (pick: (f: (typeof figures)[number]) => bigint) =>
        figures.reduce((s, f) => s + pick(f), 0n);
      expect(platform.appeals).to.equal(4);
      expect(platform.raisedUsd).to.equal(sum((f) => f.raisedUsd));
      expect(platform.spentUsd).to.equal(sum((f) => f.spentUsd));
      expect(platform.refundedUsd).to.equal(sum((f) => f.refundedUsd));
      expect(platform.withdrawnUsd).to.equal(sum((f) => f.withdrawnUsd));
      expect(platform.unitsVerified).to.equal(sum((f) => f.unitsVerified));
      expect(platform.unitsOrdered).to.equal(sum((f) => f.unitsOrdered));
      expect(platform.pledges).to.equal(figures.reduce((s, f) => s + f.pledgeCount, 0));
      const donors = new Set(ledgers.flatMap((r) => Object.keys(r.ledger.donors)));
      expect(platform.donors).to.equal(donors.size);
      expect(platform.spentUsd).to.be.greaterThan(0n);
      expect(platform.refundedUsd).to.be.greaterThan(0n);

      // A donor's giving across appeals (donor 0 gave to Accra and Dakar).
      const d0 = lower(w.d.donors[0]);
      const giving = await db
        .select()
        .from(schema.donation)
        .where(and(eq(schema.donation.chainId, chainId), eq(schema.donation.donor, d0)));
      expect(giving.map((g) => g.appeal).sort()).to.deep.equal([accra, dakar!].map(lower).sort());
      for (const g of giving) {
        const books = Object.values(audits.get(g.appeal)!.ledger.donors[d0]);
        expect(g.activeUsd).to.equal(books.reduce((s, b) => s + b.activeUsd, 0n));
        expect(g.pledges).to.equal(books.reduce((s, b) => s + b.pledges, 0));
      }
      const [donorRow] = await db
        .select()
        .from(schema.donor)
        .where(and(eq(schema.donor.chainId, chainId), eq(schema.donor.address, d0)));
      expect(donorRow.appeals).to.equal(2);
      expect(donorRow.activeUsd).to.equal(giving.reduce((s, g) => s + g.activeUsd, 0n));

      // A supplier's open orders everywhere, and what it is owed everywhere.
      const s0 = lower(w.d.suppliers[0]);
      const queue = await db
        .select()
        .from(schema.purchaseOrder)
        .where(
          and(
            eq(schema.purchaseOrder.chainId, chainId),
            eq(schema.purchaseOrder.supplier, s0),
            inArray(schema.purchaseOrder.status, ["Placed", "Accepted", "Shipped"]),
          ),
        );
      expect(queue.map((o) => [o.appeal, o.orderId, o.status])).to.deep.equal([
        [lower(niamey), 0n, "Accepted"],
      ]);
      const owed = await db
        .select()
        .from(schema.supplierToken)
        .where(
          and(eq(schema.supplierToken.chainId, chainId), eq(schema.supplierToken.supplier, s0)),
        );
      for (const row of owed) {
        const expected = ledgers.reduce((s, r) => s + (r.ledger.owed[s0]?.[row.token] ?? 0n), 0n);
        expect(row.owed, `owed in ${row.token}`).to.equal(expected);
      }
      expect(owed.find((r) => r.token === lower(w.d.usdc))!.owed).to.be.greaterThan(0n);
      const [supplierRow] = await db
        .select()
        .from(schema.supplier)
        .where(and(eq(schema.supplier.chainId, chainId), eq(schema.supplier.address, s0)));
      expect([supplierRow.name, supplierRow.ordersTotal, supplierRow.ordersOpen]).to.deep.equal([
        "Henan Medical",
        3,
        1,
      ]);
      const [lagos] = await db
        .select()
        .from(schema.supplier)
        .where(eq(schema.supplier.address, lower(w.d.suppliers[1])));
      expect([lagos.status, lagos.suspendedReason]).to.deep.equal(["Active", null]);

      // A verifier's pending confirmations: Niamey's accepted order, not Accra's completed one.
      const v0 = lower(w.d.verifiers[0]);
      const pending = await db
        .select()
        .from(schema.verifierTask)
        .where(
          and(
            eq(schema.verifierTask.chainId, chainId),
            eq(schema.verifierTask.verifier, v0),
            eq(schema.verifierTask.pending, true),
          ),
        );
      expect(pending.map((t) => [t.appeal, t.orderId])).to.deep.equal([[lower(niamey), 0n]]);

      // The registry: names, tokens, bounds, the pause lifted.
      const [registry] = await db.select().from(schema.registry);
      expect([registry.paused, registry.maxFundingWindow]).to.deep.equal([false, 120 * 86_400]);
      const [usdc] = await db
        .select()
        .from(schema.token)
        .where(eq(schema.token.address, lower(w.d.usdc)));
      expect([usdc.symbol, usdc.decimals, usdc.minAnswer, usdc.maxAnswer]).to.deep.equal([
        "USDC",
        6,
        9n * 10n ** 7n,
        11n * 10n ** 7n,
      ]);
    });

    it("answers each page's queries (indexer/queries.ts, what the dApp will run) as the replay does", async function () {
      const w = world!;
      const db = sql(w);
      const chainId = w.d.chainId;
      const { accra, banjul, niamey, dakar } = w.appeals;
      const now = (await w.chain.publicClient.getBlock()).timestamp;
      const ledgers = [...audits.values()];

      const { total, cards } = await appealCards(db, { chainId, now, limit: 2 });
      expect(total).to.equal(4);
      expect(cards.map((c) => [c.address, c.status])).to.deep.equal([
        [lower(dakar!), "Funding"],
        [lower(niamey), "Procurement"],
      ]);
      expect(cards[0].raisedUsd).to.equal(audits.get(lower(dakar!))!.raisedUsd);
      const failed = await appealCards(db, { chainId, now, status: "Failed" });
      expect(failed.cards.map((c) => c.address)).to.deep.equal([lower(banjul)]);

      const detail = await appealDetail(db, { chainId, appeal: accra, now });
      const accraAudit = audits.get(lower(accra))!;
      expect(detail!.orders.map((o) => [o.orderId, o.status, o.supplierName])).to.deep.equal([
        [0n, "Completed", "Henan Medical"],
        [1n, "Cancelled", "Lagos PPE Works"],
        [2n, "Cancelled", "Henan Medical"],
      ]);
      for (const b of detail!.books)
        expect(b.available, `${b.token} available`).to.equal(
          BigInt(accraAudit.onChain[b.token].ledger.available),
        );
      expect(detail!.verifiers.map((v) => [v.name, v.nonce])).to.deep.equal([
        ["Abuja warehouse", accraAudit.ledger.nonces[lower(w.d.verifiers[0])] ?? 0n],
        ["UN country office", accraAudit.ledger.nonces[lower(w.d.verifiers[1])] ?? 0n],
        ["Sahel Freight", 1n],
      ]);

      const d0 = lower(w.d.donors[0]);
      const giving = await myGiving(db, { chainId, donor: d0, now });
      expect(giving.totals!.appeals).to.equal(2);
      for (const g of giving.appeals) {
        const books = audits.get(g.appeal)!.ledger.donors[d0];
        expect(g.activeUsd).to.equal(Object.values(books).reduce((s, b) => s + b.activeUsd, 0n));
        for (const t of g.tokens) {
          expect(t.active, `${g.appeal} ${t.token}`).to.equal(books[t.token].active);
          expect(t.appealEarned).to.equal(audits.get(g.appeal)!.ledger.tokens[t.token].earned);
        }
      }

      const s0 = lower(w.d.suppliers[0]);
      const queue = await supplierQueue(db, { chainId, supplier: s0 });
      expect(queue.orders.map((o) => [o.appeal, o.orderId, o.status])).to.deep.equal([
        [lower(niamey), 0n, "Accepted"],
      ]);
      const owedReplay = ledgers.flatMap((r) =>
        Object.entries(r.ledger.owed[s0] ?? {})
          .filter(([, owed]) => owed > 0n)
          .map(([token, owed]) => [lower(r.campaign), token, owed]),
      );
      expect(queue.owedByAppeal.map((o) => [o.appeal, o.token, o.owed])).to.deep.equal(owedReplay);

      const tasks = await verifierQueue(db, { chainId, verifier: w.d.verifiers[0] });
      expect(tasks.map((t) => [t.appeal, t.orderId, t.confirmedUnits, t.nonce])).to.deep.equal([
        [lower(niamey), 0n, 0n, 0n],
      ]);

      const platform = await platformTotals(db, { chainId });
      expect(platform.total!.appeals).to.equal(4);
      const raised = ledgers.reduce((s, r) => s + r.raisedUsd, 0n);
      expect(platform.total!.raisedUsd).to.equal(raised);
      expect(platform.byAppeal.reduce((s, a) => s + a.raisedUsd, 0n)).to.equal(raised);
      expect(
        platform.byBeneficiary.map((b) => [b.beneficiary, b.appeals, b.raisedUsd]),
      ).to.deep.equal([[lower(w.d.accounts[8]), 4, raised]]);
      // Countries come from appeal metadata, not yet indexed: one group, null.
      expect(platform.byCountry.map((c) => [c.country, c.appeals])).to.deep.equal([[null, 4]]);
      expect(platform.bySupplier.map((s) => s.name)).to.include.members([
        "Henan Medical",
        "Lagos PPE Works",
      ]);
      // Largest first, as numbers (a text column of the same name once sorted "5…" above "24…").
      const byRaised = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);
      const raisedOrder = platform.byAppeal.map((a) => a.raisedUsd);
      expect(raisedOrder).to.deep.equal([...raisedOrder].sort(byRaised));
      const earnedOrder = platform.bySupplier.map((x) => x.earnedUsd);
      expect(earnedOrder).to.deep.equal([...earnedOrder].sort(byRaised));
      // Per token, the USD of what was raised in it sums to what every appeal raised.
      const usd = await tokenTotalsUsd(db, { chainId });
      expect(usd.reduce((sum, x) => sum + x.pledgedUsd, 0n)).to.equal(raised);

      // What the dApp's consoles and search ask for.
      const accraCard = await appealCards(db, { chainId, now, search: accra });
      expect(accraCard.cards.map((c) => c.address)).to.deep.equal([lower(accra)]);
      const unit = accraCard.cards[0].unitName;
      const byUnit = await appealCards(db, {
        chainId,
        now,
        search: unit.slice(1, 6).toUpperCase(),
      });
      expect(byUnit.cards.map((c) => c.address)).to.include(lower(accra));
      expect((await appealCards(db, { chainId, now, search: "%" })).total).to.equal(0);
      const withOrders = ledgers
        .filter((r) => r.ledger.orders.some((o) => lower(o.supplier) === s0))
        .map((r) => lower(r.campaign));
      expect(await supplierAppeals(db, { chainId, supplier: s0 })).to.have.members(withOrders);
      const listing = ledgers
        .filter((r) => r.ledger.params.verifiers.some((v) => lower(v) === lower(w.d.verifiers[0])))
        .map((r) => lower(r.campaign));
      expect(await verifierAppeals(db, { chainId, verifier: w.d.verifiers[0] })).to.have.members(
        listing,
      );
      expect((await tokenList(db, { chainId })).map((x) => x.symbol)).to.include("USDC");
      expect((await beneficiaryMetadata(db, { chainId })).map((b) => b.beneficiary)).to.deep.equal([
        lower(w.d.accounts[8]),
      ]);
    });

    it("serves SQL over HTTP from the real tables after Ponder flushed more than 20 updates of a table at once", async function () {
      // Ponder 0.16 flushes such a batch through a session temp table of the same name, which on
      // PGlite's one shared connection shadowed the real table for SQL over HTTP (src/api/index.ts).
      const w = world!;
      const dakar = w.appeals.dakar!;
      const crowd = Array.from(
        { length: 25 },
        (_, i) => `0x${(0xfeed0000n + BigInt(i)).toString(16).padStart(40, "0")}` as Address,
      );
      for (const donor of crowd) {
        await w.chain.request("hardhat_impersonateAccount", [donor]);
        await w.chain.request("hardhat_setBalance", [donor, "0x56bc75e2d63100000"]);
      }
      await w.chain.request("evm_setAutomine", [false]);
      try {
        for (let round = 0; round < 2; round++) {
          for (const donor of crowd)
            await w.chain.request("eth_sendTransaction", [
              {
                from: donor,
                to: dakar,
                data: encodeFunctionData({ abi: campaignAbi, functionName: "pledgeETH" }),
                value: "0x2386f26fc10000", // 0.01 ETH
                gas: "0x493e0",
              },
            ]);
          await w.chain.mine(1);
        }
      } finally {
        await w.chain.request("evm_setAutomine", [true]);
      }
      await caughtUp(w);
      const now = (await w.chain.publicClient.getBlock()).timestamp;
      const giving = await myGiving(sql(w), { chainId: w.d.chainId, donor: crowd[24], now });
      expect(giving.appeals.map((g) => [g.appeal, g.pledges])).to.deep.equal([[lower(dakar), 2]]);
      const donations = await sql(w)
        .select({ donor: schema.donation.donor })
        .from(schema.donation)
        .where(eq(schema.donation.appeal, lower(dakar)));
      expect(donations.length).to.be.greaterThanOrEqual(crowd.length);
      await expectAgreement(w, [dakar]);
    });

    it("follows a reorganisation: the reverted history disappears, the new one is indexed", async function () {
      const w = world!;
      const dakar = w.appeals.dakar!;
      const d9 = w.d.donors[9];
      const db = sql(w);
      const donationOf = async () =>
        (
          await db
            .select()
            .from(schema.donationToken)
            .where(
              and(
                eq(schema.donationToken.appeal, lower(dakar)),
                eq(schema.donationToken.donor, lower(d9)),
              ),
            )
        )[0];
      const snapshot = await w.chain.request("evm_snapshot");
      await pledge(w.d, dakar, d9, w.d.usdc, parseUnits("300", 6));
      const firstHead = await caughtUp(w);
      expect((await donationOf())?.active).to.equal(parseUnits("300", 6));

      expect(await w.chain.request("evm_revert", [snapshot])).to.equal(true);
      // Another history from the same parent, longer than the one it replaces.
      await pledge(w.d, dakar, d9, zeroAddress, 10n ** 16n);
      await w.chain.mine(3);
      const secondHead = await w.chain.publicClient.getBlockNumber();
      expect(secondHead).to.be.greaterThan(firstHead);
      await caughtUp(w);
      const after = await donationOf();
      expect(after.token).to.equal(zeroAddress);
      expect(after.active).to.equal(10n ** 16n);
      const usdcRows = await db
        .select()
        .from(schema.donationToken)
        .where(
          and(
            eq(schema.donationToken.appeal, lower(dakar)),
            eq(schema.donationToken.donor, lower(d9)),
            eq(schema.donationToken.token, lower(w.d.usdc)),
          ),
        );
      expect(usdcRows).to.deep.equal([]);
      await expectAgreement(w, [dakar]);
    });

    it("npm run audit -- --indexer agrees, and says so", async function () {
      const w = world!;
      const { stdout } = await exec(
        process.execPath,
        [
          "--experimental-strip-types",
          "--disable-warning=ExperimentalWarning",
          "scripts/audit.ts",
          "--rpc",
          w.chain.url,
          "--campaign",
          w.appeals.accra,
          "--indexer",
          w.indexer.url,
          "--format",
          "json",
          "--out",
          path.join(w.dir, "audit"),
        ],
        { cwd: ROOT },
      );
      expect(stdout).to.match(/OK: \d+ checks hold .*, and the indexer agrees on all \d+ fields\./);
    });

    it("indexes an auditor's published attestation: its fields as attested, the appeal's audits up by one, and back down on revocation", async function () {
      const w = world!;
      const db = sql(w);
      const chainId = w.d.chainId;
      const { accra, banjul } = w.appeals;
      const auditsOf = async () =>
        new Map(
          (
            await db
              .select({ address: schema.appeal.address, audits: schema.appeal.audits })
              .from(schema.appeal)
              .where(eq(schema.appeal.chainId, chainId))
          ).map((a) => [a.address, a.audits]),
        );
      const rowOf = async (uid: Hex) =>
        (
          await db
            .select()
            .from(schema.auditAttestation)
            .where(
              and(
                eq(schema.auditAttestation.chainId, chainId),
                eq(schema.auditAttestation.uid, uid),
              ),
            )
        )[0];
      await caughtUp(w);
      const before = await auditsOf();
      expect(before.get(lower(accra))).to.equal(0);

      // What `npm run audit -- --campaign <accra> --attest` does: audit, store the report, attest.
      const result = await auditCampaign(w.chain.publicClient, accra);
      expect(result.discrepancies).to.deep.equal([]);
      const previousIpfsDir = process.env.HANDOVER_IPFS_DIR;
      process.env.HANDOVER_IPFS_DIR = path.join(w.dir, "ipfs");
      let published: Awaited<ReturnType<typeof publishAudit>>;
      try {
        published = await publishAudit(result, toJson(result), {
          client: w.chain.publicClient,
          rpcUrl: w.chain.url,
          eas: w.eas.eas,
        });
      } finally {
        if (previousIpfsDir === undefined) delete process.env.HANDOVER_IPFS_DIR;
        else process.env.HANDOVER_IPFS_DIR = previousIpfsDir;
      }
      expect(published.schemaRegistered).to.equal(true);
      expect(published.reportCid).to.equal(
        `${await computeCid(new TextEncoder().encode(toJson(result)))}`,
      );
      const receipt = await w.chain.publicClient.getTransactionReceipt({ hash: published.hash });
      const block = await w.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      // Hardhat's account #9, the local auditor.
      expect(lower(published.attester)).to.equal(lower(w.d.accounts[9]));

      // Attestations the indexer must not count: the same data under another schema (the audit schema's
      // text, not revocable), and an audit attestation whose recipient is not an appeal.
      const auditor = w.d.clientsFor(w.d.accounts[9]);
      const data = auditAttestationData(result, published.reportCid);
      await send(auditor, {
        address: w.eas.schemaRegistry,
        abi: schemaRegistryAbi,
        functionName: "register",
        args: [AUDIT_SCHEMA, zeroAddress, false],
      });
      const otherSchema = schemaUid(AUDIT_SCHEMA, zeroAddress, false);
      expect(otherSchema).to.not.equal(AUDIT_SCHEMA_UID);
      const { receipt: otherReceipt } = await send(auditor, {
        address: w.eas.eas,
        abi: easAbi,
        functionName: "attest",
        args: [
          {
            schema: otherSchema,
            data: {
              recipient: accra,
              expirationTime: 0n,
              revocable: false,
              refUID: zeroHash,
              data: encodeAuditData(data),
              value: 0n,
            },
          },
        ],
      });
      const [otherAttested] = parseEventLogs({
        abi: easAbi,
        logs: otherReceipt.logs,
        eventName: "Attested",
      });
      const stranger = w.d.donors[3];
      const toStranger = await attestAudit(auditor, w.eas.eas, { ...data, campaign: stranger });
      // Filed under Accra but saying Banjul, or another chain: listed with why, not counted
      // (client/attest.ts listAuditAttestations flags the same).
      const misfiled = async (claim: typeof data) => {
        const { receipt } = await send(auditor, {
          address: w.eas.eas,
          abi: easAbi,
          functionName: "attest",
          args: [
            {
              schema: AUDIT_SCHEMA_UID,
              data: {
                recipient: accra,
                expirationTime: 0n,
                revocable: true,
                refUID: zeroHash,
                data: encodeAuditData(claim),
                value: 0n,
              },
            },
          ],
        });
        return parseEventLogs({ abi: easAbi, logs: receipt.logs, eventName: "Attested" })[0].args
          .uid;
      };
      const sayingBanjul = await misfiled({ ...data, campaign: getAddress(banjul) });
      const otherChain = await misfiled({ ...data, chainId: 8453n });

      await caughtUp(w);
      const row = await rowOf(published.uid);
      expect(row, "the attestation's row").to.not.equal(undefined);
      expect(row).to.deep.equal({
        chainId,
        uid: published.uid,
        appeal: lower(accra),
        attester: lower(w.d.accounts[9]),
        auditedChainId: BigInt(chainId),
        fromBlock: result.creationBlock,
        toBlock: result.toBlock,
        checksRun: result.checks.length,
        checksFailed: 0,
        reportCid: published.reportCid,
        mismatch: null,
        time: block.timestamp,
        revoked: false,
        revokedAt: null,
        blockNumber: receipt.blockNumber,
        transactionHash: published.hash,
      });
      expect(row.checksRun).to.be.greaterThan(50);
      // Only Accra's count moved, by one.
      const after = await auditsOf();
      expect([...after]).to.deep.equal(
        [...before].map(([appeal, n]) => [appeal, appeal === lower(accra) ? n + 1 : n]),
      );
      expect(after.get(lower(banjul))).to.equal(before.get(lower(banjul)));
      // Not under the audit schema: no row.
      expect(await rowOf(otherAttested.args.uid)).to.equal(undefined);
      // Not an appeal: no appeal counts it (the row names its recipient).
      expect(after.has(lower(stranger))).to.equal(false);
      expect((await rowOf(toStranger.uid))?.appeal).to.equal(lower(stranger));
      // The appeal's GraphQL relation lists it.
      const listed = await db
        .select({ uid: schema.auditAttestation.uid })
        .from(schema.auditAttestation)
        .where(
          and(
            eq(schema.auditAttestation.chainId, chainId),
            eq(schema.auditAttestation.appeal, lower(accra)),
          ),
        );
      expect(listed.map((l) => l.uid).sort()).to.deep.equal(
        [published.uid, sayingBanjul, otherChain].sort(),
      );
      expect((await rowOf(sayingBanjul)).mismatch).to.equal(
        `its data names campaign ${getAddress(banjul)}`,
      );
      expect((await rowOf(otherChain)).mismatch).to.equal(
        `its data names chain 8453, not ${chainId}`,
      );
      expect((await rowOf(published.uid)).mismatch).to.equal(null);

      // The auditor withdraws its verdict: the row says so, the appeal's count goes back.
      const { receipt: revocation } = await send(auditor, {
        address: w.eas.eas,
        abi: easAbi,
        functionName: "revoke",
        args: [{ schema: AUDIT_SCHEMA_UID, data: { uid: published.uid, value: 0n } }],
      });
      const revokedAt = (
        await w.chain.publicClient.getBlock({ blockNumber: revocation.blockNumber })
      ).timestamp;
      await caughtUp(w);
      const revoked = await rowOf(published.uid);
      expect([revoked.revoked, revoked.revokedAt]).to.deep.equal([true, revokedAt]);
      expect((await auditsOf()).get(lower(accra))).to.equal(before.get(lower(accra)));
    });
  });

  describe("on a real PostgreSQL server", function () {
    let world: World | undefined;
    before(async function () {
      world = await setUp("postgres");
      world.appeals = await historyAfter(world.d, world.chain, world.appeals);
      await caughtUp(world);
    });
    after(async function () {
      await tearDown(world);
    });

    it("indexes the same history to the same figures as the auditor's replay", async function () {
      const w = world!;
      const { accra, banjul, niamey, dakar } = w.appeals;
      await expectAgreement(w, [accra, banjul, niamey, dakar!]);
      const tables = await w.postgres!.psql(
        `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${w.schemaName}' AND table_name IN ('appeal', 'appeal_token', 'donation', 'purchase_order', 'verifier_task', 'platform')`,
      );
      expect(tables).to.equal("6");
    });

    it("the auditor catches an indexer whose figures were altered, naming the field", async function () {
      const w = world!;
      const accra = lower(w.appeals.accra);
      const usdcPledged = async () =>
        (
          await sql(w)
            .select({ pledged: schema.appealToken.pledged })
            .from(schema.appealToken)
            .where(
              and(
                eq(schema.appealToken.appeal, accra),
                eq(schema.appealToken.token, lower(w.d.usdc)),
              ),
            )
        )[0].pledged;
      const honest = await usdcPledged();
      // Straight into the table, past Ponder's triggers, as a compromised server or operator would;
      // then the notification that makes the API drop its cached answers for that table.
      await w.postgres!.psql(
        `SET session_replication_role = replica;
         UPDATE "${w.schemaName}"."appeal_token" SET pledged = pledged + 1 WHERE appeal = '${accra}' AND token = '${lower(w.d.usdc)}';
         SELECT pg_notify('${w.schemaName}_live_query', '["appeal_token"]');`,
      );
      // The API serves the altered row once the notification reaches it.
      for (let tries = 0; (await usdcPledged()) !== honest + 1n; tries++) {
        expect(tries, "the API never served the altered row").to.be.lessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const { differences } = await crossCheck(w, w.appeals.accra);
      expect(differences.map((d) => d.field)).to.deep.equal(["USDC pledged"]);
      const run = await exec(
        process.execPath,
        [
          "--experimental-strip-types",
          "--disable-warning=ExperimentalWarning",
          "scripts/audit.ts",
          "--rpc",
          w.chain.url,
          "--campaign",
          w.appeals.accra,
          "--indexer",
          w.indexer.url,
          "--format",
          "json",
          "--out",
          path.join(w.dir, "audit"),
        ],
        { cwd: ROOT },
      ).then(
        () => ({ code: 0, stdout: "" }),
        (error: { code: number; stdout: string }) => error,
      );
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include("INDEXER DIFFERENCES (1):");
      const pledged = differences[0];
      expect(run.stdout).to.include(
        `- USDC pledged: replay ${pledged.replay}, indexer ${BigInt(pledged.replay) + 1n}`,
      );
    });
  });
});
