/**
 * Content addressing: appeal metadata, purchase terms and delivery evidence are files identified by
 * their IPFS CID, and what goes on chain is the CID's hash.
 *
 * - CIDs are the ones Kubo computes with `ipfs add --cid-version=1` (its long-standing default for
 *   CIDv1): raw leaves, 256 KiB fixed-size chunks, a balanced DAG of at most 174 children per node.
 *   A file of one chunk is a single raw block (`bafkrei…`); a larger one a dag-pb root (`bafybei…`).
 * - On chain, `termsHash` and `evidenceHash` are the bytes32 of the CID's multihash digest
 *   (sha2-256). Anyone holding the file recomputes the CID and compares; anyone holding the digest
 *   can fetch the file under its two possible CIDs (`cidsForDigest`). Metadata URIs are
 *   `ipfs://<cid>`.
 * - `verifyContent` refuses a wrong or tampered file with a sentence saying why; `fetchVerified`
 *   fetches from trustless gateways (`/ipfs/<cid>?format=car`) and checks every block against its
 *   CID before reassembling the file, so a gateway cannot make a client show anything but the file
 *   the CID names.
 *
 * Pure TypeScript over multiformats and the UnixFS importer/exporter: it runs in Node and in the
 * browser (the dApp's launch form shows the CID before signing).
 */
import * as dagPb from "@ipld/dag-pb";
import { CarBlockIterator } from "@ipld/car/iterator";
import { MemoryBlockstore } from "blockstore-core/memory";
import { exporter } from "ipfs-unixfs-exporter";
import { importBytes, type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

export { CID };

export type Hex32 = `0x${string}`;

/** How files are cut into blocks: the parameters that decide a CID besides the bytes. */
export type ImportSettings = {
  cidVersion: 0 | 1;
  rawLeaves: boolean;
  chunkSize: number;
  maxChildrenPerNode: number;
};

/** Kubo's `ipfs add --cid-version=1`: what Handover's CIDs are. */
export const KUBO_CIDV1: ImportSettings = {
  cidVersion: 1,
  rawLeaves: true,
  chunkSize: 262_144,
  maxChildrenPerNode: 174,
};

function importerOptions(settings: ImportSettings): ImporterOptions {
  return {
    cidVersion: settings.cidVersion,
    rawLeaves: settings.rawLeaves,
    // Kubo's non-raw leaves are UnixFS "file" nodes; a single leaf becomes the root itself.
    leafType: "file",
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: settings.chunkSize }),
    layout: balanced({ maxChildrenPerNode: settings.maxChildrenPerNode }),
  };
}

/** Somewhere to put the blocks of an import (a Helia blockstore, a CAR writer, memory). */
export type BlockSink = {
  put(cid: CID, bytes: Uint8Array): unknown;
};

/**
 * The CID of `bytes` as Kubo computes it (by default `KUBO_CIDV1`); every block goes to `sink`
 * when given.
 */
export async function computeCid(
  bytes: Uint8Array,
  options: { sink?: BlockSink; settings?: ImportSettings } = {},
): Promise<CID> {
  const store = options.sink
    ? { put: async (cid: CID, block: Uint8Array) => (await options.sink!.put(cid, block), cid) }
    : { put: (cid: CID) => cid };
  const result = await importBytes(bytes, store, importerOptions(options.settings ?? KUBO_CIDV1));
  return result.cid;
}

/** Every block of `bytes` (root last), for a CAR or a blockstore. */
export async function blocksOf(
  bytes: Uint8Array,
  settings: ImportSettings = KUBO_CIDV1,
): Promise<{ root: CID; blocks: { cid: CID; bytes: Uint8Array }[] }> {
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  const root = await computeCid(bytes, {
    settings,
    sink: { put: (cid, block) => blocks.push({ cid, bytes: block }) },
  });
  return { root, blocks };
}

