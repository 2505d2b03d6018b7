/**
 * The audits published on chain for a campaign, each re-run at its own block range and compared.
 *
 *   npm run attestations -- --rpc <url> --campaign <address> [--eas <address>] [--gateway <url>]
 *                           [--no-rerun]
 *
 * For each attestation: who published it and when, its verdict, blocks and report CID; then the
 * audit run again over the same blocks (`auditCampaign` with the attested --from-block/--to-block)
 * and compared with what was attested, check by check when the report can be fetched (--gateway or
 * HANDOVER_IPFS_GATEWAYS; fetched by CID and verified).
 *
 * Exit codes: 0 every attestation agrees with its re-run (or none exist); 1 one or more disagree,
 * or its report cannot be verified; 2 bad input.
 */
import { parseArgs } from "node:util";

import { getAddress, isAddress } from "viem";

import { compareAttestation, listAuditAttestations } from "../client/attest.ts";
import { AuditInputError, auditCampaign } from "../client/audit.ts";
import { fetchVerified } from "../client/content.ts";
import { countingHttpClient } from "../client/rpc.ts";
import { AttestInputError, resolveEas } from "./lib/ipfs-attest.ts";

const USAGE = `usage: npm run attestations -- --rpc <url> --campaign <address> [--eas <address>] [--gateway <url>] [--no-rerun]`;

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

const date = (seconds: bigint) =>
  new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rpc: { type: "string" },
        campaign: { type: "string" },
        eas: { type: "string" },
        gateway: { type: "string", multiple: true },
        "no-rerun": { type: "boolean" },
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
  if (!values.rpc) fail("--rpc is required: the JSON-RPC URL of the campaign's chain");
  if (!/^https?:\/\//.test(values.rpc)) fail(`--rpc must be an http(s) URL, got "${values.rpc}"`);
  if (!values.campaign || !isAddress(values.campaign, { strict: false }))
    fail("--campaign is required: the campaign's address (0x...)");
  const campaign = getAddress(values.campaign);
  const gateways =
    values.gateway ?? (process.env.HANDOVER_IPFS_GATEWAYS ?? "").split(",").filter(Boolean);
  const { client } = countingHttpClient(values.rpc);
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    fail(
      `cannot reach the JSON-RPC endpoint at ${values.rpc} (${(error as Error).message.split("\n")[0]}). Check the URL and that the node is running.`,
    );
  }
  let eas;
  try {
    eas = await resolveEas(client, chainId, values.eas);
  } catch (error) {
    if (error instanceof AttestInputError) fail(error.message);
    throw error;
  }
  const attestations = await listAuditAttestations(client, { eas: eas.eas, campaign });
  if (attestations.length === 0) {
    console.log(
      `No audit of ${campaign} has been published through EAS ${eas.eas} on chain ${chainId}.`,
    );
    return 0;
  }
  let disagreements = 0;
  for (const a of attestations) {
    console.log(
      `${a.uid}: ${a.attester} on ${date(a.time)}, blocks ${a.fromBlock}–${a.toBlock}: ${a.checksRun} checks, ${a.checksFailed} failed (${a.verdict})${a.revokedAt ? `, REVOKED on ${date(a.revokedAt)}` : ""}; report ipfs://${a.reportCid}; tx ${a.transactionHash}`,
    );
    if (a.mismatch) {
      console.log(`  does not belong here: ${a.mismatch}`);
      disagreements++;
      continue;
    }
    if (values["no-rerun"]) continue;
    let report: { checks?: never[] } | undefined;
    if (gateways.length) {
      try {
        const got = await fetchVerified(a.reportCid, {
          gateways,
          signal: AbortSignal.timeout(20_000),
        });
        report = JSON.parse(new TextDecoder().decode(got.bytes));
      } catch (error) {
        console.log(`  report not verified: ${(error as Error).message}`);
        disagreements++;
      }
    }
    let rerun;
    try {
      rerun = await auditCampaign(client, campaign, { fromBlock: a.fromBlock, toBlock: a.toBlock });
    } catch (error) {
      if (error instanceof AuditInputError) {
        console.log(`  cannot re-run at blocks ${a.fromBlock}–${a.toBlock}: ${error.message}`);
        disagreements++;
        continue;
      }
      throw error;
    }
    const comparison = compareAttestation(a, rerun, report);
    if (comparison.agrees)
      console.log(
        `  re-run at the same blocks: ${comparison.rerun.checksRun} checks, ${comparison.rerun.checksFailed} failed: AGREES${report ? " (check by check with the report)" : ""}`,
      );
    else {
      disagreements++;
      console.log(`  re-run at the same blocks DISAGREES:`);
      for (const d of comparison.differences) console.log(`  - ${d}`);
    }
  }
  return disagreements ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
