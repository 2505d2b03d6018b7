/**
 * Pinning from the command line and scripts, and a local stand-in of a pinning service.
 *
 * - `pinningFromEnv()`: the standard Pinning Service API client (client/content.ts) configured by
 *   HANDOVER_PINNING_URL and HANDOVER_PINNING_TOKEN, with origins from HANDOVER_IPFS_ORIGINS
 *   (comma-separated multiaddrs of nodes or trustless gateways the service can fetch from; a
 *   service on the internet cannot reach 127.0.0.1, so point it at a public gateway or node that
 *   holds the content). Undefined when no service is configured: nothing is uploaded then.
 * - `startPinningStandIn()`: a local service implementing the API (POST/GET/DELETE /pins, bearer
 *   token, the spec's error bodies) that pins by fetching the content from the request's HTTP
 *   origins through a trustless gateway and verifying every block, as a real service fetches from
 *   origins. For tests and for trying pinning offline; it keeps what it pins in memory.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  CID,
  ContentError,
  fetchVerified,
  gatewayUrlOf,
  PinningClient,
  type PinStatus,
} from "../../client/content.ts";

export function pinningFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const url = env.HANDOVER_PINNING_URL;
  if (!url) return undefined;
  const token = env.HANDOVER_PINNING_TOKEN ?? "";
  const client = new PinningClient(url, token);
  const origins = (env.HANDOVER_IPFS_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    client,
    origins,
    pin: (cid: CID | string, options: { name?: string; meta?: Record<string, string> } = {}) =>
      client.pin(cid, { ...options, origins }),
  };
}

export type PinningStandIn = {
  url: string;
  token: string;
  /** What it holds: pinned CIDs and their bytes. */
  pinned: Map<string, Uint8Array>;
  requests: Map<string, PinStatus>;
  stop(): Promise<void>;
};

export async function startPinningStandIn(
  options: { port?: number; token?: string } = {},
): Promise<PinningStandIn> {
  const token = options.token ?? randomUUID();
  const requests = new Map<string, PinStatus>();
  const pinned = new Map<string, Uint8Array>();

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const error = (response: ServerResponse, status: number, reason: string, details: string) =>
    send(response, status, { error: { reason, details } });

  const fetchPin = async (status: PinStatus) => {
    status.status = "pinning";
    const gateways = (status.pin.origins ?? []).map(gatewayUrlOf).filter((g): g is string => !!g);
    if (gateways.length === 0) {
      status.status = "failed";
      status.info = { reason: "no HTTP origin to fetch the content from" };
      return;
    }
    try {
      const got = await fetchVerified(CID.parse(status.pin.cid), {
        gateways,
        signal: AbortSignal.timeout(20_000),
      });
      pinned.set(status.pin.cid, got.bytes);
      status.status = "pinned";
    } catch (e) {
      status.status = "failed";
      status.info = { reason: e instanceof ContentError ? e.message : String(e) };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers.authorization !== `Bearer ${token}`)
      return error(response, 401, "UNAUTHORIZED", "a valid access token is required");
    const url = new URL(request.url ?? "/", "http://localhost");
    const id = /^\/pins\/([^/]+)$/.exec(url.pathname)?.[1];
    if (url.pathname === "/pins" && request.method === "POST") {
      let body: { cid?: unknown; name?: unknown; origins?: unknown; meta?: unknown };
      try {
        const chunks: Buffer[] = [];
        for await (const c of request) chunks.push(c as Buffer);
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(response, 400, "BAD_REQUEST", "the body is not JSON");
      }
      try {
        CID.parse(String(body.cid));
      } catch {
        return error(response, 400, "BAD_REQUEST", `"${body.cid}" is not a CID`);
      }
      const status: PinStatus = {
        requestid: randomUUID(),
        status: "queued",
        created: new Date().toISOString(),
        pin: {
          cid: String(body.cid),
          ...(typeof body.name === "string" ? { name: body.name } : {}),
          origins: Array.isArray(body.origins) ? body.origins.map(String) : [],
          ...(body.meta && typeof body.meta === "object"
            ? { meta: body.meta as Record<string, string> }
            : {}),
        },
        delegates: [],
      };
      requests.set(status.requestid, status);
      void fetchPin(status);
      return send(response, 202, status);
    }
    if (url.pathname === "/pins" && request.method === "GET") {
      const cids = url.searchParams.get("cid")?.split(",");
      const statuses = url.searchParams.get("status")?.split(",") ?? ["pinned"];
      const results = [...requests.values()].filter(
        (r) => (!cids || cids.includes(r.pin.cid)) && statuses.includes(r.status),
      );
      return send(response, 200, { count: results.length, results });
    }
    if (id && request.method === "GET") {
      const status = requests.get(id);
      return status
        ? send(response, 200, status)
        : error(response, 404, "NOT_FOUND", `no pin request ${id}`);
    }
    if (id && request.method === "DELETE") {
      const status = requests.get(id);
      if (!status) return error(response, 404, "NOT_FOUND", `no pin request ${id}`);
      requests.delete(id);
      pinned.delete(status.pin.cid);
      return send(response, 202);
    }
    return error(
      response,
      400,
      "BAD_REQUEST",
      `${request.method} ${url.pathname} is not part of the API`,
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((e) =>
      error(response, 500, "INTERNAL_SERVER_ERROR", String(e)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    pinned,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
