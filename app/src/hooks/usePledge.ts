/**
 * Pledging: ETH directly; an ERC-20 either by approving exactly the amount and then pledging, or by
 * an EIP-2612 permit (one signature, one transaction) when the token supports it — the permit's
 * domain is read the way real tokens expose it (`lib/permit.ts`).
 *
 * Nothing is asked of the wallet before the pledge is known to go through: the balance, the
 * appeal's status and deadline, the platform's pause and the token's price (the registry's
 * `quotePledge`, which the pledge itself calls) are checked first, so an approval is never left
 * behind for a pledge that cannot happen.
 */
import { useQuery } from "@tanstack/react-query";
import { erc20Abi, parseSignature, zeroAddress, type Address, type PublicClient } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi, registryAbi } from "../../../client/generated/abis.ts";
import { t } from "../i18n/index.ts";
import { explainError } from "../lib/errors.ts";
import { formatBalance, formatDate, formatToken } from "../lib/format.ts";
import { approveAbi, detectPermit, PERMIT_TYPES } from "../lib/permit.ts";
import type { KnownToken } from "../lib/tokens.ts";
import { useChainClient } from "./useChainClient.ts";
import { useDeployment } from "./useDeployment.tsx";
import { useTransactor } from "./useTransactor.ts";

/** Whether `token` supports EIP-2612 permits, and its EIP-712 domain. */
export function usePermitSupport(token: Address | undefined, owner: Address | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["permit", chainId, token, owner],
    enabled: !!token && token !== zeroAddress && !!owner,
    staleTime: 30_000,
    queryFn: () => detectPermit(client, token!, owner!, chainId),
  });
}

/** The USD value (18 decimals) of `amount` of `token` now, from the registry's feed. */
export function useUsdEstimate(token: Address | undefined, amount: bigint | undefined) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["usd", chainId, token, amount?.toString()],
    enabled: !!token && !!amount && !!deployment,
    retry: false,
    queryFn: () =>
      client.readContract({
        address: deployment!.registry,
        abi: registryAbi,
        functionName: "usdValue",
        args: [token!, amount!],
      }),
  });
}

/** ETH kept aside for the network fee when a donor pledges "Max" ETH (about 150,000 gas). */
export function useEthFeeReserve(enabled: boolean) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["fee-reserve", chainId],
    enabled,
    staleTime: 15_000,
    queryFn: async () => (await client.getGasPrice()) * 150_000n * 2n,
  });
}

export type PledgeCheck = {
  client: PublicClient;
  registry: Address;
  campaign: Address;
  donor: Address;
  token: KnownToken;
  amount: bigint;
  /** The appeal's funding deadline and the chain's clock. */
  deadline: bigint;
  now: bigint;
  status: number;
};

/**
 * Why a pledge would be refused, checked against the chain before the wallet is asked for
 * anything (undefined when it would go through). The same reasons disable the form's button.
 */
export async function pledgeRefusal(check: PledgeCheck): Promise<string | undefined> {
  const { client, token, amount, donor } = check;
  if (check.status !== 1) return t("pledge.notOpen");
  if (check.now >= check.deadline)
    return t("pledge.deadlinePassed", { date: formatDate(check.deadline) });
  const balance =
    token.address === zeroAddress
      ? await client.getBalance({ address: donor })
      : await client.readContract({
          address: token.address,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [donor],
        });
  if (balance < amount)
    return t("pledge.aboveBalance", {
      balance: formatBalance(balance, token.decimals, token.symbol),
      amount: formatToken(amount, token.decimals, token.symbol),
    });
  try {
    await client.readContract({
      address: check.registry,
      abi: registryAbi,
      functionName: "quotePledge",
      args: [token.address, amount],
    });
  } catch (error) {
    return explainError(error).sentence;
  }
  return undefined;
}

export function usePledge(campaign: Address) {
  const tx = useTransactor(`pledge:${campaign.toLowerCase()}`);
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  const { address } = useConnection();

  const pledge = async (
    token: KnownToken,
    amount: bigint,
    mode: "approve" | "permit",
    chain: { now: bigint; deadline: bigint; status: number },
  ): Promise<boolean> => {
    const what = formatToken(amount, token.decimals, token.symbol);
    if (!address || !deployment) {
      tx.refuse(t("errors.notConnected"));
      return false;
    }
    tx.setState({ phase: "pending", label: t("pledge.checking", { what }) });
    let refusal: string | undefined;
    try {
      tx.guard();
      refusal = await pledgeRefusal({
        client,
        registry: deployment.registry,
        campaign,
        donor: address,
        token,
        amount,
        ...chain,
      });
    } catch (error) {
      refusal = explainError(error).sentence;
    }
    if (refusal) {
      tx.refuse(refusal, t("pledge.label", { what }));
      return false;
    }
    if (token.address === zeroAddress) {
      return !!(await tx.write(t("pledge.labelEth", { what }), {
        address: campaign,
        abi: campaignAbi,
        functionName: "pledgeETH",
        value: amount,
      }));
    }
    if (mode === "permit") {
      const permit = await detectPermit(client, token.address, address, chainId).catch(() => ({
        supported: false as const,
      }));
      if (!permit.supported) {
        tx.refuse(t("pledge.noPermit"));
        return false;
      }
      const deadline = chain.now + 3_600n;
      const signature = await tx.sign(
        t("pledge.signPermit", { what }),
        {
          domain: permit.domain,
          types: PERMIT_TYPES,
          primaryType: "Permit",
          message: {
            owner: address,
            spender: campaign,
            value: amount,
            nonce: permit.nonce,
            deadline,
          },
        },
        t("tx.step", { n: 1, of: 2 }),
      );
      if (!signature) return false;
      const { v, r, s, yParity } = parseSignature(signature);
      return !!(await tx.write(
        t("pledge.withPermit", { what }),
        {
          address: campaign,
          abi: campaignAbi,
          functionName: "pledgeWithPermit",
          args: [token.address, amount, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
        },
        t("tx.step", { n: 2, of: 2 }),
      ));
    }
    const allowance = await client.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [address, campaign],
    });
    const steps = allowance >= amount ? 1 : allowance > 0n ? 3 : 2;
    if (allowance > 0n && allowance < amount) {
      // Tokens like USDT refuse to change a non-zero allowance: reset it first.
      const reset = await tx.write(
        t("pledge.resetAllowance"),
        { address: token.address, abi: approveAbi, functionName: "approve", args: [campaign, 0n] },
        t("tx.step", { n: 1, of: 3 }),
      );
      if (!reset) return false;
    }
    if (allowance < amount) {
      const approved = await tx.write(
        t("pledge.approve", { what }),
        {
          address: token.address,
          abi: approveAbi,
          functionName: "approve",
          args: [campaign, amount],
        },
        t("tx.step", { n: steps - 1, of: steps }),
      );
      if (!approved) return false;
    }
    return !!(await tx.write(
      t("pledge.label", { what }),
      {
        address: campaign,
        abi: campaignAbi,
        functionName: "pledge",
        args: [token.address, amount],
      },
      steps > 1 ? t("tx.step", { n: steps, of: steps }) : undefined,
    ));
  };
  return { pledge, tx };
}
