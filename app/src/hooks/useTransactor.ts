/**
 * Every write goes through here: refused on the wrong chain, simulated first (a refusal comes back
 * as a decoded custom error before anything is signed), then sent, then awaited. The state says
 * where it is: pending (checking) → awaiting signature → confirming → done, or a sentence saying
 * why not (client `describeError`).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type {
  Abi,
  Account,
  Chain,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionParameters,
  Hex,
  TransactionReceipt,
  Transport,
  WalletClient,
} from "viem";
import { useConfig } from "wagmi";
import {
  getConnection,
  getWalletClient,
  signTypedData,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";

import { describeError } from "../../../client/errors.ts";
import { useDeployment } from "./useDeployment.tsx";

export type TxPhase = "idle" | "pending" | "signature" | "confirming" | "done" | "error";

export type TxState = {
  phase: TxPhase;
  /** What is being done, e.g. "Approve 100 USDC". */
  label?: string;
  hash?: Hex;
  /** A signature produced by a signing step. */
  signature?: Hex;
  message?: string;
  errorName?: string;
  /** "Step 1 of 2" for flows with several writes. */
  step?: string;
};

type Mutability = "nonpayable" | "payable";

/** A typed contract write: viem infers `args` from the ABI and function name. */
export type WriteRequest<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi, Mutability> = ContractFunctionName<
    abi,
    Mutability
  >,
  args extends ContractFunctionArgs<abi, Mutability, functionName> = ContractFunctionArgs<
    abi,
    Mutability,
    functionName
  >,
> = ContractFunctionParameters<abi, Mutability, functionName, args> & { value?: bigint };

export function useTransactor() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { chainId: targetChainId, chain } = useDeployment();
  const [state, setState] = useState<TxState>({ phase: "idle" });

  /** Throws a sentence when the wallet is missing or on another chain. */
  const guard = useCallback(() => {
    const connection = getConnection(config);
    if (!connection.address) throw new GuardError("Connect a wallet first.");
    if (connection.chainId !== targetChainId)
      throw new GuardError(
        `Your wallet is on another network. Switch it to ${chain.name} (chain ${targetChainId}) first; nothing was sent.`,
      );
    return connection.address;
  }, [config, targetChainId, chain.name]);

  const fail = useCallback((label: string, error: unknown, step?: string) => {
    const decoded =
      error instanceof GuardError
        ? { name: "WrongWallet", sentence: error.message }
        : describeError(error);
    setState({ phase: "error", label, message: decoded.sentence, errorName: decoded.name, step });
  }, []);

  const write = useCallback(
    async <
      const abi extends Abi | readonly unknown[],
      functionName extends ContractFunctionName<abi, Mutability>,
      args extends ContractFunctionArgs<abi, Mutability, functionName>,
    >(
      label: string,
      request: WriteRequest<abi, functionName, args>,
      step?: string,
    ): Promise<TransactionReceipt | undefined> => {
      try {
        setState({ phase: "pending", label, step });
        const account = guard();
        const { request: simulated } = await simulateContract(config, {
          ...(request as unknown as Parameters<typeof simulateContract>[1]),
          account,
          chainId: targetChainId as never,
        });
        setState({ phase: "signature", label, step });
        const hash = await writeContract(config, simulated as never);
        setState({ phase: "confirming", label, hash, step });
        const receipt = await waitForTransactionReceipt(config, {
          hash,
          chainId: targetChainId as never,
        });
        if (receipt.status !== "success") {
          setState({
            phase: "error",
            label,
            hash,
            step,
            message: `The transaction was mined but reverted (${hash}).`,
          });
          return undefined;
        }
        setState({ phase: "done", label, hash, step });
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        fail(label, error, step);
        return undefined;
      }
    },
    [config, guard, fail, queryClient, targetChainId],
  );

  /** Asks the wallet to sign typed data (every field shown by the wallet). */
  const sign = useCallback(
    async (
      label: string,
      typedData: Parameters<typeof signTypedData>[1],
      step?: string,
    ): Promise<Hex | undefined> => {
      try {
        setState({ phase: "pending", label, step });
        const account = guard();
        setState({ phase: "signature", label, step });
        const signature = await signTypedData(config, { ...typedData, account });
        setState({ phase: "done", label, signature, step });
        return signature;
      } catch (error) {
        fail(label, error, step);
        return undefined;
      }
    },
    [config, guard, fail],
  );

  /**
   * Runs `action` with the connected wallet's client on the target chain (e.g. the client's
   * `signConfirmation`, which reads what it binds and asks the wallet to sign), with the same
   * guard and states as a write.
   */
  const withWallet = useCallback(
    async <T>(
      label: string,
      action: (wallet: WalletClient<Transport, Chain | undefined, Account>) => Promise<T>,
      step?: string,
    ): Promise<T | undefined> => {
      try {
        setState({ phase: "pending", label, step });
        guard();
        const wallet = await getWalletClient(config, { chainId: targetChainId as never });
        setState({ phase: "signature", label, step });
        const result = await action(
          wallet as unknown as WalletClient<Transport, Chain | undefined, Account>,
        );
        setState({ phase: "done", label, step });
        return result;
      } catch (error) {
        fail(label, error, step);
        return undefined;
      }
    },
    [config, guard, fail, targetChainId],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);
  const busy =
    state.phase === "pending" || state.phase === "signature" || state.phase === "confirming";
  return { state, write, sign, withWallet, reset, busy, setState };
}

export type Transactor = ReturnType<typeof useTransactor>;

class GuardError extends Error {}
