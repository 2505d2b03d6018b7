/** The chain the app works on (the "target"), and the Handover contracts deployed there. */
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { Chain } from "viem";

import {
  fetchLocalDeployment,
  generatedChainIds,
  generatedDeployment,
  LOCAL_CHAIN_ID,
  type Deployment,
} from "../lib/deployment.ts";
import { defaultChainId } from "../lib/chains.ts";
import { chains, localChain } from "../wagmi.ts";

const STORAGE_KEY = "handover.chainId";

export type DeploymentState = {
  chainId: number;
  chain: Chain;
  /** Undefined while loading or when nothing is deployed on the chain. */
  deployment?: Deployment;
  loading: boolean;
  /** Why local-deployment.json could not be read (`deploymentError` words it). */
  error?: unknown;
  /** Chains the user may pick: those with a deployment (and the local chain when it has one). */
  available: Chain[];
  setChainId: (id: number) => void;
};

const Context = createContext<DeploymentState | undefined>(undefined);

function initialChainId(): number {
  const stored = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
  if (chains.some((c) => c.id === stored)) return stored;
  return defaultChainId(
    import.meta.env as unknown as Record<string, string | boolean | undefined>,
    generatedChainIds(),
  );
}

export function DeploymentProvider({ children }: { children: ReactNode }) {
  const [chainId, setChainIdState] = useState(initialChainId);
  const local = useQuery({
    queryKey: ["local-deployment"],
    queryFn: async () => (await fetchLocalDeployment()) ?? null,
    staleTime: Infinity,
    retry: false,
  });
  const value = useMemo<DeploymentState>(() => {
    const chain = chains.find((c) => c.id === chainId) ?? localChain;
    const localDeployment =
      local.data && local.data.chainId === LOCAL_CHAIN_ID ? local.data : undefined;
    const deployment = chainId === LOCAL_CHAIN_ID ? localDeployment : generatedDeployment(chainId);
    const ids = new Set(generatedChainIds());
    const available = chains.filter(
      (c) => ids.has(c.id) || (c.id === LOCAL_CHAIN_ID && (localDeployment || chainId === c.id)),
    );
    return {
      chainId,
      chain,
      deployment,
      loading: chainId === LOCAL_CHAIN_ID && local.isLoading,
      error: local.error ?? undefined,
      available,
      setChainId: (id: number) => {
        globalThis.localStorage?.setItem(STORAGE_KEY, String(id));
        setChainIdState(id);
      },
    };
  }, [chainId, local.data, local.isLoading, local.error]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useDeployment(): DeploymentState {
  const value = useContext(Context);
  if (!value) throw new Error("useDeployment outside DeploymentProvider");
  return value;
}

/** For tests and pages that render without a provider. */
export const DeploymentContext = Context;
