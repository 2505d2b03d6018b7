/// <reference lib="dom" />
/**
 * Every role's journey in a real headless Chromium, against a local chain seeded by scripts/seed.ts
 * and the built dApp (developer wallet on). Each journey acts through the page, then checks the
 * chain with viem reads. `npm run test:e2e` (part of `npm test`). On failure the page's screenshot
 * and console log go to reports/e2e/.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import {
  erc20Abi,
  keccak256,
  parseEther,
  parseUnits,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { auditCampaign } from "../client/audit.ts";
import { campaignAbi, campaignFactoryAbi, mockUsdcAbi } from "../client/generated/abis.ts";
import { toCsv } from "../client/report.ts";
import { REPORT_DIR, startWorld, type World } from "./harness.ts";
import {
  devAccount,
  failed,
  nav,
  newSession,
  openAs,
  rowOf,
  settled,
  switchRole,
  until,
  type Session,
} from "./page.ts";

const ETH = zeroAddress;
const ROLE = {
  admin: 0,
  organizer: 2,
  henan: 3,
  lagos: 4,
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
  amount: bigint;
  units: bigint;
  unitsVerified: bigint;
  status: number;
  paid: bigint;
};
type Book = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  withdrawn: bigint;
  reserved: bigint;
};
/** What a transaction shown by the page cost its sender in gas. */
async function gasCost(hash: Hex) {
  const receipt = await client.getTransactionReceipt({ hash });
  return { receipt, cost: receipt.gasUsed * receipt.effectiveGasPrice };
}
const shownHash = async (testId: string) =>
  (await session!.page.getByTestId(`${testId}-hash`).textContent()) as Hex;
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
    await settled(page, "pledge-tx", "Pledge ETH");
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
    await settled(page, "pledge-tx", "Pledge with the permit");
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
    await settled(page, "donor-tx", "Cancel your USDT pledge");
    assert.equal(await pledgeOf(appeal, donor, usdt), 0n);
    assert.equal(await balanceOf(usdt, donor), parseUnits("10000", 6));
    const raisedAfterCancel = await read<bigint>(appeal, "raisedUsd");
    assert.equal(raisedAfterPledges - raisedAfterCancel, 500n * 10n ** 18n);
    await until("the page to show the cancellation", async () =>
      ((await page.getByTestId("pledge-feed").textContent()) ?? "").includes("cancelled"),
    );
  });

  it("2. an organizer launches an appeal (an invalid input refused), closes funding early, places two orders", async () => {
    const { factory } = world.seeded.contracts;
    const waho = devAccount(ROLE.waho);
    const undp = devAccount(ROLE.undp);
    const countBefore = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignCount",
    });
    const page = await start();
    await openAs(page, world.appUrl, "organizer", ROLE.organizer);
    const form = page.getByTestId("launch-form");
    await form.waitFor();
    await page.getByTestId("launch-unitName").fill("nitrile examination gloves (EN 455)");
    await page.getByTestId("launch-targetUnits").fill("10000");
    await page.getByTestId("launch-goalUsd").fill("1000");
    await page.getByTestId("launch-beneficiary").fill("0x12345"); // not an address
    await page.getByTestId("launch-deadline").fill(await chainDate(7));
    await page.getByTestId("launch-procurementDeadline").fill(await chainDate(90));
    await page.getByTestId("launch-graceDays").fill("7");
    await page.getByTestId("launch-maxAdvancePercent").fill("20");
    await page.getByTestId("launch-metadataURI").fill("ipfs://bafybeie2egloves/metadata.json");
    await page.getByTestId("launch-verifiers").fill(`${waho}\n${undp}`);
    await page.getByTestId("launch-threshold").fill("2");
    const tokenBoxes = page.getByTestId("launch-tokens");
    await until(
      "the accepted tokens",
      async () => (await tokenBoxes.getByLabel("USDC").count()) > 0,
    );
    await tokenBoxes.getByLabel("ETH").check();
    await tokenBoxes.getByLabel("USDC").check();
    await page.getByTestId("launch-check").click();
    const refusal = await page.getByTestId("launch-beneficiary-error").textContent();
    assert.match(refusal ?? "", /address/);
    assert.equal(await page.getByTestId("launch-submit").isDisabled(), true);
    assert.equal(
      await client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "campaignCount",
      }),
      countBefore,
      "nothing was sent",
    );

    await page.getByTestId("launch-beneficiary").fill(waho);
    await page.getByTestId("launch-check").click();
    await page.getByTestId("launch-preview").waitFor();
    await page.getByTestId("launch-submit").click();
    await settled(page, "launch-tx", "Launch the appeal");
    const count = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignCount",
    });
    assert.equal(count, countBefore + 1n);
    const appeal = await client.readContract({
      address: factory,
      abi: campaignFactoryAbi,
      functionName: "campaignAt",
      args: [count - 1n],
    });
    const params = await read<{
      goalUsd: bigint;
      targetUnits: bigint;
      threshold: number;
      verifiers: readonly Address[];
      tokens: readonly Address[];
      unitName: string;
      beneficiary: Address;
    }>(appeal, "params");
    assert.equal(params.goalUsd, 1_000n * 10n ** 18n);
    assert.equal(BigInt(params.targetUnits), 10_000n);
    assert.equal(params.threshold, 2);
    assert.deepEqual(params.verifiers, [waho, undp]);
    assert.equal(params.tokens.length, 2);
    assert.equal(params.unitName, "nitrile examination gloves (EN 455)");
    assert.equal(params.beneficiary, waho);

    // A donor meets the goal: 0.5 ETH = $1,500.
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    await switchRole(page, ROLE.donor(9));
    await page.getByTestId("pledge-amount").fill("0.5");
    await page.getByTestId("pledge-submit").click();
    await settled(page, "pledge-tx", "Pledge ETH");

    // The organizer closes funding early and orders from two suppliers.
    await switchRole(page, ROLE.organizer);
    await nav(page, "organizer");
    await until(
      "the new appeal in the console",
      async () => (await page.getByTestId("organizer-campaign").inputValue()) === appeal,
    );
    await page.getByTestId("close-funding").click();
    await settled(page, "organizer-tx", "Close funding early");
    assert.equal(await read<number>(appeal, "status"), 3, "in procurement");

    const orderForm = page.getByTestId("order-form");
    await orderForm.waitFor();
    const place = async (
      supplier: RegExp,
      amount: string,
      units: string,
      advance: string,
      terms: string,
    ) => {
      await until(
        "the vetted suppliers",
        async () => (await page.getByTestId("order-supplier").locator("option").count()) > 1,
      );
      await page.getByTestId("order-supplier").selectOption({ label: (await labelOf(supplier))! });
      await page.getByTestId("order-token").selectOption({ label: "ETH" });
      await page.getByTestId("order-amount").fill(amount);
      await page.getByTestId("order-units").fill(units);
      await page.getByTestId("order-deliver-by").fill(await chainDate(30));
      await page.getByTestId("order-advance").fill(advance);
      await page.getByTestId("order-terms").fill(terms);
      await page.getByTestId("order-submit").click();
      await settled(page, "order-tx", `Place an order for ${units} units`);
    };
    const labelOf = async (pattern: RegExp) =>
      (await page.getByTestId("order-supplier").locator("option").allTextContents()).find((t) =>
        pattern.test(t),
      );
    await place(/Henan/, "0.2", "4000", "10", "PO-E2E-001: 4,000 gloves from Henan");
    await place(/Lagos/, "0.25", "6000", "0", "PO-E2E-002: 6,000 gloves from Lagos");

    assert.equal(await read<bigint>(appeal, "orderCount"), 2n);
    const [first, second] = await Promise.all(
      [0n, 1n].map((id) => read<Order>(appeal, "order", [id])),
    );
    assert.equal(first.supplier, devAccount(ROLE.henan));
    assert.equal(first.amount, parseEther("0.2"));
    assert.equal(BigInt(first.units), 4_000n);
    assert.equal(second.supplier, devAccount(ROLE.lagos));
    assert.equal(second.amount, parseEther("0.25"));
    assert.equal(first.status, 1);
    assert.equal(second.status, 1);
    const book = await read<Book>(appeal, "ledger", [ETH]);
    assert.equal(book.reserved, parseEther("0.45"));
  });

  it("3. a supplier accepts and ships; one verifier confirms by transaction, another by a signature a third account submits; the supplier withdraws", async () => {
    const appeal = world.seeded.appeals.delivering; // Accra: order #1 (Lagos, 1.5 ETH, 20,000 units) placed
    const lagos = devAccount(ROLE.lagos);
    const page = await start();
    await openAs(page, world.appUrl, "supplier", ROLE.lagos);
    const order = rowOf(page, "supplier-orders", appeal);
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
    const evidence = keccak256(note);
    const confirmAs = async (role: number) => {
      await switchRole(page, role);
      const row = rowOf(page, "verifier-orders", appeal);
      await row.getByTestId("verify-1").click();
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
    await nav(page, "verifier");
    await confirmAs(ROLE.waho);
    await page.getByTestId("confirm-tx").click();
    await settled(page, "verifier-tx", "Confirm 20000 units");
    let onChain = await read<Order>(appeal, "order", [1n]);
    assert.equal(
      BigInt(onChain.unitsVerified),
      0n,
      "one of two confirmations: nothing verified yet",
    );

    // The UN office signs (sending nothing); the relayer, a third account, submits that one signature,
    // which completes the 2-of-3 threshold with WAHO's confirmation by transaction.
    const signatures: string[] = [];
    const undpNonce = await client.getTransactionCount({ address: devAccount(ROLE.undp) });
    await confirmAs(ROLE.undp);
    await page.getByTestId("confirm-sign").click();
    await settled(page, "verifier-tx", "Sign the confirmation");
    signatures.push(((await page.getByTestId("signature-value").textContent()) ?? "").trim());
    assert.equal(
      await client.getTransactionCount({ address: devAccount(ROLE.undp) }),
      undpNonce,
      "signing sent nothing",
    );
    await switchRole(page, ROLE.relayer);
    await page.getByTestId("sig-campaign").fill(appeal);
    await page.getByTestId("sig-order").fill("1");
    await page.getByTestId("sig-units").fill("20000");
    await page.getByTestId("sig-evidence").fill(evidence);
    await page.getByTestId("sig-list").fill(signatures.join("\n"));
    await page.getByTestId("sig-submit").click();
    await settled(page, "sig-tx", "Submit 1 signature(s)");
    const submitted = await client.getTransaction({ hash: await shownHash("sig-tx") });
    assert.equal(submitted.from.toLowerCase(), devAccount(ROLE.relayer).toLowerCase());
    onChain = await read<Order>(appeal, "order", [1n]);
    assert.equal(BigInt(onChain.unitsVerified), 20_000n);
    assert.equal(onChain.status, 4, "completed");
    assert.equal(await read<bigint>(appeal, "withdrawable", [lagos, ETH]), parseEther("1.5"));

    // The supplier withdraws what it earned.
    await switchRole(page, ROLE.lagos);
    await nav(page, "supplier");
    const balanceBefore = await balanceOf(ETH, lagos);
    await rowOf(page, "supplier-earnings", appeal).getByTestId("withdraw-ETH").click();
    await settled(page, "supplier-tx", "Withdraw");
    const { cost } = await gasCost(await shownHash("supplier-tx"));
    assert.equal((await balanceOf(ETH, lagos)) - balanceBefore, parseEther("1.5") - cost);
    assert.equal(await read<bigint>(appeal, "withdrawable", [lagos, ETH]), 0n);
  });

  it("4. a donor takes back a failed appeal's pledge in full, and another claims a closed appeal's unspent share", async () => {
    const { failed: banjul, closed: waho } = world.seeded.appeals;
    const { usdc } = world.seeded.contracts;
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
    assert.equal((await read<Book>(banjul, "ledger", [usdc])).refunded, parseUnits("1000", 6));

    // Donor 1 pledged 3 ETH to WAHO, which closed with 1 ETH of 3 unspent.
    const donor1 = devAccount(ROLE.donor(1));
    assert.equal(await read<number>(waho, "status"), 4, "closed");
    const due = await read<bigint>(waho, "refundable", [donor1, ETH]);
    assert.equal(due, parseEther("1"));
    await page.goto(`${world.appUrl}/#/appeal/${waho}`);
    await switchRole(page, ROLE.donor(1));
    const ethBefore = await balanceOf(ETH, donor1);
    await page.getByTestId("refund-ETH").click();
    await settled(page, "donor-tx", "Claim");
    const { cost } = await gasCost(await shownHash("donor-tx"));
    assert.equal((await balanceOf(ETH, donor1)) - ethBefore, due - cost);
    assert.equal(await read<bigint>(waho, "refundable", [donor1, ETH]), 0n);
    await until(
      "the claim button to go",
      async () => (await page.getByTestId("refund-ETH").count()) === 0,
    );
  });

  it("5. an auditor sees every invariant hold and downloads a CSV that matches the chain", async () => {
    const appeal = world.seeded.appeals.closed;
    const page = await start();
    await page.goto(`${world.appUrl}/#/audit/${appeal}`);
    const verdict = page.getByTestId("audit-verdict");
    await verdict.waitFor({ timeout: 60_000 });
    assert.match((await verdict.textContent()) ?? "", /Everything reconciles\./);
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
    assert.equal(csv, toCsv(result));

    // And the CSV's rows add up to the contract's own books, token by token.
    const [cols, ...cells] = parseCsv(csv);
    const rows = cells.map((r) => Object.fromEntries(r.map((v, i) => [cols[i], v])));
    const sum = (kind: string, token: Address) =>
      rows
        .filter((r) => r.kind === kind && r.token?.toLowerCase() === token.toLowerCase())
        .reduce((s, r) => s + BigInt(r.amount_base_units || 0), 0n);
    const params = await read<{ tokens: readonly Address[] }>(appeal, "params");
    for (const token of params.tokens) {
      const book = await read<Book>(appeal, "ledger", [token]);
      assert.equal(sum("pledge", token), book.pledged, `pledged ${token}`);
      assert.equal(sum("refund", token), book.refunded, `refunded ${token}`);
      assert.equal(sum("withdrawal", token), book.withdrawn, `withdrawn ${token}`);
    }
  });

  it("6. on the wrong network the page refuses to send and offers to switch", async () => {
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
    await settled(page, "pledge-tx", "Pledge ETH");
    assert.equal(await pledgeOf(appeal, account, ETH), parseEther("0.1"));
  });

  it("7. a reverted transaction shows a sentence, not a hex blob", async () => {
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
    await page.getByTestId("close-funding").click();
    const sentence = await failed(page, "organizer-tx");
    assert.match(sentence, /goal/i);
    assert.doesNotMatch(sentence, /0x[0-9a-f]{8}/i, "no selector or revert data");
    assert.match(sentence, /^[A-Z].*[.)]$/s, "a sentence");
    assert.equal(await read<number>(appeal, "status"), 1, "still funding");
    assert.equal(
      await client.getTransactionCount({ address: devAccount(ROLE.organizer) }),
      nonceBefore,
    );

    // A token's own error too: a donor pledges more WBTC than it holds.
    await page.goto(`${world.appUrl}/#/appeal/${appeal}`);
    await switchRole(page, ROLE.donor(5));
    await page.getByTestId("pledge-token").selectOption({ label: "WBTC" });
    await page.getByTestId("pledge-amount").fill("3");
    await page.getByTestId("pledge-submit").click();
    const tokenSentence = await failed(page, "pledge-tx");
    assert.match(tokenSentence, /balance/i);
    assert.doesNotMatch(tokenSentence, /0x[0-9a-f]{8}/i);
    assert.equal(
      await pledgeOf(appeal, devAccount(ROLE.donor(5)), world.seeded.contracts.wbtc),
      0n,
    );
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
});
