import { Trans, useTranslation } from "react-i18next";
import type { Chain } from "viem";
import { useConnection, useSwitchChain } from "wagmi";

import { useDeployment } from "../hooks/useDeployment.tsx";
import { t } from "../i18n/index.ts";
import { networkName } from "../lib/networkName.ts";
import { explainError } from "../lib/errors.ts";

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
  useTranslation();
  const { connected, walletChainId, expected } = props;
  if (!connected || walletChainId === undefined || walletChainId === expected.id) return null;
  const name = networkName(expected);
  return (
    <div className="banner banner-warning" role="alert" data-testid="wrong-network">
      <p>
        <Trans
          i18nKey="network.wrong"
          values={{
            wallet: props.walletChainName ?? t("network.chainLower", { id: walletChainId }),
            expected: t("network.nameWithId", { name, id: expected.id }),
          }}
          components={{ b: <strong />, e: <strong data-testid="expected-network" /> }}
        />
      </p>
      <button
        type="button"
        onClick={props.onSwitch}
        disabled={props.switching}
        data-testid="switch-network"
      >
        {props.switching ? t("network.switching") : t("network.switchTo", { name })}
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
      error={error ? explainError(error).sentence : undefined}
      onSwitch={() => mutate({ chainId: chain.id as never })}
    />
  );
}
