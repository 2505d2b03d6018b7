/**
 * Where every transaction stands, kept by the place it was sent from (its "origin": a form of one
 * appeal, one row of a list), so a status never shows up on another appeal's page. Sent
 * transactions are remembered by hash in localStorage until mined, so a reload or a navigation
 * resumes them (`PendingTransactions`), and each one also shows as a toast, in the manner of
 * scaffold-eth-2's transaction notifications.
 */
import { useSyncExternalStore } from "react";
import type { Hex } from "viem";

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

export type Toast = TxState & { id: number; origin: string; chainId: number };

export type PendingTx = {
  hash: Hex;
  origin: string;
  chainId: number;
  label?: string;
  step?: string;
  /** Milliseconds since the epoch when it was sent. */
  sentAt: number;
};

const IDLE: TxState = { phase: "idle" };
const PENDING_KEY = "handover.pendingTransactions";

let states = new Map<string, TxState>();
let toasts: Toast[] = [];
let nextToast = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getTx(origin: string): TxState {
  return states.get(origin) ?? IDLE;
}

/** Sets the state of `origin`'s transaction; `toast` (an id) keeps its toast in step. */
export function setTx(origin: string, state: TxState, toast?: { id: number; chainId: number }) {
  states = new Map(states).set(origin, state);
  if (toast) {
    const item: Toast = { ...state, id: toast.id, origin, chainId: toast.chainId };
    const at = toasts.findIndex((x) => x.id === toast.id);
    toasts =
      state.phase === "idle"
        ? toasts.filter((x) => x.id !== toast.id)
        : at === -1
          ? [...toasts, item]
          : toasts.map((x) => (x.id === toast.id ? item : x));
  }
  emit();
}

export const newToastId = () => nextToast++;

export function dismissToast(id: number) {
  toasts = toasts.filter((x) => x.id !== id);
  emit();
}

export const getToasts = () => toasts;

export function useTxState(origin: string): TxState {
  return useSyncExternalStore(
    subscribe,
    () => getTx(origin),
    () => getTx(origin),
  );
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(subscribe, getToasts, getToasts);
}

export const isBusy = (state: TxState) =>
  state.phase === "pending" || state.phase === "signature" || state.phase === "confirming";

/** Transactions sent but not yet seen mined, as remembered across reloads. */
export function pendingTransactions(): PendingTx[] {
  try {
    const raw = globalThis.localStorage?.getItem(PENDING_KEY);
    const list = raw ? (JSON.parse(raw) as PendingTx[]) : [];
    return Array.isArray(list) ? list.filter((p) => /^0x[0-9a-f]{64}$/i.test(p.hash)) : [];
  } catch {
    return [];
  }
}

export function rememberPending(tx: PendingTx) {
  const list = pendingTransactions().filter((p) => p.hash !== tx.hash);
  globalThis.localStorage?.setItem(PENDING_KEY, JSON.stringify([...list, tx]));
}

export function forgetPending(hash: Hex) {
  const list = pendingTransactions().filter((p) => p.hash !== hash);
  globalThis.localStorage?.setItem(PENDING_KEY, JSON.stringify(list));
}

/** For tests: forget every state and toast. */
export function resetTxStore() {
  states = new Map();
  toasts = [];
  emit();
}
