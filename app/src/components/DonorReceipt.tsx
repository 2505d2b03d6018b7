/**
 * The connected donor's receipt on an appeal's page: it stays after refunds and cancellations (it
 * is derived from the appeal's events, not from what is still standing), with a JSON download
 * (what `npm run receipt -- --format json` prints) and a printable page.
 */
import { useTranslation } from "react-i18next";
import type { Address, Chain } from "viem";

import type { NameBook } from "../../../client/names.ts";
import type { AppealSummary, CampaignHistory, DonorReceipt } from "../../../client/receipt.ts";
import { receiptJson } from "../hooks/receipts.ts";
import { t } from "../i18n/index.ts";
import { href } from "../lib/router.ts";
import { Section } from "./common.tsx";
import { ReceiptView } from "./Receipt.tsx";

/** Saves `text` as a file through the browser. */
export function download(name: string, type: string, data: string | Uint8Array) {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of a receipt's download. */
export const receiptFileName = (campaign: string, donor: string) =>
  `receipt-${campaign.toLowerCase()}-${donor.toLowerCase()}.json`;

/** "Download (JSON)" and "Printable receipt" for one receipt. */
export function ReceiptActions({
  receipt,
  summary,
  names,
  title,
  printable = true,
}: {
  receipt: DonorReceipt;
  summary: AppealSummary;
  names: NameBook;
  title?: string;
  printable?: boolean;
}) {
  useTranslation();
  return (
    <div className="actions no-print">
      <button
        type="button"
        className="secondary small"
        data-testid="receipt-json"
        onClick={() =>
          download(
            receiptFileName(receipt.campaign, receipt.donor),
            "application/json",
            receiptJson(receipt, summary, names, title),
          )
        }
      >
        {t("receipt.downloadJson")}
      </button>
      {printable ? (
        <a
          href={href("receipt", receipt.campaign, receipt.donor)}
          className="button-link small"
          data-testid="receipt-printable"
        >
          {t("receipt.printable")}
        </a>
      ) : null}
    </div>
  );
}

export function DonorReceiptSection({
  donor,
  history,
  receipt,
  summary,
  names,
  title,
  chain,
  loading,
}: {
  donor?: Address;
  history?: CampaignHistory;
  receipt?: DonorReceipt;
  summary?: AppealSummary;
  names?: NameBook;
  title?: string;
  chain?: Chain;
  loading: boolean;
}) {
  useTranslation();
  if (!donor) return null;
  return (
    <Section title={t("receipt.title")} id="receipt">
      {loading || (history && receipt && !names) ? (
        <p role="status">{t("receipt.loading")}</p>
      ) : !receipt ? (
        history ? (
          <p className="muted" data-testid="receipt-none">
            {t("receipt.none")}
          </p>
        ) : null
      ) : (
        <>
          <ReceiptView receipt={receipt} history={history!} names={names!} chain={chain} />
          {summary ? (
            <ReceiptActions receipt={receipt} summary={summary} names={names!} title={title} />
          ) : null}
        </>
      )}
    </Section>
  );
}
