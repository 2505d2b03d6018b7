import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isAddress, type Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { orderStatusName, Section } from "../components/common.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  useAllCampaigns,
  tokensReady,
  useStanding,
  useTokens,
  type CampaignWithOrders,
  type OrderView,
} from "../hooks/campaigns.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
} from "../lib/format.ts";
import { advanceOf, formatMix } from "../lib/orders.ts";
import { href } from "../lib/router.ts";

type Tokens = ReturnType<typeof useTokens>;

/**
 * Why accepting `order` would be refused by the campaign-wide cap on advances (the contract's
 * `_payAdvance` check, per token), or undefined when every token's headroom covers its advance.
 */
export function advanceRefusal(
  campaign: Pick<CampaignWithOrders, "books">,
  order: Pick<OrderView, "advanceBps" | "shares">,
  tokens: Tokens,
): string | undefined {
  if (order.advanceBps === 0) return undefined;
  for (const [token, share] of Object.entries(order.shares)) {
    const book = campaign.books[token as Address];
    if (!book) continue;
    const advance = advanceOf(share.amount, order.advanceBps);
    if (book.unbacked + advance > book.advanceCap) {
      const info = tokenOf(tokens, token as Address);
      const f = (v: bigint) => formatToken(v, info.decimals, info.symbol);
      return `Accepting now would be refused: the ${bpsToPercent(order.advanceBps)} advance (${f(advance)}) would take ${info.symbol} paid ahead of verified delivery to ${f(book.unbacked + advance)}, above this appeal's cap of ${f(book.advanceCap)}. Ask the organizer to re-issue the order with a smaller advance.`;
    }
  }
  return undefined;
}

const mix = (order: OrderView, tokens: Tokens, field: "amount" | "paid" | "advance") =>
  formatMix(
    Object.entries(order.shares).map(([t, s]) => ({
      amount: s[field],
      ...tokenOf(tokens, t as Address),
    })),
  );

/** The advance an order credits on acceptance, per token (what was credited, once accepted). */
const advanceMix = (order: OrderView, tokens: Tokens) =>
  formatMix(
    Object.entries(order.shares).map(([t, s]) => ({
      amount: order.advancePaid ? s.advance : advanceOf(s.amount, order.advanceBps),
      ...tokenOf(tokens, t as Address),
    })),
  );

