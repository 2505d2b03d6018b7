/**
 * Thin typed hooks per domain read. Each page's reads are issued together so the transport sends
 * them as one JSON-RPC batch (or one Multicall3 call): no per-row waterfall.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import {
  encodeEventTopics,
  erc20Abi,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { useWatchContractEvent } from "wagmi";

import { readCampaignSummary } from "../../../client/actions.ts";
import { tokenInfo, type TokenInfo } from "../../../client/audit.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../../client/generated/abis.ts";
import { replay, type CampaignParams, type Ledger } from "../../../client/ledger.ts";
import { fetchLogs } from "../../../client/logs.ts";
import { useChainClient } from "./useChainClient.ts";
import { useDeployment } from "./useDeployment.tsx";

export type CampaignSummary = Awaited<ReturnType<typeof readSummary>> & {
  unitsVerified: bigint;
  unitsOrdered: bigint;
};

export type OrderView = {
  id: bigint;
  supplier: Address;
  token: Address;
  amount: bigint;
  paid: bigint;
  units: bigint;
  unitsVerified: bigint;
  deliverBy: bigint;
  advanceBps: number;
  status: number;
  termsHash: Hex;
};

const lower = (a: string) => a.toLowerCase() as Address;

/** One campaign's summary; the client already makes its times bigints (`normalizeParams`). */
const readSummary = (client: PublicClient, campaign: Address) =>
  readCampaignSummary(client, campaign);

async function readOrders(client: PublicClient, campaign: Address, count: bigint) {
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i));
  const orders = await Promise.all(
    ids.map((id) =>
      client.readContract({
        address: campaign,
        abi: campaignAbi,
        functionName: "order",
        args: [id],
      }),
    ),
  );
  return orders.map(
    (o, i) =>
      ({
        ...o,
        id: ids[i],
        units: BigInt(o.units),
        unitsVerified: BigInt(o.unitsVerified),
        deliverBy: BigInt(o.deliverBy),
      }) as OrderView,
  );
}

/** One page of the factory's campaigns with everything the listing shows. Two batched rounds. */
/**
 * One page of the factory's campaigns, newest first. With `status` (the contract's `Status` number),
 * only campaigns in that status: every campaign's `status()` is read in one batched round (no per-row
 * waterfall), then only the page's campaigns are read in full.
 */
export function useCampaignPage(page: number, pageSize: number, status?: number) {
  const client = useChainClient();
  const { deployment, chainId } = useDeployment();
  return useQuery({
    queryKey: ["campaign-page", chainId, deployment?.factory, page, pageSize, status ?? "all"],
    enabled: !!deployment,
    refetchInterval: 10_000,
    queryFn: async () => {
      const factory = deployment!.factory;
      const count = await client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "campaignCount",
      });
      let total = count;
      let addresses: readonly Address[];
      if (status === undefined) {
        // Newest first: page 0 holds the latest campaigns.
        const end = count - BigInt(page * pageSize);
        const start = end - BigInt(pageSize) > 0n ? end - BigInt(pageSize) : 0n;
        if (end <= 0n) return { total, campaigns: [] as CampaignSummary[] };
        addresses = await client.readContract({
          address: factory,
          abi: campaignFactoryAbi,
          functionName: "campaigns",
          args: [start, end - start],
        });
      } else {
        const all = await client.readContract({
          address: factory,
          abi: campaignFactoryAbi,
          functionName: "campaigns",
          args: [0n, count],
        });
        const statuses = await Promise.all(
          all.map((address) =>
            client.readContract({ address, abi: campaignAbi, functionName: "status" }),
          ),
        );
        const matching = all.filter((_, i) => statuses[i] === status).reverse();
        total = BigInt(matching.length);
        // `matching` is newest first; read the page and put it back in creation order.
        addresses = matching.slice(page * pageSize, (page + 1) * pageSize).reverse();
      }
      const summaries = await Promise.all(addresses.map((a) => readSummary(client, a)));
      const orders = await Promise.all(
        summaries.map((s) => readOrders(client, s.address, s.orderCount)),
      );
      const campaigns = summaries
        .map((s, i) => ({
          ...s,
          unitsVerified: orders[i].reduce((sum, o) => sum + o.unitsVerified, 0n),
          unitsOrdered: orders[i]
            .filter((o) => o.status !== 5)
            .reduce((sum, o) => sum + o.units, 0n),
        }))
        .reverse();
      return { total, campaigns };
    },
  });
}

