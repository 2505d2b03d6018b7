import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isAddress, type Address } from "viem";

import {
  auditCampaign,
  PROMISE_RULES,
  type AuditProgress,
  type AuditResult,
  type Check,
  type PromiseRule,
  type TokenInfo,
} from "../../../client/audit.ts";
import { available, usdAtPledge } from "../../../client/ledger.ts";
import { toCsv, toJson } from "../../../client/report.ts";
import { Bars, StackedBar } from "../components/Charts.tsx";
import { CampaignPicker } from "../components/CampaignPicker.tsx";
import { CopyButton, Section, TableWrap, TxLink } from "../components/common.tsx";
import { t } from "../i18n/index.ts";
import { useAllCampaigns, usePartyNames } from "../hooks/campaigns.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { formatToken, formatUnitsCount, formatUsd, shortAddress } from "../lib/format.ts";
import { href } from "../lib/router.ts";

const ENTRY_PAGE = 25;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditPage({ address }: { address?: string }) {
  const all = useAllCampaigns();
  const [typed, setTyped] = useState(address ?? "");
  const target = address && isAddress(address) ? address : undefined;
  return (
    <div>
      <h1>Audit</h1>
      <p className="muted">
        Rebuilds an appeal's ledger from its events with the shared auditor and checks every
        invariant against the appeal's views, token balances and transfers. Nothing here is trusted
        from a server.
      </p>
      <div className="card audit-pick">
        <CampaignPicker
          campaigns={all.data ?? []}
          value={target}
          onChange={(a) => (window.location.hash = href("audit", a))}
          id="audit-campaign"
        />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (isAddress(typed)) window.location.hash = href("audit", typed);
          }}
        >
          <label htmlFor="audit-address">or any appeal address</label>
          <input
            id="audit-address"
            className="mono"
            value={typed}
            onChange={(e) => setTyped(e.target.value.trim())}
            data-testid="audit-address"
          />
          <button
            type="submit"
            className="small"
            disabled={!isAddress(typed)}
            data-testid="audit-run"
          >
            Audit
          </button>
        </form>
      </div>
      {target ? <AuditReport address={target} key={target} /> : null}
    </div>
  );
}

