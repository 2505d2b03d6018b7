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

type PGliteLike = {
  transaction<T>(
    fn: (tx: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => Promise<T>,
  ): Promise<T>;
};
type PreparedQuery = { execute: () => Promise<unknown>; client?: unknown };
type Session = { prepareQuery: (...args: unknown[]) => PreparedQuery };

/**
 * The database `client()` runs SQL over HTTP on. On Postgres, Ponder's own. On the embedded PGlite
 * (one connection shared by indexing and the API), each query runs in a transaction of its own whose
 * search path puts the session's temporary tables last: Ponder 0.16 flushes a batch of more than 20
 * updates of a table through `CREATE TEMP TABLE "<table>"`, which on that shared connection would
 * otherwise shadow the real table for every unqualified query that follows (SQL over HTTP refuses
 * schema-qualified names), and the API would answer from an empty table. PGlite runs a transaction
 * exclusively, so indexing never sees this search path; the transaction is read-only besides.
 */
function sqlDatabase(): typeof db {
  const ponder = globalThis as unknown as {
    PONDER_DATABASE?: { driver: { dialect: string; instance?: PGliteLike } };
    PONDER_NAMESPACE_BUILD?: { schema: string };
  };
  const driver = ponder.PONDER_DATABASE?.driver;
  const namespace = ponder.PONDER_NAMESPACE_BUILD?.schema;
  if (driver?.dialect !== "pglite" || !driver.instance || !namespace) return db;
  const pglite = driver.instance;
  const searchPath = `SET LOCAL search_path TO "${namespace.replaceAll('"', '""')}", pg_temp`;
  const session = (db as unknown as { _: { session: Session } })._.session;
  const inOwnTransaction = new Proxy(session, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== "prepareQuery")
        return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]): PreparedQuery => {
        const prepared = target.prepareQuery(...args);
        return {
          execute: () =>
            pglite.transaction(async (tx) => {
              await tx.query("SET TRANSACTION READ ONLY");
              await tx.query(searchPath);
              const inTransaction = Object.create(prepared) as PreparedQuery;
              inTransaction.client = tx;
              return inTransaction.execute();
            }),
        };
      };
    },
  });
  return new Proxy(db, {
    get(target, property) {
      if (property === "_") {
        const internals = (target as unknown as { _: object })._;
        return { ...internals, session: inOwnTransaction };
      }
      return Reflect.get(target, property, target);
    },
  });
}

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

app.use("/sql/*", client({ db: sqlDatabase(), schema }));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));
app.get("/handover/sources", (c) => c.json({ chains: sources }));

export default app;
