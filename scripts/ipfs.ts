/**
 * `npm run ipfs`: the embedded IPFS node on its own (Helia, blocks on disk, a trustless gateway on
 * 127.0.0.1), pre-loaded with the seeded appeals' content; and the content-addressing tools.
 *
 *   npm run ipfs [-- --port 8180] [--dir .handover/ipfs]   run the node until Ctrl-C
 *   npm run ipfs -- cid <file>...                           each file's CID and on-chain bytes32
 *   npm run ipfs -- verify <file> <cid|ipfs://…|0x…bytes32>  exit 0 if the file is that content
 *   npm run ipfs -- fetch <cid|ipfs://…|0x…> --gateway <url> [--out file]  fetch and verify
 *   npm run ipfs -- pin <file>...                           add to the node and ask the pinning
 *                                                           service (HANDOVER_PINNING_URL, _TOKEN)
 *
 * Exit codes: 0 done; 1 content refused (wrong or tampered); 2 bad input.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import {
  ContentError,
  computeCid,
  digestOf,
  fetchVerified,
  verifyContent,
} from "../client/content.ts";
import { pinningFromEnv } from "./lib/ipfs-pinning.ts";
import { DEFAULT_IPFS_DIR, DEFAULT_IPFS_PORT, startLocalIpfs } from "./lib/ipfs-node.ts";

const USAGE = `usage: npm run ipfs [-- --port N] [--dir DIR]
       npm run ipfs -- cid <file>...
       npm run ipfs -- verify <file> <cid|ipfs://…|0x…bytes32>
       npm run ipfs -- fetch <cid|ipfs://…|0x…bytes32> --gateway <url> [--out <file>]
       npm run ipfs -- pin <file>...   (HANDOVER_PINNING_URL and HANDOVER_PINNING_TOKEN set)`;

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    fail(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        dir: { type: "string" },
        gateway: { type: "string", multiple: true },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command = "serve", ...rest] = positionals;
  try {
    switch (command) {
      case "serve": {
        const portText = values.port ?? process.env.HANDOVER_IPFS_PORT ?? String(DEFAULT_IPFS_PORT);
        if (!/^\d+$/.test(portText) || Number(portText) > 65_535)
          fail(`--port must be a TCP port number, got "${portText}"`);
        const ipfs = await startLocalIpfs({
          dir: values.dir ?? process.env.HANDOVER_IPFS_DIR ?? DEFAULT_IPFS_DIR,
          port: Number(portText),
        });
        for (const p of ipfs.preloaded) console.log(`  ${p.cid}  ${p.path} (${p.size} bytes)`);
        console.log(
          `IPFS node ready in ${ipfs.startedInMs.toFixed(0)} ms: gateway ${ipfs.url}/ipfs/<cid>?format=raw|car, blocks in ${ipfs.dir}; ${ipfs.preloaded.length} files pre-loaded. Ctrl-C stops it.`,
        );
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await ipfs.stop();
        return 0;
      }
      case "cid": {
        if (rest.length === 0) fail("cid needs at least one file");
        for (const file of rest) {
          const cid = await computeCid(await readInput(file));
          console.log(`${cid}  ${digestOf(cid)}  ${file}`);
        }
        return 0;
      }
      case "verify": {
        if (rest.length !== 2)
          fail("verify needs a file and the CID, ipfs:// URI or bytes32 it should be");
        const cid = await verifyContent(await readInput(rest[0]), rest[1] as `0x${string}`);
        console.log(`OK: ${rest[0]} is ${cid} (bytes32 ${digestOf(cid)})`);
        return 0;
      }
      case "fetch": {
        if (rest.length !== 1) fail("fetch needs one CID, ipfs:// URI or bytes32");
        const gateways =
          values.gateway ?? (process.env.HANDOVER_IPFS_GATEWAYS ?? "").split(",").filter(Boolean);
        if (gateways.length === 0) fail("fetch needs --gateway <url> (or HANDOVER_IPFS_GATEWAYS)");
        const got = await fetchVerified(rest[0] as `0x${string}`, {
          gateways,
          signal: AbortSignal.timeout(30_000),
        });
        if (values.out) await writeFile(values.out, got.bytes);
        else process.stdout.write(got.bytes);
        console.error(
          `OK: ${got.cid} (${got.bytes.length} bytes) from ${got.gateway}, every block verified`,
        );
        return 0;
      }
      case "pin": {
        if (rest.length === 0) fail("pin needs at least one file");
        const pinning = pinningFromEnv();
        if (!pinning)
          fail(
            "set HANDOVER_PINNING_URL (a Pinning Service API endpoint) and HANDOVER_PINNING_TOKEN to pin",
          );
        for (const file of rest) {
          const cid = await computeCid(await readInput(file));
          const status = await pinning.pin(cid, { name: file });
          console.log(`${cid}  ${status.status}  ${file} (request ${status.requestid})`);
        }
        return 0;
      }
      default:
        fail(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`REFUSED: ${error.message}`);
      return error.code === "bad-cid" || error.code === "bad-digest" ? 2 : 1;
    }
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
