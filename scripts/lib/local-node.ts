/** The embedded local chain (`hardhat node` on 127.0.0.1:8545) that scripts start and stop. */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

/** The port of the local chain; HANDOVER_LOCAL_PORT moves it (tests use another port than a developer's). */
export const LOCAL_PORT = Number(process.env.HANDOVER_LOCAL_PORT ?? 8545);
export const LOCAL_RPC_URL = `http://127.0.0.1:${LOCAL_PORT}`;
export const NODE_PID_FILE = path.join("reports", "scenario", `node-${LOCAL_PORT}.pid`);
export const NODE_LOG_FILE = path.join("reports", "scenario", `node-${LOCAL_PORT}.log`);

/** Whether a JSON-RPC node answers `eth_chainId` at `url`. */
export async function isNodeUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

export async function waitForNode(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isNodeUp(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `the local chain did not answer at ${url} within ${timeoutMs / 1000} s (see ${NODE_LOG_FILE})`,
  );
}

/** Stops the node a script started (by its pid file). Returns whether one was running. */
export async function stopNode(): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await readFile(NODE_PID_FILE, "utf8")).trim());
  } catch {
    return false;
  }
  try {
    process.kill(-pid, "SIGTERM"); // the whole process group: npx and the node itself
  } catch {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await rm(NODE_PID_FILE, { force: true });
  return true;
}
