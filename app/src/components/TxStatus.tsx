import { useTranslation } from "react-i18next";

import type { TxState } from "../hooks/useTransactor.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { explorerUrl } from "../lib/explorer.ts";

/** Where a write stands, with its hash and explorer link; errors as sentences. */
export function TxStatus({ state, testId = "tx-status" }: { state: TxState; testId?: string }) {
  const { t } = useTranslation();
  const { chain } = useDeployment();
  if (state.phase === "idle") return null;
  const url = state.hash ? explorerUrl(chain, "tx", state.hash) : undefined;
  const phaseText = {
    pending: t("tx.pending"),
    signature: t("tx.signature"),
    confirming: t("tx.confirming"),
    done: t("tx.done"),
    error: t("tx.error"),
  }[state.phase];
  return (
    <div
      className={`tx-status tx-${state.phase}`}
      role={state.phase === "error" ? "alert" : "status"}
      aria-live="polite"
      data-testid={testId}
      data-phase={state.phase}
    >
      <div>
        {state.step ? <strong>{state.step}: </strong> : null}
        {state.label ? <span>{state.label} — </span> : null}
        <span>{phaseText}</span>
      </div>
      {state.phase === "error" && state.message ? (
        <p className="error-sentence" data-testid={`${testId}-error`}>
          {state.message}
        </p>
      ) : null}
      {state.hash ? (
        <div className="mono small-text break-hash">
          {t("tx.transaction")} <span data-testid={`${testId}-hash`}>{state.hash}</span>
          {url ? (
            <>
              {" "}
              <a href={url} target="_blank" rel="noreferrer">
                {t("tx.explorer")}
              </a>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
