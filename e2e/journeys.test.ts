/// <reference lib="dom" />
/**
 * Every role's journey in a real headless Chromium, against a local chain seeded by scripts/seed.ts
 * (v2 contracts: orders in USD paid in the pool's token mix, a campaign-wide advance cap, registered
 * verifiers, nonce'd EIP-712 confirmations) and the built dApp (developer wallet on). Each journey
 * acts through the page, then checks the chain with viem reads, to the wei. `npm run test:e2e`
 * (part of `npm test`). On failure the page's screenshot and console log go to reports/e2e/.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import {
  createWalletClient,
  erc20Abi,
  http,
  keccak256,
  parseSignature,
  parseEther,
  parseEventLogs,
  parseUnits,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";

import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { auditCampaign, PROMISE_RULES } from "../client/audit.ts";
import {
  campaignAbi,
  campaignFactoryAbi,
  mockUsdcAbi,
  registryAbi,
} from "../client/generated/abis.ts";
import { CarReader } from "@ipld/car/reader";
import type { Page } from "playwright-core";

import { computeCid, digestOf } from "../client/content.ts";
import { mulDiv, usdAtPledge } from "../client/ledger.ts";
import { resolveNames, type MetadataNames } from "../client/names.ts";
import { historyFromAudit, partiesOf } from "../client/receipt.ts";
import { toCsv } from "../client/report.ts";
import { en } from "../app/src/i18n/en.ts";
import { fr } from "../app/src/i18n/fr.ts";
import { zh } from "../app/src/i18n/zh.ts";
import { bpsToPercent, formatBalance, formatToken, formatUsd } from "../app/src/lib/format.ts";
import { detectPermit, erc2612Abi, PERMIT_TYPES } from "../app/src/lib/permit.ts";
import { REPORT_DIR, ROOT, startWorld, type World } from "./harness.ts";
import {
  axe,
  devAccount,
  failed,
  nav,
  newSession,
  openAs,
  rowOf,
  settled,
  shownText,
  switchRole,
  until,
  type Session,
  type ShownText,
} from "./page.ts";

const ETH = zeroAddress;
const ROLE = {
  admin: 0,
  vetter: 1,
  organizer: 2,
  henan: 3,
  lagos: 4,
  quickmask: 5,
  waho: 6,
  undp: 7,
  logistics: 8,
  relayer: 9,
  donor: (n: number) => 9 + n,
} as const;

let world: World;
let session: Session | undefined;
let client: PublicClient;

const read = <T>(address: Address, functionName: string, args: readonly unknown[] = []) =>
  client.readContract({
    address,
    abi: campaignAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;
const pledgeOf = async (campaign: Address, donor: Address, token: Address) =>
  (await read<readonly [bigint, bigint]>(campaign, "pledgeOf", [donor, token]))[0];
const balanceOf = (token: Address, who: Address) =>
  token === ETH
    ? client.getBalance({ address: who })
    : client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [who],
      });
type Order = {
  supplier: Address;
  amountUsd: bigint;
  units: bigint;
  unitsVerified: bigint;
  status: number;
  advancePaid: boolean;
  advanceReclaimed: boolean;
};
type Book = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  withdrawn: bigint;
  reserved: bigint;
  earned: bigint;
  available: bigint;
  unspentAtClose: bigint;
  unbacked: bigint;
  advanceCap: bigint;
};
const book = (campaign: Address, token: Address) => read<Book>(campaign, "ledger", [token]);
/** An order's share in one token (`orderShare`): reserved amount, paid, advance. */
const shareOf = async (campaign: Address, orderId: bigint, token: Address) => {
  const [amount, paid, advance] = await read<readonly [bigint, bigint, bigint]>(
    campaign,
    "orderShare",
    [orderId, token],
  );
  return { amount, paid, advance };
};
/** What an order of `amountUsd` reserves in `token`, as the contract computes it. */
async function expectedShare(campaign: Address, token: Address, amountUsd: bigint) {
  const b = await book(campaign, token);
  return mulDiv(b.pledged - b.cancelled, amountUsd, await read<bigint>(campaign, "raisedUsd"));
}
const E18 = 10n ** 18n;
const USDC_DECIMALS = 6;
/** The campaign's events in a receipt. */
const eventsIn = (receipt: TransactionReceipt) =>
  parseEventLogs({ abi: campaignAbi, logs: receipt.logs });
const txCount = (role: number) => client.getTransactionCount({ address: devAccount(role) });
/** The appeal launched by journey 2 and used by journey 3. */
let launched: Address | undefined;
/** What a transaction shown by the page cost its sender in gas. */
async function gasCost(hash: Hex) {
  const receipt = await client.getTransactionReceipt({ hash });
  return { receipt, cost: receipt.gasUsed * receipt.effectiveGasPrice };
}
const shownHash = async (testId: string) =>
  (await session!.page.getByTestId(`${testId}-hash`).textContent()) as Hex;
const receiptOf = async (testId: string) =>
  client.getTransactionReceipt({ hash: await shownHash(testId) });
/** A date-time input value (UTC) `days` after the chain's clock. */
async function chainDate(days: number) {
  const now = (await client.getBlock()).timestamp;
  return new Date(Number(now + BigInt(days * 86_400)) * 1000).toISOString().slice(0, 16);
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(cell), (cell = ""));
    else if (c === "\n") (row.push(cell), rows.push(row), (row = []), (cell = ""));
    else cell += c;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

/** Every string of a catalog, its keys dotted. */
function catalogStrings(node: unknown, prefix = ""): [string, string][] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v]] : catalogStrings(v, `${prefix}${k}.`),
  );
}
/** English catalog values that are sample data (a placeholder names a real warehouse), not UI text. */
const SAMPLE_KEYS = new Set(["admin.verifierNamePlaceholder", "launch.unitNamePlaceholder"]);
/**
 * The English catalog as the pieces a page would show if a string had been left untranslated, in
 * the code or in the other language's catalog: each value cut at its placeholders and markup, the
 * pieces of two words or more (none of them is written the same way in French or Chinese).
 */
function englishPieces(): string[] {
  const pieces = catalogStrings(en)
    .filter(([key]) => !SAMPLE_KEYS.has(key))
    .flatMap(([, value]) => value.split(/{{\w+}}|<\/?\w+\s*\/?>/))
    .map((piece) => piece.replace(/^[\s.,;:!?()“”«»—–·-]+|[\s.,;:!?()“”«»—–·-]+$/g, ""))
    .filter((piece) => /\p{L}{2,}[\s\u00a0]+\p{L}{2,}/u.test(piece));
  return [...new Set(pieces)];
}
/** English words that never appear in a French or Chinese control's own text. */
const ENGLISH_WORDS = /\b(the|and|of|to|for|with|from|this|that|your|is|are|will|can|must)\b/i;

/** What is left in English on a page shown in French or Chinese (nothing, when it is right). */
function englishLeft(shown: ShownText, pieces: string[]): string[] {
  const all = [...shown.texts, ...shown.attributes].join("\n");
  return [
    ...pieces.filter((piece) => all.includes(piece)).map((p) => `catalog: “${p}”`),
    ...[...shown.controls, ...shown.attributes]
      .filter((text) => ENGLISH_WORDS.test(text))
      .map((text) => `words: “${text}”`),
  ];
}

/** Runs `npm run <script> -- args` against the test world (its deployment file and IPFS node). */
function runCli(script: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-strip-types",
        "--disable-warning=ExperimentalWarning",
        path.join(ROOT, "scripts", `${script}.ts`),
        ...args,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          HANDOVER_SEED_OUT: world.deploymentFile,
          HANDOVER_IPFS_DIR: world.ipfs.dir,
          HANDOVER_IPFS_GATEWAY: world.ipfs.url,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout: out }));
  });
}

/** The bytes32 recorded on chain for a file: the sha2-256 digest its IPFS CID carries. */
const fileDigest = async (bytes: Uint8Array) => digestOf(await computeCid(bytes));

/**
 * Chooses a file in a form's document field (`EvidenceHash`): the page computes its CID in the
 * browser and fills in the digest that goes on chain; waits until it shows `digestOf(cid)`.
 */
async function chooseDocument(page: Page, testId: string, name: string, text: string) {
  const buffer = Buffer.from(text);
  const digest = await fileDigest(buffer);
  await page.getByTestId(`${testId}-file`).setInputFiles({ name, mimeType: "text/plain", buffer });
  await until(
    `the ${name} hash`,
    async () => (await page.getByTestId(`${testId}-hash`).inputValue()) === digest,
  );
  return digest;
}

async function start(init?: () => void) {
  session = await newSession(world.browser, init);
  return session.page;
}

