/**
 * The embedded IPFS node: Helia (light: no libp2p, nothing listens but the gateway) with its blocks
 * on disk under the project's local data folder, and a trustless gateway on 127.0.0.1:
 *
 *   GET|HEAD /ipfs/<cid>?format=raw   one block, as its CID names it (application/vnd.ipld.raw)
 *   GET|HEAD /ipfs/<cid>?format=car   the whole DAG as a CARv1 (application/vnd.ipld.car)
 *   GET|HEAD /ipfs/<cid>              the file itself, for people and curl (not verified: clients
 *                                     should ask for raw or car and check, as content.ts does)
 *
 * The Accept header (`application/vnd.ipld.raw` / `application/vnd.ipld.car`) selects the same.
 * CORS is open so that the dApp, on another port, can fetch and verify. It is pre-loaded with the
 * seeded appeals' content (content/): stories, images, purchase terms, delivery evidence.
 *
 * One call for whoever wires it in (`npm start`, the browser tests):
 *
 *   const ipfs = await startLocalIpfs({ dir: ".handover/ipfs", port: 8180 });
 *   ... ipfs.url, await ipfs.add(bytes), await ipfs.stop()
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as dagPb from "@ipld/dag-pb";
import { CarWriter } from "@ipld/car/writer";
import { FsBlockstore } from "blockstore-fs";
import { createHeliaLight, type Helia } from "helia";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";

import { computeCid, parseCid } from "../../client/content.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where the seeded appeals' files live. */
export const CONTENT_DIR = path.join(ROOT, "content");
export const DEFAULT_IPFS_DIR = path.join(ROOT, ".handover", "ipfs");
export const DEFAULT_IPFS_PORT = 8180;

export type LocalIpfs = {
  /** The gateway's base URL, e.g. http://127.0.0.1:8180 */
  url: string;
  port: number;
  dir: string;
  helia: Helia;
  /** Adds bytes (Kubo-equal CID) and returns the CID. */
  add(bytes: Uint8Array): Promise<CID>;
  has(cid: CID | string): Promise<boolean>;
  /** The file's bytes, from the local blocks only. */
  cat(cid: CID | string): Promise<Uint8Array>;
  /** Files imported at start: path relative to the content folder, and CID. */
  preloaded: { path: string; cid: CID; size: number }[];
  /** Milliseconds from the call to a listening gateway. */
  startedInMs: number;
  stop(): Promise<void>;
};

