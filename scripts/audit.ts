/**
 * The auditor's CLI: reconstructs a campaign's ledger from chain data alone and checks it.
 *
 *   npm run audit -- --rpc <url> --campaign <address> [--chain-id N] [--from-block N] [--to-block N]
 *                    [--confirmations N] [--timeout S] [--format md|csv|json] [--out <dir>]
 *                    [--attest [--eas <address>]] [--indexer <url>]
 *
 * --attest publishes the verdict on chain through EAS with the JSON report's IPFS CID (see
 * scripts/lib/ipfs-attest.ts: where the report is stored, which EAS, who signs).
 * With --indexer, the indexer's figures for the campaign (indexer/compare.ts) are compared field by
 * field with this replay, at the indexer's latest block; any difference fails the audit, naming the field.
 *
 * Exit codes: 0 everything reconciles; 1 discrepancies or indexer differences (each itemised); 2 bad
 * input, or a provider that could not give the audit what it needs (rate-limited, unreachable,
 * lagging, reorganised...): then no verdict, and the reason.
 * Works against any EVM JSON-RPC node (archive history helps; otherwise pass --from-block).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import {
  AuditInputError,
  AuditUnavailableError,
  auditCampaign,
  type AuditResult,
} from "../client/audit.ts";
import { resolveNames } from "../client/names.ts";
import { toCsv, toJson, toMarkdown } from "../client/report.ts";
import { robustClient } from "../client/rpc.ts";
import { AttestInputError, publishAudit } from "./lib/ipfs-attest.ts";

const USAGE = `usage: npm run audit -- --rpc <url> --campaign <address> [--chain-id N] [--from-block N] [--to-block N] [--confirmations N] [--timeout seconds] [--patience seconds] [--max-retry-after seconds] [--format md|csv|json] [--out <dir>] [--attest [--eas <address>]] [--indexer <url>]`;

/** The whole audit's time budget unless --timeout says otherwise. */
const DEFAULT_TIMEOUT_S = 900;

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
        confirmations: { type: "string" },
        timeout: { type: "string" },
        patience: { type: "string" },
        "max-retry-after": { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        attest: { type: "boolean" },
        eas: { type: "string" },
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
  if (values.confirmations !== undefined && !/^\d+$/.test(values.confirmations))
    fail(`--confirmations must be a whole number of blocks, got "${values.confirmations}"`);
  const confirmations =
    values.confirmations === undefined ? undefined : Number(values.confirmations);
  if (values.timeout !== undefined && !/^\d+$/.test(values.timeout))
    fail(`--timeout must be a number of seconds, got "${values.timeout}"`);
  const timeoutS = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  const seconds = (name: "patience" | "max-retry-after", fallback: number) => {
    const value = values[name];
    if (value === undefined) return fallback;
    if (!/^\d+(\.\d+)?$/.test(value)) fail(`--${name} must be a number of seconds, got "${value}"`);
    return Number(value);
  };
  const patienceS = seconds("patience", 60);
  const maxRetryAfterS = seconds("max-retry-after", 10);

  // Patient with a provider that recovers (a 30-second outage, rate limits), within a time budget.
  const { client, calls, requests, stats } = robustClient(values.rpc, {
    budgetMs: timeoutS * 1000,
    patienceMs: patienceS * 1000,
    maxRetryAfterMs: maxRetryAfterS * 1000,
    onEvent: (event) => {
      if (event.type === "retry")
        console.error(
          `  the provider: ${event.kind} (${event.detail}); trying again in ${(event.waitMs / 1000).toFixed(1)} s`,
        );
      else
        console.error(
          `  the provider refused a batch (${event.detail}): sending ${event.size} calls per batch from now on`,
        );
    },
  });
  if (expectedChainId !== undefined) {
    const actual = await client
      .getChainId()
      .catch((error: Error & { shortMessage?: string }) =>
        fail(
          `cannot reach the JSON-RPC endpoint at ${new URL(values.rpc!).origin} (${(error.shortMessage ?? error.message).split("\n")[0]}). Check the --rpc URL and that the node is running.`,
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
      confirmations,
      rpcUrl: values.rpc,
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
    const s = stats();
    const faults = Object.entries(s.faults)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ");
    if (error instanceof AuditUnavailableError) {
      console.error(
        `error: the audit could not finish, so there is no verdict (${error.reason}): ${error.message}`,
      );
    } else {
      const e = error as Error & { shortMessage?: string };
      console.error(
        `error: the audit could not finish, so there is no verdict: ${(e.shortMessage ?? e.message).split("\n")[0]}`,
      );
    }
    console.error(
      `  after ${((performance.now() - started) / 1000).toFixed(1)} s, ${s.calls} RPC calls in ${s.requests} HTTP requests${faults ? `; faults met: ${faults}` : ""}`,
    );
    return 2;
  }
  const elapsed = (performance.now() - started) / 1000;

  // Suppliers and verifiers by their registry names (organizer and beneficiary stay addresses here:
  // their names are in the appeal's IPFS metadata, which the auditor does not fetch).
  const names = await resolveNames(client, {
    registry: result.registry,
    addresses: [
      ...result.params.verifiers,
      ...result.ledger.orders.map((o) => o.supplier),
      result.params.beneficiary,
    ],
    blockNumber: result.toBlock,
  });
  const outDir =
    values.out ?? path.join("reports", "audit", `${result.chainId}-${result.campaign}`);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  if (formats.includes("md"))
    written.push(await write(outDir, "report.md", toMarkdown(result, names)));
  if (formats.includes("csv"))
    written.push(await write(outDir, "ledger.csv", toCsv(result, names)));
  if (formats.includes("json")) written.push(await write(outDir, "audit.json", toJson(result)));

  const events = result.ledger.eventCount;
  console.error(
    `audited ${result.campaign} on chain ${result.chainId} at block ${result.toBlock} (${result.confirmations} confirmations behind the head, ${result.head}): ${events} events, ${result.checks.length} checks, ${result.discrepancies.length} discrepancies, ${elapsed.toFixed(1)} s, ${calls()} RPC calls in ${requests()} HTTP requests`,
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
  if (values.attest) {
    try {
      const published = await publishAudit(result, toJson(result), {
        client,
        rpcUrl: values.rpc,
        eas: values.eas,
        log: (line) => console.error(`  ${line}`),
      });
      console.error(
        `attested on chain ${result.chainId} through EAS ${published.eas} (${published.easSource}) by ${published.attester}: uid ${published.uid}, tx ${published.hash}, report ${published.reportUri}`,
      );
    } catch (error) {
      if (error instanceof AttestInputError) fail(error.message);
      console.error(`error: the attestation could not be published: ${(error as Error).message}`);
      return 2;
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
