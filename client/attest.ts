/**
 * Audits published on chain through the Ethereum Attestation Service (EAS): an auditor's verdict
 * on a campaign, at a block range, with the report's CID, outlives the auditor's laptop; anyone can
 * list them for a campaign, fetch the report by its CID and re-run the audit at the same blocks.
 *
 * The attestation's recipient is the campaign, so `Attested(recipient, attester, uid, schemaUID)`
 * logs are found by campaign and schema without an indexer.
 */
import {
  decodeAbiParameters,
  encodeAbiParameters,
  encodeEventTopics,
  encodePacked,
  getAddress,
  keccak256,
  parseAbi,
  parseAbiItem,
  parseAbiParameters,
  parseEventLogs,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { send, type Clients } from "./actions.ts";
import type { AuditResult } from "./audit.ts";
import { fetchLogs } from "./logs.ts";

/** What an audit attestation says. Registered once per chain; its UID follows from the text. */
export const AUDIT_SCHEMA =
  "address campaign,uint256 chainId,uint64 fromBlock,uint64 toBlock,uint32 checksRun,uint32 checksFailed,string reportCid";
const AUDIT_PARAMETERS = parseAbiParameters(AUDIT_SCHEMA);

/** No resolver; revocable, so that an auditor can withdraw a verdict it got wrong (the record stays). */
export const AUDIT_SCHEMA_RESOLVER: Address = zeroAddress;
export const AUDIT_SCHEMA_REVOCABLE = true;

/** The schema's UID, as SchemaRegistry computes it: keccak256(abi.encodePacked(schema, resolver, revocable)). */
export function schemaUid(
  schema = AUDIT_SCHEMA,
  resolver: Address = AUDIT_SCHEMA_RESOLVER,
  revocable = AUDIT_SCHEMA_REVOCABLE,
): Hex {
  return keccak256(encodePacked(["string", "address", "bool"], [schema, resolver, revocable]));
}
export const AUDIT_SCHEMA_UID = schemaUid();

export type EasDeployment = { eas: Address; schemaRegistry: Address };

/**
 * EAS where it is already deployed, by chain id. Source: the addresses the EAS team publishes in
 * the @ethereum-attestation-service/eas-contracts package (deployments/<network>/EAS.json and
 * SchemaRegistry.json, version 1.9.0) and in its docs (github.com/ethereum-attestation-service/
 * eas-docs-site, docs/quick--start/contracts.md). On OP Stack chains (Optimism, Base, Base Sepolia)
 * EAS is a predeploy at 0x4200…0021 / 0x4200…0020.
 */
export const EAS_DEPLOYMENTS: Record<number, EasDeployment & { network: string }> = {
  1: {
    network: "Ethereum",
    eas: "0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587",
    schemaRegistry: "0xA7b39296258348C78294F95B872b282326A97BDF",
  },
  11_155_111: {
    network: "Sepolia",
    eas: "0xC2679fBD37d54388Ce493F1DB75320D236e1815e",
    schemaRegistry: "0x0a7E2Ff54e76B8E6659aedc9103FB21c038050D0",
  },
  10: {
    network: "Optimism",
    eas: "0x4200000000000000000000000000000000000021",
    schemaRegistry: "0x4200000000000000000000000000000000000020",
  },
  8_453: {
    network: "Base",
    eas: "0x4200000000000000000000000000000000000021",
    schemaRegistry: "0x4200000000000000000000000000000000000020",
  },
  84_532: {
    network: "Base Sepolia",
    eas: "0x4200000000000000000000000000000000000021",
    schemaRegistry: "0x4200000000000000000000000000000000000020",
  },
  42_220: {
    network: "Celo",
    eas: "0x72E1d8ccf5299fb36fEfD8CC4394B8ef7e98Af92",
    schemaRegistry: "0x5ece93bE4BDCF293Ed61FA78698B594F2135AF34",
  },
  137: {
    network: "Polygon",
    eas: "0x5E634ef5355f45A855d02D66eCD687b1502AF790",
    schemaRegistry: "0x7876EEF51A891E737AF8ba5A5E0f0Fd29073D5a7",
  },
};

export const easAbi = parseAbi([
  "struct AttestationRequestData { address recipient; uint64 expirationTime; bool revocable; bytes32 refUID; bytes data; uint256 value; }",
  "struct AttestationRequest { bytes32 schema; AttestationRequestData data; }",
  "struct Attestation { bytes32 uid; bytes32 schema; uint64 time; uint64 expirationTime; uint64 revocationTime; bytes32 refUID; address recipient; address attester; bool revocable; bytes data; }",
  "struct RevocationRequestData { bytes32 uid; uint256 value; }",
  "struct RevocationRequest { bytes32 schema; RevocationRequestData data; }",
  "function attest(AttestationRequest request) payable returns (bytes32)",
  "function revoke(RevocationRequest request) payable",
  "function getAttestation(bytes32 uid) view returns (Attestation)",
  "function getSchemaRegistry() view returns (address)",
  "event Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)",
  "event Revoked(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)",
]);

export const schemaRegistryAbi = parseAbi([
  "struct SchemaRecord { bytes32 uid; address resolver; bool revocable; string schema; }",
  "function register(string schema, address resolver, bool revocable) returns (bytes32)",
  "function getSchema(bytes32 uid) view returns (SchemaRecord)",
]);

const ATTESTED = parseAbiItem(
  "event Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)",
);

/** The fields of an audit attestation. */
export type AuditAttestationData = {
  campaign: Address;
  chainId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  checksRun: number;
  checksFailed: number;
  /** The CID of the audit's JSON report (client/report.ts `toJson`), e.g. bafkrei… */
  reportCid: string;
};

export function encodeAuditData(d: AuditAttestationData): Hex {
  return encodeAbiParameters(AUDIT_PARAMETERS, [
    d.campaign,
    d.chainId,
    d.fromBlock,
    d.toBlock,
    d.checksRun,
    d.checksFailed,
    d.reportCid,
  ]);
}

export function decodeAuditData(data: Hex): AuditAttestationData {
  const [campaign, chainId, fromBlock, toBlock, checksRun, checksFailed, reportCid] =
    decodeAbiParameters(AUDIT_PARAMETERS, data);
  return { campaign, chainId, fromBlock, toBlock, checksRun, checksFailed, reportCid };
}

/** What an audit attestation's data is for a finished audit. */
export function auditAttestationData(result: AuditResult, reportCid: string): AuditAttestationData {
  return {
    campaign: getAddress(result.campaign),
    chainId: BigInt(result.chainId),
    fromBlock: result.creationBlock,
    toBlock: result.toBlock,
    checksRun: result.checks.length,
    checksFailed: result.discrepancies.length,
    reportCid,
  };
}

/** Registers the audit schema unless the registry already has it; returns its UID. */
export async function ensureAuditSchema(
  clients: Clients,
  schemaRegistry: Address,
): Promise<{ uid: Hex; registered: boolean; hash?: Hex }> {
  const uid = AUDIT_SCHEMA_UID;
  const record = await clients.publicClient.readContract({
    address: schemaRegistry,
    abi: schemaRegistryAbi,
    functionName: "getSchema",
    args: [uid],
  });
  if (record.uid === uid) return { uid, registered: false };
  const { hash } = await send(clients, {
    address: schemaRegistry,
    abi: schemaRegistryAbi,
    functionName: "register",
    args: [AUDIT_SCHEMA, AUDIT_SCHEMA_RESOLVER, AUDIT_SCHEMA_REVOCABLE],
  });
  return { uid, registered: true, hash };
}

/** Publishes an audit's verdict; the attestation's recipient is the campaign. */
export async function attestAudit(
  clients: Clients,
  eas: Address,
  data: AuditAttestationData,
): Promise<{ uid: Hex; hash: Hex; blockNumber: bigint }> {
  const { hash, receipt } = await send(clients, {
    address: eas,
    abi: easAbi,
    functionName: "attest",
    args: [
      {
        schema: AUDIT_SCHEMA_UID,
        data: {
          recipient: data.campaign,
          expirationTime: 0n,
          revocable: AUDIT_SCHEMA_REVOCABLE,
          refUID: zeroHash,
          data: encodeAuditData(data),
          value: 0n,
        },
      },
    ],
  });
  const [attested] = parseEventLogs({ abi: easAbi, logs: receipt.logs, eventName: "Attested" });
  return { uid: attested.args.uid, hash, blockNumber: receipt.blockNumber };
}

export type AuditAttestation = AuditAttestationData & {
  uid: Hex;
  attester: Address;
  /** When it was made (unix seconds), and revoked if it was. */
  time: bigint;
  revokedAt?: bigint;
  /** "reconciles" when no check failed. */
  verdict: "reconciles" | "discrepancies";
  transactionHash: Hex;
  blockNumber: bigint;
  /** Set when the data says another campaign or chain than the attestation is filed under. */
  mismatch?: string;
};

/**
 * Every audit attestation filed for `campaign` (newest last): who, when, verdict, block range,
 * report CID. Reads `Attested` logs by recipient and schema, then each attestation's record.
 */
export async function listAuditAttestations(
  client: PublicClient,
  options: { eas: Address; campaign: Address; fromBlock?: bigint; toBlock?: bigint },
): Promise<AuditAttestation[]> {
  const toBlock = options.toBlock ?? (await client.getBlockNumber());
  const { logs } = await fetchLogs(client, {
    address: options.eas,
    topics: encodeEventTopics({
      abi: [ATTESTED],
      eventName: "Attested",
      args: { recipient: options.campaign, schemaUID: AUDIT_SCHEMA_UID },
    }) as Hex[],
    fromBlock: options.fromBlock ?? 0n,
    toBlock,
  });
  const events = parseEventLogs({ abi: [ATTESTED], logs: logs as never });
  const chainId = BigInt(await client.getChainId());
  return Promise.all(
    events.map(async (event) => {
      const record = await client.readContract({
        address: options.eas,
        abi: easAbi,
        functionName: "getAttestation",
        args: [event.args.uid],
      });
      const data = decodeAuditData(record.data);
      const mismatch =
        getAddress(data.campaign) !== getAddress(options.campaign)
          ? `its data names campaign ${data.campaign}`
          : data.chainId !== chainId
            ? `its data names chain ${data.chainId}, not ${chainId}`
            : undefined;
      return {
        ...data,
        uid: record.uid,
        attester: getAddress(record.attester),
        time: record.time,
        revokedAt: record.revocationTime > 0n ? record.revocationTime : undefined,
        verdict: data.checksFailed === 0 ? "reconciles" : "discrepancies",
        transactionHash: event.transactionHash!,
        blockNumber: event.blockNumber!,
        ...(mismatch ? { mismatch } : {}),
      } satisfies AuditAttestation;
    }),
  );
}

/** One check, as the audit's JSON report has it. */
type ReportCheck = { rule: string; scope: string; ok: boolean; expected: string; found: string };

export type AttestationComparison = {
  /** The re-run agrees with the attestation (and with its report's checks, when the report was read). */
  agrees: boolean;
  differences: string[];
  rerun: { checksRun: number; checksFailed: number };
};

/**
 * Compares an attestation with a re-run of the audit at the same block range (the caller runs
 * `auditCampaign(client, campaign, { fromBlock, toBlock })`), and, when given, with the checks of
 * the report its CID names (fetched and verified by the caller).
 */
export function compareAttestation(
  attestation: AuditAttestationData,
  rerun: Pick<
    AuditResult,
    "campaign" | "chainId" | "creationBlock" | "toBlock" | "checks" | "discrepancies"
  >,
  report?: { checks?: ReportCheck[] },
): AttestationComparison {
  const differences: string[] = [];
  if (getAddress(rerun.campaign) !== getAddress(attestation.campaign))
    differences.push(
      `the re-run audited ${rerun.campaign}, the attestation ${attestation.campaign}`,
    );
  if (BigInt(rerun.chainId) !== attestation.chainId)
    differences.push(
      `the re-run is on chain ${rerun.chainId}, the attestation on ${attestation.chainId}`,
    );
  if (rerun.creationBlock !== attestation.fromBlock || rerun.toBlock !== attestation.toBlock)
    differences.push(
      `the re-run covers blocks ${rerun.creationBlock}–${rerun.toBlock}, the attestation ${attestation.fromBlock}–${attestation.toBlock}`,
    );
  if (rerun.checks.length !== attestation.checksRun)
    differences.push(
      `${rerun.checks.length} checks ran now, ${attestation.checksRun} when attested`,
    );
  if (rerun.discrepancies.length !== attestation.checksFailed)
    differences.push(
      `${rerun.discrepancies.length} checks fail now, ${attestation.checksFailed} failed when attested`,
    );
  if (report?.checks) {
    const key = (c: ReportCheck) => `${c.rule} [${c.scope}]`;
    const then = new Map(report.checks.map((c) => [key(c), c]));
    for (const c of rerun.checks) {
      const before = then.get(key(c));
      if (!before) differences.push(`${key(c)} is checked now but not in the report`);
      else if (before.ok !== c.ok || before.expected !== c.expected || before.found !== c.found)
        differences.push(
          `${key(c)}: now ${c.ok ? "holds" : "fails"} (expected ${c.expected}, found ${c.found}); the report says ${before.ok ? "holds" : "fails"} (expected ${before.expected}, found ${before.found})`,
        );
      then.delete(key(c));
    }
    for (const k of then.keys()) differences.push(`${k} is in the report but not checked now`);
  }
  return {
    agrees: differences.length === 0,
    differences,
    rerun: { checksRun: rerun.checks.length, checksFailed: rerun.discrepancies.length },
  };
}