export type LocalIpfsOptions = {
  /** Blocks go to `<dir>/blocks`. Default: .handover/ipfs in the project. */
  dir?: string;
  /** 0 picks a free port. Default 8180. */
  port?: number;
  host?: string;
  /** Folders whose every file is imported at start. Default: the seeded content; [] for none. */
  preload?: string[];
  log?: (line: string) => void;
};

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Starts the node and its gateway. Rejects if the port is taken (say which, and how to move it). */
export async function startLocalIpfs(options: LocalIpfsOptions = {}): Promise<LocalIpfs> {
  const started = performance.now();
  const dir = path.resolve(options.dir ?? DEFAULT_IPFS_DIR);
  const host = options.host ?? "127.0.0.1";
  const blockstore = new FsBlockstore(path.join(dir, "blocks"));
  await blockstore.open();
  const helia = createHeliaLight({ blockstore });
  await helia.start();

  const add = (bytes: Uint8Array) =>
    computeCid(bytes, { sink: { put: (cid, block) => helia.blockstore.put(cid, block) } });
  const toCid = (cid: CID | string) => (typeof cid === "string" ? parseCid(cid) : cid);
  const has = (cid: CID | string) => blockstore.has(toCid(cid));
  const block = async (cid: CID) => concat(await collect(blockstore.get(cid)));
  const cat = async (cid: CID | string) => {
    const entry = await exporter(toCid(cid), blockstore);
    if (entry.type !== "file" && entry.type !== "raw") throw new Error(`${cid} is not a file`);
    return concat(await collect(entry.content()));
  };

  const preloaded: LocalIpfs["preloaded"] = [];
  for (const folder of options.preload ?? [CONTENT_DIR]) {
    for await (const file of walk(folder)) {
      const bytes = new Uint8Array(await readFile(file));
      preloaded.push({
        path: path.relative(folder, file),
        cid: await add(bytes),
        size: bytes.length,
      });
    }
  }

  const server = createServer((request, response) => {
    serve(request, response, { has, block, cat }).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${options.port ?? DEFAULT_IPFS_PORT} on ${host} is taken: stop what listens there or pass another port (HANDOVER_IPFS_PORT)`,
            )
          : error,
      ),
    );
    server.listen(options.port ?? DEFAULT_IPFS_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  options.log?.(
    `IPFS gateway on ${url}, blocks in ${path.join(dir, "blocks")}, ${preloaded.length} files pre-loaded`,
  );
  return {
    url,
    port,
    dir,
    helia,
    add,
    has,
    cat,
    preloaded,
    startedInMs: performance.now() - started,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await helia.stop();
      await blockstore.close();
    },
  };
}

async function collect(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return parts;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "accept, range",
  "access-control-expose-headers": "content-length, content-type, x-ipfs-path, x-ipfs-roots",
};

type Store = {
  has(cid: CID): Promise<boolean>;
  block(cid: CID): Promise<Uint8Array>;
  cat(cid: CID): Promise<Uint8Array>;
};

/** Every block of the DAG under `root`, root first (depth-first, as Kubo's `dag export`). */
async function* dagBlocks(
  store: Store,
  root: CID,
): AsyncGenerator<{ cid: CID; bytes: Uint8Array }> {
  const bytes = await store.block(root);
  yield { cid: root, bytes };
  if (root.code === dagPb.code) {
    for (const link of dagPb.decode(bytes).Links) yield* dagBlocks(store, link.Hash);
  }
}

const MEDIA_TYPES: Record<string, string> = {
  "{": "application/json",
  "<svg": "image/svg+xml",
  "%PDF": "application/pdf",
};

function sniff(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  const head = new TextDecoder().decode(bytes.slice(0, 256)).trimStart();
  for (const [prefix, type] of Object.entries(MEDIA_TYPES))
    if (head.startsWith(prefix)) return type;
  if (head.startsWith("<?xml") && head.includes("<svg")) return "image/svg+xml";
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(head)
    ? "text/plain; charset=utf-8"
    : "application/octet-stream";
}

async function serve(request: IncomingMessage, response: ServerResponse, store: Store) {
  if (request.method === "OPTIONS") {
    response.writeHead(204, CORS);
    return response.end();
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { ...CORS, allow: "GET, HEAD, OPTIONS" });
    return response.end("only GET and HEAD\n");
  }
  const url = new URL(request.url ?? "/", "http://localhost");
  const match = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) {
    response.writeHead(404, { ...CORS, "content-type": "text/plain" });
    return response.end("this gateway serves /ipfs/<cid>[?format=raw|car]\n");
  }
  let cid: CID;
  try {
    cid = CID.parse(match[1]);
  } catch {
    response.writeHead(400, { ...CORS, "content-type": "text/plain" });
    return response.end(`"${match[1]}" is not a CID\n`);
  }
  if (!(await store.has(cid))) {
    response.writeHead(404, { ...CORS, "content-type": "text/plain" });
    return response.end(`${cid} is not on this node\n`);
  }
  const accept = request.headers.accept ?? "";
  const format =
    url.searchParams.get("format") ??
    (accept.includes("application/vnd.ipld.car")
      ? "car"
      : accept.includes("application/vnd.ipld.raw")
        ? "raw"
        : "");
  const headers = {
    ...CORS,
    "x-ipfs-path": `/ipfs/${cid}`,
    etag: `"${cid}${format ? `.${format}` : ""}"`,
    "cache-control": "public, max-age=29030400, immutable",
  };
  const head = request.method === "HEAD";
  if (format === "raw") {
    const bytes = await store.block(cid);
    response.writeHead(200, {
      ...headers,
      "content-type": "application/vnd.ipld.raw",
      "content-length": bytes.length,
    });
    return response.end(head ? undefined : bytes);
  }
  if (format === "car") {
    // Walk the DAG first: a block read under the wrong codec fails here, before any header is sent.
    const blocks: { cid: CID; bytes: Uint8Array }[] = [];
    try {
      for await (const b of dagBlocks(store, cid)) blocks.push(b);
    } catch (error) {
      response.writeHead(422, { ...CORS, "content-type": "text/plain" });
      return response.end(
        `${cid} cannot be walked as ${cid.code === dagPb.code ? "dag-pb" : "raw"}: ${(error as Error).message}\n`,
      );
    }
    response.writeHead(200, {
      ...headers,
      "content-type": "application/vnd.ipld.car; version=1",
      "x-ipfs-roots": `${cid}`,
    });
    if (head) return response.end();
    const { writer, out } = CarWriter.create([cid]);
    const piping = (async () => {
      for await (const chunk of out) response.write(chunk);
    })();
    for (const b of blocks) await writer.put(b);
    await writer.close();
    await piping;
    return response.end();
  }
  if (format) {
    response.writeHead(400, { ...CORS, "content-type": "text/plain" });
    return response.end(`format must be raw or car, not "${format}"\n`);
  }
  const bytes = await store.cat(cid);
  response.writeHead(200, {
    ...headers,
    "content-type": sniff(bytes),
    "content-length": bytes.length,
    "x-content-type-options": "nosniff",
  });
  return response.end(head ? undefined : bytes);
}

/** Starts nothing: whether a gateway answers at `url` (for scripts that reuse a running node). */
export async function gatewayUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ipfs/bafkqaaa?format=raw`, {
      signal: AbortSignal.timeout(1_000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}
