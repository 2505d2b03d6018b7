import type { Chain } from "viem";

import type { TokenInfo } from "../../../client/audit.ts";
import type { OrderRecord, Source } from "../../../client/ledger.ts";
import { formatToken, formatUnitsCount, bpsToPercent, formatDate, percent } from "../lib/format.ts";
import { AddressText, Progress, TxLink } from "./common.tsx";

type Row = { at: Source; kind: string; text: string };

/** Every event of one order, in chain order, from the shared client's `replay`. */
export function orderTimeline(order: OrderRecord, token: TokenInfo): Row[] {
  const amount = (v: bigint) => formatToken(v, token.decimals, token.symbol);
  const rows: Row[] = [
    {
      at: order.created,
      kind: "placed",
      text: `${formatUnitsCount(order.units)} units for ${amount(order.amount)}, advance ${bpsToPercent(order.advanceBps)}, deliver by ${formatDate(order.deliverBy)}`,
    },
  ];
  if (order.accepted) rows.push({ at: order.accepted, kind: "accepted", text: "by the supplier" });
  for (const s of order.shipments)
    rows.push({ at: s, kind: "shipped", text: `evidence ${s.evidenceURI}` });
  for (const c of order.confirmations)
    rows.push({
      at: c,
      kind: "confirmed",
      text: `${formatUnitsCount(c.unitsDelivered)} units by verifier ${c.verifier}${c.bySignature ? " (EIP-712 signature)" : ""}; evidence ${c.evidenceHash}`,
    });
  for (const p of order.payments)
    rows.push({
      at: p,
      kind: p.advance ? "advance" : "payment",
      text: p.advance
        ? `${amount(p.amount)} credited to the supplier on acceptance`
        : `${amount(p.amount)} for ${formatUnitsCount(p.unitsVerified)} verified units`,
    });
  if (order.completed)
    rows.push({ at: order.completed, kind: "completed", text: "every unit verified and paid" });
  if (order.cancelled)
    rows.push({
      at: order.cancelled,
      kind: "cancelled",
      text: `by ${order.cancelled.by}; ${amount(order.cancelled.returnedToPool)} returned to the pool`,
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
  token,
  chain,
  unitName,
}: {
  order: OrderRecord;
  token: TokenInfo;
  chain: Chain;
  unitName: string;
}) {
  const rows = orderTimeline(order, token);
  return (
    <li className="card order" data-testid="order-card">
      <div className="card-head">
        <h3>
          Order {order.id.toString()}: {formatUnitsCount(order.units)} {unitName}
        </h3>
        <span className={`badge badge-${order.status.toLowerCase()}`}>{order.status}</span>
      </div>
      <p className="muted">
        Supplier <AddressText address={order.supplier} chain={chain} /> ·{" "}
        {formatToken(order.amount, token.decimals, token.symbol)} · paid{" "}
        {formatToken(order.paid, token.decimals, token.symbol)}
      </p>
      <Progress
        label="Units delivered and verified"
        value={percent(order.unitsVerified, order.units)}
        text={`${formatUnitsCount(order.unitsVerified)} of ${formatUnitsCount(order.units)}`}
      />
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
