import { useTranslation } from "react-i18next";
import type { Address, Chain } from "viem";

import type { TokenInfo } from "../../../client/audit.ts";
import { NameBook } from "../../../client/names.ts";
import {
  ORDER_STATUS_NAMES,
  type LedgerEntry,
  type OrderRecord,
  type Source,
} from "../../../client/ledger.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  percent,
} from "../lib/format.ts";
import { t } from "../i18n/index.ts";
import { orderStatusName, Party, Progress, TableWrap, TxLink } from "./common.tsx";

/** What happened to an order; also its CSS class (`tl-<kind>`) and its label's catalog key. */
type Kind =
  | "placed"
  | "reserved"
  | "returned"
  | "reclaimed"
  | "accepted"
  | "shipped"
  | "confirmed"
  | "advance"
  | "payment"
  | "completed"
  | "cancelled";
type Row = { at: Source; kind: Kind; text: string };

export type TokenLookup = (token: Address) => TokenInfo;

/**
 * Every event of one order, in chain order, from the shared client's `replay`: placed (in USD),
 * reserved per token, accepted, advances, shipments, confirmations (verifiers by their registry
 * names), payments per token, reservations returned and advances reclaimed on cancellation.
 */
export function orderTimeline(
  order: OrderRecord,
  entries: readonly LedgerEntry[],
  tokenOf: TokenLookup,
  names: NameBook = new NameBook(),
): Row[] {
  const amount = (token: Address, v: bigint) => {
    const info = tokenOf(token);
    return formatToken(v, info.decimals, info.symbol);
  };
  const who = (a: Address) => names.label(a);
  const units = (n: bigint) => ({ units: formatUnitsCount(n), count: Number(n) });
  const rows: Row[] = [
    {
      at: order.created,
      kind: "placed",
      text: t(order.amountUsd !== undefined ? "timeline.placedUsdText" : "timeline.placedText", {
        ...units(order.units),
        usd: order.amountUsd !== undefined ? formatUsd(order.amountUsd) : "",
        advance: bpsToPercent(order.advanceBps),
        date: formatDate(order.deliverBy),
      }),
    },
  ];
  for (const e of entries) {
    if (e.orderId !== order.id || !e.token || e.amount === undefined) continue;
    const value = { amount: amount(e.token, e.amount) };
    if (e.kind === "reserve")
      rows.push({ at: e, kind: "reserved", text: t("timeline.reservedText", value) });
    else if (e.kind === "returned")
      rows.push({ at: e, kind: "returned", text: t("timeline.returnedText", value) });
    else if (e.kind === "reclaimed")
      rows.push({ at: e, kind: "reclaimed", text: t("timeline.reclaimedText", value) });
  }
  if (order.accepted)
    rows.push({ at: order.accepted, kind: "accepted", text: t("timeline.acceptedText") });
  for (const s of order.shipments)
    rows.push({ at: s, kind: "shipped", text: t("timeline.shippedText", { uri: s.evidenceURI }) });
  for (const c of order.confirmations)
    rows.push({
      at: c,
      kind: "confirmed",
      text: t(c.bySignature ? "timeline.confirmedBySigText" : "timeline.confirmedText", {
        ...units(c.unitsDelivered),
        who: who(c.verifier),
        hash: c.evidenceHash,
      }),
    });
  for (const p of order.payments)
    rows.push({
      at: p,
      kind: p.advance ? "advance" : "payment",
      text: p.advance
        ? t("timeline.advanceText", { amount: amount(p.token, p.amount) })
        : t("timeline.paymentText", {
            amount: amount(p.token, p.amount),
            ...units(p.unitsVerified),
          }),
    });
  if (order.completed)
    rows.push({ at: order.completed, kind: "completed", text: t("timeline.completedText") });
  if (order.cancelled)
    rows.push({
      at: order.cancelled,
      kind: "cancelled",
      text: t("timeline.cancelledText", { who: who(order.cancelled.by) }),
    });
  return rows.sort((a, b) =>
    a.at.blockNumber === b.at.blockNumber
      ? a.at.logIndex - b.at.logIndex
      : a.at.blockNumber < b.at.blockNumber
        ? -1
        : 1,
  );
}

export function OrderCard({
  order,
  entries,
  tokenOf,
  chain,
  unitName,
  names = new NameBook(),
}: {
  order: OrderRecord;
  entries: readonly LedgerEntry[];
  tokenOf: TokenLookup;
  chain: Chain;
  unitName: string;
  names?: NameBook;
}) {
  useTranslation();
  const rows = orderTimeline(order, entries, tokenOf, names);
  const f = (token: Address, v: bigint) => {
    const info = tokenOf(token);
    return formatToken(v, info.decimals, info.symbol);
  };
  const id = order.id.toString();
  return (
    <li className="card order" data-testid="order-card" data-order={id}>
      <div className="card-head">
        <h3>
          {t("order.title", {
            id,
            units: formatUnitsCount(order.units),
            count: Number(order.units),
            unit: unitName,
          })}
        </h3>
        <span className={`badge badge-${order.status.toLowerCase()}`}>
          {orderStatusName(ORDER_STATUS_NAMES.indexOf(order.status))}
        </span>
      </div>
      <p className="muted">
        {t("order.supplier")}{" "}
        <Party address={order.supplier} names={names} chain={chain} testId="order-supplier-name" />
        {order.amountUsd !== undefined
          ? t("order.atPledgePrices", { usd: formatUsd(order.amountUsd) })
          : ""}
      </p>
      <Progress
        label={t("appeals.unitsVerified")}
        value={percent(order.unitsVerified, order.units)}
        text={t("common.ofTotal", {
          part: formatUnitsCount(order.unitsVerified),
          whole: formatUnitsCount(order.units),
        })}
      />
      <TableWrap label={`${t("order.sharesTable")} ${id}`}>
        <table data-testid="order-shares" aria-label={t("order.perToken", { id })}>
          <thead>
            <tr>
              <th scope="col">{t("order.token")}</th>
              <th scope="col">{t("order.reserved")}</th>
              <th scope="col">{t("order.advance")}</th>
              <th scope="col">{t("order.paid")}</th>
              <th scope="col">{t("order.returned")}</th>
              <th scope="col">{t("order.reclaimed")}</th>
            </tr>
          </thead>
          <tbody>
            {order.tokens.map((token) => {
              const s = order.shares[token];
              return (
                <tr key={token} data-testid={`share-${tokenOf(token).symbol}`}>
                  <td>{tokenOf(token).symbol}</td>
                  <td>{f(token, s.amount)}</td>
                  <td>{f(token, s.advance)}</td>
                  <td>{f(token, s.paid)}</td>
                  <td>{f(token, s.returned)}</td>
                  <td>{f(token, s.reclaimed)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <ol className="timeline" aria-label={t("order.timeline", { id })}>
        {rows.map((r) => (
          <li
            key={`${r.at.transactionHash}-${r.at.logIndex}-${r.kind}`}
            className={`tl-${r.kind}`}
            data-kind={r.kind}
          >
            <span className="tl-kind">{t(`timeline.${r.kind}`)}</span>{" "}
            <span className="tl-text">{r.text}</span>{" "}
            <span className="tl-tx">
              {t("order.block", { block: r.at.blockNumber.toString() })} ·{" "}
              <TxLink hash={r.at.transactionHash} chain={chain} />
            </span>
          </li>
        ))}
      </ol>
    </li>
  );
}
