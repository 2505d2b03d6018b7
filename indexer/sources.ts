/**
 * What the indexer follows: one entry per chain (a registry, a factory, optionally EAS, the first block
 * worth reading and an RPC URL). Ponder's config (ponder.config.ts) reads the list from the environment,
 * where the runner (run.ts) puts it after resolving the deployment records the dApp and the scripts use:
 *
 * - a deployment record in the dApp's format (`app/public/local-deployment.json`, written by the seed):
 *   `{ chainId, contracts: { registry, factory, eas? }, startBlock? }`;
 * - an Ignition deployment directory (`ignition/deployments/<id>/`): `deployed_addresses.json` names
 *   `HandoverCore#Registry` and `HandoverCore#CampaignFactory`, `journal.jsonl` the chain id and the
 *   block of the deployment's first transaction.
 *
 * Pure functions over text, so that the tests feed them malformed records.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { getAddress, isAddress, type Address } from "viem";

export type ChainSource = {
  chainId: number;
  /** JSON-RPC URL (http or https). */
  rpc: string;
  registry: Address;
  factory: Address;
  /** The EAS contract whose audit attestations are indexed (optional). */
  eas?: Address;
  /** First block to read: the deployment's first block (never 0 on a public chain). */
  startBlock: number;
};

/** Bad configuration, with what to fix. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceError";
  }
}

/** The environment variable through which the runner hands the sources to ponder.config.ts. */
export const SOURCES_VARIABLE = "HANDOVER_INDEXER_SOURCES";

function address(value: unknown, what: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false }))
    throw new SourceError(`${what} is not an address (got ${JSON.stringify(value)})`);
  return getAddress(value);
}

function blockNumber(value: unknown, what: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
    throw new SourceError(`${what} must be a block number, got ${JSON.stringify(value)}`);
  return n;
}

function rpcUrl(value: unknown, what: string): string {
  if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value))
    throw new SourceError(`${what} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value;
}

/** A deployment record in the dApp's `local-deployment.json` format. */
export function sourceFromRecord(
  text: string,
  rpc: string,
  where = "the deployment record",
): ChainSource {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${where} is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null) throw new SourceError(`${where} is not an object`);
  const record = json as {
    chainId?: unknown;
    contracts?: Record<string, unknown>;
    startBlock?: unknown;
  };
  if (typeof record.chainId !== "number" || !Number.isSafeInteger(record.chainId))
    throw new SourceError(`${where}: chainId must be an integer`);
  if (typeof record.contracts !== "object" || record.contracts === null)
    throw new SourceError(`${where}: contracts is missing`);
  const contracts = record.contracts;
  return {
    chainId: record.chainId,
    rpc: rpcUrl(rpc, `the RPC URL for chain ${record.chainId}`),
    registry: address(contracts.registry, `${where}: contracts.registry`),
    factory: address(contracts.factory, `${where}: contracts.factory`),
    eas:
      contracts.eas === undefined ? undefined : address(contracts.eas, `${where}: contracts.eas`),
    startBlock:
      record.startBlock === undefined ? 0 : blockNumber(record.startBlock, `${where}: startBlock`),
  };
}

/**
 * An Ignition deployment: `deployed_addresses.json` and `journal.jsonl` of `ignition/deployments/<id>/`.
 * The start block is the lowest block of any receipt in the journal (the deployment's first transaction).
 */
export function sourceFromIgnition(
  addressesText: string,
  journalText: string,
  rpc: string,
  options: { eas?: string; where?: string } = {},
): ChainSource {
  const where = options.where ?? "the Ignition deployment";
  let addresses: Record<string, unknown>;
  try {
    addresses = JSON.parse(addressesText);
  } catch (error) {
    throw new SourceError(
      `${where}: deployed_addresses.json is not JSON (${(error as Error).message})`,
    );
  }
  let chainId: number | undefined;
  let startBlock: number | undefined;
  for (const line of journalText.split("\n")) {
    if (!line.trim()) continue;
    let entry: { chainId?: unknown; receipt?: { blockNumber?: unknown } };
    try {
      entry = JSON.parse(line);
    } catch {
      throw new SourceError(`${where}: journal.jsonl has a line that is not JSON`);
    }
    if (typeof entry.chainId === "number") chainId = entry.chainId;
    const block = entry.receipt?.blockNumber;
    if (typeof block === "number" && (startBlock === undefined || block < startBlock))
      startBlock = block;
  }
  if (chainId === undefined)
    throw new SourceError(`${where}: journal.jsonl does not say which chain it deployed to`);
  if (startBlock === undefined)
    throw new SourceError(
      `${where}: journal.jsonl holds no receipt (was the deployment finished?)`,
    );
  return {
    chainId,
    rpc: rpcUrl(rpc, `the RPC URL for chain ${chainId}`),
    registry: address(addresses["HandoverCore#Registry"], `${where}: HandoverCore#Registry`),
    factory: address(
      addresses["HandoverCore#CampaignFactory"],
      `${where}: HandoverCore#CampaignFactory`,
    ),
    eas: options.eas === undefined ? undefined : address(options.eas, `${where}: EAS address`),
    startBlock,
  };
}

/** Reads a deployment record file or an Ignition deployment directory. */
export function readSource(location: string, rpc: string, eas?: string): ChainSource {
  const addressesFile = path.join(location, "deployed_addresses.json");
  let isDirectory = false;
  try {
    readFileSync(addressesFile);
    isDirectory = true;
  } catch {
    // not an Ignition directory
  }
  if (isDirectory) {
    const journal = path.join(location, "journal.jsonl");
    return sourceFromIgnition(readFileSync(addressesFile, "utf8"), readText(journal), rpc, {
      eas,
      where: location,
    });
  }
  const source = sourceFromRecord(readText(location), rpc, location);
  return eas === undefined ? source : { ...source, eas: address(eas, "the EAS address") };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SourceError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** Checks a list of sources (as JSON text, from the environment): one per chain. */
export function parseSources(text: string | undefined): ChainSource[] {
  if (!text)
    throw new SourceError(
      `${SOURCES_VARIABLE} is not set: start the indexer with \`npm run indexer\` (indexer/run.ts), which sets it from a deployment record`,
    );
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${SOURCES_VARIABLE} is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(list) || list.length === 0)
    throw new SourceError(`${SOURCES_VARIABLE} must be a non-empty list of chains`);
  const seen = new Set<number>();
  return list.map((raw, i) => {
    const item = raw as Record<string, unknown>;
    const what = `${SOURCES_VARIABLE}[${i}]`;
    if (typeof item.chainId !== "number" || !Number.isSafeInteger(item.chainId))
      throw new SourceError(`${what}.chainId must be an integer`);
    if (seen.has(item.chainId))
      throw new SourceError(`chain ${item.chainId} is listed twice: one deployment per chain`);
    seen.add(item.chainId);
    return {
      chainId: item.chainId,
      rpc: rpcUrl(item.rpc, `${what}.rpc`),
      registry: address(item.registry, `${what}.registry`),
      factory: address(item.factory, `${what}.factory`),
      eas:
        item.eas === undefined || item.eas === null ? undefined : address(item.eas, `${what}.eas`),
      startBlock: blockNumber(item.startBlock ?? 0, `${what}.startBlock`),
    };
  });
}

/** The name Ponder knows a chain by (its `/status` keys): `chain<id>`. */
export const chainName = (chainId: number) => `chain${chainId}`;
