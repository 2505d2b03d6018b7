/**
 * Thin typed hooks per domain read. Each page's reads are issued together so the transport sends
 * them as one JSON-RPC batch (or one Multicall3 call): no per-row waterfall.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import {
  decodeEventLog,
  encodeEventTopics,
  erc20Abi,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { useWatchContractEvent } from "wagmi";

import { readCampaignSummary, type RegistryLimits } from "../../../client/actions.ts";
import type { TokenInfo } from "../../../client/audit.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../../client/generated/abis.ts";
import type { CampaignParams, Ledger } from "../../../client/ledger.ts";
import { fetchLogs } from "../../../client/logs.ts";
import { addMetadataNames, NameBook, type MetadataNames } from "../../../client/names.ts";
import { creationBlock, readAppealLogs, readTokenInfo, replayAppeal } from "../lib/history.ts";
import { rememberTokens } from "../lib/tokens.ts";
import { useChainClient } from "./useChainClient.ts";
import { useDeployment } from "./useDeployment.tsx";

export type CampaignSummary = Awaited<ReturnType<typeof readSummary>> & {
  unitsVerified: bigint;
  unitsOrdered: bigint;
};

/** What an order pays in one token (`orderShare`). */
export type OrderShareView = { amount: bigint; paid: bigint; advance: bigint };

/** An order as the campaign's `order(id)` view reports it, with its per-token shares. */
export type OrderView = {
  id: bigint;
  supplier: Address;
  /** What it pays in full, in USD (18 decimals) at pledge-time prices. */
  amountUsd: bigint;
  units: bigint;
  unitsVerified: bigint;
  unitsPaid: bigint;
  deliverBy: bigint;
  advanceBps: number;
  advancePaid: boolean;
  advanceReclaimed: boolean;
  status: number;
  termsHash: Hex;
  /** Per token (lower-case address), when read with the campaign's tokens. */
  shares: Record<Address, OrderShareView>;
};

const lower = (a: string) => a.toLowerCase() as Address;

/** One campaign's summary; the client already makes its times bigints (`normalizeParams`). */
const readSummary = (client: PublicClient, campaign: Address) =>
  readCampaignSummary(client, campaign);

/** The campaign's orders; with `tokens`, each order's share in each of them (one batched round). */
async function readOrders(
  client: PublicClient,
  campaign: Address,
  count: bigint,
  tokens?: readonly Address[],
): Promise<OrderView[]> {
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i));
  const [orders, shares] = await Promise.all([
    Promise.all(
      ids.map((id) =>
        client.readContract({
          address: campaign,
          abi: campaignAbi,
          functionName: "order",
          args: [id],
        }),
      ),
    ),
    Promise.all(
      ids.map((id) =>
        Promise.all(
          (tokens ?? []).map((token) =>
            client.readContract({
              address: campaign,
              abi: campaignAbi,
              functionName: "orderShare",
              args: [id, token],
            }),
          ),
        ),
      ),
    ),
  ]);
  return orders.map((o, i) => {
    const byToken: Record<Address, OrderShareView> = {};
    (tokens ?? []).forEach((t, j) => {
      const [amount, paid, advance] = shares[i][j];
      if (amount !== 0n) byToken[lower(t)] = { amount, paid, advance };
    });
    return {
      id: ids[i],
      supplier: o.supplier,
      amountUsd: o.amountUsd,
      units: BigInt(o.units),
      unitsVerified: BigInt(o.unitsVerified),
      unitsPaid: BigInt(o.unitsPaid),
      deliverBy: BigInt(o.deliverBy),
      advanceBps: Number(o.advanceBps),
      advancePaid: o.advancePaid,
      advanceReclaimed: o.advanceReclaimed,
      status: Number(o.status),
      termsHash: o.termsHash,
      shares: byToken,
    };
  });
}

/** Each token's books (`ledger(token)`), keyed by lower-case address. */
async function readBooks(client: PublicClient, campaign: Address, tokens: readonly Address[]) {
  const views = await Promise.all(
    tokens.map(
      (t) =>
        client.readContract({
          address: campaign,
          abi: campaignAbi,
          functionName: "ledger",
          args: [t],
        }) as Promise<LedgerView>,
    ),
  );
  const books: Record<Address, LedgerView> = {};
  tokens.forEach((t, i) => (books[lower(t)] = views[i]));
  return books;
}