function AuditReport({ address }: { address: Address }) {
  const client = useChainClient();
  const { chainId, chain } = useDeployment();
  const [progress, setProgress] = useState<string>("starting");
  const query = useQuery({
    queryKey: ["audit", chainId, address],
    staleTime: 30_000,
    retry: false,
    queryFn: () =>
      auditCampaign(client, address, {
        onProgress: (p: AuditProgress) =>
          setProgress(
            p.phase === "logs"
              ? `scanning blocks ${p.progress.fromBlock}–${p.progress.toBlock}: ${p.progress.logs} events so far`
              : p.message,
          ),
      }),
  });
  if (query.isLoading)
    return (
      <p role="status" data-testid="audit-progress">
        Auditing… {progress}
      </p>
    );
  if (query.error)
    return (
      <p role="alert" className="error-sentence">
        {(query.error as Error).message}
      </p>
    );
  const result = query.data!;
  const rpc = chain.rpcUrls.default.http[0];
  const command = `npm run audit -- --rpc ${rpc} --campaign ${result.campaign} --from-block ${result.creationBlock}`;
  return (
    <div data-testid="audit-report">
      <div
        className={`banner ${result.discrepancies.length ? "banner-warning" : "banner-ok"}`}
        data-testid="audit-verdict"
        role="status"
      >
        <strong>
          {result.discrepancies.length === 0
            ? "Everything reconciles."
            : `${result.discrepancies.length} discrepanc${result.discrepancies.length === 1 ? "y" : "ies"} found.`}
        </strong>{" "}
        {result.checks.length} checks over {result.ledger.eventCount} events in blocks{" "}
        {result.creationBlock.toString()}–{result.toBlock.toString()}; status {result.status};
        raised {formatUsd(result.raisedUsd)} from {Object.keys(result.ledger.donors).length} donors;{" "}
        {formatUnitsCount(result.ledger.orders.reduce((s, o) => s + o.unitsVerified, 0n))}{" "}
        {result.params.unitName} delivered and verified.
      </div>
      <PromiseSection result={result} />
      <div className="card">
        <p>
          <strong>Check it yourself:</strong>
        </p>
        <code className="mono break command" data-testid="audit-command">
          {command}
        </code>{" "}
        <CopyButton text={command} testId="copy-command" />
        <div className="actions">
          <button
            type="button"
            className="secondary small"
            data-testid="export-csv"
            onClick={() => download(`audit-${result.campaign}.csv`, "text/csv", toCsv(result))}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="secondary small"
            data-testid="export-json"
            onClick={() =>
              download(`audit-${result.campaign}.json`, "application/json", toJson(result))
            }
          >
            Export JSON
          </button>
          <a href={href("appeal", result.campaign)}>Open the appeal</a>
        </div>
      </div>
      <MoneyFlow result={result} />
      <Section title={`Checks (${result.checks.length})`}>
        <CheckSummary result={result} />
        <details open={result.discrepancies.length > 0}>
          <summary>Every check with its numbers</summary>
          <TableWrap label={t("audit.checksTable")}>
            <table data-testid="audit-checks">
              <thead>
                <tr>
                  <th scope="col">Holds</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Found</th>
                </tr>
              </thead>
              <tbody>
                {result.checks.map((c, i) => (
                  <tr key={i} className={c.ok ? "ok" : "bad"}>
                    <td>{c.ok ? "✔ yes" : "✘ NO"}</td>
                    <td>{c.rule}</td>
                    <td className="break">{c.scope}</td>
                    <td className="break">{c.expected}</td>
                    <td className="break">
                      {c.found}
                      {c.detail ? ` — ${c.detail}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
        {result.warnings.length ? (
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </Section>
      <Entries result={result} />
    </div>
  );
}

function MoneyFlow({ result }: { result: AuditResult }) {
  const names = usePartyNames();
  const tokens = new Map(result.tokens.map((t) => [t.address, t]));
  const tok = (a: Address): TokenInfo =>
    tokens.get(a) ?? { address: a, symbol: shortAddress(a), decimals: 18 };
  // What each supplier was credited, every token valued in USD at its pledge-time price.
  const perSupplier = result.ledger.orders.reduce<
    Record<string, { supplier: Address; usd: bigint; parts: Record<Address, bigint> }>
  >((acc, o) => {
    const entry = (acc[o.supplier] ??= { supplier: o.supplier, usd: 0n, parts: {} });
    for (const t of o.tokens) {
      const paid = o.shares[t].paid;
      entry.usd += usdAtPledge(result.ledger.tokens[t], paid);
      entry.parts[t] = (entry.parts[t] ?? 0n) + paid;
    }
    return acc;
  }, {});
  return (
    <Section title="Money flow">
      <Bars
        title="Raised per token (USD at pledge time, cancellations excluded)"
        testId="chart-raised"
        rows={result.params.tokens.map((t) => ({
          label: tok(t).symbol,
          value: result.ledger.tokens[t].pledgedUsd,
          text: formatUsd(result.ledger.tokens[t].pledgedUsd),
        }))}
      />
      {result.params.tokens.map((t) => {
        const b = result.ledger.tokens[t];
        const info = tok(t);
        const f = (v: bigint) => formatToken(v, info.decimals, info.symbol, 6);
        return (
          <StackedBar
            key={t}
            testId={`chart-flow-${info.symbol}`}
            title={`${info.symbol}: where the ${f(b.pledged)} pledged went`}
            segments={[
              {
                label: "Cancelled",
                value: b.cancelled,
                text: f(b.cancelled),
                className: "seg-cancelled",
              },
              {
                label: "Refunded",
                value: b.refunded,
                text: f(b.refunded),
                className: "seg-refunded",
              },
              {
                label: "Withdrawn by suppliers",
                value: b.withdrawn,
                text: f(b.withdrawn),
                className: "seg-spent",
              },
              {
                label: "Owed to suppliers",
                value: b.earned - b.withdrawn,
                text: f(b.earned - b.withdrawn),
                className: "seg-owed",
              },
              {
                label: "Reserved for orders",
                value: b.reserved,
                text: f(b.reserved),
                className: "seg-reserved",
              },
              {
                label: "Available",
                value: available(b),
                text: f(available(b)),
                className: "seg-available",
              },
            ]}
          />
        );
      })}
      <Bars
        title="Credited per supplier (advances and verified deliveries), in USD at pledge-time prices"
        testId="chart-suppliers"
        rows={Object.values(perSupplier).map((s) => ({
          label: names[s.supplier.toLowerCase()] ?? shortAddress(s.supplier),
          value: s.usd,
          text: `${formatUsd(s.usd)} = ${Object.entries(s.parts)
            .filter(([, v]) => v > 0n)
            .map(([t, v]) =>
              formatToken(v, tok(t as Address).decimals, tok(t as Address).symbol, 6),
            )
            .join(" + ")}`,
        }))}
      />
    </Section>
  );
}

function Entries({ result }: { result: AuditResult }) {
  const { chain } = useDeployment();
  const names = usePartyNames();
  const [shown, setShown] = useState(ENTRY_PAGE);
  const tokens = new Map(result.tokens.map((t) => [t.address, t]));
  const entries = result.ledger.entries;
  return (
    <Section title={`Ledger (${entries.length} entries)`}>
      <TableWrap label={t("audit.entriesTable")}>
        <table data-testid="audit-entries">
          <thead>
            <tr>
              <th scope="col">Block</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Amount</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, shown).map((e) => {
              const t = e.token ? tokens.get(e.token) : undefined;
              return (
                <tr key={`${e.transactionHash}-${e.logIndex}`}>
                  <td>{e.blockNumber.toString()}</td>
                  <td>
                    {e.kind}
                    {e.orderId !== undefined ? ` #${e.orderId}` : ""}
                    {e.units !== undefined ? ` · ${formatUnitsCount(e.units)} units` : ""}
                  </td>
                  <td className={e.account && names[e.account] ? "" : "mono"}>
                    {e.account ? (names[e.account] ?? shortAddress(e.account)) : ""}
                  </td>
                  <td>
                    {e.amount !== undefined && t
                      ? formatToken(e.amount, t.decimals, t.symbol, 6)
                      : ""}
                    {e.usdValue !== undefined ? ` (${formatUsd(e.usdValue)})` : ""}
                  </td>
                  <td>
                    <TxLink hash={e.transactionHash} chain={chain} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {entries.length > shown ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => setShown(shown + ENTRY_PAGE * 4)}
        >
          Show more ({entries.length - shown} left)
        </button>
      ) : null}
    </Section>
  );
}

/**
 * "The promise": one line per rule of the client's `PROMISE_RULES`, in its order, holding or not,
 * with the failing checks' scope, expected and found values.
 */
export function PromiseSection({ result }: { result: AuditResult }) {
  const byRule = new Map<string, Check[]>();
  for (const c of result.checks) {
    if (!(c.rule in PROMISE_RULES)) continue;
    byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
  }
  const rules = Object.keys(PROMISE_RULES) as PromiseRule[];
  const broken = rules.filter((r) => (byRule.get(r) ?? []).some((c) => !c.ok));
  return (
    <Section title="The promise">
      <p className="muted small-text">
        {result.version === 1
          ? "A campaign of a deployment made before these rules were enforced: the audit checks them anyway."
          : "What every appeal promises donors, checked from the chain alone, not only that the books add up."}{" "}
        {broken.length === 0
          ? "Every rule holds."
          : `${broken.length} rule${broken.length === 1 ? "" : "s"} broken.`}
      </p>
      <ul className="plain promise" data-testid="promise">
        {rules.map((rule) => {
          const checks = byRule.get(rule) ?? [];
          const failing = checks.filter((c) => !c.ok);
          const ok = failing.length === 0;
          return (
            <li
              key={rule}
              className={ok ? "ok" : "bad"}
              data-rule={rule}
              data-ok={ok ? "true" : "false"}
            >
              <span aria-hidden="true">{ok ? "✔" : "✘"}</span> {PROMISE_RULES[rule]}{" "}
              <span className="muted">
                ({ok ? "holds" : "FAILED"}
                {checks.length ? `, ${checks.length} check${checks.length === 1 ? "" : "s"}` : ""})
              </span>
              {failing.length ? (
                <ul className="failing" data-testid={`promise-failing-${rule}`}>
                  {failing.map((c, i) => (
                    <li key={i}>
                      <strong>{c.scope}</strong>: expected {c.expected}; found {c.found}
                      {c.detail ? ` — ${c.detail}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

const RULES: Record<string, string> = {
  "created-by-factory": "Created by the factory",
  "factory-implementation": "Runs the factory's implementation",
  "event-history": "Event history follows the contract's rules",
  "events-match-views": "Events replayed match the contract's views",
  "balance-covers-held": "Balance covers what must be held",
  "held-is-accounted": "Reserved + owed + available = held",
  "status-consistent": "Status consistent with events and time",
  "paid-within-amount": "No order paid beyond its amount",
  "advance-within-cap": "Advances within the cap",
  "paid-for-verified-delivery": "Paid only for verified delivery",
  "supplier-earned-within-orders": "Suppliers earned within their orders",
  "paid-to-vetted-supplier": "Paid only to vetted suppliers",
  "donor-never-gets-more": "No donor got back more than it pledged",
  "transfers-out-match": "Token transfers out = cancellations + refunds + withdrawals",
  "transfers-in-cover-pledges": "Token transfers in cover pledges",
  ...PROMISE_RULES,
};

/** One line per invariant: how many of its checks hold. */
function CheckSummary({ result }: { result: AuditResult }) {
  const byRule = new Map<string, { ok: number; total: number }>();
  for (const c of result.checks) {
    const r = byRule.get(c.rule) ?? { ok: 0, total: 0 };
    r.total++;
    if (c.ok) r.ok++;
    byRule.set(c.rule, r);
  }
  return (
    <ul className="plain check-summary" data-testid="check-summary">
      {[...byRule].map(([rule, r]) => (
        <li key={rule} className={r.ok === r.total ? "ok" : "bad"}>
          <span aria-hidden="true">{r.ok === r.total ? "✔" : "✘"}</span> {RULES[rule] ?? rule}{" "}
          <span className="muted">
            ({r.ok}/{r.total} hold{r.ok === r.total ? "" : ` — ${r.total - r.ok} FAIL`})
          </span>
        </li>
      ))}
    </ul>
  );
}
