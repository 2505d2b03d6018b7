import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Address, Chain } from "viem";

import type { PartyName } from "../../../client/names.ts";

import { t as translate } from "../i18n/index.ts";
import { explainError } from "../lib/errors.ts";
import { explorerUrl } from "../lib/explorer.ts";
import { shortAddress } from "../lib/format.ts";

export function AddressText({
  address,
  chain,
  full,
}: {
  address: Address;
  chain?: Chain;
  full?: boolean;
}) {
  const url = explorerUrl(chain, "address", address);
  const text = full ? address : shortAddress(address);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" title={address} className="mono">
      {text}
    </a>
  ) : (
    <span className="mono" title={address}>
      {text}
    </span>
  );
}

/** Who an address is: the name first (marked when only the appeal's metadata states it), the short address second, linked to the explorer. */
export function Party({
  address,
  names,
  chain,
  full,
  testId,
}: {
  address: Address;
  names?: { get(address: string): PartyName | undefined };
  chain?: Chain;
  full?: boolean;
  testId?: string;
}) {
  useTranslation();
  const entry = names?.get(address);
  return (
    <span className="party" data-testid={testId} data-address={address.toLowerCase()}>
      {entry ? (
        <>
          <span className="party-name">{entry.name}</span>
          {entry.source === "metadata" ? (
            <>
              {" "}
              <span className="party-stated muted small-text" title={translate("names.statedHelp")}>
                {translate("names.stated")}
              </span>
            </>
          ) : null}{" "}
        </>
      ) : null}
      <AddressText address={address} chain={chain} full={full} />
    </span>
  );
}

export function TxLink({ hash, chain }: { hash: string; chain?: Chain }) {
  const url = explorerUrl(chain, "tx", hash);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" className="mono" title={hash}>
      {shortAddress(hash)}
    </a>
  ) : (
    <span className="mono" title={hash}>
      {shortAddress(hash)}
    </span>
  );
}

export function Progress({
  label,
  value,
  max,
  text,
  testId,
}: {
  label: string;
  value: number;
  max?: number;
  text: string;
  testId?: string;
}) {
  const pct = Math.max(0, Math.min(100, max ? (value / max) * 100 : value));
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-label">
        <span>{label}</span>
        <span>{text}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function CopyButton({
  text,
  label,
  testId,
}: {
  text: string;
  label?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="secondary small"
      data-testid={testId}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? t("common.copied") : (label ?? t("common.copy"))}
    </button>
  );
}

export function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error ? (
        <div className="hint" id={`${htmlFor}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div
          className="error-text"
          id={`${htmlFor}-error`}
          role="alert"
          data-testid={`${htmlFor}-error`}
        >
          {error}
        </div>
      ) : null}
    </div>
  );
}

const STATUS_KEYS = ["uninitialised", "funding", "failed", "procurement", "closed"] as const;
const ORDER_STATUS_KEYS = [
  "none",
  "placed",
  "accepted",
  "shipped",
  "completed",
  "cancelled",
] as const;

/** English status names: stable values for data attributes and filters (not shown as such). */
export const STATUS_LABELS = [
  "Not initialised",
  "Funding",
  "Failed",
  "Procurement",
  "Closed",
] as const;

/** An appeal's status, in the chosen language. */
export const statusText = (status: number) =>
  translate(`status.${STATUS_KEYS[status] ?? "uninitialised"}`);
export const statusName = (status: number) =>
  translate(`statusName.${STATUS_KEYS[status] ?? "uninitialised"}`);
/** An order's status in a sentence ("completed"), in the chosen language. */
export const orderStatusText = (status: number) =>
  translate(`orderStatus.${ORDER_STATUS_KEYS[status] ?? "none"}`);
/** An order's status, in the chosen language. */
export const orderStatusName = (status: number) =>
  translate(`orderStatusName.${ORDER_STATUS_KEYS[status] ?? "none"}`);

export function StatusBadge({ status }: { status: number }) {
  useTranslation();
  const key = STATUS_KEYS[status] ?? "uninitialised";
  return <span className={`badge badge-${key}`}>{statusName(status)}</span>;
}

/** A failed read, in a sentence, with a Retry button (never "Loading…" for ever). */
export function QueryError({
  query,
  testId = "query-error",
}: {
  query: { error: unknown; refetch: () => unknown; isFetching?: boolean };
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-warning" role="alert" data-testid={testId}>
      <p>{explainError(query.error).sentence}</p>
      <button
        type="button"
        className="small"
        disabled={query.isFetching}
        onClick={() => void query.refetch()}
        data-testid={`${testId}-retry`}
      >
        {query.isFetching ? t("common.retrying") : t("common.retry")}
      </button>
    </div>
  );
}

/**
 * A button for an irreversible or platform-wide action: the first click asks, the second (on
 * "Yes") acts. `reason` disables it and says why the chain would refuse.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  reason,
  testId,
  className = "secondary small",
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => unknown;
  disabled?: boolean;
  reason?: string;
  testId: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (asking)
    return (
      <span className="confirm" role="group" aria-label={question} data-testid={`${testId}-ask`}>
        <span className="small-text">{question}</span>{" "}
        <button
          type="button"
          className="danger small"
          data-testid={`${testId}-confirm`}
          onClick={() => {
            setAsking(false);
            void onConfirm();
          }}
        >
          {confirmLabel ?? t("common.yes")}
        </button>{" "}
        <button
          type="button"
          className="secondary small"
          data-testid={`${testId}-keep`}
          onClick={() => setAsking(false)}
        >
          {t("common.no")}
        </button>
      </span>
    );
  return (
    <span className="with-reason">
      <button
        type="button"
        className={className}
        disabled={disabled || !!reason}
        data-testid={testId}
        onClick={() => setAsking(true)}
        aria-describedby={reason ? `${testId}-reason` : undefined}
      >
        {label}
      </button>
      {reason ? (
        <span
          className="reason small-text"
          id={`${testId}-reason`}
          data-testid={`${testId}-reason`}
        >
          {reason}
        </span>
      ) : null}
    </span>
  );
}

/** "Sure?" with Yes / No, for a form whose submission is platform-wide or irreversible. */
export function ConfirmRow({
  question,
  onYes,
  onNo,
  testId,
}: {
  question: string;
  onYes: () => unknown;
  onNo: () => unknown;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="confirm" role="group" aria-label={question} data-testid={testId}>
      <span className="small-text">{question}</span>{" "}
      <button
        type="button"
        className="danger small"
        data-testid={`${testId}-yes`}
        onClick={() => void onYes()}
      >
        {t("common.yes")}
      </button>{" "}
      <button
        type="button"
        className="secondary small"
        data-testid={`${testId}-no`}
        onClick={() => void onNo()}
      >
        {t("common.no")}
      </button>
    </div>
  );
}

/** A table that may scroll sideways on a phone: a labelled region the keyboard can reach. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
