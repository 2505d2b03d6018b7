import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { createClient, custom, encodeErrorResult, numberToHex, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { createConfig, WagmiProvider } from "wagmi";
import { connect } from "wagmi/actions";
import { mock } from "wagmi/connectors/mock";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { TxStatus } from "../components/TxStatus.tsx";
import { DeploymentContext, type DeploymentState } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { localChain } from "../wagmi.ts";

const DONOR: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const CAMPAIGN: Address = "0x8aCd85898458400f7Db866d53FCFF6f0D49741FF";
const DEADLINE = 1_780_358_400n; // 2 June 2026

/** A chain whose every eth_call reverts with CampaignFundingEnded(deadline); counts sends. */
function testConfig() {
  const sent: string[] = [];
  const transport = custom(
    {
      async request({ method }) {
        if (method === "eth_chainId") return numberToHex(localChain.id);
        if (method === "eth_call")
          throw Object.assign(new Error("execution reverted"), {
            code: 3,
            data: encodeErrorResult({
              abi: campaignAbi,
              errorName: "CampaignFundingEnded",
              args: [DEADLINE, DEADLINE + 60n],
            }),
          });
        sent.push(method);
        throw new Error(`unexpected ${method}`);
      },
    },
    { retryCount: 0 },
  );
  const config = createConfig({
    chains: [localChain],
    connectors: [mock({ accounts: [DONOR] })],
    client: ({ chain }) => createClient({ chain, transport }),
  });
  return { config, sent };
}

const deployment = (): DeploymentState => ({
  chainId: localChain.id,
  chain: localChain,
  loading: false,
  available: [localChain],
  setChainId: () => {},
  deployment: {
    chainId: localChain.id,
    registry: CAMPAIGN,
    factory: CAMPAIGN,
    mockTokens: {},
    ipfsGateways: [],
    mockFeeds: {},
    startBlock: 0n,
  },
});

function Wrapper({
  config,
  children,
}: {
  config: ReturnType<typeof testConfig>["config"];
  children: ReactNode;
}) {
  return (
    <WagmiProvider config={config as never}>
      <QueryClientProvider client={new QueryClient()}>
        <DeploymentContext.Provider value={deployment()}>{children}</DeploymentContext.Provider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

function PledgeButton() {
  const tx = useTransactor("test");
  return (
    <>
      <button
        onClick={() =>
          tx.write("Pledge", {
            address: CAMPAIGN,
            abi: campaignAbi,
            functionName: "pledgeETH",
            value: 10n ** 18n,
          })
        }
      >
        pledge
      </button>
      <TxStatus state={tx.state} />
    </>
  );
}

describe("useTransactor", () => {
  it("simulates first and shows the decoded custom error as a sentence; nothing is sent", async () => {
    const { config, sent } = testConfig();
    await connect(config, { connector: config.connectors[0] });
    render(
      <Wrapper config={config}>
        <PledgeButton />
      </Wrapper>,
    );
    fireEvent.click(screen.getByText("pledge"));
    await waitFor(() => expect(screen.getByTestId("tx-status").dataset.phase).toBe("error"), {
      timeout: 4000,
    });
    expect(screen.getByTestId("tx-status-error").textContent).toBe(
      "This appeal stopped taking pledges on 2 June 2026; pledges can no longer be made or cancelled.",
    );
    expect(sent).not.toContain("eth_sendTransaction");
  });

  it("refuses to send without a wallet", async () => {
    const { config } = testConfig();
    render(
      <Wrapper config={config}>
        <PledgeButton />
      </Wrapper>,
    );
    fireEvent.click(screen.getByText("pledge"));
    await waitFor(() =>
      expect(screen.getByTestId("tx-status-error").textContent).toBe("Connect a wallet first."),
    );
  });
});
