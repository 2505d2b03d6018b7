/**
 * A donor's impact receipt from chain data alone (client/receipt.ts), and the appeal's summary.
 *
 *   npm run receipt -- --rpc <url> --campaign <address> --donor <address> [--format md|json]
 *                      [--from-block N] [--to-block N] [--chain-id N] [--gateway <url>] [--out <file>]
 *   npm run receipt -- --rpc <url> --campaign <address> [--format md|json]   (the summary alone)
 *
 * Suppliers and verifiers are named from the registry; the organizer and the beneficiary from the
 * appeal's metadata when a gateway is given (--gateway, or HANDOVER_IPFS_GATEWAYS, comma-separated):
 * the metadata is fetched by its CID and verified block by block.
 *
 * Exit codes, as the auditor's: 0 the receipt; 1 the campaign's event history has inconsistencies
 * (the receipt is printed, with a warning: run `npm run audit` on the campaign); 2 bad input.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { getAddress, isAddress } from "viem";

import { AuditInputError } from "../client/audit.ts";
import { fetchVerified, parseAppealMetadata, type AppealMetadata } from "../client/content.ts";
import { resolveNames } from "../client/names.ts";
import {
  appealSummary,
  impactReceipt,
  loadCampaignHistory,
  partiesOf,
  receiptToJson,
  receiptToMarkdown,
  summaryToMarkdown,
} from "../client/receipt.ts";
import { countingHttpClient } from "../client/rpc.ts";

const USAGE = `usage: npm run receipt -- --rpc <url> --campaign <address> [--donor <address>] [--format md|json] [--from-block N] [--to-block N] [--chain-id N] [--gateway <url>] [--out <file>]`;

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
        donor: { type: "string" },
        format: { type: "string" },
        "from-block": { type: "string" },
        "to-block": { type: "string" },
        "chain-id": { type: "string" },
        gateway: { type: "string", multiple: true },
        out: { type: "string" },
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
  if (values.donor !== undefined && !isAddress(values.donor, { strict: false }))
    fail(
      `--donor must be the donor's address (0x followed by 40 hex digits), got "${values.donor}"`,
    );
  const format = values.format ?? "md";
  if (!["md", "json"].includes(format)) fail(`--format must be md or json, got "${format}"`);
  const fromBlock = parseBlock("from-block", values["from-block"]);
  const toBlock = parseBlock("to-block", values["to-block"]);
  const expectedChainId = values["chain-id"];
  if (expectedChainId !== undefined && !/^\d+$/.test(expectedChainId))
    fail(`--chain-id must be a number, got "${expectedChainId}"`);
  const gateways =
    values.gateway ?? (process.env.HANDOVER_IPFS_GATEWAYS ?? "").split(",").filter(Boolean);

  const { client } = countingHttpClient(values.rpc);
  if (expectedChainId !== undefined) {
    const actual = await client
      .getChainId()
      .catch((error: Error) =>
        fail(
          `cannot reach the JSON-RPC endpoint at ${values.rpc} (${error.message.split("\n")[0]}). Check the URL and that the node is running.`,
        ),
      );
    if (actual !== Number(expectedChainId))
      fail(
        `the RPC at ${values.rpc} serves chain ${actual}, not chain ${expectedChainId}. Point --rpc at a node of chain ${expectedChainId}.`,
      );
  }

  let history;
  try {
    history = await loadCampaignHistory(client, values.campaign, {
      fromBlock,
      toBlock,
      donors: values.donor ? [values.donor] : [],
    });
  } catch (error) {
    if (error instanceof AuditInputError) fail(error.message);
    console.error(`error: the receipt could not be derived: ${(error as Error).message}`);
    return 2;
  }
  if (values.donor && !history.ledger.donors[values.donor.toLowerCase() as never])
    fail(
      `${getAddress(values.donor)} never pledged to ${getAddress(history.campaign)} (blocks ${history.fromBlock}–${history.toBlock}): pass the address the pledges were made from`,
    );

  let metadata: AppealMetadata | undefined;
  let metadataNote: string | undefined;
  if (gateways.length && history.params.metadataURI.startsWith("ipfs://")) {
    try {
      const got = await fetchVerified(history.params.metadataURI, {
        gateways,
        signal: AbortSignal.timeout(15_000),
      });
      metadata = parseAppealMetadata(got.bytes);
    } catch (error) {
      metadataNote = `the appeal's metadata (${history.params.metadataURI}) was not used: ${(error as Error).message}`;
    }
  }
  const names = await resolveNames(client, {
    registry: history.registry,
    addresses: partiesOf(history),
    organizer: history.organizer,
    beneficiary: history.params.beneficiary,
    metadata,
    blockNumber: history.toBlock,
  });

  const summary = appealSummary(history);
  let output: string;
  if (values.donor) {
    const receipt = impactReceipt(history, values.donor);
    if (metadataNote) receipt.notes.push(metadataNote);
    output =
      format === "json"
        ? receiptToJson({ receipt, summary, names, title: metadata?.title })
        : receiptToMarkdown(receipt, history, names, metadata?.title) +
          (summary.final ? `\n${summaryToMarkdown(summary, history, names)}` : "");
  } else {
    output =
      format === "json"
        ? receiptToJson({ summary, names, title: metadata?.title })
        : `# ${metadata?.title ?? `Appeal ${history.campaign}`}\n\n${summaryToMarkdown(summary, history, names)}`;
  }
  if (values.out) {
    await writeFile(values.out, output);
    console.error(`wrote ${values.out}`);
  } else process.stdout.write(output);
  if (metadataNote) console.error(`warning: ${metadataNote}`);
  if (history.ledger.issues.length) {
    console.error(
      `INCONSISTENT HISTORY (${history.ledger.issues.length}): this receipt may be wrong; run npm run audit -- --rpc ${values.rpc} --campaign ${history.campaign}`,
    );
    for (const issue of history.ledger.issues)
      console.error(
        `- block ${issue.blockNumber}: ${issue.what}: expected ${issue.expected}, found ${issue.found}`,
      );
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
