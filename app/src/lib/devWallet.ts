/**
 * The developer wallet: wagmi's `mock` connector over Hardhat's default accounts, for the local
 * chain only (`VITE_DEV_WALLET=1`, set by the local start; never in a production build by default).
 * Hardhat's node unlocks the first 20 accounts of its mnemonic, so every role of the Bithelp scenario
 * (scripts/scenario.ts account indexes) can send transactions and sign typed data without an extension.
 */
import { getAddress, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { msg, type Message } from "./message.ts";

/** Hardhat's default mnemonic; folded away (with the derivation code) when the flag is off at build time. */
export const HARDHAT_MNEMONIC =
  import.meta.env.VITE_DEV_WALLET === "1"
    ? "test test test test test test test test test test test junk"
    : "";
/** Accounts `hardhat node` unlocks by default. */
export const UNLOCKED_ACCOUNTS = 20;

/** A role of the scenario's cast; `label` is worded in the chosen language (`say`). */
export type DevRole = { index: number; role: string; label: Message };

/**
 * The scenario's cast, by account index, with the parties' names as the seed registers them.
 * Donors 11–20 of the scenario are unlocked by the node.
 */
export const DEV_ROLES: DevRole[] = [
  { index: 0, role: "admin", label: msg("dev.role.admin") },
  { index: 1, role: "vetter", label: msg("dev.role.vetter") },
  { index: 2, role: "organizer", label: msg("dev.role.organizer", { name: "FCSSC" }) },
  {
    index: 3,
    role: "supplier",
    label: msg("dev.role.supplier", { name: "Henan Medical Supplies" }),
  },
  { index: 4, role: "supplier", label: msg("dev.role.supplier", { name: "Lagos PPE Works" }) },
  {
    index: 5,
    role: "supplier",
    label: msg("dev.role.supplierSuspended", { name: "QuickMask Trading" }),
  },
  { index: 6, role: "verifier", label: msg("dev.role.verifier", { name: "WAHO" }) },
  { index: 7, role: "verifier", label: msg("dev.role.unOffice") },
  { index: 8, role: "verifier", label: msg("dev.role.logisticsAgent") },
  { index: 9, role: "relayer", label: msg("dev.role.relayer") },
  ...Array.from({ length: 10 }, (_, i) => ({
    index: 10 + i,
    role: "donor",
    label: msg("dev.role.donor", { n: i + 1 }),
  })),
];

export const devEnabled = (): boolean => import.meta.env.VITE_DEV_WALLET === "1";

let cachedAddresses: Address[] | undefined;
/** Addresses of the unlocked accounts, derived from the mnemonic (never written by hand). */
export function devAddresses(): Address[] {
  if (import.meta.env.VITE_DEV_WALLET !== "1") return [];
  cachedAddresses ??= Array.from({ length: UNLOCKED_ACCOUNTS }, (_, i) =>
    getAddress(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).address),
  );
  return cachedAddresses;
}

const STORAGE_KEY = "handover.devWallet.account";

export function storedDevIndex(): number {
  const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
  const index = raw === null || raw === undefined ? 2 : Number(raw);
  return Number.isInteger(index) && index >= 0 && index < UNLOCKED_ACCOUNTS ? index : 2;
}

/**
 * The list the mock connector answers `eth_accounts` with. It is mutated in place when the role
 * changes: the chosen account first (wagmi's active account), the others after it.
 */
export const devAccountList: Address[] = [];

export function orderDevAccounts(index: number): Address[] {
  const all = devAddresses();
  const ordered = [all[index], ...all.filter((_, i) => i !== index)];
  devAccountList.splice(0, devAccountList.length, ...ordered);
  globalThis.localStorage?.setItem(STORAGE_KEY, String(index));
  return ordered;
}
