/**
 * "My giving": every appeal the connected wallet pledged to (the client's `campaignsOfDonor`: its
 * Pledged events, vouched for by the factory), each with its receipt — what it gave, what that
 * paid for, the units it bought, what came back — and the totals in USD at pledge-time prices.
 */
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConnection } from "wagmi";

import {
  add,
  ZERO,
  type CampaignHistory,
  type DonorReceipt,
  type Ratio,
} from "../../../client/receipt.ts";
import { QueryError, StatusBadge } from "../components/common.tsx";
import { ReceiptActions } from "../components/DonorReceipt.tsx";
import { ReceiptView } from "../components/Receipt.tsx";
import { receiptOf, useReceiptNames, useSummary } from "../hooks/receipts.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useMetadata } from "../hooks/useMetadata.ts";
import { t } from "../i18n/index.ts";
import {
  formatExactUsd,
  formatList,
  formatExactToken,
  formatUnitsCount,
  formatUsd,
} from "../lib/format.ts";
import { loadAppealHistory } from "../lib/history.ts";
import { useGivingSource } from "../lib/indexerHooks.ts";
import { SourceNote } from "../lib/indexerSource.tsx";
import { networkName } from "../lib/networkName.ts";
import { href } from "../lib/router.ts";
import { STATUS_NAMES } from "../../../client/ledger.ts";
import { appealTitle } from "./Appeals.tsx";

export function GivingPage() {
  useTranslation();
  const { address: donor } = useConnection();
  const { chain } = useDeployment();
  if (!donor)
    return (
      <div>
        <h1>{t("giving.title")}</h1>
        <p data-testid="giving-connect">{t("giving.connect")}</p>
      </div>
    );
  return (
    <div>
      <h1>{t("giving.title")}</h1>
      <p className="muted">{t("giving.intro", { network: networkName(chain) })}</p>
      <GivingList donor={donor} key={donor} />
    </div>
  );
}

