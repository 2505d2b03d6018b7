import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { t } from "../i18n/index.ts";
import { contentLib, looksLikeCid } from "../lib/content.ts";
import { hashFile, isBytes32 } from "../lib/hash.ts";

/**
 * A content-addressed document's on-chain hash: choose a file (its IPFS CID is computed here, as
 * `ipfs add --cid-version=1` would; the file never leaves the browser) or paste its CID or the 0x
 * hash. What goes on chain is the CID's sha2-256 digest (client/content.ts `digestOf`), so anyone
 * holding the file can check it and anyone with the hash can fetch the file from IPFS.
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
  const [cid, setCid] = useState<string>();
  /** A CID as pasted (the parent holds its digest); other input is the parent's value itself. */
  const [typed, setTyped] = useState<string>();
  const [problem, setProblem] = useState<"invalid" | "unsupported">();
  const pastedCid = typed !== undefined && looksLikeCid(typed) && (value !== "" || !cid);
  const shown = pastedCid ? typed : value;
  const invalid = !!problem || (shown !== "" && !isBytes32(shown) && !looksLikeCid(shown));
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
            setProblem(undefined);
            const hashed = await hashFile(file);
            setCid(hashed.cid);
            setTyped(undefined);
            onChange(hashed.digest);
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
        placeholder={t("evidence.placeholder")}
        value={shown}
        data-testid={`${testId}-hash`}
        aria-invalid={invalid}
        onChange={async (e) => {
          const text = e.target.value.trim();
          setFileName(undefined);
          setTyped(text);
          setProblem(undefined);
          setCid(undefined);
          if (!looksLikeCid(text)) {
            onChange(text);
            return;
          }
          onChange("");
          try {
            const { digestOf } = await contentLib();
            const digest = digestOf(text);
            setCid(text);
            onChange(digest);
          } catch (error) {
            setProblem(
              (error as { code?: string }).code === "unsupported-cid" ? "unsupported" : "invalid",
            );
          }
        }}
      />
      {cid && isBytes32(value) ? (
        <div className="hint" data-testid={`${testId}-cid`} data-cid={cid}>
          {fileName ? `${fileName} → ` : ""}
          {t("evidence.cidLine", { cid, hash: value })} {t("evidence.onlyHash")}
        </div>
      ) : null}
      {invalid ? (
        <div className="error-text" role="alert">
          {problem === "unsupported" ? t("evidence.unsupportedCid") : t("evidence.invalid")}
        </div>
      ) : null}
    </div>
  );
}

/**
 * "Choose a file": its IPFS CID, computed here (the file never leaves the browser), for a form
 * that records an `ipfs://` URI (a shipment's evidence).
 */
export function FileCid({
  label,
  onCid,
  testId,
}: {
  label: string;
  onCid: (cid: string, fileName: string) => void;
  testId: string;
}) {
  useTranslation();
  const id = useId();
  const [fileName, setFileName] = useState<string>();
  return (
    <div className="file-pick">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="file"
        data-testid={testId}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setFileName(file.name);
          onCid((await hashFile(file)).cid, file.name);
        }}
      />
      <span className="file-button" aria-hidden="true">
        {label}
      </span>{" "}
      <span className="small-text muted" aria-hidden="true">
        {fileName ?? t("evidence.noFile")}
      </span>
    </div>
  );
}
