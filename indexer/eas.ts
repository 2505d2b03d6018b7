/**
 * The EAS pieces the indexer needs: the `Attested`/`Revoked` events, `getAttestation`, and the audit
 * schema. The schema text and its UID are the ones client/attest.ts publishes audits under (the
 * auditor's attestations: recipient = the campaign); keep them equal.
 */
import {
  decodeAbiParameters,
  encodePacked,
  keccak256,
  parseAbi,
  parseAbiParameters,
  zeroAddress,
  type Hex,
} from "viem";

export const AUDIT_SCHEMA =
  "address campaign,uint256 chainId,uint64 fromBlock,uint64 toBlock,uint32 checksRun,uint32 checksFailed,string reportCid";

/** SchemaRegistry's UID: keccak256(abi.encodePacked(schema, resolver, revocable)); no resolver, revocable. */
export const AUDIT_SCHEMA_UID: Hex = keccak256(
  encodePacked(["string", "address", "bool"], [AUDIT_SCHEMA, zeroAddress, true]),
);

export const easAbi = parseAbi([
  "struct Attestation { bytes32 uid; bytes32 schema; uint64 time; uint64 expirationTime; uint64 revocationTime; bytes32 refUID; address recipient; address attester; bool revocable; bytes data; }",
  "function getAttestation(bytes32 uid) view returns (Attestation)",
  "event Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)",
  "event Revoked(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)",
]);

export type AuditClaim = {
  campaign: Hex;
  chainId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  checksRun: number;
  checksFailed: number;
  reportCid: string;
};

/** Decodes an audit attestation's data; undefined when it does not decode under the schema. */
export function decodeAuditClaim(data: Hex): AuditClaim | undefined {
  try {
    const [campaign, chainId, fromBlock, toBlock, checksRun, checksFailed, reportCid] =
      decodeAbiParameters(parseAbiParameters(AUDIT_SCHEMA), data);
    return { campaign, chainId, fromBlock, toBlock, checksRun, checksFailed, reportCid };
  } catch {
    return undefined;
  }
}
