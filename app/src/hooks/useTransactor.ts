/**
 * Every write goes through here: refused on the wrong chain, simulated first (a refusal comes back
 * as a decoded custom error before anything is signed), then sent, then awaited. The state says
 * where it is: pending (checking) → awaiting signature → confirming → done, or a sentence saying
 * why not, from the catalogs (`lib/errors.ts`). The state belongs to `origin`, the place the write
 * was sent from; a sent transaction is remembered by hash until mined (resumed after a reload) and
 * shown as a toast.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type {
  Abi,
  Account,
  Address,
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

import { t } from "../i18n/index.ts";
import { explainError, GuardError } from "../lib/errors.ts";
import { networkName } from "../lib/networkName.ts";
import {
  forgetPending,
  isBusy,
  newToastId,
  rememberPending,
  setTx,
  useTxState,
  type TxState,
} from "../lib/txStore.ts";
import { useDeployment } from "./useDeployment.tsx";

export type { TxPhase, TxState } from "../lib/txStore.ts";

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

export function useTransactor(origin: string) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { chainId: targetChainId, chain } = useDeployment();
  const state = useTxState(origin);

  /** Throws a sentence when the wallet is missing or on another chain. */
  const guard = useCallback(() => {
    const connection = getConnection(config);
    if (!connection.address) throw new GuardError(t("errors.notConnected"));
    if (connection.chainId !== targetChainId)
      throw new GuardError(t("tx.wrongNetwork", { name: networkName(chain), id: targetChainId }));
    return connection.address;
  }, [config, targetChainId, chain]);

  const set = useCallback(
    (next: TxState, toast?: number) =>
      setTx(origin, next, toast ? { id: toast, chainId: targetChainId } : undefined),
    [origin, targetChainId],
  );

  const fail = useCallback(
    (
      label: string | undefined,
      error: unknown,
      step?: string,
      toast?: number,
      called?: Address,
    ) => {
      const { name, sentence } = explainError(error, { called });
      set({ phase: "error", label, message: sentence, errorName: name, step }, toast);
    },
    [set],
  );

  /** Waits for a sent transaction, forgetting it once mined; true when it succeeded. */
  const follow = useCallback(
    async (label: string, hash: Hex, step: string | undefined, toast: number) => {
      set({ phase: "confirming", label, hash, step }, toast);
      const receipt = await waitForTransactionReceipt(config, {
        hash,
        chainId: targetChainId as never,
      });
      forgetPending(hash);
      if (receipt.status !== "success") {
        set({ phase: "error", label, hash, step, message: t("tx.reverted") }, toast);
        return undefined;
      }
      set({ phase: "done", label, hash, step }, toast);
      await queryClient.invalidateQueries();
      return receipt;
    },
    [config, queryClient, set, targetChainId],
  );

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
      const toast = newToastId();
      try {
        set({ phase: "pending", label, step });
        const account = guard();
        const { request: simulated } = await simulateContract(config, {
          ...(request as unknown as Parameters<typeof simulateContract>[1]),
          account,
          chainId: targetChainId as never,
        });
        set({ phase: "signature", label, step }, toast);
        const hash = await writeContract(config, simulated as never);
        rememberPending({
          hash,
          origin,
          chainId: targetChainId,
          label,
          step,
          sentAt: Date.now(),
        });
        return await follow(label, hash, step, toast);
      } catch (error) {
        fail(label, error, step, toast, (request as { address?: Address }).address);
        return undefined;
      }
    },
    [config, guard, fail, follow, set, origin, targetChainId],
  );

  /** Asks the wallet to sign typed data (every field shown by the wallet). */
  const sign = useCallback(
    async (
      label: string,
      typedData: Parameters<typeof signTypedData>[1],
      step?: string,
    ): Promise<Hex | undefined> => {
      try {
        set({ phase: "pending", label, step });
        const account = guard();
        set({ phase: "signature", label, step });
        const signature = await signTypedData(config, { ...typedData, account });
        set({ phase: "done", label, signature, step });
        return signature;
      } catch (error) {
        fail(label, error, step);
        return undefined;
      }
    },
    [config, guard, fail, set],
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
        set({ phase: "pending", label, step });
        guard();
        const wallet = await getWalletClient(config, { chainId: targetChainId as never });
        set({ phase: "signature", label, step });
        const result = await action(
          wallet as unknown as WalletClient<Transport, Chain | undefined, Account>,
        );
        set({ phase: "done", label, step });
        return result;
      } catch (error) {
        fail(label, error, step);
        return undefined;
      }
    },
    [config, guard, fail, set, targetChainId],
  );

  /** A check of the dApp's own refused before anything was sent: shown as the write's error. */
  const refuse = useCallback(
    (message: string, label?: string) => set({ phase: "error", label, message }),
    [set],
  );

  const reset = useCallback(() => set({ phase: "idle" }), [set]);
  return {
    state,
    write,
    sign,
    withWallet,
    refuse,
    reset,
    busy: isBusy(state),
    setState: set,
    guard,
    follow,
  };
}

export type Transactor = ReturnType<typeof useTransactor>;
