import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseEther, toHex, type Address } from "viem";
import { useConnect, useConnection, useConnectors, useDisconnect, type Connector } from "wagmi";

import {
  aggregatorV3Abi,
  mockUsdcAbi,
  mockV3AggregatorAbi,
} from "../../../client/generated/abis.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { tokensReady, useTokens } from "../hooks/campaigns.ts";
import { t } from "../i18n/index.ts";
import { explainError } from "../lib/errors.ts";
import { LOCAL_CHAIN_ID, MOCK_FEED_KEYS, MOCK_TOKEN_KEYS } from "../lib/deployment.ts";
import {
  DEV_ROLES,
  devAccountList,
  devEnabled,
  orderDevAccounts,
  storedDevIndex,
} from "../lib/devWallet.ts";
import { formatToken, shortAddress } from "../lib/format.ts";
import { say } from "../lib/message.ts";
import { rememberDevConnection } from "../wagmi.ts";
import { TxStatus } from "./TxStatus.tsx";

const isDev = (c: Connector | undefined) => c?.type === "mock";

/** Connect and disconnect: EIP-6963 wallets (one button each), plus the developer wallet locally. */
export function WalletPanel() {
  useTranslation();
  const connection = useConnection();
  const connectors = useConnectors();
  const { mutate: connect, isPending, error } = useConnect();
  const { mutate: disconnect } = useDisconnect();
  const { chainId } = useDeployment();
  const devHere = devEnabled() && chainId === LOCAL_CHAIN_ID;
  const real = connectors.filter((c) => !isDev(c));
  // The generic "Injected" connector only when no EIP-6963 wallet announced itself.
  const announced = real.filter((c) => c.id !== "injected");
  const shown = announced.length ? announced : real;

  if (connection.isConnected && connection.address) {
    return (
      <div className="wallet" data-testid="wallet">
        <span className="wallet-who">
          {isDev(connection.connector) ? t("wallet.devName") : connection.connector?.name}:{" "}
          <span className="mono" data-testid="wallet-address" title={connection.address}>
            {shortAddress(connection.address)}
          </span>
        </span>
        <button
          type="button"
          className="secondary small"
          data-testid="disconnect"
          onClick={() => {
            if (isDev(connection.connector)) rememberDevConnection(false);
            disconnect();
          }}
        >
          {t("wallet.disconnect")}
        </button>
      </div>
    );
  }
  return (
    <div className="wallet" data-testid="wallet">
      {shown.map((c) => (
        <button
          key={c.uid}
          type="button"
          className="small"
          disabled={isPending}
          data-testid={`connect-${c.id}`}
          onClick={() => connect({ connector: c, chainId: chainId as never })}
        >
          {c.icon ? <img src={c.icon} alt="" width={16} height={16} /> : null}{" "}
          {c.id === "injected" ? t("wallet.connectBrowser") : t("wallet.connect", { name: c.name })}
        </button>
      ))}
      {devHere
        ? connectors.filter(isDev).map((c) => (
            <button
              key={c.uid}
              type="button"
              className="small dev"
              data-testid="connect-dev-wallet"
              onClick={() => {
                rememberDevConnection(true);
                connect({ connector: c });
              }}
            >
              {t("wallet.useDev")}
            </button>
          ))
        : null}
      {error ? <span className="error-text">{explainError(error).sentence}</span> : null}
    </div>
  );
}

/** The developer wallet's role picker and faucet. Rendered only on the local chain with the flag. */
export function DevWalletPanel() {
  useTranslation();
  const connection = useConnection();
  const { chainId, deployment } = useDeployment();
  const client = useChainClient();
  const tx = useTransactor("dev");
  const [index, setIndex] = useState(storedDevIndex);
  const mockTokens = MOCK_TOKEN_KEYS.map((k) => deployment?.mockTokens[k]).filter(
    (a): a is Address => !!a,
  );
  const tokens = useTokens(mockTokens);
  const mockReady = tokensReady(tokens, mockTokens);
  if (!devEnabled() || chainId !== LOCAL_CHAIN_ID || !isDev(connection.connector)) return null;

  const choose = (next: number) => {
    setIndex(next);
    const accounts = orderDevAccounts(next);
    connection.connector?.emitter.emit("change", { accounts: [...accounts] });
    tx.reset();
  };

  const faucet = async () => {
    const who = devAccountList[0];
    const ethLabel = t("dev.faucetEth", { amount: formatToken(parseEther("1000"), 18, "ETH") });
    tx.setState({ phase: "pending", label: ethLabel });
    try {
      await client.request({
        method: "hardhat_setBalance",
        params: [who, toHex(parseEther("1000"))],
      } as never);
    } catch (error) {
      tx.setState({
        phase: "error",
        label: t("dev.faucet"),
        message: explainError(error).sentence,
      });
      return;
    }
    for (const token of mockTokens) {
      // The button waits for every token's decimals: never a mint in a guessed unit.
      const info = tokens.get(token.toLowerCase() as Address)!;
      const whole = info.decimals >= 8 && info.symbol.includes("BTC") ? 1n : 10_000n;
      const amount = whole * 10n ** BigInt(info.decimals);
      const ok = await tx.write(
        t("dev.mint", { amount: formatToken(amount, info.decimals, info.symbol) }),
        {
          address: token,
          abi: mockUsdcAbi,
          functionName: "mint",
          args: [who, amount],
        },
      );
      if (!ok) return;
    }
  };

  const refreshFeeds = async () => {
    for (const key of MOCK_FEED_KEYS) {
      const feed = deployment?.mockFeeds[key];
      if (!feed) continue;
      const [, answer] = await client.readContract({
        address: feed,
        abi: aggregatorV3Abi,
        functionName: "latestRoundData",
      });
      const ok = await tx.write(t("dev.refresh", { feed: key }), {
        address: feed,
        abi: mockV3AggregatorAbi,
        functionName: "updateAnswer",
        args: [answer],
      });
      if (!ok) return;
    }
  };

  return (
    <aside className="dev-panel" aria-label={t("wallet.devName")} data-testid="dev-panel">
      <strong>{t("wallet.devName")}</strong>
      <label htmlFor="dev-role">{t("dev.actAs")}</label>
      <select
        id="dev-role"
        data-testid="dev-role"
        value={index}
        onChange={(e) => choose(Number(e.target.value))}
      >
        {DEV_ROLES.map((r) => (
          <option key={r.index} value={r.index}>
            #{r.index} {say(r.label)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="small"
        onClick={faucet}
        disabled={tx.busy || !mockReady}
        data-testid="dev-faucet"
        title={mockReady ? undefined : t("dev.readingTokens")}
      >
        {t("dev.faucetButton", { amount: formatToken(parseEther("1000"), 18, "ETH") })}
      </button>
      <button
        type="button"
        className="small secondary"
        onClick={refreshFeeds}
        disabled={tx.busy}
        data-testid="dev-refresh-feeds"
      >
        {t("dev.refreshFeeds")}
      </button>
      <TxStatus state={tx.state} testId="dev-tx" />
    </aside>
  );
}
