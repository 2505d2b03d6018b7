/**
 * Content-addressed files, fetched through the configured gateways and verified against their CID
 * (`lib/content.ts`), cached for the session: a CID's content never changes.
 */
import { useQuery } from "@tanstack/react-query";

import type { AppealMetadata } from "../../../client/content.ts";
import { contentLib, fetchContent, isHttpUri, isIpfsUri, type ContentRef } from "../lib/content.ts";
import { useDeployment } from "./useDeployment.tsx";

export { isHttpUri, isIpfsUri };

/** The configured gateways of the chain the app is on. */
export function useGateways(): string[] {
  return useDeployment().deployment?.ipfsGateways ?? [];
}

/** A file named by an `ipfs://` URI, a CID or an on-chain digest, fetched and verified. */
export function useContent(ref: ContentRef | undefined, options: { enabled?: boolean } = {}) {
  const gateways = useGateways();
  return useQuery({
    queryKey: ["content", ref, gateways.join(",")],
    enabled: !!ref && gateways.length > 0 && options.enabled !== false,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
    queryFn: ({ signal }) => fetchContent(ref!, gateways, signal),
  });
}

/** What the appeal page shows of an appeal's metadata. */
export type MetadataView = Partial<Omit<AppealMetadata, "schema">> & {
  /** Whether it was fetched by its CID and verified (an https:// URI cannot be). */
  verified: boolean;
  cid?: string;
};

/**
 * An appeal's metadata (title, story, images, beneficiary, organizer, unit, documents): by its
 * CID, verified, then checked by the client's `parseAppealMetadata`. An https:// URI (appeals made
 * before content addressing) is still read, but marked unverified.
 */
export function useMetadata(uri: string | undefined) {
  const gateways = useGateways();
  return useQuery({
    queryKey: ["metadata", uri, gateways.join(",")],
    enabled: !!uri && (isIpfsUri(uri) ? gateways.length > 0 : isHttpUri(uri)),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
    queryFn: async ({ signal }): Promise<MetadataView> => {
      if (isIpfsUri(uri!)) {
        const got = await fetchContent(uri!, gateways, signal);
        const { parseAppealMetadata } = await contentLib();
        const { schema: _schema, ...metadata } = parseAppealMetadata(got.bytes);
        return { ...metadata, verified: true, cid: got.cid };
      }
      const response = await fetch(uri!, { headers: { accept: "application/json" }, signal });
      if (!response.ok) throw new Error(`metadata: HTTP ${response.status}`);
      const json = (await response.json()) as Record<string, unknown>;
      const text = (v: unknown) => (typeof v === "string" ? v : undefined);
      return {
        title: text(json.title) ?? text(json.name),
        story: text(json.story) ?? text(json.description),
        verified: false,
      };
    },
  });
}
