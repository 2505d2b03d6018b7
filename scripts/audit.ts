/**
 * The auditor's CLI: reconstructs a campaign's ledger from chain data alone and checks it.
 *
 *   npm run audit -- --rpc <url> --campaign <address> [--chain-id N] [--from-block N] [--to-block N]
 *                    [--format md|csv|json] [--out <dir>] [--indexer <url>]
 *
 * With --indexer, the indexer's figures for the campaign (indexer/compare.ts) are compared field by
 * field with this replay, at the indexer's latest block; any difference fails the audit, naming the field.
 *
 * Exit codes: 0 everything reconciles; 1 discrepancies or indexer differences (each itemised); 2 bad input.
 * Works against any EVM JSON-RPC node (archive history helps; otherwise pass --from-block).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { AuditInputError, auditCampaign, type AuditResult } from "../client/audit.ts";
import { toCsv, toJson, toMarkdown } from "../client/report.ts";
import { countingHttpClient } from "../client/rpc.ts";

const USAGE = `usage: npm run audit -- --rpc <url> --campaign <address> [--chain-id N] [--from-block N] [--to-block N] [--format md|csv|json] [--out <dir>] [--indexer <url>]`;

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseBlock(name: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a block number (digits only), got "${value}"`);
  return BigInt(value);
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rpc: { type: "string" },
        campaign: { type: "string" },
        "from-block": { type: "string" },
        "to-block": { type: "string" },
        "chain-id": { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        indexer: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.rpc)
    fail(
      "--rpc is required: the JSON-RPC URL of the chain the campaign lives on (e.g. http://127.0.0.1:8545)",
    );
  if (!/^https?:\/\//.test(values.rpc)) fail(`--rpc must be an http(s) URL, got "${values.rpc}"`);
  if (!values.campaign) fail("--campaign is required: the campaign's address (0x...)");
  const formats = values.format ? [values.format] : ["md", "csv", "json"];
  for (const f of formats)
    if (!["md", "csv", "json"].includes(f)) fail(`--format must be md, csv or json, got "${f}"`);
  if (values.indexer !== undefined && !/^https?:\/\//.test(values.indexer))
    fail(
      `--indexer must be the indexer's http(s) URL (e.g. http://127.0.0.1:42069), got "${values.indexer}"`,
    );
  const fromBlock = parseBlock("from-block", values["from-block"]);
  const toBlock = parseBlock("to-block", values["to-block"]);

  const expectedChainId = values["chain-id"];
  if (expectedChainId !== undefined && !/^\d+$/.test(expectedChainId))
    fail(`--chain-id must be a number, got "${expectedChainId}"`);

  const { client, calls, requests } = countingHttpClient(values.rpc);
  if (expectedChainId !== undefined) {
    const actual = await client
      .getChainId()
      .catch((error: Error) =>
        fail(
          `cannot reach the JSON-RPC endpoint at ${values.rpc} (${error.message.split("\n")[0]}). Check the URL and that the node is running.`,
        ),
      );
    if (actual !== Number(expectedChainId)) {
      fail(
        `the RPC at ${values.rpc} serves chain ${actual}, not chain ${expectedChainId}. Point --rpc at a node of chain ${expectedChainId}.`,
      );
    }
  }
  const started = performance.now();
  const audit = (to: bigint | undefined) =>
    auditCampaign(client, values.campaign!, {
      fromBlock,
      toBlock: to,
      rpcCalls: calls,
      onProgress: (p) => {
        if (p.phase === "logs") {
          const { scannedTo, fromBlock: from, toBlock: to, logs, window } = p.progress;
          const done =
            to > from ? Number(((scannedTo - from + 1n) * 100n) / (to - from + 1n)) : 100;
          console.error(
            `  scanned to block ${scannedTo} (${done}%), ${logs} events found, window ${window} blocks`,
          );
        } else {
          console.error(`  ${p.message}`);
        }
      },
    });
  let result: AuditResult;
  let crossCheck:
    Awaited<ReturnType<typeof import("../indexer/compare.ts").crossCheckIndexer>> | undefined;
  try {
    if (values.indexer) {
      const { crossCheckIndexer, IndexerInputError } = await import("../indexer/compare.ts");
      const chainId = await client.getChainId().catch((error: Error) => {
        throw new AuditInputError(
          `cannot reach the JSON-RPC endpoint (${error.message.split("\n")[0]}). Check the --rpc URL and that the node is running.`,
        );
      });
      try {
        crossCheck = await crossCheckIndexer({
          url: values.indexer,
          chainId,
          campaign: values.campaign as `0x${string}`,
          toBlock,
          audit,
        });
      } catch (error) {
        if (error instanceof IndexerInputError) fail(error.message);
        throw error;
      }
      result = crossCheck.result;
    } else {
      result = await audit(toBlock);
    }
  } catch (error) {
    if (error instanceof AuditInputError) fail(error.message);
    console.error(`error: the audit could not finish: ${(error as Error).message}`);
    return 2;
  }
  const seconds = (performance.now() - started) / 1000;

  const outDir =
    values.out ?? path.join("reports", "audit", `${result.chainId}-${result.campaign}`);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  if (formats.includes("md")) written.push(await write(outDir, "report.md", toMarkdown(result)));
  if (formats.includes("csv")) written.push(await write(outDir, "ledger.csv", toCsv(result)));
  if (formats.includes("json")) written.push(await write(outDir, "audit.json", toJson(result)));

  const events = result.ledger.eventCount;
  console.error(
    `audited ${result.campaign} on chain ${result.chainId}: ${events} events, ${result.checks.length} checks, ${result.discrepancies.length} discrepancies, ${seconds.toFixed(1)} s, ${calls()} RPC calls in ${requests()} HTTP requests`,
  );
  for (const file of written) console.error(`  wrote ${file}`);
  for (const w of result.warnings) console.error(`warning: ${w}`);
  let failed = false;
  if (crossCheck) {
    const { differences, block, compared } = crossCheck;
    console.error(
      `compared the indexer at ${values.indexer} with this replay at block ${block}: ${compared} fields, ${differences.length} differences`,
    );
    if (differences.length > 0) {
      console.log(`INDEXER DIFFERENCES (${differences.length}):`);
      for (const d of differences)
        console.log(`- ${d.field}: replay ${d.replay}, indexer ${d.indexer}`);
      failed = true;
    }
  }
  if (result.discrepancies.length > 0) {
    console.log(`DISCREPANCIES (${result.discrepancies.length}):`);
    for (const d of result.discrepancies) {
      console.log(
        `- ${d.rule} [${d.scope}]: expected ${d.expected}, found ${d.found}${d.detail ? ` (${d.detail})` : ""}`,
      );
    }
    return 1;
  }
  if (failed) return 1;
  console.log(
    `OK: ${result.checks.length} checks hold for ${result.campaign} (status ${result.status})${crossCheck ? `, and the indexer agrees on all ${crossCheck.compared} fields` : ""}.`,
  );
  return 0;
}

async function write(dir: string, name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

process.exitCode = await main(process.argv.slice(2));
