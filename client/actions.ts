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
  registerVerifier: (verifier: Address, name: string, organization: string, dossierHash: Hex) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "registerVerifier",
      args: [verifier, name, organization, dossierHash],
    }),
  suspendVerifier: (verifier: Address, reason: string) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "suspendVerifier",
      args: [verifier, reason],
    }),
  reinstateVerifier: (verifier: Address) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "reinstateVerifier",
      args: [verifier],
    }),
  setLimits: (limits: RegistryLimits) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "setLimits",
      args: [limits],
    }),
  setPriceBounds: (token: Address, minAnswer: bigint, maxAnswer: bigint) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "setPriceBounds",
      args: [token, minAnswer, maxAnswer],
    }),
  setSequencerUptimeFeed: (feed: Address, gracePeriod: number) =>
    send(clients, {
      address: registry,
      abi: registryAbi,
      functionName: "setSequencerUptimeFeed",
      args: [feed, gracePeriod],
    }),
  pause: () => send(clients, { address: registry, abi: registryAbi, functionName: "pause" }),
  unpause: () => send(clients, { address: registry, abi: registryAbi, functionName: "unpause" }),
});

/** The platform's limits on new campaigns (`Registry.limits()`). Windows in seconds. */
export type RegistryLimits = {
  maxFundingWindow: number;
  maxProcurementWindow: number;
  maxAdvanceBps: number;
  minThreshold: number;
};

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

/**
 * A purchase order. `amountUsd` (18 decimals, at the pledges' own prices) reserves the same
 * fraction of every token's pool: the supplier is paid in the campaign's token mix.
 */
export type OrderInput = {
  supplier: Address;
  amountUsd: bigint;
  units: bigint;
  deliverBy: bigint;
  advanceBps: number;
  termsHash: Hex;
};

/** One verifier's signed confirmation, as `confirmDeliveryBySig` takes it. */
export type SignedConfirmation = { verifier: Address; deadline: bigint; signature: Hex };

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
    cancelPledgeTo: (token: Address, to: Address) => call("cancelPledgeTo", [token, to]),
    claimRefund: (token: Address) => call("claimRefund", [token]),
    claimRefundTo: (token: Address, to: Address) => call("claimRefundTo", [token, to]),
    // organizer
    closeFunding: () => call("closeFunding"),
    createOrder: async (order: OrderInput) => {
      const sent = await call("createOrder", [
        order.supplier,
        order.amountUsd,
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
    /** Everything the supplier is owed, in every token, at once. */
    withdraw: () => call("withdraw"),
    withdrawTo: (to: Address) => call("withdrawTo", [to]),
    // verifiers and anyone
    confirmDelivery: (orderId: bigint, unitsDelivered: bigint, evidenceHash: Hex) =>
      call("confirmDelivery", [orderId, unitsDelivered, evidenceHash]),
    confirmDeliveryBySig: (
      orderId: bigint,
      unitsDelivered: bigint,
      evidenceHash: Hex,
      confirmations: SignedConfirmation[],
    ) => call("confirmDeliveryBySig", [orderId, unitsDelivered, evidenceHash, confirmations]),
    cancelSignatures: () => call("cancelSignatures"),
    releasePayment: (orderId: bigint) => call("releasePayment", [orderId]),
  };
};

// ───────────────────────────── verifiers: EIP-712 ─────────────────────────────

/** What a verifier signs: the order and its terms, the quantity, its nonce and a deadline. */
export type ConfirmationMessage = {
  orderId: bigint;
  supplier: Address;
  termsHash: Hex;
  unitsDelivered: bigint;
  evidenceHash: Hex;
  verifier: Address;
  nonce: bigint;
  deadline: bigint;
};

/** The EIP-712 typed data a verifier signs to confirm a delivery (every field shown by the wallet). */
export function confirmationTypedData(
  chainId: number,
  campaign: Address,
  message: ConfirmationMessage,
) {
  return {
    domain: { name: "Handover Campaign", version: "2", chainId, verifyingContract: campaign },
    types: {
      ConfirmDelivery: [
        { name: "orderId", type: "uint256" },
        { name: "supplier", type: "address" },
        { name: "termsHash", type: "bytes32" },
        { name: "unitsDelivered", type: "uint64" },
        { name: "evidenceHash", type: "bytes32" },
        { name: "verifier", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "ConfirmDelivery",
    message,
  } as const;
}

/**
 * Reads what a confirmation binds (the order's supplier and terms, the verifier's current nonce)
 * and signs it with the wallet's account. Returns it ready for `confirmDeliveryBySig`.
 */
export async function signConfirmation(
  publicClient: PublicClient,
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  campaign: Address,
  input: { orderId: bigint; unitsDelivered: bigint; evidenceHash: Hex; deadline: bigint },
): Promise<SignedConfirmation> {
  const verifier = walletClient.account.address;
  const [order, nonce, chainId] = await Promise.all([
    publicClient.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "order",
      args: [input.orderId],
    }),
    publicClient.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "nonces",
      args: [verifier],
    }),
    publicClient.getChainId(),
  ]);
  const signature = await walletClient.signTypedData({
    account: walletClient.account,
    ...confirmationTypedData(chainId, campaign, {
      orderId: input.orderId,
      supplier: order.supplier,
      termsHash: order.termsHash,
      unitsDelivered: input.unitsDelivered,
      evidenceHash: input.evidenceHash,
      verifier,
      nonce,
      deadline: input.deadline,
    }),
  });
  return { verifier, deadline: input.deadline, signature };
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
