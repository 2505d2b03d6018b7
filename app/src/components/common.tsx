import { useState, type ReactNode } from "react";
import type { Address, Chain } from "viem";

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
  label = "Copy",
  testId,
}: {
  text: string;
  label?: string;
  testId?: string;
}) {
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
      {copied ? "Copied" : label}
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

export const STATUS_LABELS = [
  "Not initialised",
  "Funding",
  "Failed",
  "Procurement",
  "Closed",
] as const;
export const ORDER_STATUS_LABELS = [
  "None",
  "Placed",
  "Accepted",
  "Shipped",
  "Completed",
  "Cancelled",
] as const;

export function StatusBadge({ status }: { status: number }) {
  const label = STATUS_LABELS[status] ?? "Unknown";
  return <span className={`badge badge-${label.toLowerCase().replace(/\s/g, "-")}`}>{label}</span>;
}
