/**
 * Typed reads and writes for every role, on viem. Every write is simulated first (so a refusal
 * comes back as a decoded custom error before anything is signed), then sent, then awaited.
 */
import {
  parseEventLogs,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";

import { describeError } from "./errors.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "./generated/abis.ts";
import { normalizeParams, type CampaignParams } from "./ledger.ts";

export type Clients = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

/** A write that the chain refused, with the decoded custom error and a sentence for people. */
export class HandoverTxError extends Error {
  readonly errorName: string;
  readonly errorArgs: readonly unknown[];
  constructor(errorName: string, errorArgs: readonly unknown[], sentence: string, cause?: unknown) {
    super(sentence, { cause });
    this.name = "HandoverTxError";
    this.errorName = errorName;
    this.errorArgs = errorArgs;
  }
}

export type Sent = { hash: Hex; receipt: TransactionReceipt };

type WriteRequest = {
  address: Address;
  abi: typeof campaignAbi | typeof registryAbi | typeof campaignFactoryAbi | readonly unknown[];
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
};

/** Simulates, sends and waits for one contract write. Throws `HandoverTxError` on any refusal. */
export async function send(
  { publicClient, walletClient }: Clients,
  request: WriteRequest,
): Promise<Sent> {
  try {
    const { request: simulated } = await publicClient.simulateContract({
      ...(request as Parameters<PublicClient["simulateContract"]>[0]),
      account: walletClient.account,
    });
    const hash = await walletClient.writeContract(
      simulated as Parameters<typeof walletClient.writeContract>[0],
    );
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success")
      throw new HandoverTxError("Reverted", [], `The transaction ${hash} reverted.`);
    return { hash, receipt };
  } catch (error) {
    if (error instanceof HandoverTxError) throw error;
    const decoded = describeError(error);
    throw new HandoverTxError(decoded.name, decoded.args, decoded.sentence, error);
  }
}

// ───────────────────────────── admin, vetter, pauser ─────────────────────────────

export const registryWrites = (clients: Clients, registry: Address) => ({
  grantRole: (role: Hex, account: Address) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "grantRole",
      args: [role, account],
    }),
  setAcceptedToken: (token: Address, feed: Address, maxStaleness: number) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "setAcceptedToken",
      args: [token, feed, maxStaleness],
    }),
  removeAcceptedToken: (token: Address) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "removeAcceptedToken",
      args: [token],
    }),
  registerSupplier: (supplier: Address, name: string, country: string, dossierHash: Hex) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "registerSupplier",
      args: [supplier, name, country, dossierHash],
    }),
  suspendSupplier: (supplier: Address, reason: string) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "suspendSupplier",
      args: [supplier, reason],
    }),
  reinstateSupplier: (supplier: Address) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "reinstateSupplier",
      args: [supplier],
    }),
  pause: () => send(clients, { address: registry, abi: registryAbi, functionName: "pause" }),
  unpause: () => send(clients, { address: registry, abi: registryAbi, functionName: "unpause" }),
});

// ───────────────────────────── organizer ─────────────────────────────

/** Creates a campaign and returns its address (from the CampaignCreated event). */
export async function createCampaign(
  clients: Clients,
  factory: Address,
  params: CampaignParams,
): Promise<Sent & { campaign: Address }> {
  const sent = await send(clients, {
    address: factory,
    abi: campaignFactoryAbi,
    functionName: "createCampaign",
    args: [params],
  });
  const [created] = parseEventLogs({
    abi: campaignFactoryAbi,
    eventName: "CampaignCreated",
    logs: sent.receipt.logs,
  });
  return { ...sent, campaign: created.args.campaign };
}

export type OrderInput = {
  supplier: Address;
  token: Address;
  amount: bigint;
  units: bigint;
  deliverBy: bigint;
  advanceBps: number;
  termsHash: Hex;
};

