/**
 * `npm run bench:receipts`: every donor's impact receipt on the auditor benchmark's campaign.
 * Starts a fresh local chain on port 18548 (BENCH_PORT) and builds the same campaign as
 * scripts/bench-audit.ts (10,000 pledges from 2,000 donors in ETH, a USDC-like and a WBTC-like
 * token; two orders in USD, one with an advance, delivered 2 of 3 in full and in part; the supplier
 * withdraws), then, as the receipt CLI and the dApp do, reads the campaign's history over HTTP
 * once (events replayed, every block dated) and derives the receipt of every donor. It checks that
 * the donors' units add up to each order's verified units and their shares to every payment, and
 * writes the times to reports/receipts-bench.md (and .json). Exits 1 if a sum is off.
 *
 * Then 50 more appeals (BENCH_GIVING_APPEALS) where one donor pledged, and the dApp's "My giving"
 * page for that donor timed through its own code path (campaignsOfDonor, then loadAppealHistory,
 * impactReceipt, appealSummary and resolveNames for every appeal at once, over the dApp's batched
 * transport): reported, not asserted.
 *
 * The campaign is built by scripts/lib/bench-campaign.ts, as bench-audit.ts's is; BENCH_DONORS and
 * BENCH_PLEDGES_PER_DONOR shrink it for a quick try.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import {
  createPublicClient,
  http,
  keccak256,
  numberToHex,
  parseAbi,
  parseEther,
  stringToHex,
  zeroAddress,
  type Abi,
  type Address,
  type PublicClient,
} from "viem";
import { hardhat } from "viem/chains";

import { loadAppealHistory } from "../app/src/lib/history.ts";

import { campaignAbi, campaignFactoryAbi, mockUsdcAbi } from "../client/generated/abis.ts";
import { resolveNames } from "../client/names.ts";
import {
  appealSummary,
  campaignsOfDonor,
  equal,
  impactReceipt,
  loadCampaignHistory,
  partiesOf,
  ratio,
  receiptToJson,
  sum,
  unitAllocation,
  type DonorReceipt,
} from "../client/receipt.ts";
import { countingHttpClient } from "../client/rpc.ts";
import { buildBenchCampaign, startBenchNode } from "./lib/bench-campaign.ts";

const PORT = Number(process.env.BENCH_PORT ?? 18548);
const URL = `http://127.0.0.1:${PORT}`;
const DONORS = Number(process.env.BENCH_DONORS ?? 2_000);
const PLEDGES_PER_DONOR = Number(process.env.BENCH_PLEDGES_PER_DONOR ?? 5);
/** Appeals the "My giving" donor pledged to. */
const GIVING_APPEALS = Number(process.env.BENCH_GIVING_APPEALS ?? 50);

const { stop: stopNode } = await startBenchNode(
  URL,
  path.join("reports", "receipts-bench-node.log"),
);

