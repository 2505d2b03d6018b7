/**
 * Ponder's configuration: every chain the runner lists (indexer/run.ts puts them in
 * HANDOVER_INDEXER_SOURCES, see sources.ts), each with
 *
 * - `Registry`: suppliers, verifiers (with their names), tokens, limits, pauses;
 * - `CampaignFactory`: one `CampaignCreated` per appeal;
 * - `Campaign`: every campaign clone, found by the factory pattern on `CampaignCreated` (each clone is
 *   indexed from the block it was created in, including clones created after the indexer started);
 * - `EAS` (only on chains whose source names an EAS contract): attestations under the audit schema.
 *
 * The database is PGlite on disk (HANDOVER_INDEXER_DATA, default `.handover/indexer/pglite`) unless
 * DATABASE_URL names a Postgres server.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createConfig, factory } from "ponder";
import { custom, getAbiItem, RpcRequestError } from "viem";

import { campaignAbi, campaignFactoryAbi, registryAbi } from "../client/generated/abis.ts";
import { AUDIT_SCHEMA_UID, easAbi } from "./eas.ts";
import { chainName, parseSources, SOURCES_VARIABLE } from "./sources.ts";

const sources = parseSources(process.env[SOURCES_VARIABLE]);
const local = (chainId: number) => chainId === 31337 || chainId === 1337;

/**
 * A local node answers one request at a time: under a large backfill Ponder's 10-second RPC timeout
 * fires while requests queue, and each timeout costs a retry of the same work. For local chains, a
 * transport that waits up to two minutes per request instead.
 */
function patientTransport(url: string) {
  let id = 0;
  return custom({
    async request({ method, params }) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
        signal: AbortSignal.timeout(120_000),
      });
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
      const body = (await response.json()) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (body.error)
        throw new RpcRequestError({ body: { method, params }, error: body.error, url });
      return body.result;
    },
  });
}

const chains = Object.fromEntries(
  sources.map((s) => [
    chainName(s.chainId),
    {
      id: s.chainId,
      rpc: local(s.chainId) ? patientTransport(s.rpc) : s.rpc,
      // A local chain mines on demand: poll it often so that a new block reaches the API at once.
      pollingInterval: local(s.chainId) ? 250 : 2_000,
      // A local chain is reset on every start: never serve an earlier run's cached RPC answers.
      disableCache: local(s.chainId),
    },
  ]),
);

const perChain = <T>(pick: (s: (typeof sources)[number]) => T | undefined) =>
  Object.fromEntries(
    sources.flatMap((s) => {
      const value = pick(s);
      return value === undefined ? [] : [[chainName(s.chainId), value]];
    }),
  );

const campaignCreated = getAbiItem({ abi: campaignFactoryAbi, name: "CampaignCreated" });
const easSources = sources.filter((s) => s.eas !== undefined);

/** Default: the project's local data folder (`.handover/indexer/pglite` beside indexer/). */
const dataDirectory =
  process.env.HANDOVER_INDEXER_DATA ??
  path.join(fileURLToPath(new URL("..", import.meta.url)), ".handover", "indexer", "pglite");

export default createConfig({
  ordering: "multichain",
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: dataDirectory },
  chains,
  contracts: {
    Registry: {
      abi: registryAbi,
      chain: perChain((s) => ({ address: s.registry, startBlock: s.startBlock })),
    },
    CampaignFactory: {
      abi: campaignFactoryAbi,
      chain: perChain((s) => ({ address: s.factory, startBlock: s.startBlock })),
    },
    Campaign: {
      abi: campaignAbi,
      chain: perChain((s) => ({
        address: factory({
          address: s.factory,
          event: campaignCreated,
          parameter: "campaign",
          startBlock: s.startBlock,
        }),
        startBlock: s.startBlock,
      })),
    },
    ...(easSources.length > 0
      ? {
          EAS: {
            abi: easAbi,
            chain: perChain((s) =>
              s.eas === undefined
                ? undefined
                : {
                    address: s.eas,
                    startBlock: s.startBlock,
                    filter: [
                      { event: "Attested", args: { schemaUID: AUDIT_SCHEMA_UID } },
                      { event: "Revoked", args: { schemaUID: AUDIT_SCHEMA_UID } },
                    ],
                  },
            ),
          },
        }
      : {}),
  },
});
