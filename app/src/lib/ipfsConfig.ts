/**
 * Where content-addressed files come from and go to, all set at build time (nothing is hard-coded):
 *
 * - `VITE_IPFS_GATEWAYS`: comma-separated trustless gateways (`/ipfs/<cid>?format=car`), tried in
 *   order. Every file fetched through them is checked block by block against its CID
 *   (client/content.ts `fetchVerified`), so a gateway need not be trusted. On the local chain the
 *   gateways `local-deployment.json` names (the embedded IPFS node's) come first.
 * - `VITE_PINNING_URL`: an IPFS Pinning Service API endpoint (https://ipfs.github.io/
 *   pinning-services-api-spec/). When set, the launch form asks it to pin the appeal's files. The
 *   access token is typed by the organizer in the form and kept for the tab only: a static bundle
 *   must not carry a secret.
 * - `VITE_IPFS_ORIGINS`: comma-separated multiaddrs of nodes the pinning service fetches the files
 *   from (the organizer's node or gateway, e.g. `/dns4/ipfs.example.org/tcp/443/https`). Without
 *   it, the configured gateways are given as origins.
 */
type Env = Record<string, string | boolean | undefined>;

const env = (import.meta.env ?? {}) as unknown as Env;

/** http(s) URLs from a list or a comma-separated string, without trailing slashes, deduplicated. */
export function parseGateways(value: unknown): string[] {
  const items =
    typeof value === "string" ? value.split(",") : Array.isArray(value) ? value.map(String) : [];
  return [
    ...new Set(
      items.map((s) => s.trim().replace(/\/+$/, "")).filter((s) => /^https?:\/\/[^\s/]+/i.test(s)),
    ),
  ];
}

export function gatewaysFromEnv(from: Env = env): string[] {
  return parseGateways(from.VITE_IPFS_GATEWAYS);
}

export type PinningConfig = { url: string; origins: string[] };

/** The pinning service the launch form may use, or undefined when none is configured. */
export function pinningFromEnv(from: Env = env): PinningConfig | undefined {
  const url = typeof from.VITE_PINNING_URL === "string" ? from.VITE_PINNING_URL.trim() : "";
  if (!/^https?:\/\//i.test(url)) return undefined;
  const origins =
    typeof from.VITE_IPFS_ORIGINS === "string"
      ? from.VITE_IPFS_ORIGINS.split(",")
          .map((s) => s.trim())
          .filter((s) => s.startsWith("/"))
      : [];
  return { url: url.replace(/\/+$/, ""), origins };
}
