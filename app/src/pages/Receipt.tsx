/**
 * A donor's receipt on a page of its own, laid out to be printed (or saved as a PDF) and kept or
 * handed to an accountant: who, which appeal on which network, read at which block, every pledge,
 * payment, verification and refund with its transaction, the appeal's summary when it is over,
 * and the command that derives the same receipt from the chain.
 */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { getAddress, isAddress, type Address } from "viem";

import { CopyButton, Party, QueryError } from "../components/common.tsx";
import { ReceiptActions } from "../components/DonorReceipt.tsx";
import { ReceiptView, SummaryView } from "../components/Receipt.tsx";
import {
  tokensReady,
  useAppealNames,
  useCampaign,
  useCampaignLedger,
  useTokens,
} from "../hooks/campaigns.ts";
import { useAppealHistory, useReceipt, useReceiptNames, useSummary } from "../hooks/receipts.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useMetadata } from "../hooks/useMetadata.ts";
import { t } from "../i18n/index.ts";
import { formatDate } from "../lib/format.ts";
import { networkName } from "../lib/networkName.ts";
import { href } from "../lib/router.ts";
import { appealTitle } from "./Appeals.tsx";

export function ReceiptPage({ campaign, donor }: { campaign?: string; donor?: string }) {
  useTranslation();
  if (!campaign || !donor || !isAddress(campaign) || !isAddress(donor))
    return <p role="alert">{t("receipt.badRoute")}</p>;
  return <Printable campaign={campaign} donor={donor} key={`${campaign}-${donor}`} />;
}

function Printable({ campaign: address, donor }: { campaign: Address; donor: Address }) {
  useTranslation();
  const client = useChainClient();
  const { chain, chainId } = useDeployment();
  const campaign = useCampaign(address);
  const data = campaign.data;
  const tokens = useTokens(data?.params.tokens);
  const ledger = useCampaignLedger(address, data?.params);
  const meta = useMetadata(data?.params.metadataURI);
  const names = useAppealNames(data?.organizer, data?.params.beneficiary, meta.data);
  const history = useAppealHistory({
    address,
    campaign: data,
    ledger: ledger.data,
    complete: ledger.complete,
    tokens,
    tokensReady: !!data && tokensReady(tokens, data.params.tokens),
    donor,
  });
  const receiptNames = useReceiptNames(history.data, meta.data, !meta.isLoading);
  const summary = useSummary(history.data);
  const receipt = useReceipt(history.data, donor);
  const readAt = useQuery({
    queryKey: ["block-time", chainId, history.data?.toBlock.toString()],
    enabled: !!history.data,
    staleTime: Infinity,
    queryFn: async () => (await client.getBlock({ blockNumber: history.data!.toBlock })).timestamp,
  });

  if (campaign.error && !data) return <QueryError query={campaign} />;
  if (!data || !history.data || !receiptNames.data)
    return <p role="status">{t("receipt.loading")}</p>;
  const rpc = chain.rpcUrls.default.http[0];
  const command = `npm run receipt -- --rpc ${rpc} --campaign ${getAddress(address)} --donor ${getAddress(donor)} --from-block ${history.data.fromBlock} --to-block ${history.data.toBlock}`;
  return (
    <article className="printable" data-testid="receipt-page">
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()} data-testid="receipt-print">
          {t("receipt.print")}
        </button>
        {receipt && summary ? (
          <ReceiptActions
            receipt={receipt}
            summary={summary}
            names={receiptNames.data}
            title={meta.data?.title}
            printable={false}
          />
        ) : null}
        <a href={href("appeal", address)}>{t("receipt.back")}</a>
      </div>
      <h1>{t("receipt.pageTitle")}</h1>
      <p className="receipt-appeal">
        <strong>{appealTitle(data, meta.data?.title)}</strong>
      </p>
      <p>
        {t("receipt.pageFor", {
          donor: getAddress(donor),
          appeal: getAddress(address),
          network: networkName(chain),
        })}
      </p>
      <p>
        {t("story.organizer")} <Party address={data.organizer} names={names} chain={chain} /> ·{" "}
        {t("story.beneficiary")}{" "}
        <Party address={data.params.beneficiary} names={names} chain={chain} />
      </p>
      <p className="small-text muted">
        {t("receipt.pageGenerated", {
          block: history.data.toBlock.toString(),
          date: readAt.data !== undefined ? formatDate(readAt.data) : "…",
        })}
      </p>
      {receipt ? (
        <ReceiptView
          receipt={receipt}
          history={history.data}
          names={receiptNames.data}
          chain={chain}
          headingLevel={2}
        />
      ) : (
        <p data-testid="receipt-none">{t("receipt.none")}</p>
      )}
      {summary?.final ? (
        <SummaryView
          summary={summary}
          history={history.data}
          names={receiptNames.data}
          chain={chain}
        />
      ) : null}
      <p className="small-text">{t("receipt.checkYourself")}</p>
      <p>
        <code className="mono break command" data-testid="receipt-command">
          {command}
        </code>{" "}
        <span className="no-print">
          <CopyButton text={command} />
        </span>
      </p>
    </article>
  );
}
