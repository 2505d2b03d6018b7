import { useId } from "react";

import { parseAmount } from "../lib/format.ts";

/**
 * A token amount typed in the token's own decimals. It reports the parsed base-unit value, or an
 * error sentence (too many decimals, not a number, zero): never a rounded float.
 */
export function AmountInput({
  label,
  value,
  onChange,
  decimals,
  symbol,
  testId = "amount-input",
  hint,
  showError = true,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  decimals: number;
  symbol: string;
  testId?: string;
  hint?: string;
  showError?: boolean;
}) {
  const id = useId();
  const parsed = value === "" ? undefined : parseAmount(value, decimals, symbol);
  const error = showError && parsed && !parsed.ok ? parsed.error : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <div className="amount-row">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          placeholder="0.0"
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          data-testid={testId}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="unit">{symbol}</span>
      </div>
      {hint && !error ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="error-text" id={`${id}-error`} role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}
