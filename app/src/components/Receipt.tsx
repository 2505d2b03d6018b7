/**
 * A donor's impact receipt (the client's `impactReceipt`): the trail from each pledge to the
 * verified units its money bought, by name, with every transaction; and an appeal's summary (the
 * client's `appealSummary`). Shares are the client's exact rationals, rounded once here for the
 * chosen language (`formatExact…`).
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Address, Chain } from "viem";

import type { TokenInfo } from "../../../client/audit.ts";
import type { NameBook } from "../../../client/names.ts";
import {
  isZero,
  type AppealSummary,
  type At,
  type CampaignHistory,
  type DonorReceipt,
  type Ratio,
  type ReceiptOrderLine,
} from "../../../client/receipt.ts";
import { t } from "../i18n/index.ts";
import {
  formatDate,
  formatDay,
  formatExact,
  formatExactToken,
  formatExactUsd,
  formatList,
  formatShare,
  formatUnitsCount,
} from "../lib/format.ts";
import {
  orderStatusName,
  orderStatusText,
  Party,
  statusText,
  TableWrap,
  TxLink,
} from "./common.tsx";
import { DocumentLink } from "./Content.tsx";
import { ORDER_STATUS_NAMES, STATUS_NAMES } from "../../../client/ledger.ts";

const lower = (a: string) => a.toLowerCase() as Address;

function tokenLookup(history: CampaignHistory) {
  return (address: Address): TokenInfo =>
    history.tokens.find((x) => lower(x.address) === lower(address)) ?? {
      address,
      symbol: address.slice(0, 8),
      decimals: 18,
    };
}

/** A block's date when known, else its number. */
export const whenOf = (at: At) =>
  at.time !== undefined
    ? formatDate(at.time)
    : t("receipt.atBlock", { block: at.blockNumber.toString() });
const dayOf = (at: At) =>
  at.time !== undefined
    ? formatDay(at.time)
    : t("receipt.atBlock", { block: at.blockNumber.toString() });

const nonZero = (x: Ratio | bigint) => (typeof x === "bigint" ? x !== 0n : !isZero(x));

/** The receipt's trail in sentences, as a donor would tell it. */
export function receiptSentences(
  receipt: DonorReceipt,
  history: CampaignHistory,
  names: NameBook,
): string[] {
  const tok = tokenLookup(history);
  const amt = (a: Ratio | bigint, token: Address) => formatExactToken(a, tok(token));
  const who = (a: string) => names.label(a);
  const out: string[] = [];
  const gave = receipt.tokens
    .filter((l) => l.net > 0n)
    .map((l) =>
      t("receipt.amountUsd", { amount: amt(l.net, l.token), usd: formatExactUsd(l.netUsd) }),
    );
  if (gave.length) out.push(t("receipt.gave", { amounts: formatList(gave) }));
  for (const o of receipt.orders) {
    if (o.unitsVerified === 0n && o.tokens.every((x) => !nonZero(x.paid))) continue;
    const paid = o.tokens.filter((x) => nonZero(x.paid)).map((x) => amt(x.paid, x.token));
    const values = {
      usd: formatExactUsd(o.paidUsd),
      amounts: paid.length ? paid.join(" + ") : t("receipt.nothingYet"),
      supplier: who(o.supplier),
      id: o.orderId.toString(),
      status: orderStatusText(ORDER_STATUS_NAMES.indexOf(o.status)),
      units: formatUnitsCount(o.unitsAllocated),
      verified: formatUnitsCount(o.unitsVerified),
      unit: receipt.unitName,
    };
    out.push(t(o.unitsVerified > 0n ? "receipt.paidFor" : "receipt.paidAdvance", values));
    if (o.unitsVerified > 0n && o.verifiedBy.length)
      out.push(
        o.verifiedAt
          ? t("receipt.verifiedByOn", {
              verifiers: formatList(o.verifiedBy.map(who)),
              date: dayOf(o.verifiedAt),
            })
          : t("receipt.verifiedBy", { verifiers: formatList(o.verifiedBy.map(who)) }),
      );
  }
  if (!isZero(receipt.totals.advancesUnbackedUsd))
    out.push(
      t("receipt.unbackedSentence", { usd: formatExactUsd(receipt.totals.advancesUnbackedUsd) }),
    );
  const refunded = receipt.refunds.map((r) => amt(r.amount, r.token));
  if (refunded.length) out.push(t("receipt.refunded", { amounts: formatList(refunded) }));
  const toClaim = receipt.tokens
    .filter((l) => l.refundable > 0n)
    .map((l) => amt(l.refundable, l.token));
  if (toClaim.length) out.push(t("receipt.toClaim", { amounts: formatList(toClaim) }));
  const cancelled = receipt.cancellations.map((c) => amt(c.amount, c.token));
  if (cancelled.length) out.push(t("receipt.cancelled", { amounts: formatList(cancelled) }));
  return out;
}