/** The bytes32 that goes on chain for a CID: its sha2-256 multihash digest. */
export function digestOf(cid: CID | string): Hex32 {
  const c = typeof cid === "string" ? parseCid(cid) : cid;
  if (c.multihash.code !== sha256.code || c.multihash.digest.length !== 32) {
    throw new ContentError(
      "unsupported-cid",
      `${c} is not hashed with sha2-256, so it has no bytes32 to put on chain. Add the file with Kubo's defaults for CIDv1 (ipfs add --cid-version=1).`,
    );
  }
  return `0x${[...c.multihash.digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The CIDs a file with this digest can have: a single raw block, or a dag-pb root (over 256 KiB). */
export function cidsForDigest(digest: Hex32): [raw: CID, dagPb: CID] {
  if (!/^0x[0-9a-fA-F]{64}$/.test(digest))
    throw new ContentError(
      "bad-digest",
      `"${digest}" is not a bytes32 (0x followed by 64 hexadecimal characters).`,
    );
  const bytes = Uint8Array.from(
    digest
      .slice(2)
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
  const mh = Digest.create(sha256.code, bytes);
  return [CID.createV1(raw.code, mh), CID.createV1(dagPb.code, mh)];
}

/** `ipfs://<cid>` */
export const ipfsUri = (cid: CID | string) => `ipfs://${cid.toString()}`;

/** Why a piece of content was refused, for code and for people. */
export type ContentErrorCode =
  | "bad-cid"
  | "bad-digest"
  | "unsupported-cid"
  | "cid-mismatch"
  | "digest-mismatch"
  | "tampered-block"
  | "missing-block"
  | "too-large"
  | "unreachable"
  | "bad-metadata";

export class ContentError extends Error {
  readonly code: ContentErrorCode;
  constructor(code: ContentErrorCode, message: string) {
    super(message);
    this.name = "ContentError";
    this.code = code;
  }
}

export function parseCid(text: string): CID {
  try {
    return CID.parse(text.trim());
  } catch {
    throw new ContentError(
      "bad-cid",
      `"${text}" is not an IPFS CID (such as bafkrei… or bafybei…).`,
    );
  }
}

/** The CID and path of an `ipfs://<cid>[/path]` URI (or a bare CID, or `/ipfs/<cid>`). */
export function parseIpfsUri(uri: string): { cid: CID; path: string } {
  const match = /^(?:ipfs:\/\/|\/ipfs\/)?([^/?#]+)(\/[^?#]*)?/.exec(uri.trim());
  if (!match) throw new ContentError("bad-cid", `"${uri}" is not an ipfs:// URI.`);
  return { cid: parseCid(match[1]), path: match[2] ?? "" };
}

export type Expected = CID | string | Hex32;

/**
 * Checks that `bytes` are the content `expected` names: a CID (or ipfs:// URI) or an on-chain
 * bytes32 digest. Resolves with the file's CID; rejects with a `ContentError` saying what differs.
 */
export async function verifyContent(bytes: Uint8Array, expected: Expected): Promise<CID> {
  const actual = await computeCid(bytes);
  if (typeof expected === "string" && /^0x[0-9a-fA-F]{64}$/.test(expected)) {
    const digest = digestOf(actual);
    if (digest.toLowerCase() !== expected.toLowerCase()) {
      throw new ContentError(
        "digest-mismatch",
        `This file is not the one recorded on chain: its content ID is ${actual} (hash ${digest}), the chain records hash ${expected}. Any change to a file, even one byte, changes its hash.`,
      );
    }
    return actual;
  }
  const want = typeof expected === "string" ? parseIpfsUri(expected).cid : expected;
  if (!want.equals(actual)) {
    const sameBytes =
      want.multihash.code !== sha256.code || want.version === 0
        ? ` ${want} was not made with Handover's settings (CIDv1, raw leaves, 256 KiB chunks, as \`ipfs add --cid-version=1\`), so it cannot be compared byte for byte: re-add the file with those settings.`
        : " The file was changed, or it is another file.";
    throw new ContentError(
      "cid-mismatch",
      `This file is not the content of ${want}: its own content ID is ${actual}.${sameBytes}`,
    );
  }
  return actual;
}

export type FetchOptions = {
  /** Trustless gateways to try in order, e.g. ["http://127.0.0.1:8180", "https://trustless-gateway.link"]. */
  gateways: string[];
  /** Always pass one: a gateway that never answers is only given up through it. Default: 20 s. */
  signal?: AbortSignal;
  /** Refuse content larger than this (bytes). Default 64 MiB. */
  maxBytes?: number;
  fetch?: typeof fetch;
};

/**
 * Fetches the file named by `cidOrUri` (or by an on-chain digest: both of its possible CIDs are
 * tried) from trustless gateways as a CAR, checks every block against its CID, and reassembles the
 * file. A gateway that serves a tampered or foreign block is refused with a `ContentError`
 * ("tampered-block"), and the next gateway is tried; the last error is thrown if none succeeds.
 */
export async function fetchVerified(
  cidOrUri: Expected,
  options: FetchOptions,
): Promise<{ cid: CID; bytes: Uint8Array; gateway: string }> {
  const candidates =
    typeof cidOrUri === "string" && /^0x[0-9a-fA-F]{64}$/.test(cidOrUri)
      ? // Gateways key blocks by multihash, so both CIDs answer: a dag-pb reading of raw bytes
        // fails to export and falls through to raw; the reverse would not, so dag-pb goes first.
        cidsForDigest(cidOrUri as Hex32).reverse()
      : [typeof cidOrUri === "string" ? parseIpfsUri(cidOrUri).cid : cidOrUri];
  if (options.gateways.length === 0)
    throw new ContentError("unreachable", "No IPFS gateway is configured to fetch content from.");
  const signal = options.signal ?? AbortSignal.timeout(20_000);
  let lastError: ContentError | undefined;
  for (const gateway of options.gateways) {
    for (const cid of candidates) {
      try {
        const bytes = await fetchCar(gateway, cid, signal, options);
        return { cid, bytes, gateway };
      } catch (error) {
        if (signal.aborted) throw abortError(signal, cid, gateway);
        lastError =
          error instanceof ContentError
            ? error
            : new ContentError(
                "unreachable",
                `The gateway ${gateway} could not serve ${cid}: ${(error as Error).message}.`,
              );
        // A tampering gateway is not asked again for the other candidate.
        if (lastError.code === "tampered-block") break;
      }
    }
  }
  throw lastError!;
}

function abortError(signal: AbortSignal, cid: CID, gateway: string): ContentError {
  const reason = signal.reason instanceof Error ? signal.reason.message : "aborted";
  return new ContentError("unreachable", `Gave up fetching ${cid} from ${gateway}: ${reason}.`);
}

async function fetchCar(
  gateway: string,
  cid: CID,
  signal: AbortSignal,
  options: FetchOptions,
): Promise<Uint8Array> {
  const url = `${gateway.replace(/\/+$/, "")}/ipfs/${cid}?format=car&dag-scope=all`;
  const response = await (options.fetch ?? fetch)(url, {
    headers: { accept: "application/vnd.ipld.car" },
    signal,
  });
  if (!response.ok)
    throw new ContentError(
      response.status === 404 ? "missing-block" : "unreachable",
      `The gateway ${gateway} answered HTTP ${response.status} for ${cid}.`,
    );
  const maxBytes = options.maxBytes ?? 64 * 2 ** 20;
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > maxBytes + 65_536)
    throw new ContentError("too-large", `${cid} is larger than the ${maxBytes} bytes allowed.`);
  return reassemble(cid, body, gateway, maxBytes);
}

/** Checks every block of a CAR against its CID and exports the UnixFS file rooted at `cid`. */
export async function reassemble(
  cid: CID,
  car: Uint8Array,
  source: string,
  maxBytes = 64 * 2 ** 20,
): Promise<Uint8Array> {
  const store = new MemoryBlockstore();
  let iterator;
  try {
    iterator = await CarBlockIterator.fromBytes(car);
  } catch (error) {
    throw new ContentError(
      "tampered-block",
      `${source} did not send a valid CAR for ${cid}: ${(error as Error).message}.`,
    );
  }
  for await (const block of iterator) {
    if (block.cid.multihash.code !== sha256.code)
      throw new ContentError(
        "unsupported-cid",
        `${source} sent block ${block.cid}, not hashed with sha2-256: refused.`,
      );
    const digest = await sha256.digest(block.bytes);
    if (!Digest.equals(digest, block.cid.multihash))
      throw new ContentError(
        "tampered-block",
        `${source} sent bytes for block ${block.cid} that do not hash to it: the content was tampered with or corrupted in transit, and is refused.`,
      );
    await store.put(block.cid, block.bytes);
  }
  if (!(await store.has(cid)))
    throw new ContentError(
      "missing-block",
      `${source} sent no block for ${cid}: it is not the content asked for.`,
    );
  try {
    const entry = await exporter(cid, store);
    if (entry.type !== "file" && entry.type !== "raw")
      throw new ContentError("bad-cid", `${cid} is a ${entry.type}, not a file.`);
    if (Number(entry.size) > maxBytes)
      throw new ContentError("too-large", `${cid} is larger than the ${maxBytes} bytes allowed.`);
    const parts: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of entry.content()) {
      parts.push(chunk);
      length += chunk.length;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  } catch (error) {
    if (error instanceof ContentError) throw error;
    throw new ContentError(
      "missing-block",
      `${source} did not send every block of ${cid} (${(error as Error).message}).`,
    );
  }
}

// ── appeal metadata ────────────────────────────────────────────────────────────────────────

/** What an appeal's `metadataURI` points at: a JSON file, itself content-addressed. */
export type AppealMetadata = {
  schema: "handover.appeal/1";
  title: string;
  /** The story, in plain text with blank lines between paragraphs. */
  story: string;
  images: { uri: string; alt: string; mediaType?: string }[];
  beneficiary: { name: string; country?: string; url?: string };
  organizer: { name: string; country?: string; url?: string };
  unit: { name: string; description: string };
  /** Other documents (purchase terms are named by each order's termsHash). */
  documents?: { uri: string; title: string; mediaType?: string }[];
};

/** Parses and checks metadata JSON; throws a `ContentError` ("bad-metadata") naming the field. */
export function parseAppealMetadata(input: string | Uint8Array | unknown): AppealMetadata {
  let value: unknown = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ContentError(
        "bad-metadata",
        `The appeal's metadata is not JSON (${(error as Error).message}).`,
      );
    }
  }
  const bad = (field: string, what: string): never => {
    throw new ContentError("bad-metadata", `The appeal's metadata: "${field}" ${what}.`);
  };
  const object = (v: unknown, field: string) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : bad(field, "must be an object");
  const text = (v: unknown, field: string, optional = false) => {
    if (v === undefined && optional) return undefined;
    return typeof v === "string" && v.trim() ? v : bad(field, "must be a non-empty string");
  };
  const uri = (v: unknown, field: string) => {
    const s = text(v, field)!;
    if (!/^(ipfs:\/\/|https:\/\/)/.test(s)) bad(field, "must be an ipfs:// (or https://) URI");
    if (s.startsWith("ipfs://")) parseIpfsUri(s);
    return s;
  };
  const m = object(value, "metadata");
  if (m.schema !== "handover.appeal/1") bad("schema", 'must be "handover.appeal/1"');
  const party = (v: unknown, field: string) => {
    const p = object(v, field);
    return {
      name: text(p.name, `${field}.name`)!,
      ...(p.country !== undefined ? { country: text(p.country, `${field}.country`)! } : {}),
      ...(p.url !== undefined ? { url: text(p.url, `${field}.url`)! } : {}),
    };
  };
  if (!Array.isArray(m.images)) bad("images", "must be a list");
  const unit = object(m.unit, "unit");
  const documents = m.documents === undefined ? undefined : m.documents;
  if (documents !== undefined && !Array.isArray(documents)) bad("documents", "must be a list");
  return {
    schema: "handover.appeal/1",
    title: text(m.title, "title")!,
    story: text(m.story, "story")!,
    images: (m.images as unknown[]).map((v, i) => {
      const image = object(v, `images[${i}]`);
      return {
        uri: uri(image.uri, `images[${i}].uri`),
        alt: text(image.alt, `images[${i}].alt`)!,
        ...(image.mediaType !== undefined
          ? { mediaType: text(image.mediaType, `images[${i}].mediaType`)! }
          : {}),
      };
    }),
    beneficiary: party(m.beneficiary, "beneficiary"),
    organizer: party(m.organizer, "organizer"),
    unit: {
      name: text(unit.name, "unit.name")!,
      description: text(unit.description, "unit.description")!,
    },
    ...(documents
      ? {
          documents: (documents as unknown[]).map((v, i) => {
            const d = object(v, `documents[${i}]`);
            return {
              uri: uri(d.uri, `documents[${i}].uri`),
              title: text(d.title, `documents[${i}].title`)!,
              ...(d.mediaType !== undefined
                ? { mediaType: text(d.mediaType, `documents[${i}].mediaType`)! }
                : {}),
            };
          }),
        }
      : {}),
  };
}