try {
  const {
    rpc,
    request,
    call,
    factory,
    usdc,
    ethFeed,
    usdcFeed,
    btcFeed,
    verifiers,
    supplier,
    params,
    campaign,
    donors,
    tokenOf,
    buildSeconds,
  } = await buildBenchCampaign(URL, {
    donors: DONORS,
    pledgesPerDonor: PLEDGES_PER_DONOR,
  });

  // ── the receipts, as the CLI and the dApp derive them ──
  const counting = countingHttpClient(URL);
  const loadAverage = os.loadavg()[0];
  const t0 = performance.now();
  const history = await loadCampaignHistory(counting.client, campaign);
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  unitAllocation(history.ledger);
  const allocationMs = performance.now() - t1;
  const donorsOf = Object.keys(history.ledger.donors) as Address[];
  const t2 = performance.now();
  const receipts: DonorReceipt[] = donorsOf.map((d) => impactReceipt(history, d));
  const receiptsMs = performance.now() - t2;
  const perReceiptMs = receiptsMs / receipts.length;

  // The sums that must hold exactly.
  const problems: string[] = [];
  for (const order of history.ledger.orders) {
    const lines = receipts.flatMap((r) => r.orders.filter((o) => o.orderId === order.id));
    const units = lines.reduce((s, o) => s + o.unitsAllocated, 0n);
    if (units !== order.unitsVerified)
      problems.push(`order ${order.id}: donors' units ${units}, verified ${order.unitsVerified}`);
    if (!equal(sum(lines.map((o) => o.unitsExact)), ratio(order.unitsVerified)))
      problems.push(`order ${order.id}: exact units do not add up`);
    for (const token of order.tokens) {
      const paid = sum(
        lines.flatMap((o) => o.tokens.filter((t) => t.token === token).map((t) => t.paid)),
      );
      if (!equal(paid, ratio(order.shares[token].paid)))
        problems.push(
          `order ${order.id} ${token}: donors' shares do not add up to ${order.shares[token].paid}`,
        );
    }
  }
  for (const r of receipts)
    for (const t of r.tokens)
      if (!equal(sum([t.paidForDelivery, t.advancesUnbacked, t.reserved, t.inPool]), ratio(t.net)))
        problems.push(`${r.donor} ${t.token}: parts do not add up to the net pledge`);

  // One donor's receipt end to end as a person runs it (its own process, loading what it needs).
  const sample = donorsOf[Math.floor(donorsOf.length / 2)];
  const t3 = performance.now();
  const cliExit = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-strip-types",
        "--disable-warning=ExperimentalWarning",
        "scripts/receipt.ts",
        "--rpc",
        URL,
        "--campaign",
        campaign,
        "--donor",
        sample,
        "--format",
        "json",
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    child.on("close", resolve);
  });
  const cliSeconds = (performance.now() - t3) / 1000;

  // ── "My giving" for a donor with pledges in 50 appeals, as the dApp's Giving page reads it ──
  // 50 more appeals on the same factory: in each, the donor pledges ETH (and USDC in every other
  // one) beside 10 other donors; after funding, an order is delivered in part and confirmed.
  const giver = "0xd1ffffffffffffffffffffffffffffffffffff01" as Address;
  await request("hardhat_impersonateAccount", [giver]);
  await request("hardhat_setBalance", [giver, numberToHex(parseEther("1000"))]);
  await call(usdc, mockUsdcAbi as Abi, "mint", [giver, 10n ** 12n], giver);
  const others = donors.filter((_, i) => tokenOf(i) === zeroAddress).slice(0, 10);
  const givingStarted = performance.now();
  // Funding of the first campaign ended a month ago on this chain: the feeds answer again.
  const updateAnswer = parseAbi(["function updateAnswer(int256 answer)"]);
  for (const [feed, answer] of [
    [ethFeed, 3_000n * 10n ** 8n],
    [usdcFeed, 10n ** 8n],
    [btcFeed, 60_000n * 10n ** 8n],
  ] as const)
    await call(feed, updateAnswer as Abi, "updateAnswer", [answer]);
  const start50 = (await rpc.getBlock()).timestamp;
  const appeals: Address[] = [];
  for (let a = 0; a < GIVING_APPEALS; a++) {
    const made = await call(factory, campaignFactoryAbi as Abi, "createCampaign", [
      {
        ...params,
        goalUsd: 10_000n * 10n ** 18n,
        targetUnits: 1_000n,
        deadline: start50 + 30n * 86_400n,
        procurementDeadline: start50 + 120n * 86_400n,
        unitName: `nitrile gloves (appeal ${a + 1})`,
        metadataURI: `ipfs://bench-giving-${a + 1}`,
      },
    ]);
    const appeal =
      `0x${made.logs.find((l) => l.address.toLowerCase() === factory.toLowerCase())!.topics[1]!.slice(26)}` as Address;
    appeals.push(appeal);
    await call(appeal, campaignAbi as Abi, "pledgeETH", [], giver, parseEther("0.1"));
    if (a % 2 === 0) {
      await call(usdc, mockUsdcAbi as Abi, "approve", [appeal, 150n * 10n ** 6n], giver);
      await call(appeal, campaignAbi as Abi, "pledge", [usdc, 150n * 10n ** 6n], giver);
    }
    await Promise.all(
      others.map((d, i) =>
        call(appeal, campaignAbi as Abi, "pledgeETH", [], d, parseEther("0.01") * BigInt(i + 1)),
      ),
    );
  }
  await request("evm_increaseTime", [Number(31n * 86_400n)]);
  await request("evm_mine");
  const now50 = (await rpc.getBlock()).timestamp;
  for (const [a, appeal] of appeals.entries()) {
    const raised = (await rpc.readContract({
      address: appeal,
      abi: campaignAbi,
      functionName: "raisedUsd",
    })) as bigint;
    await call(appeal, campaignAbi as Abi, "createOrder", [
      supplier,
      raised / 2n,
      200n,
      now50 + 30n * 86_400n,
      0,
      keccak256(stringToHex(`giving order ${a}`)),
    ]);
    await call(appeal, campaignAbi as Abi, "acceptOrder", [0n], supplier);
    for (const verifier of verifiers.slice(0, 2))
      await call(
        appeal,
        campaignAbi as Abi,
        "confirmDelivery",
        [0n, 120n, keccak256(stringToHex(`giving note ${a}`))],
        verifier,
      );
  }
  const givingBuildSeconds = (performance.now() - givingStarted) / 1000;
  console.log(`${GIVING_APPEALS} appeals with the giving donor's pledges built`);

  // The Giving page's code path (app/src/pages/Giving.tsx): the dApp's batched HTTP transport, no
  // log cache (a first visit), campaignsOfDonor, then every appeal at once (useQueries) through
  // loadAppealHistory, the donor's impactReceipt, the appeal's summary and its parties' names.
  let givingRequests = 0;
  let givingCalls = 0;
  const dappClient = createPublicClient({
    chain: hardhat,
    transport: http(URL, {
      batch: { wait: 16, batchSize: 500 },
      onFetchRequest: async (request) => {
        givingRequests++;
        const body = (await request.clone().json()) as unknown;
        givingCalls += Array.isArray(body) ? body.length : 1;
      },
    }),
  }) as PublicClient;
  const giving0 = performance.now();
  const found = await campaignsOfDonor(dappClient, {
    factory,
    donor: giver,
    fromBlock: 0n,
  });
  const findMs = performance.now() - giving0;
  const rows = await Promise.all(
    found.map(async (campaign) => {
      const h = await loadAppealHistory(dappClient, {
        chainId: 31_337,
        factory,
        startBlock: 0n,
        campaign,
        donors: [giver],
      });
      const receipt = h.ledger.donors[giver.toLowerCase() as Address]
        ? impactReceipt(h, giver)
        : undefined;
      const appealSummaryOf = appealSummary(h);
      const names = await resolveNames(dappClient, {
        registry: h.registry,
        addresses: partiesOf(h),
        organizer: h.organizer,
        beneficiary: h.params.beneficiary,
        blockNumber: h.toBlock,
      });
      return { h, receipt, summary: appealSummaryOf, names };
    }),
  );
  const givingSeconds = (performance.now() - giving0) / 1000;
  if (found.length !== GIVING_APPEALS)
    problems.push(`My giving found ${found.length} appeals, not ${GIVING_APPEALS}`);
  for (const row of rows) {
    if (!row.receipt) problems.push(`${row.h.campaign}: no receipt for the giving donor`);
    else if (row.receipt.totals.unitsAllocated > row.h.ledger.orders[0].unitsVerified)
      problems.push(`${row.h.campaign}: the donor's units exceed the verified units`);
  }
  // The page's receipts are the receipt CLI's (loadCampaignHistory at the same block), to the byte.
  let givingSame = 0;
  for (const row of rows) {
    if (!row.receipt) continue;
    const cli = impactReceipt(
      await loadCampaignHistory(rpc, row.h.campaign, { toBlock: row.h.toBlock }),
      giver,
    );
    if (receiptToJson(cli) === receiptToJson(row.receipt)) givingSame++;
    else problems.push(`${row.h.campaign}: the Giving page's receipt differs from the CLI's`);
  }
  const givingUnits = rows.reduce((s, r) => s + (r.receipt?.totals.unitsAllocated ?? 0n), 0n);

  const pledges = history.ledger.entries.filter((e) => e.kind === "pledge").length;
  const summary = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.cpus()[0]?.model ?? "cpu"}`,
    node: process.version,
    loadAverage: Number(loadAverage.toFixed(2)),
    pledges,
    donors: donorsOf.length,
    orders: history.ledger.orders.length,
    unitsVerified: history.ledger.orders.reduce((s, o) => s + Number(o.unitsVerified), 0),
    blocksDated: Object.keys(history.blockTimes).length,
    loadSeconds: Number(loadSeconds.toFixed(2)),
    rpcCalls: counting.calls(),
    httpRequests: counting.requests(),
    allocationMs: Number(allocationMs.toFixed(1)),
    receiptsMs: Number(receiptsMs.toFixed(1)),
    perReceiptMs: Number(perReceiptMs.toFixed(3)),
    totalSeconds: Number((loadSeconds + (allocationMs + receiptsMs) / 1000).toFixed(2)),
    cliSampleSeconds: Number(cliSeconds.toFixed(2)),
    cliSampleExit: cliExit,
    sumsChecked:
      history.ledger.orders.length * 2 + receipts.reduce((s, r) => s + r.tokens.length, 0),
    problems,
    buildSeconds: Number(buildSeconds.toFixed(1)),
    giving: {
      appeals: found.length,
      pledges: rows.reduce((s, r) => s + (r.receipt?.pledges.length ?? 0), 0),
      units: Number(givingUnits),
      findMs: Number(findMs.toFixed(1)),
      seconds: Number(givingSeconds.toFixed(2)),
      rpcCalls: givingCalls,
      httpRequests: givingRequests,
      buildSeconds: Number(givingBuildSeconds.toFixed(1)),
      sameAsCli: givingSame,
    },
  };
  await writeFile(
    path.join("reports", "receipts-bench.json"),
    JSON.stringify(summary, null, 2) + "\n",
  );
  await writeFile(
    path.join("reports", "receipts-bench.md"),
    `# Impact receipt benchmark

