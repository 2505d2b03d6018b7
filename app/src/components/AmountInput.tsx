import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { parseAmount } from "../lib/format.ts";
import { say } from "../lib/message.ts";

/**
 * A token amount typed in the person's language and the token's own decimals ("1,5" in French is
 * one and a half; "1,500" where the comma could be either is refused with a sentence). It reports
 * the text; the parent parses it with `parseAmount`. An optional Max button fills in the balance.
 */
export function AmountInput({
  label,
  value,
  onChange,
  decimals,
  symbol,
  testId = "amount-input",
  hint,
  onMax,
  maxHint,
  showError = true,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  decimals: number;
  symbol: string;
  testId?: string;
  hint?: ReactNode;
  onMax?: () => void;
  maxHint?: string;
  showError?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const parsed = value === "" ? undefined : parseAmount(value, decimals, symbol);
  const error = showError && parsed && !parsed.ok ? say(parsed.error) : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <div className="amount-row">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          placeholder="0"
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          data-testid={testId}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="unit">{symbol}</span>
        {onMax ? (
          <button
            type="button"
            className="secondary small"
            onClick={onMax}
            title={maxHint}
            data-testid={`${testId}-max`}
          >
            {t("amount.max")}
          </button>
        ) : null}
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