/** Symbols and decimals of tokens (ETH is address(0)), cached for the session. */
export function useTokens(addresses: readonly Address[] | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  const key = (addresses ?? []).map(lower).join(",");
  const query = useQuery({
    queryKey: ["tokens", chainId, key],
    enabled: !!addresses?.length,
    staleTime: Infinity,
    queryFn: async () => Promise.all(addresses!.map((a) => tokenInfo(client, a))),
  });
  return useMemo(() => {
    const map = new Map<Address, TokenInfo>();
    for (const t of query.data ?? []) map.set(lower(t.address), t);
    return map;
  }, [query.data]);
}

export const tokenOf = (tokens: Map<Address, TokenInfo>, address: Address): TokenInfo =>
  tokens.get(lower(address)) ?? {
    address: lower(address),
    symbol: address === zeroAddress ? "ETH" : address.slice(0, 8),
    decimals: 18,
  };

/** Everything the appeal page shows from views, in one batched round (plus the orders). */
export function useCampaign(address: Address | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["campaign", chainId, address],
    enabled: !!address,
    refetchInterval: 8_000,
    queryFn: async () => {
      const read = <T>(functionName: string, args: readonly unknown[] = []) =>
        client.readContract({
          address: address!,
          abi: campaignAbi,
          functionName: functionName as never,
          args: args as never,
        }) as Promise<T>;
      const [summary, registry, openOrders] = await Promise.all([
        readSummary(client, address!),
        read<Address>("registry"),
        read<bigint>("openOrderCount"),
      ]);
      const params = summary.params;
      const [ledgers, orders] = await Promise.all([
        Promise.all(params.tokens.map((t) => read<LedgerView>("ledger", [t]))),
        readOrders(client, address!, summary.orderCount),
      ]);
      const books: Record<Address, LedgerView> = {};
      params.tokens.forEach((t, i) => (books[lower(t)] = ledgers[i]));
      return { ...summary, params, registry, openOrders, books, orders };
    },
  });
}

export type LedgerView = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  reserved: bigint;
  earned: bigint;
  withdrawn: bigint;
  available: bigint;
  pledgedUsd: bigint;
  unspentAtClose: bigint;
};

/** The block the campaign was created in, from the factory's CampaignCreated event. */
async function creationBlock(
  client: PublicClient,
  factory: Address,
  campaign: Address,
  startBlock: bigint,
): Promise<bigint> {
  const latest = await client.getBlockNumber();
  const { logs } = await fetchLogs(client, {
    address: factory,
    topics: encodeEventTopics({
      abi: campaignFactoryAbi,
      eventName: "CampaignCreated",
      args: { campaign },
    }) as Hex[],
    fromBlock: startBlock,
    toBlock: latest,
  });
  return logs[0]?.blockNumber ?? startBlock;
}

/**
 * The campaign's ledger rebuilt from its events by the shared client's `replay`: pledges, orders
 * and their timelines. Refreshed when the campaign emits anything.
 */
export function useCampaignLedger(
  address: Address | undefined,
  params: CampaignParams | undefined,
) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  const queryClient = useQueryClient();
  const queryKey = ["campaign-ledger", chainId, address];
  const query = useQuery({
    queryKey,
    enabled: !!address && !!params && !!deployment,
    queryFn: async (): Promise<{ ledger: Ledger; fromBlock: bigint }> => {
      const fromBlock = await creationBlock(
        client,
        deployment!.factory,
        address!,
        deployment!.startBlock,
      );
      // Not the client's cached block number: right after a write it may predate the receipt.
      const toBlock = await client.getBlockNumber({ cacheTime: 0 });
      const { logs } = await fetchLogs(client, { address: address!, fromBlock, toBlock });
      return {
        ledger: replay(
          {
            ...params!,
            tokens: params!.tokens.map(lower),
            verifiers: params!.verifiers.map(lower),
          },
          logs,
        ),
        fromBlock,
      };
    },
  });
  useWatchContractEvent({
    address,
    abi: campaignAbi,
    chainId: chainId as never,
    enabled: !!address,
    onLogs: () => {
      void queryClient.invalidateQueries({ queryKey });
      void queryClient.invalidateQueries({ queryKey: ["campaign", chainId, address] });
    },
  });
  return query;
}

