/**
 * Impact receipts and appeal summaries: the client's `impactReceipt` and `appealSummary` of the
 * appeal's history (lib/history.ts), and the parties named as `npm run receipt` names them
 * (`resolveNames` at the last block read, with the appeal's verified metadata).
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Address } from "viem";

import type { TokenInfo } from "../../../client/audit.ts";
import type { Ledger } from "../../../client/ledger.ts";
import { resolveNames, type MetadataNames, type NameBook } from "../../../client/names.ts";
import {
  appealSummary,
  campaignsOfDonor,
  impactReceipt,
  partiesOf,
  receiptToJson,
  type AppealSummary,
  type CampaignHistory,
  type DonorReceipt,
} from "../../../client/receipt.ts";
import { blocksToDate, buildHistory, readAt, readBlockTimes } from "../lib/history.ts";
import { useChainClient } from "./useChainClient.ts";
import { useDeployment } from "./useDeployment.tsx";

const lower = (a: string) => a.toLowerCase() as Address;

/**
 * The appeal page's history, from the ledger it already replayed (`complete`: read to its last
 * block), its status at that block and the times of the blocks `donor`'s receipt dates.
 */
export function useAppealHistory(input: {
  address: Address;
  campaign?: {
    params: CampaignHistory["params"];
    organizer: Address;
  };
  ledger?: { ledger: Ledger; fromBlock: bigint; toBlock: bigint };
  complete: boolean;
  tokens: Map<Address, TokenInfo>;
  tokensReady: boolean;
  donor?: Address;
}) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  const { address, campaign, ledger, donor } = input;
  return useQuery({
    queryKey: [
      "appeal-history",
      chainId,
      address,
      ledger?.toBlock.toString(),
      ledger?.ledger.eventCount,
      donor?.toLowerCase(),
    ],
    enabled: !!campaign && !!ledger && input.complete && input.tokensReady,
    staleTime: Infinity,
    queryFn: async (): Promise<CampaignHistory> => {
      const { ledger: replayed, fromBlock, toBlock } = ledger!;
      const [at, blockTimes] = await Promise.all([
        readAt(client, address, toBlock),
        readBlockTimes(client, blocksToDate(replayed, donor ? [donor] : [])),
      ]);
      return buildHistory({
        campaign: address,
        chainId,
        params: campaign!.params,
        organizer: campaign!.organizer,
        registry: at.registry,
        status: at.status,
        ledger: replayed,
        fromBlock,
        toBlock,
        tokens: [...input.tokens.values()],
        blockTimes,
      });
    },
  });
}

/** The parties of a history, named as the receipt CLI names them. */
export function useReceiptNames(
  history: CampaignHistory | undefined,
  metadata: MetadataNames | undefined,
  metadataSettled: boolean,
) {
  const client = useChainClient();
  const { chainId } = useDeployment();
  const names = metadata
    ? { organizer: metadata.organizer, beneficiary: metadata.beneficiary }
    : undefined;
  return useQuery({
    queryKey: [
      "receipt-names",
      chainId,
      history?.campaign,
      history?.toBlock.toString(),
      names?.organizer?.name,
      names?.beneficiary?.name,
    ],
    enabled: !!history && metadataSettled,
    staleTime: Infinity,
    queryFn: () =>
      resolveNames(client, {
        registry: history!.registry,
        addresses: partiesOf(history!),
        organizer: history!.organizer,
        beneficiary: history!.params.beneficiary,
        metadata: names,
        blockNumber: history!.toBlock,
      }),
  });
}

/** A donor's receipt of a history, or undefined when the address never pledged there. */
export function receiptOf(
  history: CampaignHistory | undefined,
  donor: string | undefined,
): DonorReceipt | undefined {
  if (!history || !donor || !history.ledger.donors[lower(donor)]) return undefined;
  return impactReceipt(history, donor);
}

export function useReceipt(history: CampaignHistory | undefined, donor: string | undefined) {
  return useMemo(() => receiptOf(history, donor), [history, donor]);
}

export function useSummary(history: CampaignHistory | undefined): AppealSummary | undefined {
  return useMemo(() => (history ? appealSummary(history) : undefined), [history]);
}

/**
 * The downloadable receipt: what `npm run receipt -- --format json` prints for the same appeal,
 * donor and blocks (`receiptToJson({ receipt, summary, names, title })`).
 */
export function receiptJson(
  receipt: DonorReceipt,
  summary: AppealSummary,
  names: NameBook,
  title: string | undefined,
): string {
  return receiptToJson({ receipt, summary, names, title });
}

/** Every appeal of the factory the donor pledged to (`campaignsOfDonor`), first pledge first. */
export function useDonorAppeals(donor: Address | undefined) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  return useQuery({
    queryKey: ["donor-appeals", chainId, deployment?.factory, donor],
    enabled: !!deployment && !!donor,
    queryFn: () =>
      campaignsOfDonor(client, {
        factory: deployment!.factory,
        donor: donor!,
        fromBlock: deployment!.startBlock,
      }),
  });
}