/** Notes on how the numbers were derived, in the chosen language (the client's, worded here). */
function receiptNotes(receipt: DonorReceipt): string[] {
  const notes: string[] = [];
  if (receipt.version === 1) notes.push(t("receipt.noteV1"));
  if (receipt.status === "Funding") notes.push(t("receipt.noteFunding"));
  if (receipt.tokens.some((l) => !isZero(l.advancesUnbacked)))
    notes.push(t("receipt.noteAdvances"));
  return notes;
}

export function ReceiptView({
  receipt,
  history,
  names,
  chain,
  headingLevel = 3,
}: {
  receipt: DonorReceipt;
  history: CampaignHistory;
  names: NameBook;
  chain?: Chain;
  headingLevel?: 2 | 3;
}) {
  useTranslation();
  const tok = tokenLookup(history);
  const amt = (a: Ratio | bigint, token: Address) => formatExactToken(a, tok(token));
  const H = headingLevel === 2 ? "h2" : "h3";
  const HH = headingLevel === 2 ? "h3" : "h4";
  const t_ = receipt.totals;
  const poolLabel =
    receipt.status === "Closed"
      ? t("receipt.unspent")
      : receipt.status === "Failed"
        ? t("receipt.refundInFull")
        : t("receipt.inPool");
  const notes = receiptNotes(receipt);
  return (
    <div className="receipt" data-testid="receipt" data-donor={receipt.donor}>
      {receipt.issues.length ? (
        <p className="banner banner-warning" role="alert">
          {t("receipt.issues", { count: receipt.issues.length })}
        </p>
      ) : null}
      <div className="receipt-trail" data-testid="receipt-trail">
        {receiptSentences(receipt, history, names).map((s, i) => (
          <p key={i}>{s}</p>
        ))}
      </div>
      <TableWrap label={t("receipt.totalsTable")}>
        <table className="facts-table" data-testid="receipt-totals">
          <tbody>
            <tr>
              <th scope="row">{t("receipt.unitsBought", { unit: receipt.unitName })}</th>
              <td data-testid="receipt-units">
                {t("receipt.unitsExactly", {
                  units: formatUnitsCount(t_.unitsAllocated),
                  exact: formatExact(t_.unitsExact, 0, 4),
                })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("receipt.paidForDelivery")}</th>
              <td data-testid="receipt-paid">{formatExactUsd(t_.paidForDeliveryUsd)}</td>
            </tr>
            <tr>
              <th scope="row">{t("receipt.advancesUnbacked")}</th>
              <td data-testid="receipt-unbacked">{formatExactUsd(t_.advancesUnbackedUsd)}</td>
            </tr>
            <tr>
              <th scope="row">{t("receipt.reserved")}</th>
              <td>{formatExactUsd(t_.reservedUsd)}</td>
            </tr>
            <tr>
              <th scope="row">{poolLabel}</th>
              <td>{formatExactUsd(receipt.status === "Failed" ? t_.netUsd : t_.inPoolUsd)}</td>
            </tr>
            <tr>
              <th scope="row">{t("receipt.refundedToClaim")}</th>
              <td data-testid="receipt-refunded">
                {t("receipt.slash", {
                  a: formatExactUsd(t_.refundedUsd),
                  b: formatExactUsd(t_.refundableUsd),
                })}
              </td>
            </tr>
          </tbody>
        </table>
      </TableWrap>

      <H>{t("receipt.pledgesTitle")}</H>
      <TableWrap label={t("receipt.pledgesTitle")}>
        <table data-testid="receipt-pledges">
          <thead>
            <tr>
              <th scope="col">{t("receipt.date")}</th>
              <th scope="col">{t("receipt.token")}</th>
              <th scope="col">{t("receipt.amount")}</th>
              <th scope="col">{t("receipt.usdAtPledge")}</th>
              <th scope="col">{t("receipt.tx")}</th>
            </tr>
          </thead>
          <tbody>
            {receipt.pledges.map((p) => (
              <tr key={`${p.at.transactionHash}-${p.at.logIndex}`}>
                <td>{whenOf(p.at)}</td>
                <td>{tok(p.token).symbol}</td>
                <td>{amt(p.amount, p.token)}</td>
                <td>{formatExactUsd(p.usdValue)}</td>
                <td>
                  <TxLink hash={p.at.transactionHash} chain={chain} />
                </td>
              </tr>
            ))}
            {receipt.cancellations.map((c) => (
              <tr key={`${c.at.transactionHash}-${c.at.logIndex}`} className="muted">
                <td>{whenOf(c.at)}</td>
                <td>{tok(c.token).symbol}</td>
                <td>{t("receipt.cancelledAmount", { amount: amt(c.amount, c.token) })}</td>
                <td>−{formatExactUsd(c.usdValue)}</td>
                <td>
                  <TxLink hash={c.at.transactionHash} chain={chain} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <H>{t("receipt.tokensTitle")}</H>
      <TableWrap label={t("receipt.tokensTitle")}>
        <table data-testid="receipt-tokens">
          <thead>
            <tr>
              <th scope="col">{t("receipt.token")}</th>
              <th scope="col">{t("receipt.netPledge")}</th>
              <th scope="col">{t("receipt.poolShare")}</th>
              <th scope="col">{t("receipt.paidForDeliveryShort")}</th>
              <th scope="col">{t("receipt.advancesUnbackedShort")}</th>
              <th scope="col">{t("receipt.reservedShort")}</th>
              <th scope="col">{t("receipt.unspentShort")}</th>
              <th scope="col">{t("receipt.refundedShort")}</th>
              <th scope="col">{t("receipt.toClaimShort")}</th>
            </tr>
          </thead>
          <tbody>
            {receipt.tokens.map((l) => (
              <tr key={l.token} data-testid={`receipt-token-${tok(l.token).symbol}`}>
                <td>{tok(l.token).symbol}</td>
                <td>{amt(l.net, l.token)}</td>
                <td>{formatShare(l.fraction)}</td>
                <td>{amt(l.paidForDelivery, l.token)}</td>
                <td>{amt(l.advancesUnbacked, l.token)}</td>
                <td>{amt(l.reserved, l.token)}</td>
                <td>{amt(l.inPool, l.token)}</td>
                <td>{amt(l.refunded, l.token)}</td>
                <td>{amt(l.refundable, l.token)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      {receipt.orders.length ? (
        <>
          <H>{t("receipt.ordersTitle")}</H>
          {receipt.orders.map((o) => (
            <ReceiptOrder
              key={o.orderId.toString()}
              order={o}
              receipt={receipt}
              history={history}
              names={names}
              chain={chain}
              Heading={HH}
            />
          ))}
        </>
      ) : null}

      {receipt.refunds.length ? (
        <>
          <H>{t("receipt.refundsTitle")}</H>
          <TableWrap label={t("receipt.refundsTitle")}>
            <table data-testid="receipt-refunds">
              <thead>
                <tr>
                  <th scope="col">{t("receipt.date")}</th>
                  <th scope="col">{t("receipt.amount")}</th>
                  <th scope="col">{t("receipt.tx")}</th>
                </tr>
              </thead>
              <tbody>
                {receipt.refunds.map((r) => (
                  <tr key={`${r.at.transactionHash}-${r.at.logIndex}`}>
                    <td>{whenOf(r.at)}</td>
                    <td>
                      {amt(r.amount, r.token)}
                      {r.to ? ` ${t("receipt.sentTo", { to: r.to })}` : ""}
                    </td>
                    <td>
                      <TxLink hash={r.at.transactionHash} chain={chain} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}

      {notes.length ? (
        <ul className="small-text muted receipt-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <p className="small-text muted">
        {t("receipt.method", {
          from: receipt.fromBlock.toString(),
          to: receipt.toBlock.toString(),
        })}
      </p>
    </div>
  );
}

function ReceiptOrder({
  order: o,
  receipt,
  history,
  names,
  chain,
  Heading,
}: {
  order: ReceiptOrderLine;
  receipt: DonorReceipt;
  history: CampaignHistory;
  names: NameBook;
  chain?: Chain;
  Heading: "h3" | "h4";
}) {
  const tok = tokenLookup(history);
  const amt = (a: Ratio | bigint, token: Address) => formatExactToken(a, tok(token));
  type Row = { at: At; what: ReactNode; full: string; mine: string; key: string };
  const rows: Row[] = [
    ...o.payments.map((p, i) => ({
      at: p.at,
      key: `p${i}`,
      what: p.advance
        ? t("receipt.advancePayment")
        : t("receipt.deliveryPayment", {
            units: formatUnitsCount(p.unitsVerified),
            count: Number(p.unitsVerified),
          }),
      full: amt(p.amount, p.token),
      mine: amt(p.share, p.token),
    })),
    ...o.confirmations.map((c, i) => ({
      at: c.at,
      key: `c${i}`,
      what: (
        <>
          {t(c.bySignature ? "receipt.confirmedSigned" : "receipt.confirmed", {
            who: names.label(c.verifier),
            units: formatUnitsCount(c.units),
            count: Number(c.units),
          })}{" "}
          <DocumentLink
            reference={c.evidenceHash}
            title={t("receipt.evidence")}
            testId="evidence-document"
          />
        </>
      ),
      full: "",
      mine: "",
    })),
    ...o.shipments.map((s, i) => ({
      at: s.at,
      key: `s${i}`,
      what: (
        <>
          {t("receipt.shipped")}{" "}
          {/^ipfs:\/\//.test(s.evidenceURI) ? (
            <DocumentLink
              reference={s.evidenceURI}
              title={t("receipt.shippingDocument")}
              testId="shipment-document"
            />
          ) : (
            <span className="mono break">{s.evidenceURI}</span>
          )}
        </>
      ),
      full: "",
      mine: "",
    })),
    ...(o.cancelled
      ? [
          {
            at: o.cancelled as At,
            key: "x",
            what: t("receipt.cancelledBy", { who: names.label(o.cancelled.by) }),
            full: "",
            mine: "",
          },
        ]
      : []),
  ].sort((a, b) =>
    a.at.blockNumber === b.at.blockNumber
      ? a.at.logIndex - b.at.logIndex
      : a.at.blockNumber < b.at.blockNumber
        ? -1
        : 1,
  );
  const unbacked = o.tokens.filter((x) => nonZero(x.advanceUnbacked));
  return (
    <section
      className="receipt-order"
      data-testid="receipt-order"
      data-order={o.orderId.toString()}
    >
      <Heading>
        {t("receipt.orderTitle", {
          id: o.orderId.toString(),
          units: formatUnitsCount(o.units),
          count: Number(o.units),
          unit: receipt.unitName,
        })}{" "}
        <Party address={o.supplier} names={names} chain={chain} />
      </Heading>
      <p className="small-text">
        {t("receipt.orderLine", {
          status: orderStatusName(ORDER_STATUS_NAMES.indexOf(o.status)),
          verified: formatUnitsCount(o.unitsVerified),
          count: Number(o.unitsVerified),
          share: formatShare(o.fraction),
          paid: formatExactUsd(o.paidUsd),
          units: formatUnitsCount(o.unitsAllocated),
          exact: formatExact(o.unitsExact, 0, 4),
        })}
        {o.verifiedBy.length
          ? ` ${
              o.verifiedAt
                ? t("receipt.verifiedByOn", {
                    verifiers: formatList(o.verifiedBy.map((v) => names.label(v))),
                    date: dayOf(o.verifiedAt),
                  })
                : t("receipt.verifiedBy", {
                    verifiers: formatList(o.verifiedBy.map((v) => names.label(v))),
                  })
            }`
          : ""}
        {unbacked.length
          ? ` ${t("receipt.orderUnbacked", { amounts: unbacked.map((x) => amt(x.advanceUnbacked, x.token)).join(" + ") })}`
          : ""}
      </p>
      <p className="small-text">
        <DocumentLink reference={o.termsHash} title={t("receipt.terms")} testId="terms-document" />{" "}
        · {t("receipt.placedIn")} <TxLink hash={o.created.transactionHash} chain={chain} />
      </p>
      <TableWrap label={t("receipt.orderTable", { id: o.orderId.toString() })}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("receipt.date")}</th>
              <th scope="col">{t("receipt.what")}</th>
              <th scope="col">{t("receipt.inFull")}</th>
              <th scope="col">{t("receipt.yourPart")}</th>
              <th scope="col">{t("receipt.tx")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{whenOf(r.at)}</td>
                <td>{r.what}</td>
                <td>{r.full}</td>
                <td>{r.mine}</td>
                <td>
                  <TxLink hash={r.at.transactionHash} chain={chain} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/** A closed (or failed) appeal's summary: raised, spent, refunded, units, cost per unit, per supplier. */
export function SummaryView({
  summary,
  history,
  names,
  chain,
}: {
  summary: AppealSummary;
  history: CampaignHistory;
  names: NameBook;
  chain?: Chain;
}) {
  useTranslation();
  const tok = tokenLookup(history);
  const basket = (xs: { token: Address; amount: Ratio | bigint }[]) => {
    const parts = xs
      .filter((x) => nonZero(x.amount))
      .map((x) => formatExactToken(x.amount, tok(x.token)));
    return parts.length ? parts.join(" + ") : "—";
  };
  const cost = (c: AppealSummary["costPerUnit"]) =>
    c ? t("summary.costValue", { usd: formatExactUsd(c.usd), tokens: basket(c.tokens) }) : "—";
  return (
    <section className="card summary" aria-labelledby="summary-title" data-testid="appeal-summary">
      <h2 id="summary-title">
        {summary.final
          ? t("summary.title", { status: statusText(STATUS_NAMES.indexOf(summary.status)) })
          : t("summary.titleSoFar")}
      </h2>
      <TableWrap label={t("summary.table")}>
        <table className="facts-table">
          <tbody>
            <tr>
              <th scope="row">{t("summary.raised")}</th>
              <td data-testid="summary-raised">
                {t("summary.raisedValue", {
                  raised: formatExactUsd(summary.raisedUsd),
                  goal: formatExactUsd(summary.goalUsd),
                  donors: formatUnitsCount(summary.donors),
                  count: summary.donors,
                  tokens: basket(summary.tokens.map((x) => ({ token: x.token, amount: x.net }))),
                })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("summary.spent")}</th>
              <td data-testid="summary-spent">
                {t("summary.amountTokens", {
                  usd: formatExactUsd(summary.paidUsd),
                  tokens: basket(summary.tokens.map((x) => ({ token: x.token, amount: x.paid }))),
                })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("summary.unbacked")}</th>
              <td>{formatExactUsd(summary.advancesUnbackedUsd)}</td>
            </tr>
            <tr>
              <th scope="row">{t("summary.refunded")}</th>
              <td data-testid="summary-refunded">
                {t("receipt.slash", {
                  a: formatExactUsd(summary.refundedUsd),
                  b: formatExactUsd(summary.refundableUsd),
                })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("summary.units")}</th>
              <td data-testid="summary-units">
                {t("summary.unitsValue", {
                  units: formatUnitsCount(summary.unitsVerified),
                  target: formatUnitsCount(summary.targetUnits),
                  unit: summary.unitName,
                })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("summary.costPerUnit")}</th>
              <td data-testid="summary-cost">{cost(summary.costPerUnit)}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {summary.suppliers.length ? (
        <TableWrap label={t("summary.suppliersTable")}>
          <table data-testid="summary-suppliers">
            <thead>
              <tr>
                <th scope="col">{t("summary.supplier")}</th>
                <th scope="col">{t("summary.orders")}</th>
                <th scope="col">{t("summary.unitsVerified")}</th>
                <th scope="col">{t("summary.paid")}</th>
                <th scope="col">{t("summary.paidUsd")}</th>
                <th scope="col">{t("summary.costPerUnit")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.suppliers.map((s) => (
                <tr key={s.supplier}>
                  <td>
                    <Party address={s.supplier} names={names} chain={chain} />
                  </td>
                  <td>{formatList(s.orders.map((o) => `#${o}`))}</td>
                  <td>{formatUnitsCount(s.unitsVerified)}</td>
                  <td>{basket(s.tokens.map((x) => ({ token: x.token, amount: x.paid })))}</td>
                  <td>{formatExactUsd(s.paidUsd)}</td>
                  <td>{cost(s.costPerUnit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <p className="small-text muted">{t("summary.method")}</p>
    </section>
  );
}
