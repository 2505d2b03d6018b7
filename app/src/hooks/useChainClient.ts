import type { PublicClient } from "viem";
import { useBlock, usePublicClient } from "wagmi";

import { useDeployment } from "./useDeployment.tsx";

/** The public client of the target chain (reads never depend on the wallet's chain). */
export function useChainClient(): PublicClient {
  const { chainId } = useDeployment();
  const client = usePublicClient({ chainId: chainId as never });
  return client as unknown as PublicClient;
}

/** The chain's clock: the latest block's timestamp (local chains move time by RPC). */
export function useChainNow(): bigint | undefined {
  const { chainId } = useDeployment();
  const block = useBlock({ chainId: chainId as never, watch: true });
  return block.data?.timestamp;
}
