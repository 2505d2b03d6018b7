import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";

import { t } from "../i18n/index.ts";
import { hashFile, isBytes32 } from "../lib/hash.ts";

/**
 * An evidence or dossier hash: choose a file (hashed here with keccak256 over its bytes; the file
 * never leaves the browser) or paste a 0x… hash.
 */
export function EvidenceHash({
  label,
  value,
  onChange,
  testId = "evidence",
}: {
  label: string;
  value: string;
  onChange: (hash: string) => void;
  testId?: string;
}) {
  useTranslation();
  const id = useId();
  const [fileName, setFileName] = useState<string>();
  const invalid = value !== "" && !isBytes32(value);
  return (
    <div className={`field${invalid ? " has-error" : ""}`}>
      <label htmlFor={`${id}-file`}>{t("evidence.chooseFile", { label })}</label>
      {/* The browser's own file button speaks the browser's language ("Choose File"): it lies,
          transparent, over one that speaks the page's, and still takes clicks and the keyboard. */}
      <div className="file-pick">
        <input
          id={`${id}-file`}
          type="file"
          data-testid={`${testId}-file`}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            onChange(await hashFile(file));
          }}
        />
        <span className="file-button" aria-hidden="true">
          {t("evidence.browse")}
        </span>{" "}
        <span className="small-text muted" aria-hidden="true">
          {fileName ?? t("evidence.noFile")}
        </span>
      </div>
      <label htmlFor={`${id}-hash`}>{t("evidence.orPaste")}</label>
      <input
        id={`${id}-hash`}
        className="mono"
        placeholder="0x…"
        value={value}
        data-testid={`${testId}-hash`}
        aria-invalid={invalid}
        onChange={(e) => {
          setFileName(undefined);
          onChange(e.target.value.trim());
        }}
      />
      {fileName && isBytes32(value) ? (
        <div className="hint">
          {fileName} → <span className="mono break">{value as Hex}</span> {t("evidence.onlyHash")}
        </div>
      ) : null}
      {invalid ? (
        <div className="error-text" role="alert">
          {t("evidence.invalid")}
        </div>
      ) : null}
    </div>
  );
}