/** The metadata file's bytes: stable JSON (2-space indent, trailing newline), so its CID is too. */
export function encodeAppealMetadata(metadata: AppealMetadata): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(parseAppealMetadata(metadata), null, 2) + "\n");
}

// ── the IPFS Pinning Service API (https://ipfs.github.io/pinning-services-api-spec/) ─────────

export type PinState = "queued" | "pinning" | "pinned" | "failed";

export type PinStatus = {
  requestid: string;
  status: PinState;
  created: string;
  pin: { cid: string; name?: string; origins?: string[]; meta?: Record<string, string> };
  delegates: string[];
  info?: Record<string, string>;
};

/** An error answered by a pinning service: its HTTP status and the `error.reason` it gave. */
export class PinningError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, details?: string) {
    super(`the pinning service answered ${status} ${reason}${details ? `: ${details}` : ""}`);
    this.name = "PinningError";
    this.status = status;
    this.reason = reason;
  }
}

/**
 * A client of the standard IPFS Pinning Service API (Pinata, Filebase, 4EVERLAND and others serve
 * it): ask the service to pin a CID, giving it `origins` (multiaddrs of nodes that have the
 * blocks, e.g. a trustless gateway as `/dns4/ipfs.example.org/tcp/443/https`), and wait until it
 * has. Works in Node and the browser (fetch only).
 */
