import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { isAddress, type Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { orderStatusName, Section } from "../components/common.tsx";
import { FileCid } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  tokensReady,
  useStanding,
  useTokens,
  type CampaignWithOrders,
  type OrderView,
} from "../hooks/campaigns.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { t } from "../i18n/index.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
} from "../lib/format.ts";
import { useWorkCampaigns } from "../lib/indexerHooks.ts";
import { SourceNote } from "../lib/indexerSource.tsx";
import { msg, say, type Message } from "../lib/message.ts";
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
): Message | undefined {
  if (order.advanceBps === 0) return undefined;
  for (const [token, share] of Object.entries(order.shares)) {
    const book = campaign.books[token as Address];
    if (!book) continue;
    const advance = advanceOf(share.amount, order.advanceBps);
    if (book.unbacked + advance > book.advanceCap) {
      const info = tokenOf(tokens, token as Address);
      const f = (v: bigint) => ({ token: v, decimals: info.decimals, symbol: info.symbol });
      return msg("supplier.advanceRefusal", {
        percent: { bps: order.advanceBps },
        advance: f(advance),
        symbol: info.symbol,
        total: f(book.unbacked + advance),
        cap: f(book.advanceCap),
      });
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
  useTranslation();
  const { address } = useConnection();
  // The appeals with this supplier's orders, found by the indexer when there is one (else every
  // appeal), each read from the chain.
  const { campaigns: all, indexed } = useWorkCampaigns("supplier", address);
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
  if (!address) return <p>{t("supplier.connect")}</p>;
  const source = <SourceNote mode={indexed.mode} source={indexed.source} block={indexed.block} />;
  if (!all.data || !tokensReady(tokens, allTokens))
    return (
      <>
        {source}
        <p role="status">{t("supplier.reading")}</p>
      </>
    );
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
      <h1>{t("supplier.title")}</h1>
      {source}
      {indexed.mode === "indexer" && indexed.data ? (
        <p className="muted small-text" data-testid="supplier-indexer-queue">
          {t("indexer.supplierQueue", {
            appeals: formatUnitsCount(indexed.data.appeals.length),
            open: formatUnitsCount(indexed.data.open),
          })}
        </p>
      ) : null}
      {standing.data && standing.data.status !== 1 ? (
        <div className="banner banner-warning" role="status" data-testid="supplier-standing">
          {suspended ? (
            <>
              <strong>
                {standing.data.since
                  ? t("supplier.suspendedSince", {
                      name: standing.data.name ?? t("supplier.thisSupplier"),
                      date: formatDate(standing.data.since),
                    })
                  : t("supplier.suspended", {
                      name: standing.data.name ?? t("supplier.thisSupplier"),
                    })}
              </strong>{" "}
              {t("supplier.suspendedHelp", {
                reason: standing.data.reason ?? t("supplier.noReason"),
              })}
            </>
          ) : (
            <>
              <strong>{t("supplier.notRegistered")}</strong> {t("supplier.notRegisteredHelp")}
            </>
          )}
        </div>
      ) : null}
      <Section title={t("supplier.openOrders")}>
        {open.length === 0 ? <p className="muted">{t("supplier.noOpen")}</p> : null}
        <ul className="plain" data-testid="supplier-orders">
          {open.map(({ campaign, order }) => {
            const key = `${campaign.address}-${order.id}`;
            const refusal =
              order.status === 1 ? advanceRefusal(campaign, order, tokens) : undefined;
            return (
              <li key={key} className="card" data-campaign={campaign.address}>
                <p>
                  <Trans
                    i18nKey="supplier.orderLine"
                    count={Number(order.units)}
                    values={{
                      title: title(campaign),
                      id: order.id.toString(),
                      status: orderStatusName(order.status),
                      units: formatUnitsCount(order.units),
                      usd: formatUsd(order.amountUsd),
                      mix: mix(order, tokens, "amount"),
                      date: formatDate(order.deliverBy),
                      verified: formatUnitsCount(order.unitsVerified),
                    }}
                    components={{
                      a: <a href={href("appeal", campaign.address)} />,
                      b: <strong data-testid={`order-mix-${order.id}`} />,
                    }}
                  />
                </p>
                <p className="small-text" data-testid={`order-paid-${order.id}`}>
                  {order.advanceBps > 0
                    ? t("supplier.advanceLine", {
                        percent: bpsToPercent(order.advanceBps),
                        mix: advanceMix(order, tokens),
                      })
                    : t("supplier.noAdvance")}{" "}
                  {t("supplier.creditedSoFar", { mix: mix(order, tokens, "paid") })}
                </p>
                {order.status === 1 ? (
                  <>
                    <button
                      type="button"
                      disabled={tx.busy || !!refusal || suspended}
                      data-testid={`accept-${order.id}`}
                      onClick={() =>
                        tx.write(t("supplier.acceptLabel", { id: order.id.toString() }), {
                          address: campaign.address,
                          abi: campaignAbi,
                          functionName: "acceptOrder",
                          args: [order.id],
                        })
                      }
                    >
                      {t("supplier.accept")}
                    </button>
                    {refusal ? (
                      <p
                        className="error-text"
                        role="alert"
                        data-testid={`accept-refusal-${order.id}`}
                      >
                        {say(refusal)}
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
                        tx.setState({ phase: "error", message: t("supplier.evidenceMissing") });
                        return;
                      }
                      void tx.write(t("supplier.shipLabel", { id: order.id.toString() }), {
                        address: campaign.address,
                        abi: campaignAbi,
                        functionName: "markShipped",
                        args: [order.id, link],
                      });
                    }}
                  >
                    <FileCid
                      label={t("supplier.evidenceFile")}
                      testId={`evidence-file-${order.id}`}
                      onCid={(cid) => setEvidence({ ...evidence, [key]: `ipfs://${cid}` })}
                    />
                    <label htmlFor={`evidence-${key}`}>{t("supplier.evidenceLink")}</label>
                    <input
                      id={`evidence-${key}`}
                      data-testid={`evidence-${order.id}`}
                      placeholder={t("common.uriPlaceholder")}
                      value={evidence[key] ?? ""}
                      onChange={(e) => setEvidence({ ...evidence, [key]: e.target.value })}
                    />
                    <button type="submit" disabled={tx.busy} data-testid={`ship-${order.id}`}>
                      {t("supplier.ship")}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section title={t("supplier.earnings")}>
        <p className="muted small-text">{t("supplier.earningsHelp")}</p>
        {(earnings.data ?? []).length === 0 ? (
          <p className="muted">{t("supplier.nothingToWithdraw")}</p>
        ) : null}
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
        <Section title={t("supplier.settled")}>
          <ul className="plain" data-testid="supplier-settled">
            {settled.map(({ campaign, order }) => (
              <li key={`${campaign.address}-${order.id}`} className="row">
                <span>
                  {t("supplier.settledLine", {
                    title: title(campaign),
                    id: order.id.toString(),
                    status: orderStatusName(order.status),
                    usd: formatUsd(order.amountUsd),
                    mix: mix(order, tokens, "amount"),
                    paid: mix(order, tokens, "paid"),
                    paidUnits: formatUnitsCount(order.unitsPaid),
                    units: formatUnitsCount(order.units),
                    count: Number(order.units),
                  })}
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
  useTranslation();
  const [to, setTo] = useState("");
  const total = formatMix(owed.map((o) => ({ amount: o.amount, ...tokenOf(tokens, o.token) })));
  return (
    <li className="card" data-campaign={campaign}>
      <p>
        <Trans
          i18nKey="supplier.owesYou"
          values={{ title }}
          components={{ a: <a href={href("appeal", campaign)} /> }}
        />
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
          {t("supplier.heldSuspended")}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={tx.busy || suspended}
          data-testid="withdraw"
          onClick={() =>
            tx.write(t("supplier.withdrawLabel", { total }), {
              address: campaign,
              abi: campaignAbi,
              functionName: "withdraw",
            })
          }
        >
          {t("supplier.withdrawAll")}
        </button>
        <details>
          <summary>{t("supplier.sendElsewhere")}</summary>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!isAddress(to)) {
                tx.setState({ phase: "error", message: t("supplier.enterAddress") });
                return;
              }
              void tx.write(t("supplier.withdrawToLabel", { total, to }), {
                address: campaign,
                abi: campaignAbi,
                functionName: "withdrawTo",
                args: [to],
              });
            }}
          >
            <label htmlFor={`withdraw-to-${campaign}`} className="sr-only">
              {t("supplier.addressToSend")}
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
              {t("supplier.withdrawThere")}
            </button>
          </form>
        </details>
      </div>
    </li>
  );
}
