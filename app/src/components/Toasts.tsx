/**
 * Transaction notifications in the manner of scaffold-eth-2's: one toast per transaction, saying
 * whether the wallet is waiting for the person, the chain is confirming (with the hash and the
 * explorer link), or it is done or refused (in a sentence). Successes go away by themselves.
 * `PendingTransactions` resumes, after a reload, every transaction that was sent and not yet seen
 * mined, by its hash.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useConfig } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";

import { useDeployment } from "../hooks/useDeployment.tsx";
import { t as translate } from "../i18n/index.ts";
import { explorerUrl } from "../lib/explorer.ts";
import { shortAddress } from "../lib/format.ts";
import {
  dismissToast,
  forgetPending,
  newToastId,
  pendingTransactions,
  setTx,
  useToasts,
} from "../lib/txStore.ts";

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToasts();
  const { chain } = useDeployment();
  useEffect(() => {
    const done = toasts.filter((x) => x.phase === "done");
    if (!done.length) return;
    const timer = setTimeout(() => done.forEach((x) => dismissToast(x.id)), 8_000);
    return () => clearTimeout(timer);
  }, [toasts]);
  return (
    <aside
      className="toasts"
      aria-label={t("tx.notifications")}
      aria-live="polite"
      data-testid="toasts"
    >
      {toasts.map((toast) => {
        const url = toast.hash ? explorerUrl(chain, "tx", toast.hash) : undefined;
        return (
          <div
            key={toast.id}
            className={`toast toast-${toast.phase}`}
            data-testid="toast"
            data-phase={toast.phase}
          >
            <p className="toast-title">
              {toast.phase === "signature"
                ? t("tx.toastSignature")
                : toast.phase === "confirming"
                  ? t("tx.toastConfirming")
                  : toast.phase === "done"
                    ? t("tx.toastDone")
                    : t("tx.toastError")}
            </p>
            {toast.label ? <p className="toast-label">{toast.label}</p> : null}
            {toast.phase === "error" && toast.message ? (
              <p className="toast-message">{toast.message}</p>
            ) : null}
            {toast.hash ? (
              <p className="small-text">
                {url ? (
                  <a href={url} target="_blank" rel="noreferrer" className="mono">
                    {t("tx.viewOnExplorer", { hash: shortAddress(toast.hash) })}
                  </a>
                ) : (
                  <span className="mono" data-testid="toast-hash" title={toast.hash}>
                    {shortAddress(toast.hash)}
                  </span>
                )}
              </p>
            ) : null}
            <button
              type="button"
              className="toast-close"
              aria-label={t("tx.dismiss")}
              onClick={() => dismissToast(toast.id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </aside>
  );
}

/** Resumes the transactions sent before a reload or a navigation away, by hash. */
export function PendingTransactions() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { chainId } = useDeployment();
  useEffect(() => {
    let stopped = false;
    for (const pending of pendingTransactions()) {
      if (pending.chainId !== chainId) continue;
      const toast = { id: newToastId(), chainId };
      const base = { label: pending.label, hash: pending.hash, step: pending.step };
      setTx(pending.origin, { ...base, phase: "confirming" }, toast);
      waitForTransactionReceipt(config, { hash: pending.hash, chainId: chainId as never })
        .then(async (receipt) => {
          forgetPending(pending.hash);
          if (stopped) return;
          setTx(
            pending.origin,
            receipt.status === "success"
              ? { ...base, phase: "done" }
              : { ...base, phase: "error", message: translate("tx.reverted") },
            toast,
          );
          await queryClient.invalidateQueries();
        })
        .catch(() => {
          // Still unknown (the node forgot it, or is unreachable): keep it for the next load.
        });
    }
    return () => {
      stopped = true;
    };
  }, [config, chainId, queryClient]);
  return null;
}
