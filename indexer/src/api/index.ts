/**
 * The indexer's HTTP API (Ponder also serves /health, /ready, /status and /metrics):
 *
 * - `/graphql` (and `/`): GraphQL over every table, with the relations of ponder.schema.ts;
 * - `/sql/*`: SQL over HTTP for `@ponder/client` (read-only SELECTs, validated by Ponder);
 * - `/handover/sources`: what this indexer follows per chain (registry, factory, EAS, first block), so
 *   that a client can check it reads the deployment it expects. RPC URLs are never shown: they may
 *   carry a provider's key.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";

import { parseSources, SOURCES_VARIABLE } from "../../sources.ts";

const sources = parseSources(process.env[SOURCES_VARIABLE]).map(
  ({ chainId, registry, factory, eas, startBlock }) => ({
    chainId,
    registry,
    factory,
    eas: eas ?? null,
    startBlock,
  }),
);

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));
app.get("/handover/sources", (c) => c.json({ chains: sources }));

export default app;
