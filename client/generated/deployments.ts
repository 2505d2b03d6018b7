// generated — do not edit. Deployments from ignition/deployments/*/ (deployed_addresses.json and journal.jsonl).
// Regenerate with `npm run generate` (part of `npm run build`).

/**
 * Every published deployment: Ignition's deployment id, the chain, the block of its first
 * transaction (start every log scan there, never at block 0) and its addresses by future id.
 */
export const handoverDeployments = [] as const satisfies readonly {
  deploymentId: string;
  chainId: number;
  startBlock: number;
  addresses: Record<string, `0x${string}`>;
}[];

/** The default deployment's addresses per chain id (`chain-<id>`, else the chain's only deployment). */
export const deployments = {} as const satisfies Record<number, Record<string, `0x${string}`>>;

/** The default deployment's first block per chain id: where the appeal page and the auditor start scanning. */
export const startBlocks = {} as const satisfies Record<number, number>;
