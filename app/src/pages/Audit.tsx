import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
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
import { available, STATUS_NAMES, usdAtPledge } from "../../../client/ledger.ts";
import { NameBook, resolveNames } from "../../../client/names.ts";
import { historyFromAudit, partiesOf } from "../../../client/receipt.ts";
import { toCsv, toJson, toMarkdown } from "../../../client/report.ts";
import { AttestationsSection } from "../components/Attestations.tsx";
import { Bars, StackedBar } from "../components/Charts.tsx";
import { download } from "../components/DonorReceipt.tsx";
import { CampaignPicker } from "../components/CampaignPicker.tsx";
import {
  CopyButton,
  Party,
  Section,
  statusName,
  TableWrap,
  TxLink,
} from "../components/common.tsx";
import { t, tMaybe } from "../i18n/index.ts";
import { explainError } from "../lib/errors.ts";
import { useAllCampaigns } from "../hooks/campaigns.ts";
import { useMetadata } from "../hooks/useMetadata.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { formatToken, formatUnitsCount, formatUsd, shortAddress } from "../lib/format.ts";
import { href } from "../lib/router.ts";

const ENTRY_PAGE = 25;

/** "12 checks", "1 donor": a count in words, for sentences that hold several. */
const counted = (key: "audit.checks" | "audit.events" | "audit.donors", count: number) =>
  t(key, { count, n: formatUnitsCount(count) });

/** A rule of the auditor by its catalog name (the id when a newer auditor has one we lack). */
export const ruleName = (rule: string) => tMaybe(`auditRules.${rule}`) ?? rule;

/** What the auditor is doing, in the chosen language. */
function progressText(p: AuditProgress) {
  if (p.phase === "logs")
    return t("audit.progressLogs", {
      from: p.progress.fromBlock.toString(),
      to: p.progress.toBlock.toString(),
      events: formatUnitsCount(p.progress.logs),
    });
  return p.phase === "views" ? t("audit.progressViews") : t("audit.progressStart");
}

export function AuditPage({ address }: { address?: string }) {
  useTranslation();
  const all = useAllCampaigns();
  const [typed, setTyped] = useState(address ?? "");
  const target = address && isAddress(address) ? address : undefined;
  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
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
          <label htmlFor="audit-address">{t("audit.orAddress")}</label>
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
            {t("audit.run")}
          </button>
        </form>
      </div>
      {target ? <AuditReport address={target} key={target} /> : null}
    </div>
  );
}

function AuditReport({ address }: { address: Address }) {
  useTranslation();
  const client = useChainClient();
  const { chainId, chain } = useDeployment();
  const [progress, setProgress] = useState<AuditProgress>({ phase: "start", message: "" });
  const query = useQuery({
    queryKey: ["audit", chainId, address],
    staleTime: 30_000,
    retry: false,
    queryFn: () =>
      auditCampaign(client, address, {
        onProgress: (p: AuditProgress) => setProgress(p),
      }),
  });
  if (query.isLoading)
    return (
      <p role="status" data-testid="audit-progress">
        {t("audit.auditing", { progress: progressText(progress) })}
      </p>
    );
  if (query.error)
    return (
      <p role="alert" className="error-sentence" data-testid="audit-error">
        {(query.error as Error).name === "AuditInputError"
          ? t("audit.inputError")
          : explainError(query.error).sentence}
      </p>
    );
  const result = query.data!;
  return <AuditView result={result} />;
}

/**
 * The parties of an audited appeal, named as the client names them: registry names at the audited
 * block, the organizer and beneficiary from the appeal's verified metadata.
 */
function useAuditNames(result: AuditResult) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  const meta = useMetadata(result.params.metadataURI);
  return useQuery({
    queryKey: [
      "audit-names",
      chainId,
      result.campaign,
      result.toBlock.toString(),
      meta.data?.organizer?.name,
      meta.data?.beneficiary?.name,
    ],
    enabled: !meta.isLoading,
    staleTime: Infinity,
    queryFn: () =>
      resolveNames(client, {
        registry: result.registry,
        addresses: partiesOf(historyFromAudit(result)),
        organizer: result.organizer,
        beneficiary: result.params.beneficiary,
        metadata: meta.data,
        blockNumber: result.toBlock,
      }),
  });
}