function GivingList({ donor }: { donor: Address }) {
  useTranslation();
  const client = useChainClient();
  const { chainId, deployment, chain } = useDeployment();
  // The list of appeals: from the indexer when there is one, else the chain's Pledged events.
  const { appeals, indexed } = useGivingSource(donor);
  const source = <SourceNote mode={indexed.mode} source={indexed.source} block={indexed.block} />;
  const fromIndexer = indexed.mode === "indexer" ? indexed.data?.totals : undefined;
  const histories = useQueries({
    queries: (appeals.data ?? []).map((campaign) => ({
      queryKey: ["loaded-history", chainId, campaign, donor],
      staleTime: 30_000,
      queryFn: () =>
        loadAppealHistory(client, {
          chainId,
          factory: deployment!.factory,
          startBlock: deployment!.startBlock,
          campaign,
          donors: [donor],
        }),
    })),
  });
  if (appeals.isLoading)
    return (
      <>
        {source}
        <p role="status">{t("giving.finding")}</p>
      </>
    );
  if (appeals.error)
    return (
      <>
        {source}
        <QueryError query={appeals} />
      </>
    );
  const list = appeals.data ?? [];
  if (list.length === 0)
    return (
      <>
        {source}
        <p data-testid="giving-none">{t("giving.none", { network: networkName(chain) })}</p>
      </>
    );
  const receipts = histories.map((h) => receiptOf(h.data, donor));
  const loaded = receipts.filter((r): r is DonorReceipt => !!r);
  const total = (pick: (r: DonorReceipt) => Ratio | bigint) =>
    loaded.reduce<Ratio>((s, r) => {
      const v = pick(r);
      return add(s, typeof v === "bigint" ? { n: v, d: 1n } : v);
    }, ZERO);
  return (
    <>
      {source}
      {fromIndexer ? (
        <p className="muted small-text" data-testid="giving-indexer-totals">
          {t("indexer.givingTotals", {
            appeals: formatUnitsCount(fromIndexer.appeals),
            pledges: formatUnitsCount(fromIndexer.pledges),
            pledged: formatUsd(fromIndexer.pledgedUsd),
            standing: formatUsd(fromIndexer.activeUsd),
            cancelled: formatUsd(fromIndexer.cancelledUsd),
            refunded: formatUsd(fromIndexer.refundedUsd),
          })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="giving-totals" data-testid="giving-totals">
        <h2 id="giving-totals">
          {t("giving.count", { count: list.length, n: formatUnitsCount(list.length) })}
        </h2>
        <p>
          {t("giving.totals", {
            gave: formatExactUsd(total((r) => r.totals.netUsd)),
            paid: formatExactUsd(total((r) => r.totals.paidForDeliveryUsd)),
            refunded: formatExactUsd(total((r) => r.totals.refundedUsd)),
            toClaim: formatExactUsd(total((r) => r.totals.refundableUsd)),
          })}
        </p>
        {loaded.length < list.length ? (
          <p className="muted small-text" role="status">
            {t("giving.reading", {
              done: formatUnitsCount(loaded.length),
              total: formatUnitsCount(list.length),
            })}
          </p>
        ) : null}
      </section>
      <ul className="plain giving-list" data-testid="giving-list">
        {list.map((campaign, i) => (
          <GivingRow
            key={campaign}
            campaign={campaign}
            donor={donor}
            history={histories[i]?.data}
            query={histories[i]}
          />
        ))}
      </ul>
    </>
  );
}

function GivingRow({
  campaign,
  donor,
  history,
  query,
}: {
  campaign: Address;
  donor: Address;
  history?: CampaignHistory;
  query?: { error: unknown; refetch: () => unknown; isFetching?: boolean };
}) {
  useTranslation();
  const { chain } = useDeployment();
  const [open, setOpen] = useState(false);
  const meta = useMetadata(history?.params.metadataURI);
  const names = useReceiptNames(history, meta.data, !meta.isLoading);
  const summary = useSummary(history);
  const receipt = receiptOf(history, donor);
  const ready = !!receipt && !!names.data && !!summary;
  const title = history ? appealTitle({ params: history.params }, meta.data?.title) : campaign;
  const tok = (a: Address) =>
    history?.tokens.find((x) => x.address.toLowerCase() === a.toLowerCase()) ?? {
      address: a,
      symbol: a.slice(0, 8),
      decimals: 18,
    };
  return (
    <li
      className="card giving-appeal"
      data-testid="giving-appeal"
      data-campaign={campaign.toLowerCase()}
      data-state={ready ? "ready" : query?.error ? "error" : "loading"}
    >
      <div className="card-head">
        <h2 className="card-title">
          <a href={href("appeal", campaign)}>{title}</a>
        </h2>
        {history ? <StatusBadge status={STATUS_NAMES.indexOf(history.status)} /> : null}
      </div>
      {query?.error ? <QueryError query={query} /> : null}
      {!ready && !query?.error ? <p role="status">{t("receipt.loading")}</p> : null}
      {ready ? (
        <>
          <p data-testid="giving-line">
            {t("giving.line", {
              gave:
                formatList(
                  receipt.tokens
                    .filter((l) => l.net > 0n)
                    .map((l) => formatExactToken(l.net, tok(l.token))),
                ) || "—",
              usd: formatExactUsd(receipt.totals.netUsd),
              paid: formatExactUsd(receipt.totals.paidForDeliveryUsd),
              units: formatUnitsCount(receipt.totals.unitsAllocated),
              unit: receipt.unitName,
              refunded: formatExactUsd(receipt.totals.refundedUsd),
              toClaim: formatExactUsd(receipt.totals.refundableUsd),
            })}
          </p>
          <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
            <summary data-testid="giving-open">{t("giving.full")}</summary>
            {open ? (
              <ReceiptView receipt={receipt} history={history!} names={names.data!} chain={chain} />
            ) : null}
          </details>
          <ReceiptActions
            receipt={receipt}
            summary={summary}
            names={names.data!}
            title={meta.data?.title}
          />
        </>
      ) : null}
    </li>
  );
}