/** One page of the factory's campaigns with everything the listing shows. Two batched rounds. */
/**
 * One page of the factory's campaigns, newest first. With `status` (the contract's `Status` number),
 * only campaigns in that status: every campaign's `status()` is read in one batched round (no per-row
 * waterfall), then only the page's campaigns are read in full.
 */
export function useCampaignPage(page: number, pageSize: number, status?: number, enabled = true) {
  const client = useChainClient();
  const { deployment, chainId } = useDeployment();
  return useQuery({
    queryKey: ["campaign-page", chainId, deployment?.factory, page, pageSize, status ?? "all"],
    enabled: !!deployment && enabled,
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

/** A token's symbol and decimals (no fallback: a failed read fails the query, and is retried). */
export { readTokenInfo };

/** Symbols and decimals of tokens (ETH is address(0)), cached for the session. */
export function useTokens(addresses: readonly Address[] | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  const key = (addresses ?? []).map(lower).join(",");
  const query = useQuery({
    queryKey: ["tokens", chainId, key],
    enabled: !!addresses?.length,
    staleTime: Infinity,
    queryFn: async () => {
      const infos = await Promise.all(addresses!.map((a) => readTokenInfo(client, a)));
      rememberTokens(infos);
      return infos;
    },
  });
  return useMemo(() => {
    const map = new Map<Address, TokenInfo>();
    for (const t of query.data ?? []) map.set(lower(t.address), t);
    return map;
  }, [query.data]);
}

/** Whether every token of `addresses` has its symbol and decimals (amounts can be shown). */
export const tokensReady = (tokens: Map<Address, TokenInfo>, addresses: readonly Address[]) =>
  addresses.every((a) => tokens.has(lower(a)));

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
      const [summary, registry, openOrders, unreservedUsd] = await Promise.all([
        readSummary(client, address!),
        read<Address>("registry"),
        read<bigint>("openOrderCount"),
        read<bigint>("unreservedUsd"),
      ]);
      const params = summary.params;
      const [books, orders] = await Promise.all([
        readBooks(client, address!, params.tokens),
        readOrders(client, address!, summary.orderCount, params.tokens),
      ]);
      return { ...summary, params, registry, openOrders, unreservedUsd, books, orders };
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
  /** Credited to suppliers beyond verified delivery, all time (cancelled orders included). */
  unbacked: bigint;
  /** The campaign-wide cap on `unbacked`: `maxAdvanceBps` of the net pledges. */
  advanceCap: bigint;
};

/** How far the appeal's history has been read: shown while it loads. */
export type LedgerProgress = { scanned: string; to: string; events: number };

/**
 * The campaign's ledger rebuilt from its events by the shared client's `replay`: pledges, orders
 * and their timelines. Refreshed when the campaign emits anything. Logs of blocks below the
 * confirmed head are final and cached in the browser (checked against the block hash, so a reset
 * local chain or a reorganisation discards them); while the rest is read, what has arrived is
 * shown.
 */
export function useCampaignLedger(
  address: Address | undefined,
  params: CampaignParams | undefined,
) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  const queryClient = useQueryClient();
  const [partial, setPartial] = useState<{ ledger: Ledger; fromBlock: bigint; toBlock: bigint }>();
  const [progress, setProgress] = useState<LedgerProgress>();
  const queryKey = ["campaign-ledger", chainId, address];
  const query = useQuery({
    queryKey,
    enabled: !!address && !!params && !!deployment,
    queryFn: async (): Promise<{ ledger: Ledger; fromBlock: bigint; toBlock: bigint }> => {
      const fromBlock = await creationBlock(
        client,
        chainId,
        deployment!.factory,
        address!,
        deployment!.startBlock,
      );
      // Not the client's cached block number: right after a write it may predate the receipt.
      const toBlock = await client.getBlockNumber({ cacheTime: 0 });
      const logs = await readAppealLogs(
        client,
        chainId,
        address!,
        fromBlock,
        toBlock,
        (so, end) => {
          setPartial({ ledger: replayAppeal(params!, so), fromBlock, toBlock: end });
          setProgress({ scanned: end.toString(), to: toBlock.toString(), events: so.length });
        },
      );
      setProgress(undefined);
      return { ledger: replayAppeal(params!, logs), fromBlock, toBlock };
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
  return {
    ...query,
    data: query.data ?? partial,
    /** Whether `data` is the history read to its last block (not a partial one shown as it arrives). */
    complete: !!query.data,
    isLoading: query.isLoading,
    progress,
  };
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
export function useSuppliers(enabled = true) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["suppliers", chainId, deployment?.registry],
    enabled: !!deployment && enabled,
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
      const [listed, paused, [sequencerFeed, sequencerGrace]] = await Promise.all([
        client.readContract({ address: registry, abi: registryAbi, functionName: "listedTokens" }),
        client.readContract({ address: registry, abi: registryAbi, functionName: "paused" }),
        client.readContract({
          address: registry,
          abi: registryAbi,
          functionName: "sequencerUptimeFeed",
        }),
      ]);
      const rows = await Promise.all(
        listed.map(async (token) => {
          const [config, accepted, [minAnswer, maxAnswer], price] = await Promise.all([
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
            client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "priceBounds",
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
          return {
            token: lower(token),
            config,
            accepted,
            bounds: { min: minAnswer, max: maxAnswer },
            price,
          };
        }),
      );
      return {
        tokens: rows,
        paused,
        sequencer: { feed: sequencerFeed, gracePeriod: Number(sequencerGrace) },
      };
    },
  });
}

/** Campaigns with their orders, books and unreserved USD, read from the chain in batched rounds. */
async function readCampaignsWithOrders(client: PublicClient, addresses: readonly Address[]) {
  const summaries = await Promise.all(addresses.map((a) => readSummary(client, a)));
  const [orders, books, unreserved] = await Promise.all([
    Promise.all(summaries.map((s) => readOrders(client, s.address, s.orderCount, s.params.tokens))),
    Promise.all(summaries.map((s) => readBooks(client, s.address, s.params.tokens))),
    Promise.all(
      summaries.map((s) =>
        s.status === 3
          ? client.readContract({
              address: s.address,
              abi: campaignAbi,
              functionName: "unreservedUsd",
            })
          : Promise.resolve(0n),
      ),
    ),
  ]);
  return summaries.map((s, i) => ({
    ...s,
    orders: orders[i],
    books: books[i],
    unreservedUsd: unreserved[i],
  }));
}

/**
 * Only the campaigns at `addresses` (an indexer's answer to "where do I have work?"), read from the
 * chain like `useAllCampaigns` reads every one: what a page acts on is always the chain's.
 */
export function useCampaignsAt(addresses: readonly Address[] | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["campaigns-at", chainId, (addresses ?? []).join()],
    enabled: !!addresses,
    queryFn: () => readCampaignsWithOrders(client, addresses!),
  });
}

/** Every campaign address of the factory (for the consoles' pickers), in one batched read. */
export function useAllCampaigns(enabled = true) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["all-campaigns", chainId, deployment?.factory],
    enabled: !!deployment && enabled,
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
      return readCampaignsWithOrders(client, addresses);
    },
  });
}