/** The connected donor's standing pledges and refunds due, per token. */
export function useDonorPosition(
  campaign: Address | undefined,
  tokens: readonly Address[] | undefined,
  donor: Address | undefined,
) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["donor", chainId, campaign, donor, (tokens ?? []).join()],
    enabled: !!campaign && !!donor && !!tokens?.length,
    queryFn: async () =>
      Promise.all(
        tokens!.map(async (token) => {
          const [[amount, usdValue], refundable, balance] = await Promise.all([
            client.readContract({
              address: campaign!,
              abi: campaignAbi,
              functionName: "pledgeOf",
              args: [donor!, token],
            }),
            client.readContract({
              address: campaign!,
              abi: campaignAbi,
              functionName: "refundable",
              args: [donor!, token],
            }),
            token === zeroAddress
              ? client.getBalance({ address: donor! })
              : client.readContract({
                  address: token,
                  abi: erc20Abi,
                  functionName: "balanceOf",
                  args: [donor!],
                }),
          ]);
          return { token: lower(token), amount, usdValue, refundable, balance };
        }),
      ),
  });
}

/** Every supplier the registry knows, with its record and whether it is vetted now. */
export function useSuppliers() {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["suppliers", chainId, deployment?.registry],
    enabled: !!deployment,
    queryFn: async () => {
      const registry = deployment!.registry;
      const addresses = await client.readContract({
        address: registry,
        abi: registryAbi,
        functionName: "suppliers",
      });
      const [records, vetted] = await Promise.all([
        Promise.all(
          addresses.map((a) =>
            client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "supplier",
              args: [a],
            }),
          ),
        ),
        Promise.all(
          addresses.map((a) =>
            client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "isVettedSupplier",
              args: [a],
            }),
          ),
        ),
      ]);
      return addresses.map((address, i) => ({ address, ...records[i], vetted: vetted[i] }));
    },
  });
}

/** Listed tokens with their feeds, whether accepted, the current price, and the pause state. */
export function useRegistryTokens() {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["registry-tokens", chainId, deployment?.registry],
    enabled: !!deployment,
    queryFn: async () => {
      const registry = deployment!.registry;
      const [listed, paused] = await Promise.all([
        client.readContract({ address: registry, abi: registryAbi, functionName: "listedTokens" }),
        client.readContract({ address: registry, abi: registryAbi, functionName: "paused" }),
      ]);
      const rows = await Promise.all(
        listed.map(async (token) => {
          const [config, accepted, price] = await Promise.all([
            client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "tokenConfig",
              args: [token],
            }),
            client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "isAcceptedToken",
              args: [token],
            }),
            client
              .readContract({
                address: registry,
                abi: registryAbi,
                functionName: "price",
                args: [token],
              })
              .then((p) => ({ ok: true as const, price: p[0], decimals: p[1], updatedAt: p[2] }))
              .catch((error: unknown) => ({ ok: false as const, error })),
          ]);
          return { token: lower(token), config, accepted, price };
        }),
      );
      return { tokens: rows, paused };
    },
  });
}

/** Every campaign address of the factory (for the consoles' pickers), in one batched read. */
export function useAllCampaigns() {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["all-campaigns", chainId, deployment?.factory],
    enabled: !!deployment,
    queryFn: async () => {
      const factory = deployment!.factory;
      const total = await client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "campaignCount",
      });
      const addresses: Address[] = [];
      for (let start = 0n; start < total; start += 200n) {
        const count = total - start < 200n ? total - start : 200n;
        addresses.push(
          ...(await client.readContract({
            address: factory,
            abi: campaignFactoryAbi,
            functionName: "campaigns",
            args: [start, count],
          })),
        );
      }
      const summaries = await Promise.all(addresses.map((a) => readSummary(client, a)));
      const orders = await Promise.all(
        summaries.map((s) => readOrders(client, s.address, s.orderCount)),
      );
      return summaries.map((s, i) => ({
        ...s,
        params: s.params,
        orders: orders[i],
      }));
    },
  });
}
