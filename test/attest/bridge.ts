/**
 * JSON-RPC over HTTP on 127.0.0.1 in front of a test's in-process Hardhat chain, so that the CLIs
 * (separate processes that take --rpc <url>) run against the same chain the test builds. Single
 * and batched requests; errors answered as JSON-RPC errors. No tests here.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Provider = { request(args: { method: string; params?: unknown }): Promise<unknown> };

export async function rpcBridge(
  provider: Provider,
): Promise<{ url: string; close(): Promise<void> }> {
  const answer = async (call: { id?: unknown; method: string; params?: unknown }) => {
    try {
      return {
        jsonrpc: "2.0",
        id: call.id,
        result: await provider.request({ method: call.method, params: call.params }),
      };
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: call.id,
        error: { code: e.code ?? -32603, message: e.message ?? String(error), data: e.data },
      };
    }
  };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const result = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify(result, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