/**
 * What each supplier can withdraw now (`withdrawable(supplier, token)`) in each appeal of `reads`, in one
 * batched round, keyed `appeal/supplier/token` (lower-case).
 */
export function useWithdrawables(
  reads: readonly { appeal: Address; supplier: Address; token: Address }[] | undefined,
) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: [
      "withdrawables",
      chainId,
      (reads ?? []).map((r) => `${r.appeal}/${r.supplier}/${r.token}`).join(),
    ],
    enabled: !!reads,
    queryFn: async () => {
      const values = await Promise.all(
        reads!.map((r) =>
          client.readContract({
            address: r.appeal,
            abi: campaignAbi,
            functionName: "withdrawable",
            args: [r.supplier, r.token],
          }),
        ),
      );
      return new Map(
        reads!.map((r, i) => [
          `${lower(r.appeal)}/${lower(r.supplier)}/${lower(r.token)}`,
          values[i],
        ]),
      );
    },
  });
}

export type CampaignWithOrders = NonNullable<ReturnType<typeof useAllCampaigns>["data"]>[number];

/** A supplier's or a verifier's standing in the registry, and the vetter's reason when suspended. */
export type Standing = {
  status: number;
  name?: string;
  since?: bigint;
  /** The reason given with the latest suspension (from the registry's event). */
  reason?: string;
};

