/**
 * The transparency report of an audited campaign, as Markdown (people), CSV (every ledger entry,
 * for spreadsheets) and JSON (everything, for machines).
 */
import { formatUnits, type Address } from "viem";

import { PROMISE_RULES, type AuditResult, type TokenInfo } from "./audit.ts";
import { advanceCap, available, usdAtPledge } from "./ledger.ts";
import { NameBook } from "./names.ts";

const usd = (value: bigint) =>
  "$" +
  Number(formatUnits(value, 18)).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });

export function formatAmount(value: bigint, token: TokenInfo): string {
  return `${formatUnits(value, token.decimals)} ${token.symbol}`;
}

const date = (seconds: bigint) =>
  new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

/** JSON with bigints as decimal strings. */
export function toJson(result: AuditResult): string {
  return (
    JSON.stringify(
      result,
      (_key, value) => (typeof value === "bigint" ? value.toString() : value),
      2,
    ) + "\n"
  );
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per ledger entry, in chain order. Amounts in the token's base units and in decimal; the
 * account's name beside its address when `names` knows it (registry or metadata, see names.ts).
 */
export function toCsv(result: AuditResult, names: NameBook = new NameBook()): string {
  const tokens = new Map(result.tokens.map((t) => [t.address, t]));
  const header = [
    "block",
    "tx",
    "log_index",
    "kind",
    "account",
    "account_name",
    "token",
    "symbol",
    "amount_base_units",
    "amount",
    "usd_at_pledge",
    "order_id",
    "units",
    "detail",
  ];
  const rows = result.ledger.entries.map((e) => {
    const token = e.token ? tokens.get(e.token) : undefined;
    return [
      e.blockNumber,
      e.transactionHash,
      e.logIndex,
      e.kind,
      e.account,
      names.name(e.account),
      e.token,
      token?.symbol,
      e.amount,
      e.amount !== undefined && token ? formatUnits(e.amount, token.decimals) : undefined,
      e.usdValue !== undefined ? formatUnits(e.usdValue, 18) : undefined,
      e.orderId,
      e.units,
      e.detail,
    ]
      .map(csvCell)
      .join(",");
  });
  return [header.join(","), ...rows].join("\n") + "\n";
}

/** The report for people; parties named "Name (`0x…`)" when `names` knows them. */
export function toMarkdown(result: AuditResult, names: NameBook = new NameBook()): string {
  const who = (address: string) => names.labelFull(address);
  const { params, ledger } = result;
  const tokens = new Map(result.tokens.map((t) => [t.address, t]));
  const tok = (address: Address) =>
    tokens.get(address) ?? { address, symbol: address, decimals: 18 };
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);

  const donors = Object.keys(ledger.donors).length;
  const delivered = ledger.orders.reduce((s, o) => s + o.unitsVerified, 0n);
  const ordered = ledger.orders
    .filter((o) => o.status !== "Cancelled")
    .reduce((s, o) => s + o.units, 0n);
  const promiseBroken = result.discrepancies.filter((d) => d.rule.startsWith("promise-"));
  const verdict =
    result.discrepancies.length === 0
      ? "**Everything reconciles, and the promise holds.**"
      : `**${result.discrepancies.length} discrepancies** (listed below)${promiseBroken.length ? `, ${promiseBroken.length} of them breaking the promise` : ""}.`;

  push(
    `# Transparency report: ${params.targetUnits.toLocaleString("en-US")} ${params.unitName}`,
    "",
    `Campaign \`${result.campaign}\` on chain ${result.chainId}, audited from its events in blocks ${result.creationBlock}–${result.toBlock} (${date(result.blockTimestamp)})${result.head !== undefined ? `, ${result.confirmations} confirmation${result.confirmations === 1 ? "" : "s"} behind the head the provider reported (${result.head}); every view and balance read at block ${result.toBlock} (hash \`${result.toBlockHash}\`, checked unchanged at the end)` : ""}. ${verdict}`,
    "",
    ...(result.version === 1
      ? [
          "This campaign belongs to a v1 deployment, made before the promise was enforced by the contracts: the promise is checked from its history all the same.",
          "",
        ]
      : []),
    "## The promise",
    "",
    "| | rule | checks | failed |",
    "| --- | --- | ---: | ---: |",
    ...Object.entries(PROMISE_RULES).map(([rule, text]) => {
      const of = result.checks.filter((c) => c.rule === rule);
      const failed = of.filter((c) => !c.ok).length;
      return `| ${failed ? "✘" : "✔"} | ${text} | ${of.length} | ${failed} |`;
    }),
    "",
    `| | |`,
    `| --- | --- |`,
    `| status | ${result.status} |`,
    `| metadata | ${params.metadataURI} |`,
    `| beneficiary | ${who(params.beneficiary)} |`,
    `| organizer | ${who(result.organizer)} |`,
    `| factory / registry | \`${result.factory ?? "unknown"}\` / \`${result.registry}\` |`,
    `| goal | ${usd(params.goalUsd)} (${params.allOrNothing ? "all-or-nothing" : "keep what you raise"}) |`,
    `| raised (USD at pledge time, cancellations excluded) | ${usd(result.raisedUsd)} |`,
    `| funding deadline / procurement deadline | ${date(params.deadline)} / ${date(params.procurementDeadline)} |`,
    `| donors | ${donors} |`,
    `| verifiers (threshold ${params.threshold}) | ${params.verifiers.map(who).join(", ")} |`,
    `| units delivered and verified | ${delivered.toLocaleString("en-US")} of ${params.targetUnits.toLocaleString("en-US")} targeted (${ordered.toLocaleString("en-US")} on orders not cancelled) |`,
    "",
    "## Money per token",
    "",
    "| token | pledged | cancelled | refunded | advances | paid for deliveries | withdrawn by suppliers | reserved | owed to suppliers | available | balance | USD at pledge time | paid beyond verified delivery (most / cap) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const token of params.tokens) {
    const b = ledger.tokens[token];
    const t = tok(token);
    const f = (v: bigint) => formatAmount(v, t);
    push(
      `| ${t.symbol} | ${f(b.pledged)} | ${f(b.cancelled)} | ${f(b.refunded)} | ${f(b.advances - b.reclaimed)} | ${f(b.earned - b.advances + b.reclaimed)} | ${f(b.withdrawn)} | ${f(b.reserved)} | ${f(b.earned - b.withdrawn)} | ${f(available(b))} | ${f(result.onChain[token]?.balance ?? 0n)} | ${usd(b.pledgedUsd)} | ${f(b.unbackedPeak)} / ${f(advanceCap(b, params.maxAdvanceBps))} |`,
    );
  }

  push("", "## Orders, deliveries and payments", "");
  if (ledger.orders.length === 0) push("No orders were placed.");
  for (const o of ledger.orders) {
    const amounts = o.tokens.map((t) => formatAmount(o.shares[t].amount, tok(t))).join(" + ");
    const paid = o.tokens.map((t) => formatAmount(o.shares[t].paid, tok(t))).join(" + ");
    push(
      `### Order ${o.id}: ${o.units.toLocaleString("en-US")} ${params.unitName} from ${who(o.supplier)}`,
      "",
      `${o.amountUsd !== undefined ? `${usd(o.amountUsd)} at pledge-time prices: ` : ""}${amounts || "nothing reserved"}; deliver by ${date(o.deliverBy)}, advance ${o.advanceBps / 100}%, terms \`${o.termsHash}\`. Status **${o.status}**; ${o.unitsVerified.toLocaleString("en-US")} units verified, ${paid || "nothing"} paid. Placed in tx \`${o.created.transactionHash}\`.`,
      "",
    );
    const byOrder = ledger.entries.filter(
      (e) => e.orderId === o.id && (e.kind === "returned" || e.kind === "reclaimed"),
    );
    const rows = [
      ...o.shipments.map((s) => ({ at: s, text: `shipment marked, evidence ${s.evidenceURI}` })),
      ...o.confirmations.map((c) => ({
        at: c,
        text: `${names.name(c.verifier) ? who(c.verifier) : c.verifier} confirmed ${c.unitsDelivered.toLocaleString("en-US")} units${c.bySignature ? " (EIP-712 signature)" : ""}, evidence \`${c.evidenceHash}\``,
      })),
      ...o.payments.map((p) => ({
        at: p,
        text: `${p.advance ? "advance" : "payment"} of ${formatAmount(p.amount, tok(p.token))}${p.advance ? "" : ` for ${p.unitsVerified.toLocaleString("en-US")} verified units`}`,
      })),
      ...byOrder.map((e) => ({
        at: e,
        text:
          e.kind === "returned"
            ? `${formatAmount(e.amount!, tok(e.token!))} returned to the pool`
            : `advance of ${formatAmount(e.amount!, tok(e.token!))} reclaimed from the suspended supplier`,
      })),
      ...(o.cancelled
        ? [
            {
              at: o.cancelled,
              text: `cancelled by ${names.name(o.cancelled.by) ? who(o.cancelled.by) : o.cancelled.by}`,
            },
          ]
        : []),
    ].sort((a, b) =>
      a.at.blockNumber === b.at.blockNumber
        ? a.at.logIndex - b.at.logIndex
        : a.at.blockNumber < b.at.blockNumber
          ? -1
          : 1,
    );
    if (rows.length) {
      push("| block | what | tx |", "| ---: | --- | --- |");
      for (const r of rows)
        push(`| ${r.at.blockNumber} | ${r.text} | \`${r.at.transactionHash}\` |`);
      push("");
    }
  }

  const refunds = ledger.entries.filter((e) => e.kind === "refund");
  const withdrawals = ledger.entries.filter((e) => e.kind === "withdrawal");
  push(
    "## Payments per supplier",
    "",
    "| supplier | token | earned | withdrawn | still owed | earned, USD at pledge-time prices |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  );
  for (const [supplier, byToken] of Object.entries(ledger.owed)) {
    for (const [token, owed] of Object.entries(byToken)) {
      const t = tok(token as Address);
      const earned = ledger.orders
        .filter((o) => o.supplier === supplier && o.shares[token as Address])
        .reduce((s, o) => s + o.shares[token as Address].paid, 0n);
      push(
        `| ${who(supplier)} | ${t.symbol} | ${formatAmount(earned, t)} | ${formatAmount(earned - owed, t)} | ${formatAmount(owed, t)} | ${usd(usdAtPledge(ledger.tokens[token as Address], earned))} |`,
      );
    }
  }
  push(
    "",
    `## Refunds`,
    "",
    `${refunds.length} refunds claimed; ${ledger.entries.filter((e) => e.kind === "cancel").length} pledges cancelled while funding was open. Every one is in the CSV with its transaction.`,
    "",
  );
  push(
    `## Withdrawals`,
    "",
    withdrawals.length
      ? "| block | supplier | amount | tx |\n| ---: | --- | ---: | --- |"
      : "None yet.",
  );
  for (const w of withdrawals)
    push(
      `| ${w.blockNumber} | ${who(w.account!)} | ${formatAmount(w.amount!, tok(w.token!))} | \`${w.transactionHash}\` |`,
    );

  push(
    "",
    "## Checks",
    "",
    `${result.checks.length} checks, ${result.discrepancies.length} failed.`,
    "",
  );
  push("| rule | scope | ok | expected | found |", "| --- | --- | --- | --- | --- |");
  for (const c of result.checks)
    push(
      `| ${c.rule} | ${c.scope} | ${c.ok ? "yes" : "**NO**"} | ${c.expected} | ${c.found}${c.detail ? ` — ${c.detail}` : ""} |`,
    );
  if (result.warnings.length) push("", "## Warnings", "", ...result.warnings.map((w) => `- ${w}`));
  push(
    "",
    `Check it yourself: \`npm run audit -- --rpc <RPC URL of chain ${result.chainId}> --campaign ${result.campaign} --from-block ${result.creationBlock}\``,
    "",
  );
  return lines.join("\n");
}