export function SupplierPage() {
  const { address } = useConnection();
  const all = useAllCampaigns();
  const client = useChainClient();
  const { chainId } = useDeployment();
  const standing = useStanding("supplier", address);
  const tx = useTransactor("supplier");
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const me = address?.toLowerCase();
  const allTokens = [...new Set((all.data ?? []).flatMap((c) => c.params.tokens))];
  const tokens = useTokens(allTokens);
  const earnings = useQuery({
    queryKey: ["withdrawable", chainId, address, (all.data ?? []).map((c) => c.address).join()],
    enabled: !!address && !!all.data,
    queryFn: async () => {
      const pairs = all.data!.flatMap((c) =>
        c.params.tokens.map((t) => ({ campaign: c.address, token: t })),
      );
      const amounts = await Promise.all(
        pairs.map((p) =>
          client.readContract({
            address: p.campaign,
            abi: campaignAbi,
            functionName: "withdrawable",
            args: [address!, p.token],
          }),
        ),
      );
      // One row per appeal: a withdrawal takes every token owed there at once.
      const byCampaign = new Map<Address, { token: Address; amount: bigint }[]>();
      pairs.forEach((p, i) => {
        if (amounts[i] === 0n) return;
        const list = byCampaign.get(p.campaign) ?? [];
        list.push({ token: p.token, amount: amounts[i] });
        byCampaign.set(p.campaign, list);
      });
      return [...byCampaign].map(([campaign, owed]) => ({ campaign, owed }));
    },
  });
  if (!address) return <p>Connect the supplier's wallet to see its orders.</p>;
  if (!all.data || !tokensReady(tokens, allTokens))
    return <p role="status">Reading the appeals and their tokens…</p>;
  const suspended = standing.data?.status === 2;
  const orders = (all.data ?? []).flatMap((c) =>
    c.orders.filter((o) => o.supplier.toLowerCase() === me).map((o) => ({ campaign: c, order: o })),
  );
  const open = orders.filter(({ order }) => order.status >= 1 && order.status <= 3);
  const settled = orders.filter(({ order }) => order.status >= 4);
  const title = (c: CampaignWithOrders) =>
    `${formatUnitsCount(c.params.targetUnits)} ${c.params.unitName}`;
  return (
    <div>
      <h1>Supplier console</h1>
      {standing.data && standing.data.status !== 1 ? (
        <div className="banner banner-warning" role="status" data-testid="supplier-standing">
          {suspended ? (
            <>
              <strong>
                {standing.data.name ?? "This supplier"} is suspended by the platform's vetter
                {standing.data.since ? ` since ${formatDate(standing.data.since)}` : ""}.
              </strong>{" "}
              Reason given: “{standing.data.reason ?? "none recorded"}”. What your verified
              deliveries earned stays credited to you, but it cannot be withdrawn, and no order can
              be accepted, until a vetter reinstates you.
            </>
          ) : (
            <>
              <strong>This account is not a registered supplier.</strong> A vetter must register it
              (after due diligence) before it can take orders.
            </>
          )}
        </div>
      ) : null}
      <Section title="Open orders">
        {open.length === 0 ? <p className="muted">No open order for this account.</p> : null}
        <ul className="plain" data-testid="supplier-orders">
          {open.map(({ campaign, order }) => {
            const key = `${campaign.address}-${order.id}`;
            const refusal =
              order.status === 1 ? advanceRefusal(campaign, order, tokens) : undefined;
            return (
              <li key={key} className="card" data-campaign={campaign.address}>
                <p>
                  <a href={href("appeal", campaign.address)}>{title(campaign)}</a> — order #
                  {order.id.toString()} ({orderStatusName(order.status)}):{" "}
                  {formatUnitsCount(order.units)} units for {formatUsd(order.amountUsd)}, paid in
                  the appeal's token mix:{" "}
                  <strong data-testid={`order-mix-${order.id}`}>
                    {mix(order, tokens, "amount")}
                  </strong>
                  ; deliver by {formatDate(order.deliverBy)};{" "}
                  {formatUnitsCount(order.unitsVerified)} verified.
                </p>
                <p className="small-text" data-testid={`order-paid-${order.id}`}>
                  {order.advanceBps > 0
                    ? `Advance on acceptance: ${bpsToPercent(order.advanceBps)} = ${advanceMix(order, tokens)}. `
                    : "No advance. "}
                  Credited so far: {mix(order, tokens, "paid")}.
                </p>
                {order.status === 1 ? (
                  <>
                    <button
                      type="button"
                      disabled={tx.busy || !!refusal || suspended}
                      data-testid={`accept-${order.id}`}
                      onClick={() =>
                        tx.write(`Accept order ${order.id}`, {
                          address: campaign.address,
                          abi: campaignAbi,
                          functionName: "acceptOrder",
                          args: [order.id],
                        })
                      }
                    >
                      Accept order
                    </button>
                    {refusal ? (
                      <p
                        className="error-text"
                        role="alert"
                        data-testid={`accept-refusal-${order.id}`}
                      >
                        {refusal}
                      </p>
                    ) : null}
                  </>
                ) : (
                  <form
                    className="inline-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const link = (evidence[key] ?? "").trim();
                      if (!link) {
                        tx.setState({
                          phase: "error",
                          message: "Add an evidence link (bill of lading, tracking page).",
                        });
                        return;
                      }
                      void tx.write(`Mark order ${order.id} shipped`, {
                        address: campaign.address,
                        abi: campaignAbi,
                        functionName: "markShipped",
                        args: [order.id, link],
                      });
                    }}
                  >
                    <label htmlFor={`evidence-${key}`}>Evidence link</label>
                    <input
                      id={`evidence-${key}`}
                      data-testid={`evidence-${order.id}`}
                      placeholder="ipfs://… or https://…"
                      value={evidence[key] ?? ""}
                      onChange={(e) => setEvidence({ ...evidence, [key]: e.target.value })}
                    />
                    <button type="submit" disabled={tx.busy} data-testid={`ship-${order.id}`}>
                      Mark shipped
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section title="Earnings">
        <p className="muted small-text">
          One withdrawal takes everything an appeal owes you, in every token at once.
        </p>
        {(earnings.data ?? []).length === 0 ? <p className="muted">Nothing to withdraw.</p> : null}
        <ul className="plain" data-testid="supplier-earnings">
          {(earnings.data ?? []).map((e) => (
            <EarningRow
              key={e.campaign}
              campaign={e.campaign}
              title={title(all.data!.find((c) => c.address === e.campaign)!)}
              owed={e.owed}
              tokens={tokens}
              tx={tx}
              suspended={suspended}
            />
          ))}
        </ul>
      </Section>
      <TxStatus state={tx.state} testId="supplier-tx" />
      {settled.length ? (
        <Section title="Settled orders">
          <ul className="plain" data-testid="supplier-settled">
            {settled.map(({ campaign, order }) => (
              <li key={`${campaign.address}-${order.id}`} className="row">
                <span>
                  {title(campaign)} — order #{order.id.toString()} ({orderStatusName(order.status)}
                  ): {formatUsd(order.amountUsd)} = {mix(order, tokens, "amount")}; credited{" "}
                  {mix(order, tokens, "paid")} for {formatUnitsCount(order.unitsPaid)} of{" "}
                  {formatUnitsCount(order.units)} units.
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}

function EarningRow({
  campaign,
  title,
  owed,
  tokens,
  tx,
  suspended,
}: {
  campaign: Address;
  title: string;
  owed: { token: Address; amount: bigint }[];
  tokens: Tokens;
  tx: ReturnType<typeof useTransactor>;
  suspended: boolean;
}) {
  const [to, setTo] = useState("");
  const total = formatMix(owed.map((o) => ({ amount: o.amount, ...tokenOf(tokens, o.token) })));
  return (
    <li className="card" data-campaign={campaign}>
      <p>
        <a href={href("appeal", campaign)}>{title}</a> owes you:
      </p>
      <ul data-testid="earning-tokens">
        {owed.map((o) => {
          const info = tokenOf(tokens, o.token);
          return (
            <li key={o.token} data-testid={`earning-${info.symbol}`}>
              {formatToken(o.amount, info.decimals, info.symbol)}
            </li>
          );
        })}
      </ul>
      {suspended ? (
        <p className="error-text" data-testid="withdraw-blocked">
          Held while you are suspended: the appeal refuses withdrawals until a vetter reinstates
          you.
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={tx.busy || suspended}
          data-testid="withdraw"
          onClick={() =>
            tx.write(`Withdraw ${total}`, {
              address: campaign,
              abi: campaignAbi,
              functionName: "withdraw",
            })
          }
        >
          Withdraw everything
        </button>
        <details>
          <summary>Send to another address</summary>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!isAddress(to)) {
                tx.setState({ phase: "error", message: "Enter the address to send to." });
                return;
              }
              void tx.write(`Withdraw ${total} to ${to}`, {
                address: campaign,
                abi: campaignAbi,
                functionName: "withdrawTo",
                args: [to],
              });
            }}
          >
            <label htmlFor={`withdraw-to-${campaign}`} className="sr-only">
              Address to send to
            </label>
            <input
              id={`withdraw-to-${campaign}`}
              className="mono"
              placeholder="0x…"
              value={to}
              onChange={(e) => setTo(e.target.value.trim())}
              data-testid="withdraw-to"
            />
            <button
              type="submit"
              className="secondary small"
              disabled={tx.busy || suspended}
              data-testid="withdraw-to-submit"
            >
              Withdraw there
            </button>
          </form>
        </details>
      </div>
    </li>
  );
}
