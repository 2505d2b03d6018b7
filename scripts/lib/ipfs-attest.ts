/**
 * What `npm run audit -- … --attest` does after the audit: stores the JSON report in the local IPFS
 * node's blockstore (the project's data folder; a running `npm run ipfs` serves it at once), asks the
 * pinning service to pin it when one is configured, then publishes the verdict through EAS with the
 * report's CID.
 *
 * Which EAS: `--eas <address>` (its SchemaRegistry is read from it), else the predeployed one of the
 * chain (client/attest.ts EAS_DEPLOYMENTS), else, on the local chain, the one the seed deployed
 * (app/public/local-deployment.json). Who signs: HANDOVER_ATTESTER_KEY (a 0x private key); on the
 * local chain (31337) without one, Hardhat's account #9, the seeded deployment's auditor.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { FsBlockstore } from "blockstore-fs";
import {
  createWalletClient,
  getAddress,
  http,
  isAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

import type { Clients } from "../../client/actions.ts";
import {
  attestAudit,
  auditAttestationData,
  EAS_DEPLOYMENTS,
  easAbi,
  ensureAuditSchema,
  type EasDeployment,
} from "../../client/attest.ts";
import type { AuditResult } from "../../client/audit.ts";
import { computeCid, ipfsUri } from "../../client/content.ts";
import { pinningFromEnv } from "./ipfs-pinning.ts";
import { DEFAULT_IPFS_DIR, DEFAULT_IPFS_PORT } from "./ipfs-node.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
/** Hardhat's account #9: no role in the seeded deployment but the auditor's. */
export const LOCAL_AUDITOR_INDEX = 9;

/** Input the attestation cannot go ahead with (exit code 2), with how to fix it. */
export class AttestInputError extends Error {}

export async function resolveEas(
  client: PublicClient,
  chainId: number,
  override?: string,
): Promise<EasDeployment & { source: string }> {
  if (override) {
    if (!isAddress(override))
      throw new AttestInputError(`--eas must be the EAS contract's address, got "${override}"`);
    const eas = getAddress(override);
    const schemaRegistry = await client
      .readContract({ address: eas, abi: easAbi, functionName: "getSchemaRegistry" })
      .catch(() => {
        throw new AttestInputError(
          `${eas} does not answer as EAS on chain ${chainId} (getSchemaRegistry() failed): check --eas`,
        );
      });
    return { eas, schemaRegistry, source: "--eas" };
  }
  const known = EAS_DEPLOYMENTS[chainId];
  if (known)
    return {
      eas: known.eas,
      schemaRegistry: known.schemaRegistry,
      source: `EAS on ${known.network}`,
    };
  if (chainId === 31_337) {
    const file =
      process.env.HANDOVER_SEED_OUT ?? path.join(ROOT, "app", "public", "local-deployment.json");
    const record = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as {
      chainId?: number;
      contracts?: { eas?: Address; schemaRegistry?: Address };
    };
    const eas = record.contracts?.eas;
    if (eas && record.contracts?.schemaRegistry) {
      const code = await client.getCode({ address: eas });
      if (code && code !== "0x")
        return { eas, schemaRegistry: record.contracts.schemaRegistry, source: file };
    }
    throw new AttestInputError(
      `no EAS on this local chain: seed it (npm start deploys EAS with the appeals) or pass --eas <address>`,
    );
  }
  throw new AttestInputError(
    `EAS is not known on chain ${chainId}: pass --eas <the EAS contract's address on this chain>`,
  );
}

function signer(chainId: number, url: string, client: PublicClient): Clients {
  const key = process.env.HANDOVER_ATTESTER_KEY;
  let account;
  if (key) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(key))
      throw new AttestInputError("HANDOVER_ATTESTER_KEY must be a 0x-prefixed 32-byte private key");
    account = privateKeyToAccount(key as Hex);
  } else if (chainId === 31_337) {
    account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: LOCAL_AUDITOR_INDEX });
  } else {
    throw new AttestInputError(
      `set HANDOVER_ATTESTER_KEY to the private key of the account that signs the attestation on chain ${chainId}`,
    );
  }
  const walletClient = createWalletClient({ account, transport: http(url) });
  return { publicClient: client, walletClient } as unknown as Clients;
}

export type Published = {
  reportCid: string;
  reportUri: string;
  gatewayUrl: string;
  pinned?: string;
  eas: Address;
  easSource: string;
  schemaRegistered: boolean;
  uid: Hex;
  hash: Hex;
  attester: Address;
};

/** Stores the report, pins it if configured, and attests the audit. */
export async function publishAudit(
  result: AuditResult,
  reportJson: string,
  options: { client: PublicClient; rpcUrl: string; eas?: string; log?: (line: string) => void },
): Promise<Published> {
  const log = options.log ?? (() => {});
  const { eas, schemaRegistry, source } = await resolveEas(
    options.client,
    result.chainId,
    options.eas,
  );
  const clients = signer(result.chainId, options.rpcUrl, options.client);

  const bytes = new TextEncoder().encode(reportJson);
  const dir = path.resolve(process.env.HANDOVER_IPFS_DIR ?? DEFAULT_IPFS_DIR);
  const store = new FsBlockstore(path.join(dir, "blocks"));
  await store.open();
  const cid = await computeCid(bytes, { sink: { put: (c, block) => store.put(c, block) } });
  await store.close();
  const gatewayUrl = `${process.env.HANDOVER_IPFS_GATEWAY ?? `http://127.0.0.1:${process.env.HANDOVER_IPFS_PORT ?? DEFAULT_IPFS_PORT}`}/ipfs/${cid}`;
  log(
    `report ${cid} stored in ${path.join(dir, "blocks")} (served by npm run ipfs at ${gatewayUrl})`,
  );
  let pinned: string | undefined;
  const pinning = pinningFromEnv();
  if (pinning) {
    const status = await pinning.pin(cid, {
      name: `Handover audit ${result.campaign} blocks ${result.creationBlock}-${result.toBlock}`,
    });
    pinned = status.requestid;
    log(`report pinned by ${process.env.HANDOVER_PINNING_URL} (request ${status.requestid})`);
  }

  const schema = await ensureAuditSchema(clients, schemaRegistry);
  if (schema.registered) log(`registered the audit schema ${schema.uid} (tx ${schema.hash})`);
  const data = auditAttestationData(result, `${cid}`);
  const attested = await attestAudit(clients, eas, data);
  return {
    reportCid: `${cid}`,
    reportUri: ipfsUri(cid),
    gatewayUrl,
    pinned,
    eas,
    easSource: source,
    schemaRegistered: schema.registered,
    uid: attested.uid,
    hash: attested.hash,
    attester: getAddress(clients.walletClient.account.address),
  };
}
