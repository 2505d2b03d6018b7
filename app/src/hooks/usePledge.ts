/**
 * Pledging: ETH directly; an ERC-20 either by approving exactly the amount and then pledging, or by
 * an EIP-2612 permit (one signature, one transaction) when the token supports it — the permit's
 * domain is read from the token itself (EIP-5267 `eip712Domain`).
 */
import { useQuery } from "@tanstack/react-query";
import { parseSignature, zeroAddress, type Address } from "viem";
import { useConnection } from "wagmi";

import {
  campaignAbi,
  mockUsdcAbi,
  mockUsdtAbi,
  registryAbi,
} from "../../../client/generated/abis.ts";
import { erc20Abi } from "viem";
import { useChainClient } from "./useChainClient.ts";
import { useDeployment } from "./useDeployment.tsx";
import { useTransactor } from "./useTransactor.ts";

/** `approve` without a declared return value: works for tokens that return a bool and for those that return nothing (USDT). */
const approveAbi = mockUsdtAbi;
/** EIP-2612 `nonces` and EIP-5267 `eip712Domain`, as the generated permit-capable token declares them. */
const permitAbi = mockUsdcAbi;

/** Whether `token` supports EIP-2612 permits, and its EIP-712 domain. */
export function usePermitSupport(token: Address | undefined, owner: Address | undefined) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["permit", chainId, token, owner],
    enabled: !!token && token !== zeroAddress && !!owner,
    staleTime: 30_000,
    queryFn: async () => {
      try {
        const [nonce, domain] = await Promise.all([
          client.readContract({
            address: token!,
            abi: permitAbi,
            functionName: "nonces",
            args: [owner!],
          }),
          client.readContract({ address: token!, abi: permitAbi, functionName: "eip712Domain" }),
        ]);
        const [, name, version, domainChainId, verifyingContract] = domain;
        return {
          supported: true as const,
          nonce,
          name,
          version,
          chainId: Number(domainChainId),
          verifyingContract,
        };
      } catch {
        return { supported: false as const };
      }
    },
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

export function usePledge(campaign: Address) {
  const tx = useTransactor();
  const client = useChainClient();
  const { address } = useConnection();

  const pledge = async (
    token: Address,
    amount: bigint,
    mode: "approve" | "permit",
    chainNow: bigint,
  ): Promise<boolean> => {
    if (token === zeroAddress) {
      return !!(await tx.write(`Pledge ETH`, {
        address: campaign,
        abi: campaignAbi,
        functionName: "pledgeETH",
        value: amount,
      }));
    }
    if (!address) {
      tx.setState({ phase: "error", message: "Connect a wallet first." });
      return false;
    }
    if (mode === "permit") {
      let nonce: bigint;
      let domain: readonly [unknown, string, string, bigint, Address, unknown, unknown];
      try {
        [nonce, domain] = await Promise.all([
          client.readContract({
            address: token,
            abi: permitAbi,
            functionName: "nonces",
            args: [address],
          }),
          client.readContract({ address: token, abi: permitAbi, functionName: "eip712Domain" }),
        ]);
      } catch {
        tx.setState({
          phase: "error",
          message: "This token does not support permits; approve it instead.",
        });
        return false;
      }
      const deadline = chainNow + 3_600n;
      const signature = await tx.sign(
        "Sign the permit for exactly this amount",
        {
          domain: {
            name: domain[1],
            version: domain[2],
            chainId: Number(domain[3]),
            verifyingContract: domain[4],
          },
          types: {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          primaryType: "Permit",
          message: { owner: address, spender: campaign, value: amount, nonce, deadline },
        },
        "Step 1 of 2",
      );
      if (!signature) return false;
      const { v, r, s, yParity } = parseSignature(signature);
      return !!(await tx.write(
        "Pledge with the permit",
        {
          address: campaign,
          abi: campaignAbi,
          functionName: "pledgeWithPermit",
          args: [token, amount, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
        },
        "Step 2 of 2",
      ));
    }
    const allowance = await client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [address, campaign],
    });
    const steps = allowance >= amount ? 1 : allowance > 0n ? 3 : 2;
    if (allowance > 0n && allowance < amount) {
      // Tokens like USDT refuse to change a non-zero allowance: reset it first.
      const reset = await tx.write(
        "Reset the previous allowance to zero",
        { address: token, abi: approveAbi, functionName: "approve", args: [campaign, 0n] },
        "Step 1 of 3",
      );
      if (!reset) return false;
    }
    if (allowance < amount) {
      const approved = await tx.write(
        "Approve exactly this amount",
        { address: token, abi: approveAbi, functionName: "approve", args: [campaign, amount] },
        `Step ${steps - 1} of ${steps}`,
      );
      if (!approved) return false;
    }
    return !!(await tx.write(
      "Pledge",
      { address: campaign, abi: campaignAbi, functionName: "pledge", args: [token, amount] },
      steps > 1 ? `Step ${steps} of ${steps}` : undefined,
    ));
  };
  return { pledge, tx };
}
