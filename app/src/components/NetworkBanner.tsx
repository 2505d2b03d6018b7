import type { Chain } from "viem";
import { useConnection, useSwitchChain } from "wagmi";

import { describeError } from "../../../client/errors.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";

export type NetworkBannerViewProps = {
  connected: boolean;
  walletChainId?: number;
  walletChainName?: string;
  expected: Chain;
  onSwitch: () => void;
  switching: boolean;
  error?: string;
};

/** Says which network the app expects when the wallet is on another, and offers to switch. */
export function NetworkBannerView(props: NetworkBannerViewProps) {
  const { connected, walletChainId, expected } = props;
  if (!connected || walletChainId === undefined || walletChainId === expected.id) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="wrong-network">
      <p>
        Your wallet is on <strong>{props.walletChainName ?? `chain ${walletChainId}`}</strong>, but
        this app is working on{" "}
        <strong data-testid="expected-network">
          {expected.name} (chain {expected.id})
        </strong>
        . Nothing will be sent until you switch.
      </p>
      <button
        type="button"
        onClick={props.onSwitch}
        disabled={props.switching}
        data-testid="switch-network"
      >
        {props.switching ? "Switching…" : `Switch to ${expected.name}`}
      </button>
      {props.error ? <p className="error-sentence">{props.error}</p> : null}
    </div>
  );
}

export function NetworkBanner() {
  const { chain } = useDeployment();
  const connection = useConnection();
  const { mutate, isPending, error, chains } = useSwitchChain();
  const walletChain = chains.find((c) => c.id === connection.chainId);
  return (
    <NetworkBannerView
      connected={connection.isConnected}
      walletChainId={connection.chainId}
      walletChainName={walletChain?.name}
      expected={chain}
      switching={isPending}
      error={error ? describeError(error).sentence : undefined}
      onSwitch={() => mutate({ chainId: chain.id as never })}
    />
  );
}