describe("browser journeys (Chromium, developer wallet, local chain)", function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(180_000);
    world = await startWorld();
    client = world.publicClient;
  });

  after(async () => {
    await world?.stop();
  });

  afterEach(async function () {
    if (!session) return;
    if (this.currentTest?.state === "failed") {
      const name = (this.currentTest.title.match(/^\d+/)?.[0] ?? "journey") + "-failed";
      await session.page
        .screenshot({ path: path.join(REPORT_DIR, `${name}.png`), fullPage: true })
        .catch(() => undefined);
      await writeFile(
        path.join(REPORT_DIR, `${name}.console.log`),
        session.console.join("\n") + "\n",
      );
      console.log(`    saved ${path.join("reports", "e2e", name)}.png and .console.log`);
    }
    await session.context.close();
    session = undefined;
  });

  it("1. a donor pledges ETH, a token by approve, a token by permit, cancels one; the progress bar moves", async () => {
    const appeal = world.seeded.appeals.open;
    const { usdc, usdt } = world.seeded.contracts;
    const donor = devAccount(ROLE.donor(10));
    const page = await start();
    await openAs(page, world.appUrl, `appeal/${appeal}`, ROLE.donor(10));
    const bar = page.getByTestId("money-progress").getByRole("progressbar");
    const before = Number(await bar.getAttribute("aria-valuenow"));
    const raisedBefore = await read<bigint>(appeal, "raisedUsd");

    // The faucet gives the account mock tokens.
    await page.getByTestId("dev-faucet").click();
    await settled(page, "dev-tx", "WBTC");
    assert.equal(await balanceOf(usdc, donor), parseUnits("10000", 6));

    // ETH
    await page.getByTestId("pledge-amount").fill("2");
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Pledge 2 ETH");
    assert.equal(await pledgeOf(appeal, donor, ETH), parseEther("2"));

    // USDT: approve exactly the amount, then pledge
    await page.getByTestId("pledge-token").selectOption({ label: "USDT" });
    await page.getByTestId("pledge-amount").fill("500");
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Step 2 of 2");
    assert.equal(await pledgeOf(appeal, donor, usdt), parseUnits("500", 6));
    assert.equal(await balanceOf(usdt, donor), parseUnits("9500", 6));
    const usdtAllowance = await client.readContract({
      address: usdt,
      abi: erc20Abi,
      functionName: "allowance",
      args: [donor, appeal],
    });
    assert.equal(usdtAllowance, 0n, "the approval was for exactly the amount");

    // USDC: an EIP-2612 permit, no approve transaction
    await page.getByTestId("pledge-token").selectOption({ label: "USDC" });
    await page.getByTestId("pledge-amount").fill("1000");
    await page.getByTestId("pledge-permit").check();
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "with the permit");
    assert.equal(await pledgeOf(appeal, donor, usdc), parseUnits("1000", 6));
    const nonce = await client.readContract({
      address: usdc,
      abi: mockUsdcAbi,
      functionName: "nonces",
      args: [donor],
    });
    assert.equal(nonce, 1n, "one permit was used");
    const permitTx = await client.getTransaction({ hash: await shownHash("pledge-tx") });
    assert.equal(
      permitTx.to?.toLowerCase(),
      appeal.toLowerCase(),
      "pledged in one transaction to the appeal",
    );

    // The bar moved: $5,500 + $6,000 + $500 + $1,000 of $50,000
    await until(
      "the progress bar to move",
      async () => Number(await bar.getAttribute("aria-valuenow")) > before,
    );
    const raisedAfterPledges = await read<bigint>(appeal, "raisedUsd");
    assert.equal(raisedAfterPledges - raisedBefore, 7_500n * 10n ** 18n);
    assert.equal(
      Number(await bar.getAttribute("aria-valuenow")),
      Number((raisedAfterPledges * 100n) / (50_000n * 10n ** 18n)),
    );

    // Cancel the USDT pledge while funding is open
    await page.getByTestId("cancel-USDT").click();
    await settled(page, "donor-tx", "Cancel your pledge of 500 USDT");
    assert.equal(await pledgeOf(appeal, donor, usdt), 0n);
    assert.equal(await balanceOf(usdt, donor), parseUnits("10000", 6));
    const raisedAfterCancel = await read<bigint>(appeal, "raisedUsd");
    assert.equal(raisedAfterPledges - raisedAfterCancel, 500n * 10n ** 18n);
    await until("the page to show the cancellation", async () =>
      ((await page.getByTestId("pledge-feed").textContent()) ?? "").includes("cancelled"),
    );
  });

  it("2. an organizer launches an appeal with registered verifiers (refusals explained, nothing sent), closes funding early, places orders in USD that reserve every token's share; an order above what is unreserved is explained and not sent", async () => {
    const { factory, registry, usdc } = world.seeded.contracts;
    const waho = devAccount(ROLE.waho);
    const undp = devAccount(ROLE.undp);
    const campaignCount = () =>
      client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "campaignCount",
      });
    const countBefore = await campaignCount();
    const page = await start();
    await openAs(page, world.appUrl, "organizer", ROLE.organizer);
    await page.getByTestId("launch-form").waitFor();

    // The form offers exactly the registry's active verifiers (the organizer is not one of them).
    const registered = await client.readContract({
      address: registry,
      abi: registryAbi,
      functionName: "verifiers",
    });
    for (const v of registered) await page.getByTestId(`launch-verifier-${v}`).waitFor();
    assert.equal(
      await page.getByTestId("launch-verifiers").locator('input[type="checkbox"]').count(),
      registered.length,
    );
    assert.equal(
      await page.getByTestId(`launch-verifier-${devAccount(ROLE.organizer)}`).count(),
      0,
    );

    await page.getByTestId("launch-unitName").fill("nitrile examination gloves (EN 455)");
    await page.getByTestId("launch-targetUnits").fill("10000");
    await page.getByTestId("launch-goalUsd").fill("1000");
    await page.getByTestId("launch-beneficiary").fill("0x12345"); // not an address
    await page.getByTestId("launch-deadline").fill(await chainDate(100)); // the platform allows 90 days
    await page.getByTestId("launch-procurementDeadline").fill(await chainDate(150));
    await page.getByTestId("launch-graceDays").fill("7");
    await page.getByTestId("launch-maxAdvancePercent").fill("20");
    // The story is written in the form; its metadata JSON is content-addressed in the browser.
    await page.getByTestId("launch-title").fill("10,000 gloves for Abuja");
    await page.getByTestId("launch-organizerName").fill("FCSSC West Africa relief desk");
    await page.getByTestId("launch-story").fill("Abuja's clinics ran out of examination gloves.");
    await page.getByTestId("launch-beneficiaryName").fill("WAHO Abuja warehouse");
    await page.getByTestId("launch-beneficiaryCountry").fill("NG");
    await page.getByTestId("launch-unitDescription").fill("One pair of nitrile gloves, EN 455.");
    await page.getByTestId(`launch-verifier-${waho}`).check();
    await page.getByTestId(`launch-verifier-${undp}`).check();
    await page.getByTestId("launch-threshold").fill("2");
    const tokenBoxes = page.getByTestId("launch-tokens");
    await until(
      "the accepted tokens",
      async () => (await tokenBoxes.getByLabel("USDC").count()) > 0,
    );
    await tokenBoxes.getByLabel("ETH").check();
    await tokenBoxes.getByLabel("USDC").check();
    await page.getByTestId("launch-check").click();
    assert.match(
      (await page.getByTestId("launch-beneficiary-error").textContent()) ?? "",
      /address/,
    );
    assert.match(
      (await page.getByTestId("launch-deadline-error").textContent()) ?? "",
      /^This platform allows funding for at most 90 days: choose .* or earlier\.$/,
    );
    assert.equal(await page.getByTestId("launch-submit").isDisabled(), true);
    assert.equal(await campaignCount(), countBefore, "nothing was sent");

    await page.getByTestId("launch-beneficiary").fill(waho);
    await page.getByTestId("launch-deadline").fill(await chainDate(7));
    await page.getByTestId("launch-procurementDeadline").fill(await chainDate(90));
    await page.getByTestId("launch-check").click();
    const preview = page.getByTestId("launch-preview");
    await preview.waitFor();
    assert.match(
      (await preview.textContent()) ?? "",
      /2 of 2 verifiers confirm deliveries \(WAHO Abuja warehouse and UN country office, Abuja\)/,
    );
    // The CID of the metadata is shown before signing, and it is what goes on chain.
    const metadataUri = (
      (await page.getByTestId("launch-metadata-cid").textContent()) ?? ""
    ).trim();
    assert.match(metadataUri, /^ipfs:\/\/bafkrei[a-z2-7]{52}$/);
    assert.ok(((await preview.textContent()) ?? "").includes(metadataUri));
    await page
      .getByTestId("launch-content")
      .screenshot({ path: path.join(REPORT_DIR, "launch-content.png") });
    // The local node takes no uploads: the organizer downloads every file as a CAR and imports it
    // into an IPFS node (ipfs dag import); here, into the embedded node the dApp reads.
    const [car] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("launch-car").click(),
    ]);
    const reader = await CarReader.fromBytes(new Uint8Array(await readFile((await car.path())!)));
    assert.deepEqual(
      (await reader.getRoots()).map(String)[0],
      metadataUri.slice("ipfs://".length),
      "the CAR's first root is the metadata",
    );
    for await (const block of reader.blocks())
      await world.ipfs.helia.blockstore.put(block.cid, block.bytes);
    await page.getByTestId("launch-submit").click();
    await settled(page, "launch-tx", "Launch the appeal");
    const count = await campaignCount();
    assert.equal(count, countBefore + 1n);
    const appeal = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignAt",
      args: [count - 1n],
    });
    launched = appeal;
    const params = await read<{
      goalUsd: bigint;
      targetUnits: bigint;
      threshold: number;
      maxAdvanceBps: number;
      verifiers: readonly Address[];
      tokens: readonly Address[];
      unitName: string;
      beneficiary: Address;
    }>(appeal, "params");
    assert.equal(params.goalUsd, 1_000n * E18);
    assert.equal(BigInt(params.targetUnits), 10_000n);
    assert.equal(params.threshold, 2);
    assert.equal(params.maxAdvanceBps, 2_000);
    assert.deepEqual(params.verifiers, [waho, undp]);
    assert.deepEqual(params.tokens, [ETH, usdc]);
    assert.equal(params.unitName, "nitrile examination gloves (EN 455)");
    assert.equal(params.beneficiary, waho);
    assert.equal(
      (await read<{ metadataURI: string }>(appeal, "params")).metadataURI,
      metadataUri,
      "the chain records the CID the form showed",
    );

    // A donor meets the goal in two tokens: 0.5 ETH ($1,500) and 700 USDC ($700).
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    // The story written in the form, fetched back from the node by its CID and verified.
    await until(
      "the launched appeal's story",
      async () =>
        (await page.getByTestId("appeal-story").getAttribute("data-state")) === "verified",
      60_000,
    );
    assert.equal(
      ((await page.getByTestId("appeal-title").textContent()) ?? "").trim(),
      "10,000 gloves for Abuja",
    );
    await switchRole(page, ROLE.donor(9));
    await page.getByTestId("dev-faucet").click();
    await settled(page, "dev-tx", "WBTC");
    await page.getByTestId("pledge-amount").fill("0.5");
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Pledge 0.5 ETH");
    await page.getByTestId("pledge-token").selectOption({ label: "USDC" });
    await page.getByTestId("pledge-amount").fill("700");
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Step 2 of 2");
    assert.equal(await read<bigint>(appeal, "raisedUsd"), 2_200n * E18);

    // The organizer closes funding early and orders in USD.
    await switchRole(page, ROLE.organizer);
    await nav(page, "organizer");
    await until(
      "the new appeal in the console",
      async () => (await page.getByTestId("organizer-campaign").inputValue()) === appeal,
    );
    await page.getByTestId("close-funding").click();
    await page.getByTestId("close-funding-confirm").click();
    await settled(page, "organizer-tx", "Close funding early");
    assert.equal(await read<number>(appeal, "status"), 3, "in procurement");

    await page.getByTestId("order-form").waitFor();
    const fillOrder = async (
      supplier: RegExp,
      usd: string,
      units: string,
      advance: string,
      terms: string,
    ) => {
      await until(
        "the vetted suppliers",
        async () => (await page.getByTestId("order-supplier").locator("option").count()) > 1,
      );
      const label = (
        await page.getByTestId("order-supplier").locator("option").allTextContents()
      ).find((t) => supplier.test(t))!;
      await page.getByTestId("order-supplier").selectOption({ label });
      await page.getByTestId("order-amountUsd").fill(usd);
      await page.getByTestId("order-units").fill(units);
      await page.getByTestId("order-deliverBy").fill(await chainDate(30));
      await page.getByTestId("order-advancePercent").fill(advance);
      await chooseDocument(page, "order-terms", "terms.txt", terms);
    };
    /** The page shows, before sending, what the chain will reserve in each token. */
    const previewMatches = async (amountUsd: bigint) => {
      const eth = await expectedShare(appeal, ETH, amountUsd);
      const usdcShare = await expectedShare(appeal, usdc, amountUsd);
      await until(
        "the preview of every token's share",
        async () =>
          (await page.getByTestId("order-share-ETH").textContent()) ===
            formatToken(eth, 18, "ETH") &&
          (await page.getByTestId("order-share-USDC").textContent()) ===
            formatToken(usdcShare, USDC_DECIMALS, "USDC"),
      );
      return { eth, usdc: usdcShare };
    };

    // Order #0: Henan, $1,200 with a 20% advance.
    const unreservedBefore = await read<bigint>(appeal, "unreservedUsd");
    assert.equal(unreservedBefore, 2_200n * E18);
    await fillOrder(/Henan/, "1200", "4000", "20", "PO-E2E-001: 4,000 gloves from Henan");
    assert.equal(await page.getByTestId("order-unreserved").textContent(), "$2,200.00");
    const first = await previewMatches(1_200n * E18);
    await page.getByTestId("order-submit").click();
    await settled(page, "order-tx", "Place an order for 4,000 units");
    const order0 = await read<Order>(appeal, "order", [0n]);
    assert.equal(order0.supplier, devAccount(ROLE.henan));
    assert.equal(order0.amountUsd, 1_200n * E18);
    assert.equal(order0.status, 1);
    assert.equal((await shareOf(appeal, 0n, ETH)).amount, first.eth);
    assert.equal((await shareOf(appeal, 0n, usdc)).amount, first.usdc);
    assert.equal((await book(appeal, ETH)).reserved, first.eth);
    assert.equal((await book(appeal, usdc)).reserved, first.usdc);
    const reserved = eventsIn(await receiptOf("order-tx")).filter(
      (e) => e.eventName === "OrderReserved",
    );
    assert.deepEqual(
      reserved.map((e) => e.args),
      [
        { orderId: 0n, token: ETH, amount: first.eth },
        { orderId: 0n, token: usdc, amount: first.usdc },
      ],
    );

    // Order #1 above what can still be ordered: explained on the page, nothing sent.
    const unreserved = await read<bigint>(appeal, "unreservedUsd");
    const nonceBefore = await txCount(ROLE.organizer);
    await fillOrder(/Lagos/, "1500", "6000", "0", "PO-E2E-002: 6,000 gloves from Lagos");
    await until(
      "the refusal",
      async () =>
        (await page.getByTestId("order-error").textContent()) ===
        `Only ${formatUsd(unreserved)} can still be ordered (the rest is reserved for other orders or already paid); this order is $1,500.00.`,
    );
    await page.getByTestId("order-submit").click();
    assert.equal(await read<bigint>(appeal, "orderCount"), 1n, "nothing was sent");
    assert.equal(await txCount(ROLE.organizer), nonceBefore);

    // Order #1 within what is left: $500, no advance.
    await page.getByTestId("order-amountUsd").fill("500");
    assert.equal(await page.getByTestId("order-error").count(), 0);
    const second = await previewMatches(500n * E18);
    await page.getByTestId("order-submit").click();
    await settled(page, "order-tx", "Place an order for 6,000 units");
    const order1 = await read<Order>(appeal, "order", [1n]);
    assert.equal(order1.supplier, devAccount(ROLE.lagos));
    assert.equal(order1.amountUsd, 500n * E18);
    assert.equal((await shareOf(appeal, 1n, ETH)).amount, second.eth);
    assert.equal((await shareOf(appeal, 1n, usdc)).amount, second.usdc);
    assert.equal((await book(appeal, ETH)).reserved, first.eth + second.eth);
    assert.equal((await book(appeal, usdc)).reserved, first.usdc + second.usdc);
  });

  it("3. the campaign-wide advance cap: a supplier takes its advance and is suspended, its order is cancelled (the reservation returns, the unbacked advance stays counted), and an order whose advance the cap would refuse is explained before anything is sent", async () => {
    assert.ok(launched, "journey 2 launched the appeal");
    const appeal = launched;
    const { usdc } = world.seeded.contracts;
    const henan = devAccount(ROLE.henan);
    const page = await start();

    // Henan accepts order #0: its 20% advance is credited in both tokens, then it withdraws.
    await openAs(page, world.appUrl, "supplier", ROLE.henan);
    const row = rowOf(page, "supplier-orders", appeal);
    await row.getByTestId("accept-0").click();
    await settled(page, "supplier-tx", "Accept order 0");
    const share0 = { eth: await shareOf(appeal, 0n, ETH), usdc: await shareOf(appeal, 0n, usdc) };
    assert.equal(share0.eth.advance, (share0.eth.amount * 2_000n) / 10_000n);
    assert.equal(share0.usdc.advance, (share0.usdc.amount * 2_000n) / 10_000n);
    assert.equal((await book(appeal, ETH)).unbacked, share0.eth.advance);
    assert.equal((await book(appeal, usdc)).unbacked, share0.usdc.advance);
    const ethBefore = await balanceOf(ETH, henan);
    const usdcBefore = await balanceOf(usdc, henan);
    const earning = rowOf(page, "supplier-earnings", appeal);
    await until(
      "the advance in the earnings",
      async () =>
        (await earning.getByTestId("earning-USDC").textContent()) ===
        formatToken(share0.usdc.advance, USDC_DECIMALS, "USDC"),
    );
    await earning.getByTestId("withdraw").click();
    await settled(page, "supplier-tx", "Withdraw");
    const { cost } = await gasCost(await shownHash("supplier-tx"));
    assert.equal((await balanceOf(ETH, henan)) - ethBefore, share0.eth.advance - cost);
    assert.equal((await balanceOf(usdc, henan)) - usdcBefore, share0.usdc.advance);

    // The vetter suspends Henan, with a public reason.
    const reason = "Lot HN-0611 failed EN 455 inspection";
    await switchRole(page, ROLE.vetter);
    await nav(page, "admin");
    await page.getByTestId(`reason-${henan}`).fill(reason);
    await page.getByTestId(`suspend-${henan}`).click();
    await page.getByTestId(`suspend-${henan}-confirm`).click();
    await settled(page, "suppliers-tx", "Suspend Henan");
    assert.equal(
      await client.readContract({
        address: world.seeded.contracts.registry,
        abi: registryAbi,
        functionName: "supplierStatus",
        args: [henan],
      }),
      2,
    );

    // Henan sees why it cannot withdraw what the Accra appeal owes it.
    const accra = world.seeded.appeals.delivering;
    assert.ok((await read<bigint>(accra, "withdrawable", [henan, usdc])) > 0n);
    await switchRole(page, ROLE.henan);
    await nav(page, "supplier");
    const standing = page.getByTestId("supplier-standing");
    await standing.waitFor();
    assert.match((await standing.textContent()) ?? "", new RegExp(`Reason given: “${reason}”`));
    const held = rowOf(page, "supplier-earnings", accra);
    await held.getByTestId("withdraw-blocked").waitFor();
    assert.equal(await held.getByTestId("withdraw").isDisabled(), true);

    // The organizer cancels order #0 at once (its supplier is suspended). Henan withdrew since it
    // accepted, so nothing is reclaimed: the unpaid reservation returns, the advance stays counted.
    await switchRole(page, ROLE.organizer);
    await nav(page, "organizer");
    await page.getByTestId("organizer-campaign").selectOption(appeal);
    await page.getByTestId("cancel-order-0").click();
    await page.getByTestId("cancel-order-0-confirm").click();
    await settled(page, "organizer-tx", "Cancel order 0");
    const cancelEvents = eventsIn(await receiptOf("organizer-tx"));
    assert.deepEqual(
      cancelEvents.filter((e) => e.eventName === "ReservationReturned").map((e) => e.args),
      [
        { orderId: 0n, token: ETH, amount: share0.eth.amount - share0.eth.advance },
        { orderId: 0n, token: usdc, amount: share0.usdc.amount - share0.usdc.advance },
      ],
    );
    assert.equal(cancelEvents.filter((e) => e.eventName === "AdvanceReclaimed").length, 0);
    assert.equal((await read<Order>(appeal, "order", [0n])).status, 5, "cancelled");
    const ethBook = await book(appeal, ETH);
    const usdcBook = await book(appeal, usdc);
    assert.equal(ethBook.unbacked, share0.eth.advance, "a cancelled order's advance stays counted");
    assert.equal(usdcBook.unbacked, share0.usdc.advance);

    // An order whose 20% advance would take the unbacked total beyond the cap: explained, not sent.
    const unreserved = await read<bigint>(appeal, "unreservedUsd");
    const orderUsd = 1_400n * E18;
    assert.ok(unreserved >= orderUsd);
    const nonceBefore = await txCount(ROLE.organizer);
    await until(
      "the vetted suppliers",
      async () => (await page.getByTestId("order-supplier").locator("option").count()) > 1,
    );
    const lagosLabel = (
      await page.getByTestId("order-supplier").locator("option").allTextContents()
    ).find((t) => /Lagos/.test(t))!;
    await page.getByTestId("order-supplier").selectOption({ label: lagosLabel });
    await page.getByTestId("order-amountUsd").fill("1400");
    await page.getByTestId("order-units").fill("5000");
    await page.getByTestId("order-deliverBy").fill(await chainDate(30));
    await page.getByTestId("order-advancePercent").fill("20");
    await chooseDocument(
      page,
      "order-terms",
      "PO-E2E-003.txt",
      "PO-E2E-003: 5,000 gloves from Lagos",
    );
    const ethShare = await expectedShare(appeal, ETH, orderUsd);
    const usdcShare = await expectedShare(appeal, usdc, orderUsd);
    // Each token's headroom on chain, and the largest advance (bps) that fits both.
    const fits = (amount: bigint, b: Book) => {
      const headroom = b.advanceCap - b.unbacked;
      return Number(((headroom + 1n) * 10_000n - 1n) / amount);
    };
    const maxBps = Math.min(2_000, fits(ethShare, ethBook), fits(usdcShare, usdcBook));
    assert.ok(maxBps < 2_000);
    const usdcAdvance = (usdcShare * 2_000n) / 10_000n;
    assert.ok(usdcBook.unbacked + usdcAdvance > usdcBook.advanceCap, "the chain would refuse it");
    await until(
      "the headroom shown",
      async () =>
        (await page.getByTestId("order-headroom-USDC").textContent())?.startsWith(
          formatToken(usdcBook.advanceCap - usdcBook.unbacked, USDC_DECIMALS, "USDC"),
        ) ?? false,
    );
    const refusal = (await page.getByTestId("order-error").textContent()) ?? "";
    assert.match(refusal, /^The supplier could not accept this order: its advance of /);
    assert.ok(refusal.endsWith(`An advance of at most ${bpsToPercent(maxBps)} fits now.`), refusal);
    await page
      .getByTestId("order-form")
      .screenshot({ path: path.join(REPORT_DIR, "order-refused.png") });
    await page.getByTestId("order-submit").click();
    assert.equal(await read<bigint>(appeal, "orderCount"), 2n, "nothing was sent");
    assert.equal(await txCount(ROLE.organizer), nonceBefore);

    // At the largest advance the page says fits, the order goes through and Lagos can accept it.
    await page.getByTestId("order-advancePercent").fill(String(maxBps / 100));
    await until("no refusal", async () => (await page.getByTestId("order-error").count()) === 0);
    await page.getByTestId("order-submit").click();
    await settled(page, "order-tx", "Place an order for 5,000 units");
    assert.equal(Number((await read<Order>(appeal, "order", [2n])).status), 1);
    await switchRole(page, ROLE.lagos);
    await nav(page, "supplier");
    await rowOf(page, "supplier-orders", appeal).getByTestId("accept-2").click();
    await settled(page, "supplier-tx", "Accept order 2");
    for (const token of [ETH, usdc]) {
      const b = await book(appeal, token);
      assert.ok(b.unbacked <= b.advanceCap, "within the cap");
      const share = await shareOf(appeal, 2n, token);
      assert.equal(share.advance, (share.amount * BigInt(maxBps)) / 10_000n);
    }

    // The appeal page's timeline shows the returned reservations of the cancelled order.
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    const card = page.locator('[data-testid="order-card"][data-order="0"]');
    await until("the cancelled order's timeline", async () => {
      const text = (await card.textContent()) ?? "";
      return (
        text.includes(
          `returned ${formatToken(share0.usdc.amount - share0.usdc.advance, USDC_DECIMALS, "USDC")} of the reservation, unpaid, back to the pool`,
        ) && text.includes("cancelled by")
      );
    });

    // The vetter reinstates Henan.
    await switchRole(page, ROLE.vetter);
    await nav(page, "admin");
    await page.getByTestId(`reinstate-${henan}`).click();
    await settled(page, "suppliers-tx", "Reinstate Henan");
    assert.equal(
      await client.readContract({
        address: world.seeded.contracts.registry,
        abi: registryAbi,
        functionName: "supplierStatus",
        args: [henan],
      }),
      1,
    );
  });

  it("4. a supplier accepts and ships; one verifier confirms by transaction, another signs (a cancelled signature is refused), a relayer submits the signed confirmation; the supplier withdraws every token at once", async () => {
    const appeal = world.seeded.appeals.delivering; // Accra: order #1 (Lagos, $4,500, 20,000 units) placed
    const { usdc } = world.seeded.contracts;
    const lagos = devAccount(ROLE.lagos);
    const undp = devAccount(ROLE.undp);
    const shares = { eth: await shareOf(appeal, 1n, ETH), usdc: await shareOf(appeal, 1n, usdc) };
    assert.equal(shares.eth.amount, await expectedShare(appeal, ETH, 4_500n * E18));
    const page = await start();
    await openAs(page, world.appUrl, "supplier", ROLE.lagos);
    const order = rowOf(page, "supplier-orders", appeal);
    const mix = `${formatToken(shares.eth.amount, 18, "ETH")} + ${formatToken(shares.usdc.amount, USDC_DECIMALS, "USDC")}`;
    await until(
      "the order's per-token amounts",
      async () => (await order.getByTestId("order-mix-1").textContent()) === mix,
    );
    await order.getByTestId("accept-1").click();
    await settled(page, "supplier-tx", "Accept order 1");
    assert.equal((await read<Order>(appeal, "order", [1n])).status, 2, "accepted");
    await order.getByTestId("evidence-1").fill("ipfs://bafybeie2ewaybill/ACCRA-002-LOS-ACC.pdf");
    await order.getByTestId("ship-1").click();
    await settled(page, "supplier-tx", "Mark order 1 shipped");
    assert.equal((await read<Order>(appeal, "order", [1n])).status, 3, "shipped");

    // WAHO confirms by transaction, with the goods received note hashed in the browser.
    const note = Buffer.from(
      "Accra warehouse GRN-0611: 20,000 masks from Lagos PPE Works, lot LG-06\n",
    );
    const evidence = await fileDigest(note);
    const openConfirm = async (role: number) => {
      await switchRole(page, role);
      await rowOf(page, "verifier-orders", appeal).getByTestId("verify-1").click();
      await page.getByTestId("confirm-units").fill("20000");
      await page.getByTestId("confirm-evidence-file").setInputFiles({
        name: "GRN-0611.txt",
        mimeType: "text/plain",
        buffer: note,
      });
      await until(
        "the evidence hash",
        async () => (await page.getByTestId("confirm-evidence-hash").inputValue()) === evidence,
      );
    };
    const nonceOf = (who: Address) => read<bigint>(appeal, "nonces", [who]);
    await nav(page, "verifier");
    const wahoNonce = await nonceOf(devAccount(ROLE.waho));
    await openConfirm(ROLE.waho);
    await page.getByTestId("confirm-tx").click();
    await settled(page, "verifier-tx", "Confirm 20,000 units");
    assert.equal(
      await nonceOf(devAccount(ROLE.waho)),
      wahoNonce + 1n,
      "a confirmation uses a nonce",
    );
    assert.equal(
      BigInt((await read<Order>(appeal, "order", [1n])).unitsVerified),
      0n,
      "one of two confirmations: nothing verified yet",
    );

    // The UN office signs, valid for 3 days; signing sends nothing.
    const sign = async () => {
      const previous = (await page.getByTestId("signature-value").count())
        ? await page.getByTestId("signature-value").textContent()
        : undefined;
      const before = (await client.getBlock()).timestamp;
      await page.getByTestId("confirm-deadline-days").fill("3");
      await page.getByTestId("confirm-sign").click();
      await settled(page, "verifier-tx", "Sign the confirmation");
      const json = await until("the signed confirmation", async () => {
        const text = (await page.getByTestId("signature-value").textContent())?.trim();
        return text && text !== previous ? text : undefined;
      });
      const after = (await client.getBlock()).timestamp;
      const shared = JSON.parse(json) as Record<string, string | number>;
      assert.equal(shared.campaign, appeal);
      assert.equal(shared.chainId, 31337);
      assert.equal(shared.orderId, "1");
      assert.equal(shared.unitsDelivered, "20000");
      assert.equal(shared.evidenceHash, evidence);
      assert.equal(shared.verifier, undp);
      const deadline = BigInt(shared.deadline);
      assert.ok(deadline - 3n * 86_400n >= before && deadline - 3n * 86_400n <= after);
      return json;
    };
    const undpTxs = await txCount(ROLE.undp);
    const undpNonce = await nonceOf(undp);
    await openConfirm(ROLE.undp);
    const stale = await sign();
    assert.equal(await txCount(ROLE.undp), undpTxs, "signing sent nothing");
    assert.equal(await nonceOf(undp), undpNonce);

    // The UN office cancels its outstanding signatures (after confirming it means it).
    const appealRow = rowOf(page, "verifier-appeals", appeal);
    assert.equal(await appealRow.getByTestId("verifier-nonce").textContent(), String(undpNonce));
    await appealRow.getByTestId("cancel-signatures").click();
    await appealRow.getByTestId("cancel-signatures-confirm").click();
    await settled(page, "nonce-tx", "Cancel my outstanding signatures");
    assert.equal(await nonceOf(undp), undpNonce + 1n);
    await until(
      "the new nonce on the page",
      async () =>
        (await appealRow.getByTestId("verifier-nonce").textContent()) === String(undpNonce + 1n),
    );

    // The relayer submits the cancelled signature: the chain refuses it, in a sentence; nothing sent.
    await switchRole(page, ROLE.relayer);
    const relayerTxs = await txCount(ROLE.relayer);
    await page.getByTestId("sig-list").fill(stale);
    assert.equal(await page.getByTestId("sig-campaign").inputValue(), appeal);
    assert.equal(await page.getByTestId("sig-order").inputValue(), "1");
    assert.equal(await page.getByTestId("sig-units").inputValue(), "20000");
    assert.equal(await page.getByTestId("sig-evidence").inputValue(), evidence);
    await page.getByTestId("sig-submit").click();
    const refused = await failed(page, "sig-tx");
    assert.equal(
      refused,
      `The signature of ${undp} does not match this order, quantity and evidence with its current nonce (${undpNonce + 1n}): it was made for something else, or the verifier has confirmed or cancelled since. Ask for a new signature.`,
    );
    assert.equal(await txCount(ROLE.relayer), relayerTxs);

    // The UN office signs again; the relayer submits it, which completes the 2-of-3 threshold.
    await switchRole(page, ROLE.undp);
    const fresh = await sign();
    await switchRole(page, ROLE.relayer);
    await page.getByTestId("sig-list").fill(fresh);
    await page.getByTestId("sig-parsed").waitFor();
    await page
      .getByTestId("sig-form")
      .screenshot({ path: path.join(REPORT_DIR, "relayer-form.png") });
    await page.getByTestId("sig-submit").click();
    await settled(page, "sig-tx", "Submit 1 signed confirmation");
    const receipt = await receiptOf("sig-tx");
    const submitted = await client.getTransaction({ hash: receipt.transactionHash });
    assert.equal(submitted.from.toLowerCase(), devAccount(ROLE.relayer).toLowerCase());
    const events = eventsIn(receipt);
    assert.deepEqual(
      events.filter((e) => e.eventName === "DeliveryConfirmed").map((e) => e.args),
      [
        {
          orderId: 1n,
          verifier: undp,
          unitsDelivered: 20_000n,
          evidenceHash: evidence,
          bySignature: true,
        },
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.eventName === "PaymentReleased").map((e) => e.args),
      [
        {
          orderId: 1n,
          supplier: lagos,
          token: ETH,
          amount: shares.eth.amount,
          unitsVerified: 20_000n,
          advance: false,
        },
        {
          orderId: 1n,
          supplier: lagos,
          token: usdc,
          amount: shares.usdc.amount,
          unitsVerified: 20_000n,
          advance: false,
        },
      ],
    );
    const onChain = await read<Order>(appeal, "order", [1n]);
    assert.equal(BigInt(onChain.unitsVerified), 20_000n);
    assert.equal(onChain.status, 4, "completed");

    // The supplier withdraws everything the appeal owes it, in every token, with one click.
    const owed = {
      eth: await read<bigint>(appeal, "withdrawable", [lagos, ETH]),
      usdc: await read<bigint>(appeal, "withdrawable", [lagos, usdc]),
    };
    assert.equal(owed.eth, shares.eth.amount);
    assert.equal(owed.usdc, shares.usdc.amount);
    await switchRole(page, ROLE.lagos);
    await nav(page, "supplier");
    const earnings = rowOf(page, "supplier-earnings", appeal);
    await until(
      "every token's amount",
      async () =>
        (await earnings.getByTestId("earning-ETH").textContent()) ===
          formatToken(owed.eth, 18, "ETH") &&
        (await earnings.getByTestId("earning-USDC").textContent()) ===
          formatToken(owed.usdc, USDC_DECIMALS, "USDC"),
    );
    const ethBefore = await balanceOf(ETH, lagos);
    const usdcBefore = await balanceOf(usdc, lagos);
    await earnings.getByTestId("withdraw").click();
    await settled(page, "supplier-tx", "Withdraw");
    const { cost, receipt: withdrawal } = await gasCost(await shownHash("supplier-tx"));
    assert.equal((await balanceOf(ETH, lagos)) - ethBefore, owed.eth - cost);
    assert.equal((await balanceOf(usdc, lagos)) - usdcBefore, owed.usdc);
    assert.deepEqual(
      eventsIn(withdrawal)
        .filter((e) => e.eventName === "Withdrawn")
        .map((e) => e.args),
      [
        { supplier: lagos, token: ETH, to: lagos, amount: owed.eth },
        { supplier: lagos, token: usdc, to: lagos, amount: owed.usdc },
      ],
    );
    assert.equal(await read<bigint>(appeal, "withdrawable", [lagos, ETH]), 0n);
    assert.equal(await read<bigint>(appeal, "withdrawable", [lagos, usdc]), 0n);
  });

  it("5. a donor takes back a failed appeal's pledge in full; after a close, four donors take back the same fraction of what they gave, whatever the token", async () => {
    const { failed: banjul, closed: waho } = world.seeded.appeals;
    const { usdc, usdt, wbtc } = world.seeded.contracts;
    // Donor 2 pledged 1,000 USDC to Banjul, which missed its goal.
    const donor2 = devAccount(ROLE.donor(2));
    assert.equal(await read<number>(banjul, "status"), 2, "failed");
    const page = await start();
    await openAs(page, world.appUrl, `appeal/${banjul}`, ROLE.donor(2));
    const usdcBefore = await balanceOf(usdc, donor2);
    await page.getByTestId("refund-USDC").click();
    await settled(page, "donor-tx", "Claim");
    assert.equal((await balanceOf(usdc, donor2)) - usdcBefore, parseUnits("1000", 6));
    assert.equal(await read<bigint>(banjul, "refundable", [donor2, usdc]), 0n);
    assert.equal((await book(banjul, usdc)).refunded, parseUnits("1000", 6));

    // WAHO closed with $10,000 of $24,000 spent, in every token alike: donors 1-4 gave 3 ETH,
    // 5,000 USDC, 4,000 USDT and 0.1 WBTC, and each takes back its share of what was unspent.
    assert.equal(await read<number>(waho, "status"), 4, "closed");
    await page.goto(`${world.appUrl}/#/appeal/${waho}`);
    const claims: { pledged: bigint; refund: bigint; symbol: string }[] = [];
    for (const [n, token, symbol] of [
      [1, ETH, "ETH"],
      [2, usdc, "USDC"],
      [3, usdt, "USDT"],
      [4, wbtc, "WBTC"],
    ] as const) {
      const donor = devAccount(ROLE.donor(n));
      const [pledged] = await read<readonly [bigint, bigint]>(waho, "pledgeOf", [donor, token]);
      const b = await book(waho, token);
      const due = await read<bigint>(waho, "refundable", [donor, token]);
      assert.equal(due, mulDiv(pledged, b.unspentAtClose, b.pledged - b.cancelled), symbol);
      await switchRole(page, ROLE.donor(n));
      const before = await balanceOf(token, donor);
      await page.getByTestId(`refund-${symbol}`).click();
      await settled(page, "donor-tx", "Claim");
      const { cost } = await gasCost(await shownHash("donor-tx"));
      assert.equal(
        (await balanceOf(token, donor)) - before,
        token === ETH ? due - cost : due,
        `${symbol} refund to the wei`,
      );
      assert.equal(await read<bigint>(waho, "refundable", [donor, token]), 0n);
      await until(
        "the claim button to go",
        async () => (await page.getByTestId(`refund-${symbol}`).count()) === 0,
      );
      claims.push({ pledged, refund: due, symbol });
    }
    // The same fraction for everyone (7/12 of what each gave), within a base unit of rounding.
    for (const a of claims) {
      for (const b of claims) {
        const gap = a.refund * b.pledged - b.refund * a.pledged;
        assert.ok(
          (gap < 0n ? -gap : gap) <= a.pledged + b.pledged,
          `${a.symbol} and ${b.symbol} donors get back the same fraction`,
        );
      }
      const off = a.refund * 12n - a.pledged * 7n;
      assert.ok((off < 0n ? -off : off) <= 12n * 3n, `${a.symbol}: 7/12 of the pledge`);
    }
  });

  it("6. an auditor sees the promise hold, rule by rule, and downloads a CSV that matches the chain", async () => {
    const appeal = world.seeded.appeals.closed;
    const page = await start();
    await page.goto(`${world.appUrl}/#/audit/${appeal}`);
    const verdict = page.getByTestId("audit-verdict");
    await verdict.waitFor({ timeout: 60_000 });
    assert.match((await verdict.textContent()) ?? "", /Everything reconciles\./);

    // "The promise" comes first, one line per rule, each holding.
    const promise = page.getByTestId("promise").locator(":scope > li");
    assert.deepEqual(
      await promise.evaluateAll((els) => els.map((e) => e.getAttribute("data-rule"))),
      Object.keys(PROMISE_RULES),
    );
    assert.deepEqual(
      await promise.evaluateAll((els) => els.map((e) => e.getAttribute("data-ok"))),
      Object.keys(PROMISE_RULES).map(() => "true"),
    );
    await page
      .getByTestId("promise")
      .screenshot({ path: path.join(REPORT_DIR, "audit-promise.png") });
    const headings = await page.locator("[data-testid=audit-report] h2").allTextContents();
    assert.equal(headings[0], "The promise");
    const rules = page.getByTestId("check-summary").locator("li");
    assert.ok((await rules.count()) >= 10, "one line per invariant");
    assert.equal(await page.getByTestId("check-summary").locator("li.bad").count(), 0);
    assert.doesNotMatch((await page.getByTestId("check-summary").textContent()) ?? "", /FAIL/);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    const csv = await readFile((await download.path())!, "utf8");
    await writeFile(path.join(REPORT_DIR, "audit-closed.csv"), csv);
    assert.equal(download.suggestedFilename().toLowerCase(), `audit-${appeal}.csv`.toLowerCase());

    // The same audit, run here against the chain, gives the same file.
    const result = await auditCampaign(client, appeal);
    assert.equal(result.discrepancies.length, 0);
    // Parties by name as the page names them: the registry at the audited block, the organizer
    // and beneficiary from the appeal's metadata (the seeded file its on-chain CID names).
    const metadata = JSON.parse(
      await readFile(path.join(ROOT, "content", "appeals", "waho", "metadata.json"), "utf8"),
    ) as MetadataNames;
    const names = await resolveNames(client, {
      registry: result.registry,
      addresses: partiesOf(historyFromAudit(result)),
      organizer: result.organizer,
      beneficiary: result.params.beneficiary,
      metadata,
      blockNumber: result.toBlock,
    });
    assert.equal(csv, toCsv(result, names));
    assert.match(csv, /,Lagos PPE Works Ltd,/);

    // The charts compare like with like: what each supplier was paid, in USD at pledge-time
    // prices (token amounts in the label), by name, every bar on the same scale.
    const perSupplier = new Map<Address, bigint>();
    for (const o of result.ledger.orders)
      for (const token of o.tokens)
        perSupplier.set(
          o.supplier,
          (perSupplier.get(o.supplier) ?? 0n) +
            usdAtPledge(result.ledger.tokens[token], o.shares[token].paid),
        );
    const widest = [...perSupplier.values()].reduce((m, v) => (v > m ? v : m), 0n);
    const bars = await page
      .getByTestId("chart-suppliers")
      .locator(".bar-row")
      .evaluateAll((rows) =>
        rows.map((row) => ({
          label: row.querySelector(".bar-label")?.textContent ?? "",
          width: Number(row.querySelectorAll("rect")[1]?.getAttribute("width")),
          text: row.querySelector(".bar-value")?.textContent ?? "",
        })),
      );
    assert.deepEqual(
      bars.map((b) => [b.label, b.width]).sort(),
      [...perSupplier]
        .map(([a, usd]) => [names.label(a), Number((usd * 10_000n) / widest) / 100])
        .sort(),
    );
    for (const [a, usd] of perSupplier) {
      const bar = bars.find((b) => b.label === names.label(a))!;
      assert.ok(bar.text.startsWith(formatUsd(usd)), `${bar.label}: ${bar.text}`);
      for (const symbol of ["ETH", "USDC", "USDT", "WBTC"]) assert.ok(bar.text.includes(symbol));
    }
    // After the close, what donors have not taken back is "unclaimed refunds", not "available".
    const ethFlow = (await page.getByTestId("chart-flow-ETH").textContent()) ?? "";
    assert.ok(ethFlow.includes(en.audit.unclaimed));
    assert.ok(!ethFlow.includes(en.audit.inPool));

    // And the CSV's rows add up to the contract's own books, token by token.
    const [cols, ...cells] = parseCsv(csv);
    const rows = cells.map((r) => Object.fromEntries(r.map((v, i) => [cols[i], v])));
    const sum = (kind: string, token: Address) =>
      rows
        .filter((r) => r.kind === kind && r.token?.toLowerCase() === token.toLowerCase())
        .reduce((s, r) => s + BigInt(r.amount_base_units || 0), 0n);
    const params = await read<{ tokens: readonly Address[] }>(appeal, "params");
    const orderCount = await read<bigint>(appeal, "orderCount");
    for (const token of params.tokens) {
      const b = await book(appeal, token);
      assert.equal(sum("pledge", token), b.pledged, `pledged ${token}`);
      assert.equal(sum("refund", token), b.refunded, `refunded ${token}`);
      assert.equal(sum("withdrawal", token), b.withdrawn, `withdrawn ${token}`);
      assert.equal(
        sum("advance", token) + sum("payment", token) - sum("reclaimed", token),
        b.earned,
        `earned ${token}`,
      );
      let reservedByOrders = 0n;
      for (let id = 0n; id < orderCount; id++)
        reservedByOrders += (await shareOf(appeal, id, token)).amount;
      assert.equal(sum("reserve", token), reservedByOrders, `reserved ${token}`);
    }
  });

  it("7. on the wrong network the page refuses to send and offers to switch", async () => {
    const appeal = world.seeded.appeals.open;
    const account = devAccount(ROLE.donor(6));
    const page = await start(undefined);
    // A browser wallet (EIP-1193, announced by EIP-6963) holding an unlocked account of the chain.
    await page.context().addInitScript(
      ({ rpcUrl, account }) => {
        const listeners: Record<string, ((arg: unknown) => void)[]> = {};
        const state = { chainId: 31337, calls: [] as { method: string; params?: unknown }[] };
        const emit = (event: string, arg: unknown) =>
          (listeners[event] ?? []).forEach((l) => l(arg));
        const provider = {
          async request({ method, params }: { method: string; params?: unknown[] }) {
            state.calls.push({ method, params });
            switch (method) {
              case "eth_chainId":
                return `0x${state.chainId.toString(16)}`;
              case "eth_accounts":
              case "eth_requestAccounts":
                return [account];
              case "wallet_requestPermissions":
              case "wallet_getPermissions":
                return [{ parentCapability: "eth_accounts" }];
              case "wallet_switchEthereumChain": {
                state.chainId = parseInt((params![0] as { chainId: string }).chainId, 16);
                emit("chainChanged", `0x${state.chainId.toString(16)}`);
                return null;
              }
            }
            if (method === "eth_sendTransaction" && state.chainId !== 31337)
              throw Object.assign(new Error("wrong chain"), { code: 4901 });
            const response = await fetch(rpcUrl, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
            });
            const json = (await response.json()) as {
              result?: unknown;
              error?: { message: string; code: number };
            };
            if (json.error) throw Object.assign(new Error(json.error.message), json.error);
            return json.result;
          },
          on(event: string, listener: (arg: unknown) => void) {
            (listeners[event] ??= []).push(listener);
          },
          removeListener(event: string, listener: (arg: unknown) => void) {
            listeners[event] = (listeners[event] ?? []).filter((l) => l !== listener);
          },
        };
        const w = window as unknown as Record<string, unknown>;
        w.ethereum = provider;
        w.__wallet = {
          state,
          /** The user picks another network in the wallet. */
          userSwitches(chainId: number) {
            state.chainId = chainId;
            emit("chainChanged", `0x${chainId.toString(16)}`);
          },
        };
        const announce = () =>
          window.dispatchEvent(
            new CustomEvent("eip6963:announceProvider", {
              detail: Object.freeze({
                info: {
                  uuid: "0b8a3f7e-e2e0-4c1a-9d0e-000000000001",
                  name: "Test Wallet",
                  icon: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
                  rdns: "org.handover.testwallet",
                },
                provider,
              }),
            }),
          );
        window.addEventListener("eip6963:requestProvider", announce);
        announce();
      },
      { rpcUrl: world.rpcUrl, account },
    );
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    // wagmi reconnects an authorised wallet on load; otherwise the person clicks its button.
    const connect = page.getByTestId("connect-org.handover.testwallet");
    const address = page.getByTestId("wallet-address");
    await until(
      "the wallet's button or address",
      async () => (await connect.isVisible()) || (await address.isVisible()),
    );
    if (await connect.isVisible()) await connect.click();
    await until(
      "the wallet's address",
      async () =>
        ((await page.getByTestId("wallet-address").getAttribute("title")) ?? "").toLowerCase() ===
        account.toLowerCase(),
    );
    assert.equal(
      await page.getByTestId("wrong-network").count(),
      0,
      "no banner on the right chain",
    );

    // The user moves the wallet to Sepolia.
    await page.evaluate(() =>
      (window as unknown as { __wallet: { userSwitches(id: number): void } }).__wallet.userSwitches(
        11155111,
      ),
    );
    const banner = page.getByTestId("wrong-network");
    await banner.waitFor();
    assert.match((await page.getByTestId("expected-network").textContent()) ?? "", /31337/);
    const nonceBefore = await client.getTransactionCount({ address: account });
    await page.getByTestId("pledge-amount").fill("0.1");
    await page.getByTestId("pledge-submit").click();
    const refusal = await failed(page, "pledge-tx");
    assert.match(refusal, /another network/);
    assert.match(refusal, /nothing was sent/);
    const calls = await page.evaluate(
      () =>
        (window as unknown as { __wallet: { state: { calls: { method: string }[] } } }).__wallet
          .state.calls,
    );
    assert.ok(
      !calls.some((c) => c.method === "eth_sendTransaction"),
      "the wallet was never asked to send",
    );
    assert.equal(await client.getTransactionCount({ address: account }), nonceBefore);
    assert.equal(await pledgeOf(appeal, account, ETH), 0n);

    // The page offers to switch; the wallet is asked for chain 31337 and the pledge goes through.
    await page.getByTestId("switch-network").click();
    await banner.waitFor({ state: "detached" });
    const switched = await page.evaluate(
      () =>
        (
          window as unknown as {
            __wallet: { state: { calls: { method: string; params?: unknown }[] } };
          }
        ).__wallet.state.calls,
    );
    assert.deepEqual(
      switched.filter((c) => c.method === "wallet_switchEthereumChain").map((c) => c.params),
      [[{ chainId: "0x7a69" }]],
    );
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Pledge 0.1 ETH");
    assert.equal(await pledgeOf(appeal, account, ETH), parseEther("0.1"));
  });

  it("8. actions the chain would refuse are disabled with the reason; nothing is sent (closing funding below the goal, pledging more than held)", async () => {
    const appeal = world.seeded.appeals.open; // $50,000 goal, far from met
    const page = await start();
    await openAs(page, world.appUrl, "organizer", ROLE.organizer);
    await until(
      "the organizer's appeals",
      async () =>
        (await page
          .getByTestId("organizer-campaign")
          .locator(`option[value="${appeal}"]`)
          .count()) === 1,
    );
    await page.getByTestId("organizer-campaign").selectOption(appeal);
    const nonceBefore = await client.getTransactionCount({ address: devAccount(ROLE.organizer) });
    const raised = await read<bigint>(appeal, "raisedUsd");
    assert.equal(await page.getByTestId("close-funding").isDisabled(), true);
    assert.equal(
      await page.getByTestId("close-funding-reason").textContent(),
      `Funding can close early only once the goal is met: ${formatUsd(raised)} of $50,000.00 so far.`,
    );
    assert.equal(await read<number>(appeal, "status"), 1, "still funding");
    assert.equal(
      await client.getTransactionCount({ address: devAccount(ROLE.organizer) }),
      nonceBefore,
    );

    // A donor with no WBTC: the pledge button says why it is off, in tokens; nothing is sent.
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    await switchRole(page, ROLE.donor(5));
    await page.getByTestId("pledge-token").selectOption({ label: "WBTC" });
    await page.getByTestId("pledge-amount").fill("3");
    await until(
      "the reason",
      async () =>
        (await page.getByTestId("pledge-reason").textContent()) ===
        "That is more than you hold (0 WBTC).",
    );
    assert.equal(await page.getByTestId("pledge-submit").isDisabled(), true);
    assert.equal(
      await pledgeOf(appeal, devAccount(ROLE.donor(5)), world.seeded.contracts.wbtc),
      0n,
    );
  });

  it("9. the vetter registers, suspends and reinstates verifiers (a suspended verifier is told why it cannot confirm); the admin sets the limits (the launch form follows them) and a token's price bounds", async () => {
    const { registry } = world.seeded.contracts;
    const readRegistry = <T>(functionName: string, args: readonly unknown[] = []) =>
      client.readContract({
        address: registry,
        abi: registryAbi,
        functionName: functionName as never,
        args: args as never,
      }) as Promise<T>;
    const page = await start();
    await openAs(page, world.appUrl, "admin", ROLE.vetter);

    // Register a new verifier, its dossier hashed in the browser.
    const clinic = devAccount(ROLE.donor(8));
    const dossier = Buffer.from("Kano clinic receiving desk: mandate, contacts, signing key\n");
    await page.getByTestId("vreg-address").fill(clinic);
    await page.getByTestId("vreg-name").fill("Kano clinic receiving desk");
    await page.getByTestId("vreg-organization").fill("Kano State Ministry of Health");
    await page.getByTestId("vreg-dossier-file").setInputFiles({
      name: "dossier.txt",
      mimeType: "text/plain",
      buffer: dossier,
    });
    await until(
      "the dossier hash",
      async () =>
        (await page.getByTestId("vreg-dossier-hash").inputValue()) === (await fileDigest(dossier)),
    );
    await page.getByTestId("vreg-submit").click();
    await settled(page, "verifiers-tx", "Register Kano clinic receiving desk");
    const record = await readRegistry<{
      status: number;
      name: string;
      organization: string;
      dossierHash: Hex;
    }>("verifier", [clinic]);
    assert.equal(record.status, 1);
    assert.equal(record.name, "Kano clinic receiving desk");
    assert.equal(record.organization, "Kano State Ministry of Health");
    assert.equal(record.dossierHash, await fileDigest(dossier));
    // The form was cleared after the registration; registering it again is refused on the page,
    // before anything is sent.
    await until(
      "the registration form cleared",
      async () => (await page.getByTestId("vreg-address").inputValue()) === "",
    );
    const vetterTxs = await txCount(ROLE.vetter);
    await page.getByTestId("vreg-address").fill(clinic);
    await page.getByTestId("vreg-name").fill("Kano clinic receiving desk");
    await page.getByTestId("vreg-organization").fill("Kano State Ministry of Health");
    await page.getByTestId("vreg-submit").click();
    assert.equal(
      await page.getByTestId("vregister-error").textContent(),
      "This address is already registered as a verifier.",
    );
    assert.equal(await txCount(ROLE.vetter), vetterTxs);

    // Suspend the logistics desk (a verifier of the Accra appeal), with a reason.
    const logistics = devAccount(ROLE.logistics);
    const reason = "Signing key reported lost";
    await page.getByTestId(`vreason-${logistics}`).fill(reason);
    await page.getByTestId(`vsuspend-${logistics}`).click();
    await page.getByTestId(`vsuspend-${logistics}-confirm`).click();
    await settled(page, "verifiers-tx", "Suspend Sahel Freight");
    assert.equal(await readRegistry<number>("verifierStatus", [logistics]), 2);

    // The logistics desk is told why it cannot confirm Accra's order #0; nothing can be sent.
    await switchRole(page, ROLE.logistics);
    await nav(page, "verifier");
    const standing = page.getByTestId("verifier-standing");
    await standing.waitFor();
    assert.match((await standing.textContent()) ?? "", new RegExp(`Reason given: “${reason}”`));
    const accra = world.seeded.appeals.delivering;
    await rowOf(page, "verifier-orders", accra).getByTestId("verify-0").click();
    assert.equal(
      await page.getByTestId("confirm-problem").textContent(),
      "You are suspended as a verifier: the appeal would refuse this confirmation.",
    );
    assert.equal(await page.getByTestId("confirm-tx").isDisabled(), true);
    assert.equal(await page.getByTestId("confirm-sign").isDisabled(), true);

    // Reinstated, it may confirm again.
    await switchRole(page, ROLE.vetter);
    await nav(page, "admin");
    await page.getByTestId(`vreinstate-${logistics}`).click();
    await settled(page, "verifiers-tx", "Reinstate Sahel Freight");
    assert.equal(await readRegistry<number>("verifierStatus", [logistics]), 1);

    // The admin shortens the funding window to 60 days; the launch form refuses 70 before sending.
    await switchRole(page, ROLE.admin);
    const before = await readRegistry<{
      maxFundingWindow: number;
      maxProcurementWindow: number;
      maxAdvanceBps: number;
      minThreshold: number;
    }>("limits");
    await page.getByTestId("limits-funding").fill("60");
    await page.getByTestId("limits-submit").click();
    await page.getByTestId("limits-confirm-yes").click();
    await settled(page, "limits-tx", "Set the limits");
    assert.deepEqual(await readRegistry("limits"), { ...before, maxFundingWindow: 60 * 86_400 });
    await switchRole(page, ROLE.organizer);
    await nav(page, "organizer");
    await page.getByTestId("launch-form").waitFor();
    await until("the new limit on the form", async () =>
      ((await page.getByTestId("launch-limits").textContent()) ?? "").includes(
        "funding for up to 60 days",
      ),
    );
    await page.getByTestId("launch-deadline").fill(await chainDate(70));
    await page.getByTestId("launch-check").click();
    assert.match(
      (await page.getByTestId("launch-deadline-error").textContent()) ?? "",
      /^This platform allows funding for at most 60 days/,
    );
    await switchRole(page, ROLE.admin);
    await nav(page, "admin");
    await page.getByTestId("limits-funding").fill(String(before.maxFundingWindow / 86_400));
    await page.getByTestId("limits-submit").click();
    await page.getByTestId("limits-confirm-yes").click();
    await settled(page, "limits-tx", "Set the limits");
    assert.deepEqual(await readRegistry("limits"), before);

    // Price bounds for ETH ($100 to $100,000, 8 decimals like the feed), then removed.
    await page.getByTestId("bounds-token").selectOption({ label: "ETH" });
    await page.getByTestId("bounds-min").fill("100");
    await page.getByTestId("bounds-max").fill("100000");
    await page.getByTestId("bounds-submit").click();
    await page.getByTestId("bounds-confirm-yes").click();
    await settled(page, "bounds-tx", "Set the price bounds of ETH");
    assert.deepEqual(await readRegistry("priceBounds", [ETH]), [
      100n * 10n ** 8n,
      100_000n * 10n ** 8n,
    ]);
    assert.equal((await readRegistry<{ bounded: boolean }>("tokenConfig", [ETH])).bounded, true);
    await until(
      "the bounds in the table",
      async () => (await page.getByTestId("bounds-ETH").textContent()) === "100 – 100,000",
    );
    await page.getByTestId("bounds-min").fill("");
    await page.getByTestId("bounds-max").fill("");
    await page.getByTestId("bounds-submit").click();
    await page.getByTestId("bounds-confirm-yes").click();
    await settled(page, "bounds-tx", "Remove the price bounds of ETH");
    assert.deepEqual(await readRegistry("priceBounds", [ETH]), [0n, 0n]);
    // An invalid sequencer grace period is refused on the page; the feed stays unset.
    await page.getByTestId("sequencer-feed").fill(world.seeded.contracts.ethUsdFeed);
    await page.getByTestId("sequencer-grace").fill("0");
    await page.getByTestId("sequencer-submit").click();
    assert.match((await page.getByTestId("sequencer-error").textContent()) ?? "", /grace period/);
    assert.deepEqual(await readRegistry("sequencerUptimeFeed"), [zeroAddress, 0]);
  });

  it("the appeals page filters by status across every appeal, as the chain says", async () => {
    const { factory } = world.seeded.contracts;
    const count = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignCount",
    });
    const all = (await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaigns",
      args: [0n, count],
    })) as readonly Address[];
    const failedOnChain: string[] = [];
    for (const address of all) {
      if ((await read<number>(address, "status")) === 2) failedOnChain.push(address.toLowerCase());
    }
    assert.ok(failedOnChain.includes(world.seeded.appeals.failed.toLowerCase()));

    const page = await start();
    await page.goto(`${world.appUrl}/`);
    await page.getByTestId("appeal-card").first().waitFor({ timeout: 60_000 });
    await page.getByTestId("status-filter").selectOption("Failed");
    const cards = page.getByTestId("appeal-card");
    await until("only failed appeals", async () => {
      const statuses = await cards.evaluateAll((els) =>
        els.map((e) => e.getAttribute("data-status")),
      );
      return statuses.length === failedOnChain.length && statuses.every((s) => s === "Failed");
    });
    const links = await page
      .getByTestId("appeal-link")
      .evaluateAll((els) => els.map((e) => (e.getAttribute("href") ?? "").toLowerCase()));
    for (const address of failedOnChain) {
      assert.ok(
        links.some((href) => href.includes(address)),
        `the failed appeal ${address} is listed`,
      );
    }
  });

  it('10. a French donor types 1,5 ETH; "1.500" is refused as ambiguous; 5 WBTC with 1 held sends nothing, Max fills the balance; the language stays chosen', async () => {
    const appeal = world.seeded.appeals.open;
    const { wbtc } = world.seeded.contracts;
    const donor = devAccount(ROLE.donor(7));
    const page = await start();
    await openAs(page, world.appUrl, `appeal/${appeal}`, ROLE.donor(7));
    await page.getByTestId("language-picker").selectOption("fr");
    await until("the page in French", async () =>
      ((await page.getByTestId("nav-appeals").textContent()) ?? "").includes("Appels"),
    );
    await page.reload();
    assert.equal(
      await page.getByTestId("language-picker").inputValue(),
      "fr",
      "the choice persists",
    );
    assert.equal(await page.evaluate(() => document.documentElement.lang), "fr");
    await page.getByTestId("dev-faucet").click();
    await settled(page, "dev-tx", "WBTC");

    // 1,5 ETH is one and a half ether (it used to be read as 15).
    const ethBefore = await pledgeOf(appeal, donor, ETH);
    await page.getByTestId("pledge-amount").fill("1,5");
    await until("the USD value in French", async () =>
      /≈ 4\u202f500,00\u00a0\$US/.test(
        (await page.getByTestId("usd-estimate").textContent()) ?? "",
      ),
    );
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Promettre 1,5 ETH");
    assert.equal((await pledgeOf(appeal, donor, ETH)) - ethBefore, parseEther("1.5"));

    // "1.500" could be 1500 or 1.5 for a French reader: refused with a sentence, nothing sent.
    await page.getByTestId("pledge-amount").fill("1.500");
    assert.match(
      (await page.getByTestId("pledge-amount-error").textContent()) ?? "",
      /^« 1\.500 » peut signifier 1500 ou 1,5/,
    );
    assert.equal(await page.getByTestId("pledge-submit").isDisabled(), true);

    // 5 WBTC with 1 held: the button says why it is off; no approval is sent, no allowance left.
    const txsBefore = await client.getTransactionCount({ address: donor });
    await page.getByTestId("pledge-token").selectOption({ label: "WBTC" });
    await page.getByTestId("pledge-amount").fill("5");
    await until(
      "the reason",
      async () =>
        (await page.getByTestId("pledge-reason").textContent()) ===
        "C'est plus que ce que vous détenez (1 WBTC).",
    );
    assert.equal(await page.getByTestId("pledge-submit").isDisabled(), true);
    await page.getByTestId("pledge-amount").press("Enter");
    await until("the balance in USD", async () =>
      /≈ 60\u202f000,00\u00a0\$US/.test(
        (await page.getByTestId("pledge-balance").textContent()) ?? "",
      ),
    );
    // Max fills what is held, and the pledge may go.
    await page.getByTestId("pledge-amount-max").click();
    assert.equal(await page.getByTestId("pledge-amount").inputValue(), "1");
    assert.equal(await page.getByTestId("pledge-submit").isDisabled(), false);
    assert.equal(await client.getTransactionCount({ address: donor }), txsBefore, "nothing sent");
    assert.equal(
      await client.readContract({
        address: wbtc,
        abi: erc20Abi,
        functionName: "allowance",
        args: [donor, appeal],
      }),
      0n,
      "no allowance left behind",
    );
    await page.getByTestId("language-picker").selectOption("en");
  });

  it("11. a pending pledge survives a reload: resumed by its hash, its toast follows it to the end; its status stays on its appeal", async () => {
    const appeal = world.seeded.appeals.open;
    const other = launched ?? world.seeded.appeals.delivering;
    const donor = devAccount(ROLE.donor(8));
    const page = await start();
    await openAs(page, world.appUrl, `appeal/${appeal}`, ROLE.donor(8));
    await client.request({ method: "evm_setAutomine", params: [false] } as never);
    try {
      await page.getByTestId("pledge-amount").fill("0.25");
      await page.getByTestId("pledge-submit").click();
      const box = page.getByTestId("pledge-tx");
      await until(
        "the pledge to be sent",
        async () => (await box.getAttribute("data-phase")) === "confirming",
      );
      const hash = await shownHash("pledge-tx");
      const toast = page.getByTestId("toast");
      assert.equal(await toast.getAttribute("data-phase"), "confirming");

      await page.reload();
      await until(
        "the pending pledge resumed after the reload",
        async () =>
          (await page.getByTestId("pledge-tx").getAttribute("data-phase")) === "confirming" &&
          (await page.getByTestId("pledge-tx-hash").textContent()) === hash,
      );
      assert.equal(await page.getByTestId("toast").getAttribute("data-phase"), "confirming");
      // On another appeal, this appeal's pending pledge is not shown as if it were that one's.
      await page.goto(`${world.appUrl}/#/appeal/${other}`);
      await page.getByTestId("pledge-form").waitFor({ state: "attached" });
      assert.equal(await page.getByTestId("pledge-tx").count(), 0);
      await page.goBack();
      await client.request({ method: "evm_mine", params: [] } as never);
      await until(
        "the pledge done",
        async () => (await page.getByTestId("pledge-tx").getAttribute("data-phase")) === "done",
      );
      await until(
        "the toast done",
        async () => (await page.getByTestId("toast").first().getAttribute("data-phase")) === "done",
      );
      assert.equal(await pledgeOf(appeal, donor, ETH), parseEther("0.25"));
      assert.equal(
        await page.evaluate(() => localStorage.getItem("handover.pendingTransactions")),
        "[]",
        "forgotten once mined",
      );
    } finally {
      await client.request({ method: "evm_setAutomine", params: [true] } as never);
    }
  });

  it('12. with the network unreachable every page says so with Retry (not "0 appeals" or Loading for ever), and Retry recovers', async () => {
    const page = await start();
    const rpc = new URL(world.rpcUrl);
    const blocked = (url: URL) => url.host === rpc.host;
    await page.route(blocked, (route) => route.abort("connectionrefused"));
    await page.goto(`${world.appUrl}/`);
    const down = page.getByTestId("network-down");
    await down.waitFor({ timeout: 30_000 });
    assert.match((await down.textContent()) ?? "", /can't be reached/);
    assert.equal(await page.getByTestId("appeal-count").count(), 0, "no count of appeals claimed");
    assert.doesNotMatch((await page.locator("main").textContent()) ?? "", /Loading appeals/);
    await page.unroute(blocked);
    await page.getByTestId("network-retry").click();
    await page.getByTestId("appeal-card").first().waitFor({ timeout: 30_000 });
    assert.equal(await down.count(), 0);
  });

  it("13. every page at 390 px and 1280 px: axe-core finds no violation, the nav is whole, nothing overflows, the pledge form comes first on a phone, Back keeps the scroll position", async () => {
    const { appeals } = world.seeded;
    const pages: [string, string, number | undefined, string][] = [
      ["appeals", "", undefined, "appeal-card"],
      ["appeal", `appeal/${appeals.open}`, ROLE.donor(3), "pledge-form"],
      ["organizer", "organizer", ROLE.organizer, "launch-form"],
      ["supplier", "supplier", ROLE.lagos, "supplier-earnings"],
      ["verifier", "verifier", ROLE.waho, "verifier-orders"],
      ["admin", "admin", ROLE.vetter, "supplier-list"],
      ["audit", `audit/${appeals.closed}`, undefined, "audit-verdict"],
    ];
    const report: string[] = [];
    const page = await start();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
      for (const [name, route, role, ready] of pages) {
        if (role !== undefined) await openAs(page, world.appUrl, route, role);
        else await page.goto(`${world.appUrl}/#/${route}`);
        await page.getByTestId(ready).first().waitFor({ state: "attached", timeout: 60_000 });
        await page.waitForTimeout(300);
        const violations = await axe(page);
        report.push(
          `${name} @ ${width}px: ${violations.length ? violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`).join("; ") : "0 violations"}`,
        );
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        const navRight = await page
          .getByTestId("nav-audit")
          .evaluate((el) => el.getBoundingClientRect().right);
        await page.screenshot({
          path: path.join(REPORT_DIR, `screen-${name}-${width}.png`),
          fullPage: width === 390 && name === "appeal",
        });
        assert.deepEqual(violations, [], `axe on ${name} at ${width}px`);
        assert.ok(overflow <= 0, `${name} at ${width}px overflows by ${overflow}px`);
        assert.ok(navRight <= width, `the nav fits at ${width}px (${navRight})`);
        if (name === "appeal" && width === 390) {
          const top = await page
            .getByTestId("pledge-form")
            .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
          assert.ok(top < 900, `the pledge form starts ${top}px down`);
        }
      }
    }
    await writeFile(path.join(REPORT_DIR, "axe.txt"), report.join("\n") + "\n");

    // Back returns to where the person was on the appeals page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${world.appUrl}/#/`);
    const cards = page.getByTestId("appeal-card");
    await cards.nth(2).waitFor();
    await cards.nth(3).scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 300);
    await cards.nth(3).getByTestId("appeal-link").click();
    await page.getByTestId("appeal-title").waitFor();
    await page.goBack();
    await until("the scroll position restored", async () => {
      const now = await page.evaluate(() => window.scrollY);
      return Math.abs(now - y) < 5;
    });
  });

  it("14. permits are detected as real tokens expose them: EIP-5267 where present, else name, version and DOMAIN_SEPARATOR (FiatToken v2.2); a permit signed with that domain works", async () => {
    const owner = mnemonicToAccount("test test test test test test test test test test test junk", {
      addressIndex: ROLE.donor(9),
    });
    const artifact = JSON.parse(
      await readFile(
        path.join(
          ROOT,
          "artifacts",
          "contracts",
          "mocks",
          "MockFiatTokenV2.sol",
          "MockFiatTokenV2.json",
        ),
        "utf8",
      ),
    ) as { abi: readonly unknown[]; bytecode: Hex };
    const wallet = createWalletClient({
      account: owner,
      chain: { ...hardhat, rpcUrls: { default: { http: [world.rpcUrl] } } },
      transport: http(world.rpcUrl),
    });
    const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode });
    const fiat = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    const spender = devAccount(ROLE.relayer);

    const detected = await detectPermit(client, fiat, owner.address, 31337);
    assert.equal(detected.supported, true);
    assert.ok(detected.supported);
    assert.equal(detected.source, "separator");
    assert.deepEqual(detected.domain, {
      name: "USD Coin",
      version: "2",
      chainId: 31337,
      verifyingContract: fiat,
    });
    const mockUsdc = await detectPermit(client, world.seeded.contracts.usdc, owner.address, 31337);
    assert.ok(mockUsdc.supported && mockUsdc.source === "eip5267");
    const wbtcPermit = await detectPermit(
      client,
      world.seeded.contracts.wbtc,
      owner.address,
      31337,
    );
    assert.equal(wbtcPermit.supported, false, "a token without permit is not offered one");

    const deadline = (await client.getBlock()).timestamp + 3_600n;
    const signature = await owner.signTypedData({
      domain: detected.domain,
      types: PERMIT_TYPES,
      primaryType: "Permit",
      message: {
        owner: owner.address,
        spender,
        value: 1_500_000n,
        nonce: detected.nonce,
        deadline,
      },
    });
    const { v, r, s } = parseSignature(signature);
    const sent = await wallet.writeContract({
      address: fiat,
      abi: erc2612Abi,
      functionName: "permit",
      args: [owner.address, spender, 1_500_000n, deadline, Number(v), r, s],
    });
    assert.equal((await client.waitForTransactionReceipt({ hash: sent })).status, "success");
    assert.equal(
      await client.readContract({
        address: fiat,
        abi: erc20Abi,
        functionName: "allowance",
        args: [owner.address, spender],
      }),
      1_500_000n,
    );
  });

  it("15. the organizer, supplier, verifier, admin and audit pages in French and in Chinese: no English left on screen, amounts and dates in the language's own style, refusals worded in it, axe finds nothing", async () => {
    const { appeals } = world.seeded;
    const raisedClosed = await read<bigint>(appeals.closed, "raisedUsd");
    const STYLE = {
      fr: {
        catalog: fr,
        lang: "fr",
        usd: /\d,\d{2}\u00a0\$US/,
        date: /\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}/,
      },
      zh: {
        catalog: zh,
        lang: "zh-Hans",
        usd: /US\$\d{1,3}(,\d{3})*\.\d{2}/,
        date: /\d{4}年\d{1,2}月\d{1,2}日/,
      },
    } as const;
    const englishDate = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;
    const englishUsd = /(?<![A-Z])\$\d/;
    type Check = (page: import("playwright-core").Page, language: "fr" | "zh") => Promise<void>;
    const text = async (testId: string) =>
      (await session!.page.getByTestId(testId).first().textContent()) ?? "";
    const fill = (template: string, values: Record<string, string>) =>
      template.replace(/{{(\w+)}}/g, (_, k: string) => values[k]);
    const pages: {
      name: string;
      route: string;
      role?: number;
      ready: string;
      style: ("usd" | "date")[];
      refuse?: Check;
    }[] = [
      {
        name: "organizer",
        route: "organizer",
        role: ROLE.organizer,
        ready: "organizer-orders",
        style: ["usd", "date"],
        // The launch form's validator words its refusals in the page's language.
        refuse: async (page, language) => {
          await page.getByTestId("launch-check").click();
          assert.equal(
            await text("launch-beneficiary-error"),
            STYLE[language].catalog.launchErrors.beneficiaryAddress,
          );
        },
      },
      {
        name: "supplier",
        route: "supplier",
        role: ROLE.lagos,
        ready: "supplier-settled",
        style: ["usd"],
      },
      {
        name: "verifier",
        route: "verifier",
        role: ROLE.waho,
        ready: "verifier-orders",
        style: [],
        refuse: async (page, language) => {
          await page.getByTestId("sig-submit").click();
          assert.equal(await text("sig-error"), STYLE[language].catalog.sigErrors.none);
        },
      },
      {
        name: "admin-vetter",
        route: "admin",
        role: ROLE.vetter,
        ready: "supplier-list",
        style: ["date"],
        refuse: async (page, language) => {
          await page.getByTestId("reg-submit").click();
          assert.equal(
            await text("register-error"),
            STYLE[language].catalog.registryErrors.supplierAddress,
          );
        },
      },
      {
        name: "admin",
        route: "admin",
        role: ROLE.admin,
        ready: "limits-form",
        style: ["date"],
        refuse: async (page, language) => {
          await page.getByTestId("limits-funding").fill("0");
          await page.getByTestId("limits-submit").click();
          assert.equal(
            await text("limits-fundingDays-error"),
            fill(STYLE[language].catalog.registryErrors.fundingDays, { min: "1", max: "365" }),
          );
        },
      },
      { name: "audit", route: `audit/${appeals.closed}`, ready: "audit-verdict", style: ["usd"] },
    ];
    const report: string[] = [];
    const page = await start();
    await openAs(page, world.appUrl, "organizer", ROLE.organizer);
    for (const language of ["fr", "zh"] as const) {
      const style = STYLE[language];
      await page.getByTestId("language-picker").selectOption(language);
      await until(`the page in ${language}`, async () =>
        (await page.evaluate(() => document.documentElement.lang)) === style.lang ? true : false,
      );
      const pieces = englishPieces();
      assert.ok(pieces.length > 300, `${pieces.length} English pieces to look for`);
      for (const { name, route, role, ready, style: expected, refuse } of pages) {
        if (role !== undefined) {
          await nav(page, route);
          await switchRole(page, role);
        } else await page.goto(`${world.appUrl}/#/${route}`);
        await page.getByTestId(ready).first().waitFor({ state: "attached", timeout: 60_000 });
        await page.waitForTimeout(300);
        if (refuse) await refuse(page, language);
        const shown = await shownText(page);
        const all = [...shown.texts, ...shown.attributes].join("\n");
        const left = englishLeft(shown, pieces);
        const violations = await axe(page);
        report.push(
          `${name} in ${language}: ${left.length} English string(s) left${left.length ? ` (${left.join("; ")})` : ""}; axe: ${violations.length ? violations.map((v) => v.id).join(", ") : "0 violations"}`,
        );
        await page.screenshot({
          path: path.join(REPORT_DIR, `screen-${name}-${language}.png`),
          fullPage: true,
        });
        assert.deepEqual(left, [], `English left on the ${name} page in ${language}`);
        assert.deepEqual(violations, [], `axe on the ${name} page in ${language}`);
        assert.doesNotMatch(all, englishDate, `an English date on the ${name} page`);
        assert.doesNotMatch(all, englishUsd, `a US-style amount on the ${name} page`);
        for (const kind of expected)
          assert.match(all, style[kind], `${kind} in ${language} style on the ${name} page`);
      }
      // The audit's totals are the chain's, in the language's currency style.
      assert.ok(
        (await text("audit-verdict")).includes(formatUsd(raisedClosed, language)),
        `the audit says ${formatUsd(raisedClosed, language)} was raised`,
      );
    }
    await writeFile(path.join(REPORT_DIR, "i18n.txt"), report.join("\n") + "\n");
    await page.getByTestId("language-picker").selectOption("en");
  });

  it("16. a donor reads their receipt after a refund (appeal page, My giving, printable page) and downloads it: the JSON is what the chain says", async () => {
    const waho = world.seeded.appeals.closed;
    const donor = devAccount(ROLE.donor(1));
    // Journey 5 refunded donor 1's share of WAHO's unspent ETH: nothing stands, the history stays.
    const events = async (eventName: "Pledged" | "RefundClaimed") =>
      client.getContractEvents({
        address: waho,
        abi: campaignAbi,
        eventName,
        args: { donor },
        fromBlock: 0n,
      }) as Promise<{ args: { token: Address; amount: bigint }; transactionHash: Hex }[]>;
    const [pledged, refunded] = [await events("Pledged"), await events("RefundClaimed")];
    assert.equal(refunded.length, 1, "journey 5 claimed donor 1's refund");
    assert.equal(await read<bigint>(waho, "refundable", [donor, ETH]), 0n);

    const page = await start();
    await openAs(page, world.appUrl, `appeal/${waho}`, ROLE.donor(1));
    const receipt = page.getByTestId("receipt");
    await receipt.waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId("refund-ETH").count(), 0, "nothing left to claim");
    assert.equal((await receipt.getAttribute("data-donor"))?.toLowerCase(), donor.toLowerCase());
    const refundRow = page
      .getByTestId("receipt-refunds")
      .locator(`[title="${refunded[0].transactionHash}"]`);
    assert.equal(await refundRow.count(), 1, "the refund is listed with its transaction");
    assert.match((await page.getByTestId("receipt-trail").textContent()) ?? "", /WAHO|Abuja/);
    await page
      .locator("section[aria-labelledby=receipt]")
      .screenshot({ path: path.join(REPORT_DIR, "receipt.png") });

    // The JSON download is the chain's record: every pledge and refund with its transaction,
    // and each order's verified units as the contract counts them.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("receipt-json").click(),
    ]);
    assert.equal(
      download.suggestedFilename(),
      `receipt-${waho.toLowerCase()}-${donor.toLowerCase()}.json`,
    );
    const json = JSON.parse(await readFile((await download.path())!, "utf8")) as {
      receipt: {
        campaign: string;
        donor: string;
        status: string;
        pledges: { token: string; amount: string; at: { transactionHash: string } }[];
        refunds: { token: string; amount: string; at: { transactionHash: string } }[];
        tokens: { token: string; net: string; refunded: string; refundable: string }[];
        orders: { orderId: string; unitsVerified: string; unitsAllocated: string }[];
        totals: { unitsAllocated: string };
      };
      summary: { unitsVerified?: string };
    };
    const r = json.receipt;
    assert.equal(r.campaign.toLowerCase(), waho.toLowerCase());
    assert.equal(r.donor.toLowerCase(), donor.toLowerCase());
    assert.equal(r.status, "Closed");
    assert.deepEqual(
      r.pledges.map((p) => [p.token.toLowerCase(), BigInt(p.amount), p.at.transactionHash]),
      pledged.map((e) => [e.args.token.toLowerCase(), e.args.amount, e.transactionHash]),
    );
    assert.deepEqual(
      r.refunds.map((p) => [p.token.toLowerCase(), BigInt(p.amount), p.at.transactionHash]),
      refunded.map((e) => [e.args.token.toLowerCase(), e.args.amount, e.transactionHash]),
    );
    const eth = r.tokens.find((l) => l.token === ETH)!;
    // The contract no longer holds a pledge for the donor; the receipt keeps what was given.
    assert.equal(await pledgeOf(waho, donor, ETH), 0n);
    assert.equal(
      BigInt(eth.net),
      pledged.filter((e) => e.args.token === ETH).reduce((sum, e) => sum + e.args.amount, 0n),
    );
    assert.equal(BigInt(eth.refunded), refunded[0].args.amount);
    assert.equal(BigInt(eth.refundable), 0n);
    // Donor 1 is WAHO's only ETH donor: the appeal's ETH refunds are theirs.
    assert.equal(BigInt(eth.refunded), (await book(waho, ETH)).refunded);
    let units = 0n;
    for (const o of r.orders) {
      const order = await read<Order>(waho, "order", [BigInt(o.orderId)]);
      assert.equal(BigInt(o.unitsVerified), BigInt(order.unitsVerified), `order ${o.orderId}`);
      assert.ok(BigInt(o.unitsAllocated) <= BigInt(order.unitsVerified));
      units += BigInt(o.unitsAllocated);
    }
    assert.equal(BigInt(r.totals.unitsAllocated), units);
    assert.ok(units > 0n, "donor 1's money bought verified units");

    // The printable page and My giving show the same receipt.
    await page.getByTestId("receipt-printable").click();
    const printable = page.getByTestId("receipt-page");
    await printable.waitFor({ timeout: 60_000 });
    await page.getByTestId("receipt-refunds").waitFor({ timeout: 60_000 });
    assert.equal(
      await page
        .getByTestId("receipt-refunds")
        .locator(`[title="${refunded[0].transactionHash}"]`)
        .count(),
      1,
    );
    assert.equal(await page.getByTestId("receipt-print").count(), 1);
    await nav(page, "giving");
    const row = page.locator(
      `[data-testid="giving-appeal"][data-campaign="${waho.toLowerCase()}"]`,
    );
    await until(
      "WAHO's receipt in My giving",
      async () => (await row.getAttribute("data-state")) === "ready",
      60_000,
    );
    assert.match((await row.getByTestId("giving-line").textContent()) ?? "", /ETH/);
  });

  it("17. the appeal's story, image and an evidence file load from the local IPFS node and are verified against their CID", async () => {
    const waho = world.seeded.appeals.closed;
    const dir = path.join(ROOT, "content", "appeals", "waho");
    const cidOf = async (file: string) =>
      (await computeCid(new Uint8Array(await readFile(path.join(dir, file))))).toString();
    const metadataCid = await cidOf("metadata.json");
    const metadata = JSON.parse(await readFile(path.join(dir, "metadata.json"), "utf8")) as {
      title: string;
      story: string;
      documents: { uri: string; title: string }[];
    };
    // What the seed put on chain names the file the node serves.
    assert.equal(
      (await read<{ metadataURI: string }>(waho, "params")).metadataURI,
      `ipfs://${metadataCid}`,
    );
    assert.ok(await world.ipfs.has(metadataCid), "the embedded node holds the metadata");

    const page = await start();
    await page.goto(`${world.appUrl}/#/appeal/${waho}`);
    const story = page.getByTestId("appeal-story");
    await until(
      "the story",
      async () => (await story.getAttribute("data-state")) === "verified",
      60_000,
    );
    assert.equal(
      ((await page.getByTestId("appeal-title").textContent()) ?? "").trim(),
      metadata.title,
    );
    assert.ok(
      ((await page.getByTestId("story-text").textContent()) ?? "").includes(
        metadata.story.split("\n")[0].slice(0, 80),
      ),
    );
    assert.ok(((await page.getByTestId("metadata-uri").textContent()) ?? "").includes(metadataCid));

    // A closed appeal opens with its summary, under its title: the chain's money and units.
    const summary = page.getByTestId("appeal-summary");
    await summary.waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator(".page-head + [data-testid=appeal-summary]").count(),
      1,
      "the summary comes first",
    );
    const raisedUsd = await read<bigint>(waho, "raisedUsd");
    assert.ok(
      ((await summary.getByTestId("summary-raised").textContent()) ?? "").includes(
        formatUsd(raisedUsd),
      ),
      `raised ${formatUsd(raisedUsd)}`,
    );
    let spentUsd = 0n;
    let verified = 0n;
    for (let id = 0n; id < (await read<bigint>(waho, "orderCount")); id++) {
      const o = await read<Order>(waho, "order", [id]);
      verified += BigInt(o.unitsVerified);
      if (o.status === 4) spentUsd += o.amountUsd; // completed: paid in full
    }
    assert.ok(
      ((await summary.getByTestId("summary-spent").textContent()) ?? "").includes(
        formatUsd(spentUsd),
      ),
      `spent ${formatUsd(spentUsd)}`,
    );
    assert.ok(
      ((await summary.getByTestId("summary-units").textContent()) ?? "").includes(
        verified.toLocaleString("en-US"),
      ),
    );
    assert.match(
      (await summary.getByTestId("summary-suppliers").textContent()) ?? "",
      /Henan Medical Supplies.*Lagos PPE Works|Lagos PPE Works.*Henan Medical Supplies/s,
    );

    const image = page.getByTestId("appeal-image");
    await until(
      "the image",
      async () => (await image.getAttribute("data-state")) === "verified",
      60_000,
    );
    assert.equal(await image.getAttribute("data-cid"), await cidOf("cover.svg"));
    assert.ok(
      await image
        .locator("img")
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      "the verified image is drawn",
    );

    // The photo of the goods received at Abuja: an evidence file of several blocks (a CAR).
    const photo = page.getByTestId("story-document").filter({ hasText: "GRN-0505" });
    await until(
      "the evidence photo",
      async () => (await photo.getAttribute("data-state")) === "verified",
      60_000,
    );
    assert.equal(await photo.getAttribute("data-cid"), await cidOf("evidence/GRN-0505-photo.png"));
    const href = await photo.getByTestId("story-document-open").getAttribute("href");
    assert.match(href ?? "", /^blob:/);
    const bytes = await page.evaluate(async (url) => {
      const b = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return Array.from(b);
    }, href!);
    assert.deepEqual(
      Buffer.from(bytes),
      await readFile(path.join(dir, "evidence", "GRN-0505-photo.png")),
      "the bytes offered are the file's",
    );
  });

  it("18. a file altered by a gateway is refused with a sentence and never shown; the rest still verifies", async () => {
    const waho = world.seeded.appeals.closed;
    const coverCid = (
      await computeCid(
        new Uint8Array(await readFile(path.join(ROOT, "content", "appeals", "waho", "cover.svg"))),
      )
    ).toString();
    // A gateway that serves what the real node serves, but flips a byte of the cover image.
    let altered = 0;
    const gateway = createServer(async (req, res) => {
      const upstream = await fetch(`${world.ipfs.url}${req.url}`, {
        method: req.method,
        headers: { accept: String(req.headers.accept ?? "*/*") },
      });
      const body = new Uint8Array(await upstream.arrayBuffer());
      if ((req.url ?? "").includes(coverCid) && body.length > 0) {
        body[body.length - 1] ^= 0x20;
        altered++;
      }
      res.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/octet-stream",
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "*",
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    try {
      const page = await start();
      // The app's configuration names this gateway only (as a deployment would configure one).
      const deployment = JSON.parse(await readFile(world.deploymentFile, "utf8"));
      await page.route("**/local-deployment.json", (route) =>
        route.fulfill({
          contentType: "application/json",
          body: JSON.stringify({ ...deployment, ipfsGateways: [gatewayUrl] }),
        }),
      );
      await page.goto(`${world.appUrl}/#/appeal/${waho}`);
      const story = page.getByTestId("appeal-story");
      await until(
        "the story",
        async () => (await story.getAttribute("data-state")) === "verified",
        60_000,
      );
      const image = page.getByTestId("appeal-image");
      await until(
        "the image to be refused",
        async () => (await image.getAttribute("data-state")) === "refused",
        60_000,
      );
      assert.ok(altered > 0, "the gateway altered the image it served");
      assert.equal(
        ((await page.getByTestId("appeal-image-problem").textContent()) ?? "").trim(),
        en.content.refused,
      );
      assert.equal(await page.getByTestId("appeal-image-problem").getAttribute("role"), "alert");
      assert.equal(await image.locator("img").count(), 0, "the altered image is not shown");
      assert.match(
        (await image.textContent()) ?? "",
        /^50,000 surgical masks for WAHO: Refused:/,
        "the refusal says which image",
      );
      await page
        .getByTestId("appeal-story")
        .screenshot({ path: path.join(REPORT_DIR, "story-refused.png") });
      // Documents the gateway did not alter still verify through it.
      const photo = page.getByTestId("story-document").filter({ hasText: "GRN-0505" });
      await until(
        "the photo",
        async () => (await photo.getAttribute("data-state")) === "verified",
        60_000,
      );
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it("19. an auditor's npm run audit -- --attest appears on the appeal page with its verdict and its verified report", async () => {
    const waho = world.seeded.appeals.closed;
    const eas = (
      JSON.parse(await readFile(world.deploymentFile, "utf8")) as {
        contracts: { eas?: Address };
      }
    ).contracts.eas;
    assert.ok(eas, "the seed deployed EAS");
    const { stdout, code } = await runCli("audit", [
      "--rpc",
      world.rpcUrl,
      "--campaign",
      waho,
      "--format",
      "json",
      "--out",
      await mkdtemp(path.join(os.tmpdir(), "handover-attest-")),
      "--attest",
    ]);
    assert.equal(code, 0, stdout);
    const uid = /uid (0x[0-9a-f]{64})/.exec(stdout)?.[1];
    const reportCid = /report ipfs:\/\/(\S+)/.exec(stdout)?.[1]?.replace(/[.,]$/, "");
    assert.ok(uid && reportCid, `the CLI names the attestation and its report:\n${stdout}`);
    assert.ok(await world.ipfs.has(reportCid), "the report is on the node the dApp reads");

    const page = await start();
    await page.goto(`${world.appUrl}/#/appeal/${waho}`);
    const attestation = page.locator(`[data-testid="attestation"][data-uid="${uid}"]`);
    await attestation.waitFor({ timeout: 60_000 });
    assert.equal(await attestation.getAttribute("data-verdict"), "reconciles");
    assert.match(
      (await attestation.getByTestId("attestation-verdict").textContent()) ?? "",
      new RegExp(en.attest.reconciles.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
    );
    const report = attestation.getByTestId("attestation-report");
    await until(
      "the report fetched and verified",
      async () => (await report.getAttribute("data-state")) === "verified",
      60_000,
    );
    assert.equal(await report.getAttribute("data-cid"), reportCid);
    // Re-run at the same blocks in the page: it agrees with the attestation.
    await attestation.getByTestId("attestation-rerun").click();
    const result = attestation.getByTestId("rerun-result");
    await result.waitFor({ timeout: 90_000 });
    assert.equal(
      await result.getAttribute("data-agrees"),
      "true",
      (await result.textContent()) ?? "",
    );
    assert.equal(await attestation.getByTestId("rerun-differences").count(), 0);
    await attestation.screenshot({ path: path.join(REPORT_DIR, "attestation.png") });

    // The audit page lists it too, beside the audit it can be compared with.
    await page.goto(`${world.appUrl}/#/audit/${waho}`);
    const onAudit = page.locator(`[data-testid="attestation"][data-uid="${uid}"]`);
    await onAudit.waitFor({ timeout: 60_000 });
    assert.equal(await onAudit.getAttribute("data-verdict"), "reconciles");
  });

  it("20. with the indexer (Ponder on PGlite, started by the harness): the platform page, a donor's My giving and a supplier's queue come from it and agree with the chain; an appeal's figures re-check equal from RPC; when it stops, the pages say so and read the chain", async function () {
    this.timeout(300_000);
    const indexer = await world.startIndexer();
    const { factory } = world.seeded.contracts;
    const count = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignCount",
    });
    const campaigns = (await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaigns",
      args: [0n, count],
    })) as readonly Address[];
    const lower = (a: string) => a.toLowerCase();
    // The chain's own figures, per campaign: raised, orders, each token's books.
    const chain = await Promise.all(
      campaigns.map(async (campaign) => {
        const [raisedUsd, orderCount, params] = await Promise.all([
          read<bigint>(campaign, "raisedUsd"),
          read<bigint>(campaign, "orderCount"),
          read<{ tokens: readonly Address[] }>(campaign, "params"),
        ]);
        const orders = await Promise.all(
          Array.from({ length: Number(orderCount) }, (_, i) =>
            read<Order>(campaign, "order", [BigInt(i)]),
          ),
        );
        const books = await Promise.all(params.tokens.map((t) => book(campaign, t)));
        return { campaign, raisedUsd, orders, tokens: params.tokens, books };
      }),
    );
    const head = await client.getBlockNumber();
    /** Waits until a page's source note says the indexer, at the chain's head or later. */
    const fromIndexer = async (page: import("playwright-core").Page) =>
      until(
        "the page to read the indexer at the chain's head",
        async () => {
          const note = page.getByTestId("data-source").first();
          return (
            (await note.getAttribute("data-source")) === "indexer" &&
            BigInt((await note.getAttribute("data-block")) ?? "0") >= head
          );
        },
        60_000,
      );

    /**
     * The platform page's figures as shown: the totals by label, and each table's cells by row (the
     * cells an appeal's metadata fills — its title, its beneficiary's name — left out).
     */
    const platformFigures = (page: import("playwright-core").Page) =>
      page.evaluate(() => {
        const totals: Record<string, string> = {};
        for (const dt of Array.from(
          document.querySelectorAll('[data-testid="platform-totals"] dt'),
        ))
          totals[dt.textContent!] = dt.nextElementSibling!.textContent!;
        const table = (id: string, key: string, skip: number) =>
          Object.fromEntries(
            Array.from(document.querySelectorAll(`[data-testid="${id}"] tbody tr`)).map((tr) => [
              tr.getAttribute(key),
              Array.from(tr.querySelectorAll("td"))
                .slice(skip)
                .map((td) => td.textContent),
            ]),
          );
        return {
          totals,
          tokens: table("platform-by-token", "data-token", 0),
          appeals: table("platform-by-appeal", "data-appeal", 2),
          suppliers: table("platform-by-supplier", "data-supplier", 0),
          beneficiaries: table("platform-by-beneficiary", "data-beneficiary", 1),
        };
      });

    // ── the platform page ──
    const page = await start();
    await page.goto(`${world.appUrl}/#/platform`);
    await fromIndexer(page);
    const totals = page.getByTestId("platform-totals");
    await totals.waitFor();
    const fromTheIndexer = await platformFigures(page);
    const raised = chain.reduce((s, c) => s + c.raisedUsd, 0n);
    assert.ok(
      (await totals.textContent())!.includes(formatUsd(raised)),
      `the platform raised ${formatUsd(raised)} as the chain says`,
    );
    const unitsVerified = (orders: Order[]) =>
      orders.reduce((s, o) => s + BigInt(o.unitsVerified), 0n);
    for (const c of chain) {
      const row = page.locator(
        `[data-testid="platform-by-appeal"] tr[data-appeal="${lower(c.campaign)}"]`,
      );
      if (!(await row.count())) continue; // only the 20 that raised most are listed
      const cells = await row.locator("td").allTextContents();
      assert.equal(cells[2], formatUsd(c.raisedUsd), `raised by ${c.campaign}`);
      assert.equal(
        cells[6],
        Number(unitsVerified(c.orders)).toLocaleString("en-US"),
        `units verified in ${c.campaign}`,
      );
    }
    // Each supplier's verified units across every appeal, as the chain's orders say.
    const suppliers = new Map<string, bigint>();
    for (const c of chain)
      for (const o of c.orders)
        suppliers.set(
          lower(o.supplier),
          (suppliers.get(lower(o.supplier)) ?? 0n) + BigInt(o.unitsVerified),
        );
    for (const [supplier, units] of suppliers) {
      const row = page.locator(
        `[data-testid="platform-by-supplier"] tr[data-supplier="${supplier}"]`,
      );
      const cells = await row.locator("td").allTextContents();
      assert.equal(
        cells[3],
        Number(units).toLocaleString("en-US"),
        `units verified by ${supplier}`,
      );
      assert.ok(cells[0].length > 12, `the supplier is named: ${cells[0]}`);
    }
    // By token: what stands pledged in each, summed over every appeal, in the token's units.
    const usdc = world.seeded.contracts.usdc;
    const netUsdc = chain.reduce((s, c) => {
      const i = c.tokens.findIndex((t) => lower(t) === lower(usdc));
      return i < 0 ? s : s + c.books[i].pledged - c.books[i].cancelled;
    }, 0n);
    const usdcCell = await page
      .locator('[data-testid="platform-by-token"] tr[data-token="USDC"] td')
      .first()
      .textContent();
    assert.ok(
      usdcCell!.startsWith(formatBalance(netUsdc, USDC_DECIMALS, "USDC")),
      `USDC pledged: ${usdcCell} vs the chain's ${formatBalance(netUsdc, USDC_DECIMALS, "USDC")}`,
    );
    // A phone and a desktop: usable, nothing overflows, axe finds nothing; French and Chinese whole.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axe(page), [], `axe on the platform page at ${width}px`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the platform page at ${width}px overflows by ${overflow}px`);
      await page.screenshot({
        path: path.join(REPORT_DIR, `screen-platform-${width}.png`),
        fullPage: true,
      });
    }
    const pieces = englishPieces();
    for (const language of ["fr", "zh"] as const) {
      await page.getByTestId("language-picker").selectOption(language);
      await page.getByText(language === "fr" ? "Par fournisseur" : "按供应商").waitFor();
      assert.deepEqual(
        englishLeft(await shownText(page), pieces),
        [],
        `English left in ${language}`,
      );
      assert.deepEqual(await axe(page), [], `axe on the platform page in ${language}`);
    }
    await page.getByTestId("language-picker").selectOption("en");

    // ── a donor's My giving: every appeal the chain's Pledged events name, from the indexer ──
    const donor = devAccount(ROLE.donor(1));
    const pledged = await client.getContractEvents({
      abi: campaignAbi,
      eventName: "Pledged",
      args: { donor },
      fromBlock: 0n,
    });
    const gave = new Set(
      pledged.map((l) => lower(l.address)).filter((a) => campaigns.some((c) => lower(c) === a)),
    );
    assert.ok(gave.size >= 2, "donor 1 gave to several appeals");
    await openAs(page, world.appUrl, "giving", ROLE.donor(1));
    await fromIndexer(page);
    await page.getByTestId("giving-appeal").first().waitFor();
    const listed = await page
      .getByTestId("giving-appeal")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-campaign")!));
    assert.deepEqual(new Set(listed), gave, "My giving lists the appeals the chain says");
    const pledgedUsd = pledged.reduce((s, l) => s + (l.args.usdValue ?? 0n), 0n);
    const line = (await page.getByTestId("giving-indexer-totals").textContent())!;
    assert.ok(line.includes(`Across ${gave.size} appeals (${pledged.length} pledges)`), line);
    assert.ok(
      line.includes(`${formatUsd(pledgedUsd)} pledged`),
      `${line} vs ${formatUsd(pledgedUsd)}`,
    );

    // ── a supplier's queue: its open orders everywhere, found by the indexer, read from the chain ──
    const henan = lower(devAccount(ROLE.henan));
    const withOrders = chain.filter((c) => c.orders.some((o) => lower(o.supplier) === henan));
    const open = chain.flatMap((c) =>
      c.orders
        .map((o, id) => ({ campaign: lower(c.campaign), id, o }))
        .filter((x) => lower(x.o.supplier) === henan && x.o.status >= 1 && x.o.status <= 3),
    );
    assert.ok(open.length > 0, "Henan has open orders");
    await switchRole(page, ROLE.henan);
    await nav(page, "supplier");
    await fromIndexer(page);
    const queue = page.getByTestId("supplier-indexer-queue");
    await queue.waitFor();
    assert.ok(
      (await queue.textContent())!.includes(
        `Appeals with your orders (found by the indexer): ${withOrders.length}; open orders: ${open.length}.`,
      ),
      (await queue.textContent())!,
    );
    await until(
      "the supplier's open orders",
      async () => (await page.getByTestId("supplier-orders").locator("li").count()) === open.length,
    );
    const shownCampaigns = await page
      .getByTestId("supplier-orders")
      .locator("li")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-campaign")!.toLowerCase()));
    assert.deepEqual(shownCampaigns.sort(), open.map((x) => x.campaign).sort());

    // ── a verifier's console: the appeals that list it, found by the indexer, read from the chain ──
    const waho = lower(devAccount(ROLE.waho));
    const listing = (
      await Promise.all(
        campaigns.map(async (c) =>
          (await read<{ verifiers: readonly Address[] }>(c, "params")).verifiers.some(
            (v) => lower(v) === waho,
          )
            ? lower(c)
            : undefined,
        ),
      )
    ).filter((c) => c !== undefined);
    assert.ok(listing.length > 0, "WAHO verifies appeals");
    await switchRole(page, ROLE.waho);
    await nav(page, "verifier");
    await fromIndexer(page);
    const verifierQueue = page.getByTestId("verifier-indexer-queue");
    await verifierQueue.waitFor();
    assert.ok(
      (await verifierQueue.textContent())!.startsWith(
        `Appeals that list you as a verifier (found by the indexer): ${listing.length};`,
      ),
      (await verifierQueue.textContent())!,
    );

    // ── the Appeals page: cards from the indexer, one appeal re-checked from RPC, all equal ──
    await nav(page, "appeals");
    await fromIndexer(page);
    const card = page.getByTestId("appeal-card").first();
    await card.getByTestId("recheck-button").click();
    const result = card.getByTestId("recheck-result");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-equal"), "yes", (await result.textContent())!);
    assert.ok(Number(await result.getAttribute("data-compared")) >= 14);
    assert.match(
      (await result.textContent())!,
      /^Equal: the chain \(RPC\) at block [\d,]+ agrees on all \d+ figures\.$/,
    );
    await page.getByTestId("appeal-search").fill(world.seeded.appeals.closed);
    await page.getByTestId("appeal-search").press("Enter");
    await until("the search to find the closed appeal", async () => {
      const cards = await page.getByTestId("appeal-card").count();
      return (
        cards === 1 &&
        (await page.getByTestId("appeal-count").textContent())!.includes("1 appeal matches")
      );
    });

    // ── the indexer stops: the pages say so and read the chain ──
    await indexer.stop();
    await until(
      "the Appeals page to fall back to the chain",
      async () => (await page.getByTestId("data-source").getAttribute("data-source")) === "rpc",
      30_000,
    );
    assert.match(
      (await page.getByTestId("data-source").textContent())!,
      /^From the chain \(RPC\)\. The indexer at http:\/\/127\.0\.0\.1:\d+ does not answer/,
    );
    await until("the chain's cards", async () =>
      (await page.getByTestId("appeal-count").textContent())!.includes(
        `${campaigns.length} appeals`,
      ),
    );
    await switchRole(page, ROLE.henan);
    await nav(page, "supplier");
    await until(
      "the supplier page from the chain",
      async () =>
        (await page.getByTestId("data-source").getAttribute("data-source")) === "rpc" &&
        (await page.getByTestId("supplier-orders").locator("li").count()) === open.length,
      60_000,
    );

    // The platform page computes the same totals from every appeal's views on the chain.
    await nav(page, "platform");
    await until(
      "the platform page from the chain",
      async () =>
        (await page.getByTestId("data-source").getAttribute("data-source")) === "rpc" &&
        (await page.getByTestId("platform-totals").count()) === 1,
      60_000,
    );
    assert.match(
      (await page.getByTestId("data-source").textContent())!,
      /^From the chain \(RPC\)\. The indexer at http:\/\/127\.0\.0\.1:\d+ does not answer/,
    );
    const fromTheChain = await platformFigures(page);
    assert.ok(
      fromTheChain.totals.Raised === formatUsd(raised),
      `raised from the chain: ${fromTheChain.totals.Raised} vs ${formatUsd(raised)}`,
    );
    const verifiedEverywhere = chain.reduce((s, c) => s + unitsVerified(c.orders), 0n);
    assert.equal(
      fromTheChain.totals["Units verified delivered"],
      Number(verifiedEverywhere).toLocaleString("en-US"),
    );
    // Every figure the chain's views give equals the indexer's; only what events give is left out.
    const onlyFromEvents = ["Pledges cancelled", "Donors", "Pledges"];
    assert.deepEqual(
      fromTheChain.totals,
      Object.fromEntries(
        Object.entries(fromTheIndexer.totals).filter(([label]) => !onlyFromEvents.includes(label)),
      ),
    );
    assert.deepEqual(
      Object.keys(fromTheIndexer.totals).filter((l) => onlyFromEvents.includes(l)),
      onlyFromEvents,
    );
    assert.ok(
      (await page.getByTestId("platform-events-only").textContent())!.includes(
        "the indexer shows them",
      ),
    );
    assert.ok(Object.keys(fromTheChain.suppliers).length >= suppliers.size);
    assert.ok(Object.keys(fromTheChain.appeals).length > 0 && "USDC" in fromTheChain.tokens);
    assert.deepEqual(fromTheChain.suppliers, fromTheIndexer.suppliers, "per supplier");
    assert.deepEqual(fromTheChain.tokens, fromTheIndexer.tokens, "per token");
    assert.deepEqual(fromTheChain.appeals, fromTheIndexer.appeals, "per appeal");
    assert.deepEqual(fromTheChain.beneficiaries, fromTheIndexer.beneficiaries, "per beneficiary");
  });
});
