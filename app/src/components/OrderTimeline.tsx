import type { Address, Chain } from "viem";

import type { TokenInfo } from "../../../client/audit.ts";
import type { LedgerEntry, OrderRecord, Source } from "../../../client/ledger.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  percent,
  shortAddress,
} from "../lib/format.ts";
import { t } from "../i18n/index.ts";
import { AddressText, Progress, TableWrap, TxLink } from "./common.tsx";

type Row = { at: Source; kind: string; text: string };

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
  names: Record<string, string> = {},
): Row[] {
  const amount = (token: Address, v: bigint) => {
    const t = tokenOf(token);
    return formatToken(v, t.decimals, t.symbol);
  };
  const who = (a: Address) => names[a.toLowerCase()] ?? shortAddress(a);
  const rows: Row[] = [
    {
      at: order.created,
      kind: "placed",
      text: `${formatUnitsCount(order.units)} units${order.amountUsd !== undefined ? ` for ${formatUsd(order.amountUsd)} at pledge-time prices` : ""}, advance ${bpsToPercent(order.advanceBps)}, deliver by ${formatDate(order.deliverBy)}`,
    },
  ];
  for (const e of entries) {
    if (e.orderId !== order.id || !e.token || e.amount === undefined) continue;
    if (e.kind === "reserve")
      rows.push({ at: e, kind: "reserved", text: `${amount(e.token, e.amount)} set aside` });
    else if (e.kind === "returned")
      rows.push({
        at: e,
        kind: "returned",
        text: `${amount(e.token, e.amount)} of the reservation, unpaid, back to the pool`,
      });
    else if (e.kind === "reclaimed")
      rows.push({
        at: e,
        kind: "reclaimed",
        text: `${amount(e.token, e.amount)} of advance taken back from the suspended supplier`,
      });
  }
  if (order.accepted) rows.push({ at: order.accepted, kind: "accepted", text: "by the supplier" });
  for (const s of order.shipments)
    rows.push({ at: s, kind: "shipped", text: `evidence ${s.evidenceURI}` });
  for (const c of order.confirmations)
    rows.push({
      at: c,
      kind: "confirmed",
      text: `${formatUnitsCount(c.unitsDelivered)} units by ${who(c.verifier)}${c.bySignature ? " (EIP-712 signature, relayed)" : ""}; evidence ${c.evidenceHash}`,
    });
  for (const p of order.payments)
    rows.push({
      at: p,
      kind: p.advance ? "advance" : "payment",
      text: p.advance
        ? `${amount(p.token, p.amount)} credited to the supplier on acceptance`
        : `${amount(p.token, p.amount)} for ${formatUnitsCount(p.unitsVerified)} verified units`,
    });
  if (order.completed)
    rows.push({ at: order.completed, kind: "completed", text: "every unit verified and paid" });
  if (order.cancelled)
    rows.push({ at: order.cancelled, kind: "cancelled", text: `by ${who(order.cancelled.by)}` });
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
  names = {},
}: {
  order: OrderRecord;
  entries: readonly LedgerEntry[];
  tokenOf: TokenLookup;
  chain: Chain;
  unitName: string;
  names?: Record<string, string>;
}) {
  const rows = orderTimeline(order, entries, tokenOf, names);
  const f = (token: Address, v: bigint) => {
    const t = tokenOf(token);
    return formatToken(v, t.decimals, t.symbol);
  };
  return (
    <li className="card order" data-testid="order-card" data-order={order.id.toString()}>
      <div className="card-head">
        <h3>
          Order {order.id.toString()}: {formatUnitsCount(order.units)} {unitName}
        </h3>
        <span className={`badge badge-${order.status.toLowerCase()}`}>{order.status}</span>
      </div>
      <p className="muted">
        Supplier {names[order.supplier.toLowerCase()] ?? ""}{" "}
        <AddressText address={order.supplier} chain={chain} />
        {order.amountUsd !== undefined
          ? ` · ${formatUsd(order.amountUsd)} at pledge-time prices`
          : ""}
      </p>
      <Progress
        label="Units delivered and verified"
        value={percent(order.unitsVerified, order.units)}
        text={`${formatUnitsCount(order.unitsVerified)} of ${formatUnitsCount(order.units)}`}
      />
      <TableWrap label={`${t("order.sharesTable")} ${order.id}`}>
        <table data-testid="order-shares" aria-label={`Order ${order.id} per token`}>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Reserved</th>
              <th scope="col">Advance</th>
              <th scope="col">Paid</th>
              <th scope="col">Returned</th>
              <th scope="col">Reclaimed</th>
            </tr>
          </thead>
          <tbody>
            {order.tokens.map((t) => {
              const s = order.shares[t];
              return (
                <tr key={t} data-testid={`share-${tokenOf(t).symbol}`}>
                  <td>{tokenOf(t).symbol}</td>
                  <td>{f(t, s.amount)}</td>
                  <td>{f(t, s.advance)}</td>
                  <td>{f(t, s.paid)}</td>
                  <td>{f(t, s.returned)}</td>
                  <td>{f(t, s.reclaimed)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <ol className="timeline" aria-label={`Timeline of order ${order.id}`}>
        {rows.map((r) => (
          <li key={`${r.at.transactionHash}-${r.at.logIndex}-${r.kind}`} className={`tl-${r.kind}`}>
            <span className="tl-kind">{r.kind}</span> <span className="tl-text">{r.text}</span>{" "}
            <span className="tl-tx">
              block {r.at.blockNumber.toString()} ·{" "}
              <TxLink hash={r.at.transactionHash} chain={chain} />
            </span>
          </li>
        ))}
      </ol>
    </li>
  );
}
