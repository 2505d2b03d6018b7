/**
 * What every page fed by the indexer shows: which source its data comes from ("From the indexer at
 * block N" / "From the chain (RPC)" and why), and a button that re-checks an appeal's money figures
 * from RPC at the indexer's block, naming each field that differs.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";

import { useTokens, tokenOf } from "../hooks/campaigns.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { t, type MessageKey } from "../i18n/index.ts";
import { explainError } from "./errors.ts";
import { formatToken, formatUnitsCount, formatUsd } from "./format.ts";
import { recheckAppeal, type FigureCheck, type IndexerSource } from "./indexer.ts";

/** "From the indexer at block N" or "From the chain (RPC)", with why the indexer is not used. */
export function SourceNote({
  mode,
  source,
  block,
  testId = "data-source",
}: {
  mode: "indexer" | "rpc" | "pending";
  source?: IndexerSource;
  block?: bigint;
  testId?: string;
}) {
  useTranslation();
  if (mode === "pending")
    return (
      <p className="muted small-text" role="status" data-testid={testId} data-source="pending">
        {t("indexer.checking")}
      </p>
    );
  if (mode === "indexer" && source?.kind === "indexer")
    return (
      <p
        className="muted small-text"
        data-testid={testId}
        data-source="indexer"
        data-block={String(block ?? source.block)}
      >
        {t("indexer.fromIndexer", {
          block: formatUnitsCount(block ?? source.block),
          url: source.url,
        })}
      </p>
    );
  const why =
    source?.kind === "rpc" && source.why !== "none"
      ? source.why === "behind"
        ? t("indexer.behind", {
            url: source.url ?? "",
            blocks: formatUnitsCount(
              source.head !== undefined && source.block !== undefined
                ? source.head - source.block
                : 0n,
            ),
          })
        : source.why === "mismatch"
          ? t("indexer.mismatch", { url: source.url ?? "" })
          : t("indexer.unreachable", { url: source.url ?? "" })
      : undefined;
  return (
    <p className="muted small-text" data-testid={testId} data-source="rpc">
      {t("indexer.fromChain")}
      {why ? ` ${why}` : ""}
    </p>
  );
}

const FIELD_KEYS: Record<string, MessageKey> = {
  status: "indexer.field.status",
  raisedUsd: "indexer.field.raisedUsd",
  orderCount: "indexer.field.orderCount",
  unitsVerified: "indexer.field.unitsVerified",
  pledged: "indexer.field.pledged",
  cancelled: "indexer.field.cancelled",
  refunded: "indexer.field.refunded",
  reserved: "indexer.field.reserved",
  earned: "indexer.field.earned",
  withdrawn: "indexer.field.withdrawn",
  available: "indexer.field.available",
  unspentAtClose: "indexer.field.unspentAtClose",
  unbacked: "indexer.field.unbacked",
  advanceCap: "indexer.field.advanceCap",
};

/** A figure's name in the chosen language ("raised (USD)", "USDC reserved"). */
function fieldName(check: FigureCheck, symbol?: string) {
  const name = FIELD_KEYS[check.field] ? t(FIELD_KEYS[check.field]) : check.field;
  return check.token ? t("indexer.tokenField", { symbol: symbol ?? "", field: name }) : name;
}

/** A figure's value for people: USD, a token amount, a count or a status. */
function shown(check: FigureCheck, info?: { decimals: number; symbol: string }) {
  if (check.indexer === "—" && check.chain === "—") return "—";
  const value = (v: string) => {
    if (!/^-?\d+$/.test(v)) return v;
    if (check.token && info) return formatToken(BigInt(v), info.decimals, info.symbol);
    if (check.field === "raisedUsd") return formatUsd(BigInt(v));
    return formatUnitsCount(BigInt(v));
  };
  return { indexer: check.indexer === "—" ? "—" : value(check.indexer), chain: value(check.chain) };
}

/**
 * "Check against the chain": the appeal's status, raised USD, orders, units verified and every
 * token's books as the indexer serves them, against the campaign's views read from RPC at the same
 * block; says "equal" or names each field that differs.
 */
export function RecheckButton({ appeal, url }: { appeal: Address; url: string }) {
  useTranslation();
  const client = useChainClient();
  const { chainId } = useDeployment();
  const [state, setState] = useState<
    | { phase: "idle" | "busy" }
    | { phase: "done"; block: bigint; checks: FigureCheck[] }
    | { phase: "error"; error: unknown }
  >({ phase: "idle" });
  const tokenAddresses =
    state.phase === "done" ? [...new Set(state.checks.flatMap((c) => c.token ?? []))] : [];
  const tokens = useTokens(tokenAddresses);
  const differences = state.phase === "done" ? state.checks.filter((c) => !c.equal) : [];
  return (
    <div className="recheck" data-testid="recheck" data-appeal={appeal.toLowerCase()}>
      <button
        type="button"
        className="secondary small"
        disabled={state.phase === "busy"}
        data-testid="recheck-button"
        onClick={() => {
          setState({ phase: "busy" });
          recheckAppeal(client, url, { chainId, appeal }).then(
            (r) => setState({ phase: "done", ...r }),
            (error: unknown) => setState({ phase: "error", error }),
          );
        }}
      >
        {state.phase === "busy" ? t("indexer.rechecking") : t("indexer.recheck")}
      </button>
      {state.phase === "done" ? (
        <div
          role="status"
          data-testid="recheck-result"
          data-equal={differences.length === 0 ? "yes" : "no"}
          data-compared={state.checks.length}
        >
          {differences.length === 0 ? (
            <p className="small-text">
              {t("indexer.equal", {
                count: state.checks.length,
                n: formatUnitsCount(state.checks.length),
                block: formatUnitsCount(state.block),
              })}
            </p>
          ) : (
            <>
              <p className="error-text small-text">
                {t("indexer.different", {
                  count: differences.length,
                  n: formatUnitsCount(differences.length),
                  block: formatUnitsCount(state.block),
                })}
              </p>
              <ul className="small-text" data-testid="recheck-differences">
                {differences.map((d) => {
                  const info = d.token ? tokenOf(tokens, d.token) : undefined;
                  const v = shown(d, info);
                  return (
                    <li key={`${d.field}-${d.token ?? ""}`} data-field={d.field}>
                      {t("indexer.differenceLine", {
                        field: fieldName(d, info?.symbol),
                        indexer: typeof v === "string" ? v : v.indexer,
                        chain: typeof v === "string" ? v : v.chain,
                      })}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </div>
      ) : null}
      {state.phase === "error" ? (
        <p className="error-text small-text" role="alert" data-testid="recheck-error">
          {t("indexer.recheckFailed", { reason: explainError(state.error).sentence })}
        </p>
      ) : null}
    </div>
  );
}
