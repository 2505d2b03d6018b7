/**
 * `npm run scenario [-- --network <name>]`: plays the Bithelp appeal (scripts/scenario.ts).
 *
 * Without --network it uses the embedded local chain at http://127.0.0.1:8545: if nothing answers
 * there it starts `hardhat node` in the background (log and pid under reports/scenario/), and
 * leaves it running so that the auditor's CLI can be pointed at what the scenario built.
 * `npm run chain:stop` stops it.
 */
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import {
  isNodeUp,
  waitForNode,
  LOCAL_PORT,
  LOCAL_RPC_URL,
  NODE_PID_FILE,
  NODE_LOG_FILE,
} from "./lib/local-node.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { network: { type: "string" } },
  strict: true,
});

const hardhat = path.join("node_modules", ".bin", "hardhat");
let networkName = values.network;
if (!networkName || networkName === "localhost") {
  networkName = "localhost";
  if (!(await isNodeUp(LOCAL_RPC_URL))) {
    await mkdir(path.dirname(NODE_PID_FILE), { recursive: true });
    console.log(`starting the embedded local chain at ${LOCAL_RPC_URL} (log: ${NODE_LOG_FILE})`);
    // Journals of earlier local chains are keyed by their genesis block (scenario-31337-<hash>) and
    // removed by the scenario itself; chain-31337 is what versions before that wrote.
    await rm(path.join("ignition", "deployments", "chain-31337"), { recursive: true, force: true });
    const log = openSync(NODE_LOG_FILE, "w");
    const child = spawn(
      hardhat,
      ["node", "--hostname", "127.0.0.1", "--port", String(LOCAL_PORT)],
      {
        detached: true,
        stdio: ["ignore", log, log],
      },
    );
    child.unref();
    await writeFile(NODE_PID_FILE, `${child.pid}\n`);
    await waitForNode(LOCAL_RPC_URL, 60_000);
    console.log(
      `local chain started (pid ${child.pid}); it keeps running after the scenario: stop it with npm run chain:stop`,
    );
  } else {
    console.log(`using the local chain already running at ${LOCAL_RPC_URL}`);
  }
}

const run = spawn(hardhat, ["run", "scripts/scenario.ts", "--network", networkName], {
  stdio: "inherit",
});
const code: number = await new Promise((resolve) => run.on("exit", (c) => resolve(c ?? 1)));
process.exitCode = code;
