/** Simple SVG bar charts for the audit page: no chart library, readable without colour (labels). */
import { useTranslation } from "react-i18next";

import { t } from "../i18n/index.ts";

export type Segment = { label: string; value: bigint; text: string; className: string };

/** One horizontal bar split into segments proportional to their (bigint) values, on `scale` when given. */
export function StackedBar({
  title,
  segments,
  testId,
  scale,
}: {
  title: string;
  segments: Segment[];
  testId?: string;
  /** The value of the whole width, shared by bars drawn on one scale (default: this bar's total). */
  scale?: bigint;
}) {
  const sum = segments.reduce((s, x) => s + (x.value > 0n ? x.value : 0n), 0n);
  const total = scale !== undefined && scale >= sum ? scale : sum;
  let x = 0;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg
        viewBox="0 0 100 8"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${segments.map((s) => `${s.label} ${s.text}`).join(", ")}`}
      >
        <rect x="0" y="0" width="100" height="8" className="bar-bg" />
        {total > 0n
          ? segments.map((s) => {
              const width = s.value > 0n ? Number((s.value * 10_000n) / total) / 100 : 0;
              const rect = (
                <rect key={s.label} x={x} y="0" width={width} height="8" className={s.className} />
              );
              x += width;
              return rect;
            })
          : null}
      </svg>
      <ul className="legend">
        {segments.map((s) => (
          <li key={s.label}>
            <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.label}: {s.text}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Bars of comparable values (e.g. USD), each scaled to the largest. */
export function Bars({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: { label: string; value: bigint; text: string }[];
  testId?: string;
}) {
  useTranslation();
  const max = rows.reduce((m, r) => (r.value > m ? r.value : m), 0n);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? <p className="muted small-text">{t("charts.nothing")}</p> : null}
      {rows.map((r) => {
        const width = max > 0n ? Number((r.value * 10_000n) / max) / 100 : 0;
        return (
          <div key={r.label} className="bar-row">
            <span className="bar-label">{r.label}</span>
            <svg
              viewBox="0 0 100 6"
              preserveAspectRatio="none"
              className="bar-svg"
              aria-hidden="true"
            >
              <rect x="0" y="0" width="100" height="6" className="bar-bg" />
              <rect x="0" y="0" width={width} height="6" className="seg-raised" />
            </svg>
            <span className="bar-value">{r.text}</span>
          </div>
        );
      })}
    </figure>
  );
}