/** The registry's record of `account` as a supplier or a verifier, and why it is suspended. */
export function useStanding(kind: "supplier" | "verifier", account: Address | undefined) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["standing", kind, chainId, deployment?.registry, account],
    enabled: !!deployment && !!account,
    queryFn: async (): Promise<Standing> => {
      const registry = deployment!.registry;
      const record =
        kind === "supplier"
          ? await client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "supplier",
              args: [account!],
            })
          : await client.readContract({
              address: registry,
              abi: registryAbi,
              functionName: "verifier",
              args: [account!],
            });
      const standing: Standing = {
        status: Number(record.status),
        name: record.name || undefined,
        since: BigInt(record.updatedAt),
      };
      if (standing.status !== 2) return standing;
      const eventName = kind === "supplier" ? "SupplierSuspended" : "VerifierSuspended";
      const toBlock = await client.getBlockNumber({ cacheTime: 0 });
      const { logs } = await fetchLogs(client, {
        address: registry,
        topics: encodeEventTopics({
          abi: registryAbi,
          eventName,
          args: kind === "supplier" ? { supplier: account! } : { verifier: account! },
        } as never) as Hex[],
        fromBlock: deployment!.startBlock,
        toBlock,
      });
      const last = logs.at(-1);
      if (last) {
        const decoded = decodeEventLog({ abi: registryAbi, data: last.data, topics: last.topics });
        standing.reason = (decoded.args as { reason?: string }).reason;
      }
      return standing;
    },
  });
}

/** Every verifier the registry lists, with its record (name, organization, status, dossier). */
export function useVerifiers() {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["verifiers", chainId, deployment?.registry],
    enabled: !!deployment,
    queryFn: async () => {
      const registry = deployment!.registry;
      const addresses = await client.readContract({
        address: registry,
        abi: registryAbi,
        functionName: "verifiers",
      });
      const records = await Promise.all(
        addresses.map((a) =>
          client.readContract({
            address: registry,
            abi: registryAbi,
            functionName: "verifier",
            args: [a],
          }),
        ),
      );
      return addresses.map((address, i) => ({
        address,
        ...records[i],
        status: Number(records[i].status),
      }));
    },
  });
}

/**
 * Names of registered parties, as the client's `NameBook`: verifiers ("WAHO Abuja warehouse", with
 * their organization) and suppliers (with their country), from the registry's lists.
 */
export function usePartyNames(): NameBook {
  const verifiers = useVerifiers();
  const suppliers = useSuppliers();
  return useMemo(() => {
    const book = new NameBook();
    for (const s of suppliers.data ?? [])
      book.set(s.address, { name: s.name, detail: s.country || undefined, source: "supplier" });
    for (const v of verifiers.data ?? [])
      book.set(v.address, {
        name: v.name,
        detail: v.organization || undefined,
        source: "verifier",
      });
    return book;
  }, [verifiers.data, suppliers.data]);
}

/**
 * Names for one appeal: the registry's, then the organizer's and the beneficiary's as the
 * appeal's metadata states them (marked as the appeal's own statement; a registry name wins).
 */
export function useAppealNames(
  organizer: Address | undefined,
  beneficiary: Address | undefined,
  metadata: MetadataNames | undefined,
): NameBook {
  const registry = usePartyNames();
  return useMemo(
    () => addMetadataNames(new NameBook(registry.entries()), { organizer, beneficiary, metadata }),
    [registry, organizer, beneficiary, metadata],
  );
}

/** The registry's limits on new campaigns (`limits()`). */
export function useRegistryLimits() {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["limits", chainId, deployment?.registry],
    enabled: !!deployment,
    queryFn: async (): Promise<RegistryLimits> => {
      const l = await client.readContract({
        address: deployment!.registry,
        abi: registryAbi,
        functionName: "limits",
      });
      return {
        maxFundingWindow: Number(l.maxFundingWindow),
        maxProcurementWindow: Number(l.maxProcurementWindow),
        maxAdvanceBps: Number(l.maxAdvanceBps),
        minThreshold: Number(l.minThreshold),
      };
    },
  });
}

/** The registry roles `account` holds (what the dApp offers it). */
export function useRoles(account: Address | undefined) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["roles", chainId, deployment?.registry, account],
    enabled: !!deployment && !!account,
    queryFn: async () => {
      const registry = deployment!.registry;
      const role = (
        functionName: "DEFAULT_ADMIN_ROLE" | "VETTER_ROLE" | "ORGANIZER_ROLE" | "PAUSER_ROLE",
      ) => client.readContract({ address: registry, abi: registryAbi, functionName });
      const ids = await Promise.all([
        role("DEFAULT_ADMIN_ROLE"),
        role("VETTER_ROLE"),
        role("ORGANIZER_ROLE"),
        role("PAUSER_ROLE"),
      ]);
      const [admin, vetter, organizer, pauser] = await Promise.all(
        ids.map((id) =>
          client.readContract({
            address: registry,
            abi: registryAbi,
            functionName: "hasRole",
            args: [id, account!],
          }),
        ),
      );
      return { admin, vetter, organizer, pauser };
    },
  });
}