Generated by \`npm run bench:receipts\` (scripts/bench-receipts.ts) on ${summary.date}.

The auditor benchmark's campaign (scripts/bench-audit.ts): ${summary.pledges.toLocaleString("en-US")} pledges from ${summary.donors.toLocaleString("en-US")} donors
in three tokens, ${summary.orders} orders in USD paid in the pool's token mix, ${summary.unitsVerified.toLocaleString("en-US")} units verified. Its history is read
once over HTTP on 127.0.0.1 (every campaign event replayed, every block with an entry dated), then
every donor's receipt is derived from it: its share of every payment, its units by largest remainder.

| | |
| --- | ---: |
| machine | ${summary.machine}, Node ${summary.node}; load average ${summary.loadAverage} (1 min) at the start |
| history read and replayed (${summary.blocksDated} blocks dated) | ${summary.loadSeconds} s, ${summary.rpcCalls.toLocaleString("en-US")} JSON-RPC calls in ${summary.httpRequests} HTTP requests |
| units of every donor in every order (largest remainder, computed once) | ${summary.allocationMs} ms |
| **${summary.donors.toLocaleString("en-US")} receipts** | **${summary.receiptsMs} ms** (${summary.perReceiptMs} ms each) |
| **total: every donor's receipt from chain data** | **${summary.totalSeconds} s** |
| one donor's receipt as a process (\`npm run receipt -- … --format json\`) | ${summary.cliSampleSeconds} s (exit ${summary.cliSampleExit}) |
| sums checked exactly (units and payments per order, each donor's parts per token) | ${summary.sumsChecked.toLocaleString("en-US")}, ${problems.length} off |
| time to build the campaign (not part of the measure) | ${summary.buildSeconds} s |

## "My giving" for a donor with pledges in ${summary.giving.appeals} appeals

The dApp's Giving page (app/src/pages/Giving.tsx), its code path run under Node against the same chain:
the dApp's batched HTTP transport (\`batch: { wait: 16, batchSize: 500 }\`), no log cache (a first
visit), \`campaignsOfDonor\` (the donor's Pledged events, each emitter vouched for by the factory),
then every appeal at once as the page's queries run: \`loadAppealHistory\` (summary, logs, tokens,
the donor's block times), the donor's \`impactReceipt\`, the appeal's \`appealSummary\` and its
parties' names (\`resolveNames\`). Not included: fetching each appeal's metadata from IPFS, and React
rendering. Each appeal has 11 donors and one order delivered in part; the donor pledged
${summary.giving.pledges} times in all and bought ${summary.giving.units.toLocaleString("en-US")} verified units.

| | |
| --- | ---: |
| appeals found (\`campaignsOfDonor\`) | ${summary.giving.appeals} in ${summary.giving.findMs} ms |
| **the whole page's data: ${summary.giving.appeals} histories, receipts, summaries and names** | **${summary.giving.seconds} s** |
| JSON-RPC calls | ${summary.giving.rpcCalls.toLocaleString("en-US")} in ${summary.giving.httpRequests.toLocaleString("en-US")} HTTP requests |
| receipts equal to \`npm run receipt\`'s at the same block (JSON, byte for byte) | ${summary.giving.sameAsCli} of ${summary.giving.appeals} |
| time to build the ${summary.giving.appeals} appeals (not part of the measure) | ${summary.giving.buildSeconds} s |
`,
  );
  console.log(JSON.stringify({ ...summary, problems: problems.slice(0, 10) }, null, 2));
  console.log("wrote reports/receipts-bench.md");
  if (problems.length) process.exitCode = 1;
} finally {
  stopNode();
}
