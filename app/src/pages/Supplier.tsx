import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { ORDER_STATUS_LABELS, Section } from "../components/common.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { tokenOf, useAllCampaigns, useTokens } from "../hooks/campaigns.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { formatDate, formatToken, formatUnitsCount } from "../lib/format.ts";
import { href } from "../lib/router.ts";

export function SupplierPage() {
  const { address } = useConnection();
  const all = useAllCampaigns();
  const client = useChainClient();
  const { chainId } = useDeployment();
  const tx = useTransactor();
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
      return pairs.map((p, i) => ({ ...p, amount: amounts[i] })).filter((p) => p.amount > 0n);
    },
  });
  if (!address) return <p>Connect the supplier's wallet to see its orders.</p>;
  const orders = (all.data ?? []).flatMap((c) =>
    c.orders.filter((o) => o.supplier.toLowerCase() === me).map((o) => ({ campaign: c, order: o })),
  );
  const open = orders.filter(({ order }) => order.status >= 1 && order.status <= 3);
  return (
    <div>
      <h1>Supplier console</h1>
      <Section title="Open orders">
        {open.length === 0 ? <p className="muted">No open order for this account.</p> : null}
        <ul className="plain" data-testid="supplier-orders">
          {open.map(({ campaign, order }) => {
            const info = tokenOf(tokens, order.token);
            const key = `${campaign.address}-${order.id}`;
            return (
              <li key={key} className="card" data-campaign={campaign.address}>
                <p>
                  <a href={href("appeal", campaign.address)}>
                    {formatUnitsCount(campaign.params.targetUnits)} {campaign.params.unitName}
                  </a>{" "}
                  — order #{order.id.toString()} ({ORDER_STATUS_LABELS[order.status]}):{" "}
                  {formatUnitsCount(order.units)} units for{" "}
                  {formatToken(order.amount, info.decimals, info.symbol)}, deliver by{" "}
                  {formatDate(order.deliverBy)}; {formatUnitsCount(order.unitsVerified)} verified.
                </p>
                {order.status === 1 ? (
                  <button
                    type="button"
                    disabled={tx.busy}
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
        {(earnings.data ?? []).length === 0 ? <p className="muted">Nothing to withdraw.</p> : null}
        <ul className="plain" data-testid="supplier-earnings">
          {(earnings.data ?? []).map((e) => {
            const info = tokenOf(tokens, e.token);
            return (
              <li key={`${e.campaign}-${e.token}`} className="row" data-campaign={e.campaign}>
                <span>
                  {formatToken(e.amount, info.decimals, info.symbol)} from {e.campaign.slice(0, 10)}
                  …
                </span>
                <button
                  type="button"
                  disabled={tx.busy}
                  data-testid={`withdraw-${info.symbol}`}
                  onClick={() =>
                    tx.write(`Withdraw ${formatToken(e.amount, info.decimals, info.symbol)}`, {
                      address: e.campaign as Address,
                      abi: campaignAbi,
                      functionName: "withdraw",
                      args: [e.token],
                    })
                  }
                >
                  Withdraw
                </button>
              </li>
            );
          })}
        </ul>
      </Section>
      <TxStatus state={tx.state} testId="supplier-tx" />
    </div>
  );
}
