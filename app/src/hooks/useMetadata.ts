import { useQuery } from "@tanstack/react-query";

export type AppealMetadata = { title?: string; description?: string; image?: string };

export const isHttpUri = (uri: string) => /^https?:\/\//i.test(uri);

/** Fetches an appeal's JSON metadata, but only for http(s) URIs; other URIs are shown as they are. */
export function useMetadata(uri: string | undefined) {
  return useQuery({
    queryKey: ["metadata", uri],
    enabled: !!uri && isHttpUri(uri),
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<AppealMetadata> => {
      const response = await fetch(uri!, { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`metadata: HTTP ${response.status}`);
      const json = (await response.json()) as Record<string, unknown>;
      const text = (v: unknown) => (typeof v === "string" ? v : undefined);
      return {
        title: text(json.title) ?? text(json.name),
        description: text(json.description) ?? text(json.story),
        image: text(json.image),
      };
    },
  });
}
