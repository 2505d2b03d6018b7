/**
 * React hooks over lib/indexer.ts: which source a page reads (the indexer, or RPC and why), and the
 * indexer's answers to a page's query, falling back to RPC when it fails.
 */
import { useQuery } from "@tanstack/react-query";
import { getAddress, type Address } from "viem";

import {
  myGiving,
  supplierAppeals,
  supplierQueue,
  verifierAppeals,
  verifierQueue,
  type IndexerDb,
} from "../../../indexer/queries.ts";
import { useAllCampaigns, useCampaignsAt } from "../hooks/campaigns.ts";
import { useDonorAppeals } from "../hooks/receipts.ts";
import { useChainClient, useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { configuredIndexerUrl, probeIndexer, type IndexerSource } from "./indexer.ts";

/** The indexer's URL for the chain the app works on, when one is configured. */
export function useIndexerUrl(): { url?: string; loading: boolean } {
  const { chainId } = useDeployment();
  const envUrl = (import.meta.env as Record<string, string | undefined>).VITE_INDEXER_URL;
  // The local record (written by npm start) names the indexer it started; read as it is served.
  const local = useQuery({
    queryKey: ["local-indexer-record"],
    enabled: !envUrl && chainId === 31337,
    staleTime: Infinity,
    retry: false,
    queryFn: async () => {
      const response = await fetch(`${import.meta.env.BASE_URL}local-deployment.json`, {
        cache: "no-store",
      });
      if (!response.ok || !(response.headers.get("content-type") ?? "").includes("json"))
        return null;
      return (await response.json()) as unknown;
    },
  });
  return {
    url: configuredIndexerUrl(envUrl, local.data, chainId),
    loading: !envUrl && chainId === 31337 && local.isLoading,
  };
}

/**
 * The source the pages read now: the indexer when configured, of this deployment and caught up
 * (checked every 5 s), else RPC with the reason. `pending` while the first check runs.
 */
export function useIndexerSource(): { source?: IndexerSource; pending: boolean } {
  const { url, loading } = useIndexerUrl();
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  const probe = useQuery({
    queryKey: ["indexer-source", chainId, url, deployment?.registry, deployment?.factory],
    enabled: !!url && !!deployment,
    refetchInterval: 5_000,
    retry: false,
    queryFn: async () =>
      probeIndexer(
        url!,
        { chainId, registry: deployment!.registry, factory: deployment!.factory },
        await client.getBlockNumber({ cacheTime: 0 }),
      ),
  });
  if (loading) return { pending: true };
  if (!url) return { source: { kind: "rpc", why: "none" }, pending: false };
  if (probe.data) return { source: probe.data, pending: false };
  if (probe.error) return { source: { kind: "rpc", why: "unreachable", url }, pending: false };
  return { pending: true };
}

/**
 * A page's query against the indexer, when the indexer is the source. `mode` says what the page
 * shows: "indexer" (with `data`), "rpc" (the page reads from the chain: no indexer, or it is
 * unreachable, behind, of another deployment, or its query failed), or "pending".
 */
export function useIndexed<T>(
  key: readonly unknown[],
  run: (db: IndexerDb, source: Extract<IndexerSource, { kind: "indexer" }>) => Promise<T>,
) {
  const { source, pending } = useIndexerSource();
  const { chainId } = useDeployment();
  const viaIndexer = source?.kind === "indexer" ? source : undefined;
  const query = useQuery({
    // The indexed block is in the key: a new block re-reads the page's data.
    queryKey: ["indexed", chainId, viaIndexer?.url, viaIndexer?.block.toString(), ...key],
    enabled: !!viaIndexer,
    retry: 1,
    placeholderData: (previous) => previous,
    queryFn: async () => ({
      value: await run(viaIndexer!.db, viaIndexer!),
      block: viaIndexer!.block,
    }),
  });
  if (pending) return { mode: "pending" as const, source };
  if (!viaIndexer) return { mode: "rpc" as const, source };
  if (query.error)
    return {
      mode: "rpc" as const,
      source: { kind: "rpc", why: "unreachable", url: viaIndexer.url } as IndexerSource,
    };
  return {
    mode: query.data === undefined ? ("pending" as const) : ("indexer" as const),
    source,
    data: query.data?.value,
    /** The block the data describes (the indexer's when it was read). */
    block: query.data?.block,
  };
}

/**
 * "My giving"'s list of appeals: from the indexer (`myGiving`, most recent pledge first, with the
 * donor's totals) when it is the source, else the client's `campaignsOfDonor` over RPC. `appeals`
 * reads like the RPC query (data, isLoading, error, refetch), whichever source answered.
 */
export function useGivingSource(donor: Address) {
  const { chainId } = useDeployment();
  const now = useChainNow();
  const indexed = useIndexed(["my-giving", donor, now?.toString()], (db) =>
    myGiving(db, { chainId, donor, now: now ?? BigInt(Math.floor(Date.now() / 1000)) }),
  );
  const rpc = useDonorAppeals(indexed.mode === "rpc" ? donor : undefined);
  const appeals =
    indexed.mode === "indexer"
      ? {
          data: indexed.data!.appeals.map((a) => getAddress(a.appeal)),
          isLoading: false,
          error: null,
          refetch: () => undefined,
        }
      : indexed.mode === "pending"
        ? { data: undefined, isLoading: true, error: null, refetch: () => undefined }
        : rpc;
  return { appeals, indexed };
}

/**
 * The appeals a supplier or a verifier has work in, read from the chain: found by the indexer when
 * it is the source (the appeals with the supplier's orders, or that list the verifier), else every
 * appeal of the factory. What the page acts on is always the chain's.
 */
export function useWorkCampaigns(kind: "supplier" | "verifier", account: Address | undefined) {
  const { chainId } = useDeployment();
  const indexed = useIndexed(["work", kind, account], async (db) => {
    if (!account) return { appeals: [] as Address[], open: 0, pending: 0 };
    if (kind === "supplier") {
      const [appeals, queue] = await Promise.all([
        supplierAppeals(db, { chainId, supplier: account }),
        supplierQueue(db, { chainId, supplier: account }),
      ]);
      return { appeals, open: queue.orders.length, pending: 0 };
    }
    const [appeals, tasks] = await Promise.all([
      verifierAppeals(db, { chainId, verifier: account }),
      verifierQueue(db, { chainId, verifier: account }),
    ]);
    return { appeals, open: 0, pending: tasks.length };
  });
  const viaIndexer = indexed.mode === "indexer";
  const every = useAllCampaigns(indexed.mode === "rpc");
  const found = useCampaignsAt(
    viaIndexer ? indexed.data!.appeals.map((a) => getAddress(a)) : undefined,
  );
  return { campaigns: viaIndexer ? found : every, indexed };
}
