/**
 * A viem public client over JSON-RPC HTTP that batches calls and counts what it sends, so that
 * the auditor can report how many RPC calls an audit took.
 */
import { createPublicClient, custom, http, type PublicClient } from "viem";

export type CountingClient = {
  client: PublicClient;
  /** JSON-RPC calls made (a batch of n calls counts n). */
  calls: () => number;
  /** HTTP requests sent (a batch counts once). */
  requests: () => number;
};

export function countingHttpClient(
  url: string,
  options: { timeoutMs?: number; batchSize?: number } = {},
): CountingClient {
  let calls = 0;
  let requests = 0;
  const inner = http(url, {
    batch: { batchSize: options.batchSize ?? 200, wait: 0 },
    timeout: options.timeoutMs ?? 30_000,
    retryCount: 2,
    onFetchRequest: () => {
      requests++;
    },
  })({ retryCount: 2 });
  const client = createPublicClient({
    transport: custom({
      request: async (args) => {
        calls++;
        return inner.request(args);
      },
    }),
  }) as PublicClient;
  return { client, calls: () => calls, requests: () => requests };
}
