/**
 * Content-addressed files in the dApp: appeals' stories and images, purchase terms, delivery
 * evidence and audit reports are fetched through the configured gateways and checked against
 * their CID by the shared client (`fetchVerified`); a file that does not match is refused, never
 * shown. The client's IPFS libraries (UnixFS, CAR, multiformats) load as a chunk of their own,
 * the first time a page needs them.
 */
import type { Hex } from "viem";

import { msg, type Message } from "./message.ts";

/** The client's content addressing, loaded on first use. */
export const contentLib = () => import("../../../client/content.ts");

/** Every fetch gives up after this long (a gateway that never answers is only left through it). */
export const FETCH_TIMEOUT_MS = 20_000;

/** What names a file: an `ipfs://` URI, a bare CID, or the bytes32 digest recorded on chain. */
export type ContentRef = string;

export const isIpfsUri = (uri: string) => /^ipfs:\/\//i.test(uri.trim());
export const isHttpUri = (uri: string) => /^https?:\/\//i.test(uri.trim());
export const isDigest = (value: string): value is Hex => /^0x[0-9a-fA-F]{64}$/.test(value);
/** A bare CID (v1 base32 or v0 base58), as a person might paste one. */
export const looksLikeCid = (value: string) =>
  /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/.test(value.trim());

export type Fetched = { cid: string; bytes: Uint8Array; gateway: string };

/** A signal that aborts with `outer` or after `ms`, whichever comes first. */
export function timeoutSignal(ms: number, outer?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  if (!outer) return timeout;
  if (typeof AbortSignal.any === "function") return AbortSignal.any([outer, timeout]);
  const controller = new AbortController();
  const abort = (s: AbortSignal) => () => controller.abort(s.reason);
  outer.addEventListener("abort", abort(outer), { once: true });
  timeout.addEventListener("abort", abort(timeout), { once: true });
  return controller.signal;
}

/**
 * Fetches `ref` through `gateways` and verifies it (every block against its CID). Always under a
 * timeout: `signal` (a query's) and `FETCH_TIMEOUT_MS`.
 */
export async function fetchContent(
  ref: ContentRef,
  gateways: string[],
  signal?: AbortSignal,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<Fetched> {
  const { fetchVerified } = await contentLib();
  const got = await fetchVerified(ref.trim() as Hex, {
    gateways,
    signal: timeoutSignal(timeoutMs, signal),
  });
  return { cid: got.cid.toString(), bytes: got.bytes, gateway: got.gateway };
}

/** The client's reason for refusing a file (`ContentError.code`), when `error` is one. */
export function contentErrorCode(error: unknown): string | undefined {
  return error instanceof Error && error.name === "ContentError"
    ? (error as Error & { code: string }).code
    : undefined;
}

/** A file the gateways sent that is not the one named: tampered with or another file. */
export const isRefusal = (error: unknown) =>
  ["tampered-block", "cid-mismatch", "digest-mismatch", "unsupported-cid"].includes(
    contentErrorCode(error) ?? "",
  );

/** Why a file is not shown, in words a donor understands (the catalogs). */
export function contentProblem(error: unknown): Message {
  const code = contentErrorCode(error);
  if (isRefusal(error)) return msg("content.refused");
  if (code === "bad-metadata") return msg("content.badMetadata");
  if (code === "bad-cid" || code === "bad-digest") return msg("content.badReference");
  if (code === "too-large") return msg("content.tooLarge");
  return msg("content.unreachable");
}

/** The media type a file's bytes announce (for a blob URL), from its first bytes. */
export function sniffType(bytes: Uint8Array, declared?: string): string {
  if (declared) return declared;
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)
    return "application/pdf";
  const head = new TextDecoder().decode(bytes.slice(0, 256)).trimStart();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg")))
    return "image/svg+xml";
  if (head.startsWith("{") || head.startsWith("[")) return "application/json";
  return "text/plain;charset=utf-8";
}

/**
 * A type safe to open in a tab of the dApp's origin: images and PDFs as they are, anything else
 * as plain text (an HTML or SVG file opened as a page could run script).
 */
export function safeOpenType(type: string): string {
  if (/^image\/(png|jpeg|gif|webp)$/.test(type) || type === "application/pdf") return type;
  return "text/plain;charset=utf-8";
}