export const campaignWrites = (clients: Clients, campaign: Address) => {
  const call = (functionName: string, args: readonly unknown[] = [], value?: bigint) =>
    send(clients, { address: campaign, abi: campaignAbi, functionName, args, value });
  return {
    // donors
    pledgeETH: (value: bigint) => call("pledgeETH", [], value),
    pledge: (token: Address, amount: bigint) => call("pledge", [token, amount]),
    pledgeWithPermit: (
      token: Address,
      amount: bigint,
      deadline: bigint,
      v: number,
      r: Hex,
      s: Hex,
    ) => call("pledgeWithPermit", [token, amount, deadline, v, r, s]),
    cancelPledge: (token: Address) => call("cancelPledge", [token]),
    claimRefund: (token: Address) => call("claimRefund", [token]),
    claimRefundTo: (token: Address, to: Address) => call("claimRefundTo", [token, to]),
    // organizer
    closeFunding: () => call("closeFunding"),
    createOrder: async (order: OrderInput) => {
      const sent = await call("createOrder", [
        order.supplier,
        order.token,
        order.amount,
        order.units,
        order.deliverBy,
        order.advanceBps,
        order.termsHash,
      ]);
      const [created] = parseEventLogs({
        abi: campaignAbi,
        eventName: "OrderCreated",
        logs: sent.receipt.logs,
      });
      return { ...sent, orderId: created.args.orderId };
    },
    cancelOrder: (orderId: bigint) => call("cancelOrder", [orderId]),
    close: () => call("close"),
    // suppliers
    acceptOrder: (orderId: bigint) => call("acceptOrder", [orderId]),
    markShipped: (orderId: bigint, evidenceURI: string) =>
      call("markShipped", [orderId, evidenceURI]),
    withdraw: (token: Address) => call("withdraw", [token]),
    withdrawTo: (token: Address, to: Address) => call("withdrawTo", [token, to]),
    // verifiers and anyone
    confirmDelivery: (orderId: bigint, unitsDelivered: bigint, evidenceHash: Hex) =>
      call("confirmDelivery", [orderId, unitsDelivered, evidenceHash]),
    confirmDeliveryBySig: (
      orderId: bigint,
      unitsDelivered: bigint,
      evidenceHash: Hex,
      signatures: Hex[],
    ) => call("confirmDeliveryBySig", [orderId, unitsDelivered, evidenceHash, signatures]),
    releasePayment: (orderId: bigint) => call("releasePayment", [orderId]),
  };
};

// ───────────────────────────── verifiers: EIP-712 ─────────────────────────────

/** The EIP-712 typed data a verifier signs to confirm a delivery (every field shown by the wallet). */
export function confirmationTypedData(
  chainId: number,
  campaign: Address,
  orderId: bigint,
  unitsDelivered: bigint,
  evidenceHash: Hex,
) {
  return {
    domain: { name: "Handover Campaign", version: "1", chainId, verifyingContract: campaign },
    types: {
      ConfirmDelivery: [
        { name: "orderId", type: "uint256" },
        { name: "unitsDelivered", type: "uint64" },
        { name: "evidenceHash", type: "bytes32" },
      ],
    },
    primaryType: "ConfirmDelivery",
    message: { orderId, unitsDelivered, evidenceHash },
  } as const;
}

/** Signs a delivery confirmation with the wallet's account. */
export async function signConfirmation(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  chainId: number,
  campaign: Address,
  orderId: bigint,
  unitsDelivered: bigint,
  evidenceHash: Hex,
): Promise<Hex> {
  return walletClient.signTypedData({
    account: walletClient.account,
    ...confirmationTypedData(chainId, campaign, orderId, unitsDelivered, evidenceHash),
  });
}

// ───────────────────────────── reads ─────────────────────────────

/** What a listing page shows for one campaign, in one round of reads. */
export async function readCampaignSummary(publicClient: PublicClient, campaign: Address) {
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: functionName as never,
      args: args as never,
    }) as Promise<T>;
  const [params, status, raisedUsd, orderCount, organizer] = await Promise.all([
    read<CampaignParams>("params"),
    read<number>("status"),
    read<bigint>("raisedUsd"),
    read<bigint>("orderCount"),
    read<Address>("organizer"),
  ]);
  return {
    address: campaign,
    params: normalizeParams(params),
    status,
    raisedUsd,
    orderCount,
    organizer,
  };
}
