import { useId, useState } from "react";
import type { Hex } from "viem";

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
  const id = useId();
  const [fileName, setFileName] = useState<string>();
  const invalid = value !== "" && !isBytes32(value);
  return (
    <div className={`field${invalid ? " has-error" : ""}`}>
      <label htmlFor={`${id}-file`}>{label}: choose a file (hashed locally)</label>
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
      <label htmlFor={`${id}-hash`}>…or paste its keccak256 hash</label>
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
          {fileName} → <span className="mono break">{value as Hex}</span> (only this hash goes on
          chain)
        </div>
      ) : null}
      {invalid ? (
        <div className="error-text" role="alert">
          A hash is 0x followed by 64 hexadecimal characters.
        </div>
      ) : null}
    </div>
  );
}