export class PinningClient {
  readonly #url: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(url: string, token: string, options: { fetch?: typeof fetch } = {}) {
    if (!/^https?:\/\//.test(url))
      throw new ContentError(
        "unreachable",
        `the pinning service URL must be http(s), got "${url}"`,
      );
    this.#url = url.replace(/\/+$/, "");
    this.#token = token;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#fetch(`${this.#url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      let reason = response.statusText || "error";
      let details: string | undefined;
      try {
        const json = (await response.json()) as { error?: { reason?: string; details?: string } };
        reason = json.error?.reason ?? reason;
        details = json.error?.details;
      } catch {
        // not JSON: keep the status text
      }
      throw new PinningError(response.status, reason, details);
    }
    return (
      response.status === 202 && method === "DELETE" ? undefined : await response.json()
    ) as T;
  }

  /** Asks the service to pin `cid`. */
  add(
    cid: CID | string,
    options: { name?: string; origins?: string[]; meta?: Record<string, string> } = {},
  ): Promise<PinStatus> {
    return this.#call("POST", "/pins", { cid: `${cid}`, ...options });
  }

  status(requestid: string): Promise<PinStatus> {
    return this.#call("GET", `/pins/${encodeURIComponent(requestid)}`);
  }

  /** Pin requests for these CIDs (any status). */
  async find(cids: (CID | string)[]): Promise<PinStatus[]> {
    const query = `?cid=${cids.map((c) => encodeURIComponent(`${c}`)).join(",")}&status=queued,pinning,pinned,failed`;
    return (await this.#call<{ count: number; results: PinStatus[] }>("GET", `/pins${query}`))
      .results;
  }

  remove(requestid: string): Promise<void> {
    return this.#call("DELETE", `/pins/${encodeURIComponent(requestid)}`);
  }

  /**
   * Pins `cid` (reusing a request already made for it) and waits until the service reports it
   * pinned; throws when the service reports it failed or `timeoutMs` passes.
   */
  async pin(
    cid: CID | string,
    options: {
      name?: string;
      origins?: string[];
      meta?: Record<string, string>;
      timeoutMs?: number;
      intervalMs?: number;
    } = {},
  ): Promise<PinStatus> {
    const existing = (await this.find([cid])).find((p) => p.status !== "failed");
    let status =
      existing ??
      (await this.add(cid, { name: options.name, origins: options.origins, meta: options.meta }));
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (status.status === "queued" || status.status === "pinning") {
      if (Date.now() > deadline)
        throw new PinningError(
          408,
          "TIMEOUT",
          `${cid} still ${status.status} after ${options.timeoutMs ?? 60_000} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
      status = await this.status(status.requestid);
    }
    if (status.status === "failed")
      throw new PinningError(
        500,
        "PIN_FAILED",
        `the service could not pin ${cid}${status.info ? ` (${JSON.stringify(status.info)})` : ""}`,
      );
    return status;
  }
}

/** The multiaddr under which a trustless HTTP gateway announces itself, e.g. /ip4/127.0.0.1/tcp/8180/http. */
export function gatewayMultiaddr(url: string): string {
  const u = new URL(url);
  const https = u.protocol === "https:";
  const port = u.port || (https ? "443" : "80");
  const host = /^\d+\.\d+\.\d+\.\d+$/.test(u.hostname)
    ? `/ip4/${u.hostname}`
    : u.hostname.startsWith("[")
      ? `/ip6/${u.hostname.slice(1, -1)}`
      : `/dns/${u.hostname}`;
  return `${host}/tcp/${port}/${https ? "https" : "http"}`;
}

/** The base URL of a gateway from its multiaddr (the inverse of `gatewayMultiaddr`); undefined if not HTTP. */
export function gatewayUrlOf(multiaddr: string): string | undefined {
  const m = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/tcp\/(\d+)\/(https?)$/.exec(multiaddr);
  if (!m) return undefined;
  const host = m[1] === "ip6" ? `[${m[2]}]` : m[2];
  return `${m[4]}://${host}:${m[3]}`;
}