function AuditView({ result }: { result: AuditResult }) {
  useTranslation();
  const { chain } = useDeployment();
  const namesQuery = useAuditNames(result);
  const names = namesQuery.data ?? new NameBook();
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
            ? t("audit.verdictOk")
            : t("audit.verdictBad", { count: result.discrepancies.length })}
        </strong>{" "}
        {t("audit.summary", {
          checks: counted("audit.checks", result.checks.length),
          events: counted("audit.events", result.ledger.eventCount),
          from: result.creationBlock.toString(),
          to: result.toBlock.toString(),
          status: statusName(STATUS_NAMES.indexOf(result.status)),
          raised: formatUsd(result.raisedUsd),
          donors: counted("audit.donors", Object.keys(result.ledger.donors).length),
          units: formatUnitsCount(result.ledger.orders.reduce((s, o) => s + o.unitsVerified, 0n)),
          unit: result.params.unitName,
        })}
      </div>
      <PromiseSection result={result} />
      <AttestationsSection campaign={result.campaign} />
      <div className="card">
        <p>
          <strong>{t("audit.checkYourself")}</strong>
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
            disabled={!namesQuery.data}
            onClick={() =>
              download(`audit-${result.campaign}.csv`, "text/csv", toCsv(result, names))
            }
          >
            {t("audit.exportCsv")}
          </button>
          <button
            type="button"
            className="secondary small"
            data-testid="export-md"
            disabled={!namesQuery.data}
            onClick={() =>
              download(`audit-${result.campaign}.md`, "text/markdown", toMarkdown(result, names))
            }
          >
            {t("audit.exportMd")}
          </button>
          <button
            type="button"
            className="secondary small"
            data-testid="export-json"
            onClick={() =>
              download(`audit-${result.campaign}.json`, "application/json", toJson(result))
            }
          >
            {t("audit.exportJson")}
          </button>
          <a href={href("appeal", result.campaign)}>{t("audit.openAppeal")}</a>
        </div>
      </div>
      <MoneyFlow result={result} names={names} />
      <Section
        title={t("audit.checksTitle", {
          count: result.checks.length,
          n: formatUnitsCount(result.checks.length),
        })}
      >
        <CheckSummary result={result} />
        <details open={result.discrepancies.length > 0}>
          <summary>{t("audit.everyCheck")}</summary>
          <p className="muted small-text">{t("audit.recordNote")}</p>
          <TableWrap label={t("audit.checksTable")}>
            <table data-testid="audit-checks">
              <thead>
                <tr>
                  <th scope="col">{t("audit.holds")}</th>
                  <th scope="col">{t("audit.rule")}</th>
                  <th scope="col">{t("audit.scope")}</th>
                  <th scope="col">{t("audit.expected")}</th>
                  <th scope="col">{t("audit.found")}</th>
                </tr>
              </thead>
              <tbody>
                {result.checks.map((c, i) => (
                  <tr key={i} className={c.ok ? "ok" : "bad"}>
                    <td>{c.ok ? t("audit.holdsYes") : t("audit.holdsNo")}</td>
                    <td>{ruleName(c.rule)}</td>
                    <td className="break" lang="en">
                      {c.scope}
                    </td>
                    <td className="break" lang="en">
                      {c.expected}
                    </td>
                    <td className="break" lang="en">
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
          <>
            <p className="small-text">{t("audit.warnings")}</p>
            <ul lang="en" data-testid="audit-warnings">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>
      <Entries result={result} names={names} />
    </div>
  );
}

function MoneyFlow({ result, names }: { result: AuditResult; names: NameBook }) {
  useTranslation();
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
  const usd = (token: Address, amount: bigint) => usdAtPledge(result.ledger.tokens[token], amount);
  const both = (token: Address, amount: bigint) =>
    t("audit.amountUsd", {
      amount: formatToken(amount, tok(token).decimals, tok(token).symbol, 6),
      usd: formatUsd(usd(token, amount)),
    });
  // Every token's bar on one scale: the largest pledge in USD at pledge-time prices.
  const scale = result.params.tokens.reduce((m, token) => {
    const v = usd(token, result.ledger.tokens[token].pledged);
    return v > m ? v : m;
  }, 0n);
  const over = result.status === "Closed" || result.status === "Failed";
  return (
    <Section title={t("audit.moneyFlow")}>
      <p className="muted small-text">{t("audit.likeWithLike")}</p>
      <Bars
        title={t("audit.raisedPerToken")}
        testId="chart-raised"
        rows={result.params.tokens.map((token) => {
          const b = result.ledger.tokens[token];
          return {
            label: tok(token).symbol,
            value: b.pledgedUsd,
            text: t("audit.amountUsd", {
              amount: formatToken(
                b.pledged - b.cancelled,
                tok(token).decimals,
                tok(token).symbol,
                6,
              ),
              usd: formatUsd(b.pledgedUsd),
            }),
          };
        })}
      />
      {result.params.tokens.map((token) => {
        const b = result.ledger.tokens[token];
        const info = tok(token);
        const segment = (label: string, value: bigint, className: string) => ({
          label,
          value: usd(token, value),
          text: both(token, value),
          className,
        });
        return (
          <StackedBar
            key={token}
            testId={`chart-flow-${info.symbol}`}
            title={t("audit.whereWent", { symbol: info.symbol, pledged: both(token, b.pledged) })}
            scale={scale}
            segments={[
              segment(t("audit.cancelled"), b.cancelled, "seg-cancelled"),
              segment(t("audit.refunded"), b.refunded, "seg-refunded"),
              segment(t("audit.withdrawn"), b.withdrawn, "seg-spent"),
              segment(t("audit.owed"), b.earned - b.withdrawn, "seg-owed"),
              segment(t("audit.reserved"), b.reserved, "seg-reserved"),
              segment(
                over ? t("audit.unclaimed") : t("audit.inPool"),
                available(b),
                over ? "seg-unclaimed" : "seg-available",
              ),
            ]}
          />
        );
      })}
      <Bars
        title={t("audit.perSupplier")}
        testId="chart-suppliers"
        rows={Object.values(perSupplier).map((s) => ({
          label: names.label(s.supplier),
          value: s.usd,
          text: t("audit.usdOfTokens", {
            usd: formatUsd(s.usd),
            tokens: Object.entries(s.parts)
              .filter(([, v]) => v > 0n)
              .map(([t, v]) =>
                formatToken(v, tok(t as Address).decimals, tok(t as Address).symbol, 6),
              )
              .join(" + "),
          }),
        }))}
      />
    </Section>
  );
}

function Entries({ result, names }: { result: AuditResult; names: NameBook }) {
  useTranslation();
  const { chain } = useDeployment();
  const [shown, setShown] = useState(ENTRY_PAGE);
  const tokens = new Map(result.tokens.map((t) => [t.address, t]));
  const entries = result.ledger.entries;
  return (
    <Section
      title={t("audit.ledgerTitle", {
        count: entries.length,
        n: formatUnitsCount(entries.length),
      })}
    >
      <TableWrap label={t("audit.entriesTable")}>
        <table data-testid="audit-entries">
          <thead>
            <tr>
              <th scope="col">{t("audit.block")}</th>
              <th scope="col">{t("audit.what")}</th>
              <th scope="col">{t("audit.who")}</th>
              <th scope="col">{t("audit.amount")}</th>
              <th scope="col">{t("audit.transaction")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, shown).map((e) => {
              const info = e.token ? tokens.get(e.token) : undefined;
              return (
                <tr key={`${e.transactionHash}-${e.logIndex}`}>
                  <td>{e.blockNumber.toString()}</td>
                  <td>
                    {tMaybe(`entryKind.${e.kind}`) ?? e.kind}
                    {e.orderId !== undefined ? ` #${e.orderId}` : ""}
                    {e.units !== undefined
                      ? ` · ${t("audit.entryUnits", {
                          units: formatUnitsCount(e.units),
                          count: Number(e.units),
                        })}`
                      : ""}
                  </td>
                  <td>
                    {e.account ? <Party address={e.account} names={names} chain={chain} /> : ""}
                  </td>
                  <td>
                    {e.amount !== undefined && info
                      ? formatToken(e.amount, info.decimals, info.symbol, 6)
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
          {t("audit.showMore", {
            count: entries.length - shown,
            n: formatUnitsCount(entries.length - shown),
          })}
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
  useTranslation();
  const byRule = new Map<string, Check[]>();
  for (const c of result.checks) {
    if (!(c.rule in PROMISE_RULES)) continue;
    byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
  }
  const rules = Object.keys(PROMISE_RULES) as PromiseRule[];
  const broken = rules.filter((r) => (byRule.get(r) ?? []).some((c) => !c.ok));
  return (
    <Section title={t("audit.promise")}>
      <p className="muted small-text">
        {result.version === 1 ? t("audit.promiseV1") : t("audit.promiseV2")}{" "}
        {broken.length === 0 ? t("audit.allHold") : t("audit.broken", { count: broken.length })}
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
              <span aria-hidden="true">{ok ? "✔" : "✘"}</span> {ruleName(rule)}{" "}
              <span className="muted">
                {checks.length
                  ? t("audit.ruleStateChecks", {
                      state: ok ? t("audit.ruleHolds") : t("audit.ruleFailed"),
                      count: checks.length,
                      n: formatUnitsCount(checks.length),
                    })
                  : t("audit.ruleState", {
                      state: ok ? t("audit.ruleHolds") : t("audit.ruleFailed"),
                    })}
              </span>
              {failing.length ? (
                <ul className="failing" data-testid={`promise-failing-${rule}`}>
                  {failing.map((c, i) => (
                    <li key={i}>
                      <strong lang="en">{c.scope}</strong>:{" "}
                      {t("audit.expectedFound", { expected: c.expected, found: c.found })}
                      {c.detail ? <span lang="en">{` — ${c.detail}`}</span> : null}
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

/** One line per invariant: how many of its checks hold. */
function CheckSummary({ result }: { result: AuditResult }) {
  useTranslation();
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
          <span aria-hidden="true">{r.ok === r.total ? "✔" : "✘"}</span> {ruleName(rule)}{" "}
          <span className="muted">
            {r.ok === r.total
              ? t("audit.summaryHold", { ok: r.ok, total: r.total })
              : t("audit.summaryFail", { ok: r.ok, total: r.total, failed: r.total - r.ok })}
          </span>
        </li>
      ))}
    </ul>
  );
}
