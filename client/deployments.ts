/**
 * The published deployments (client/generated/deployments.ts, written by `npm run generate` from
 * Ignition's journals) as the client uses them: each with its first block, so that no log scan
 * starts at block 0 on a public chain.
 */
import { getAddress, type Address } from "viem";

import { handoverDeployments } from "./generated/deployments.ts";

export type PublishedDeployment = {
  /** Ignition's deployment id (`chain-<id>`, or the `--deployment-id` given). */
  deploymentId: string;
  chainId: number;
  /** The block of the deployment's first transaction: nothing of it is older. */
  startBlock: bigint;
  registry: Address;
  factory: Address;
  procurement?: Address;
  campaignImplementation?: Address;
  /** Every address Ignition recorded, by future id. */
  addresses: Record<string, Address>;
};

type Raw = {
  deploymentId: string;
  chainId: number;
  startBlock: number;
  addresses: Record<string, string>;
};

function toPublished(raw: Raw): PublishedDeployment {
  const at = (id: string) => (raw.addresses[id] ? getAddress(raw.addresses[id]) : undefined);
  return {
    deploymentId: raw.deploymentId,
    chainId: raw.chainId,
    startBlock: BigInt(raw.startBlock),
    registry: at("HandoverCore#Registry")!,
    factory: at("HandoverCore#CampaignFactory")!,
    procurement: at("HandoverCore#CampaignProcurement"),
    campaignImplementation: at("HandoverCore#CampaignImplementation"),
    addresses: Object.fromEntries(
      Object.entries(raw.addresses).map(([id, a]) => [id, getAddress(a)]),
    ),
  };
}

/** Every published deployment, or those of one chain. */
export function publishedDeployments(
  chainId?: number,
  from: readonly Raw[] = handoverDeployments as readonly Raw[],
): PublishedDeployment[] {
  return from.filter((d) => chainId === undefined || d.chainId === chainId).map(toPublished);
}

/**
 * The published deployment on `chainId` that `address` belongs to (its registry, factory,
 * procurement module or campaign implementation), if any.
 */
export function deploymentContaining(
  chainId: number,
  address: string,
  from?: readonly Raw[],
): PublishedDeployment | undefined {
  const wanted = address.toLowerCase();
  return publishedDeployments(chainId, from).find((d) =>
    [d.registry, d.factory, d.procurement, d.campaignImplementation].some(
      (a) => a?.toLowerCase() === wanted,
    ),
  );
}
