import type { TxState } from "../hooks/useTransactor.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { explorerUrl } from "../lib/explorer.ts";

const PHASE_TEXT: Record<TxState["phase"], string> = {
  idle: "",
  pending: "Pending: checking the transaction against the chain…",
  signature: "Awaiting your signature in the wallet…",
  confirming: "Confirming on chain…",
  done: "Done.",
  error: "Not sent.",
};

/** Where a write stands, with its hash and explorer link; errors as sentences. */
export function TxStatus({ state, testId = "tx-status" }: { state: TxState; testId?: string }) {
  const { chain } = useDeployment();
  if (state.phase === "idle") return null;
  const url = state.hash ? explorerUrl(chain, "tx", state.hash) : undefined;
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
        <span>{PHASE_TEXT[state.phase]}</span>
      </div>
      {state.phase === "error" && state.message ? (
        <p className="error-sentence" data-testid={`${testId}-error`}>
          {state.message}
        </p>
      ) : null}
      {state.hash ? (
        <div className="mono small-text">
          Transaction <span data-testid={`${testId}-hash`}>{state.hash}</span>
          {url ? (
            <>
              {" "}
              <a href={url} target="_blank" rel="noreferrer">
                view on explorer
              </a>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
