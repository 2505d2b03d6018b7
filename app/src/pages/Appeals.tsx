import { useState } from "react";
import { useTranslation } from "react-i18next";
import { getAddress } from "viem";

import { STATUS_NAMES } from "../../../client/ledger.ts";
import { appealCards, type AppealCard as IndexedCard } from "../../../indexer/queries.ts";

import {
  Party,
  Progress,
  QueryError,
  StatusBadge,
  STATUS_LABELS,
  statusName,
} from "../components/common.tsx";
import { useAppealNames, useCampaignPage, type CampaignSummary } from "../hooks/campaigns.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useMetadata } from "../hooks/useMetadata.ts";
import { formatUnitsCount, formatUsd, percent, timeLeft } from "../lib/format.ts";
import { useIndexed } from "../lib/indexerHooks.ts";
import { RecheckButton, SourceNote } from "../lib/indexerSource.tsx";
import { href } from "../lib/router.ts";

const PAGE_SIZE = 12;

export function appealTitle(
  c: { params: { targetUnits: bigint; unitName: string } },
  title?: string,
) {
  return title ?? `${formatUnitsCount(c.params.targetUnits)} ${c.params.unitName}`;
}

/** An indexer's card as the chain's summary reads (every figure the card shows). */
function fromIndexer(c: IndexedCard): CampaignSummary {
  return {
    address: getAddress(c.address),
    status: STATUS_NAMES.indexOf(c.status as (typeof STATUS_NAMES)[number]),
    raisedUsd: c.raisedUsd,
    orderCount: BigInt(c.orderCount),
    organizer: getAddress(c.organizer),
    unitsVerified: c.unitsVerified,
    unitsOrdered: c.unitsOrdered,
    params: {
      beneficiary: c.beneficiary,
      goalUsd: c.goalUsd,
      targetUnits: c.targetUnits,
      deadline: c.deadline,
      procurementDeadline: c.procurementDeadline,
      deliveryGracePeriod: c.deliveryGracePeriod,
      maxAdvanceBps: c.maxAdvanceBps,
      threshold: c.threshold,
      allOrNothing: c.allOrNothing,
      tokens: c.tokens,
      verifiers: c.verifiers,
      unitName: c.unitName,
      metadataURI: c.metadataURI,
    },
  };
}

function AppealCard({
  c,
  now,
  recheckUrl,
}: {
  c: CampaignSummary;
  now?: bigint;
  /** The indexer the card comes from: its figures can be re-checked from RPC. */
  recheckUrl?: string;
}) {
  const { t } = useTranslation();
  const { chain } = useDeployment();
  const meta = useMetadata(c.params.metadataURI);
  const names = useAppealNames(c.organizer, c.params.beneficiary, meta.data);
  const deadline =
    c.status === 1 ? c.params.deadline : c.status === 3 ? c.params.procurementDeadline : undefined;
  return (
    <li
      className="card appeal-card"
      data-testid="appeal-card"
      data-status={STATUS_LABELS[c.status]}
    >
      <div className="card-head">
        <h2 className="card-title">
          <a href={href("appeal", c.address)} data-testid="appeal-link">
            {appealTitle(c, meta.data?.title)}
          </a>
        </h2>
        <StatusBadge status={c.status} />
      </div>
      <p className="muted">
        {t("appeals.for")}{" "}
        <Party
          address={c.params.beneficiary}
          names={names}
          chain={chain}
          testId="card-beneficiary"
        />{" "}
        ·{" "}
        {t("appeals.target", {
          units: formatUnitsCount(c.params.targetUnits),
          unit: c.params.unitName,
        })}
      </p>
      <Progress
        label={t("appeal.raised")}
        value={percent(c.raisedUsd, c.params.goalUsd)}
        text={t("common.ofTotal", {
          part: formatUsd(c.raisedUsd),
          whole: formatUsd(c.params.goalUsd),
        })}
      />
      <Progress
        label={t("appeals.unitsVerified")}
        value={percent(c.unitsVerified, c.params.targetUnits)}
        text={t("common.ofTotal", {
          part: formatUnitsCount(c.unitsVerified),
          whole: formatUnitsCount(c.params.targetUnits),
        })}
      />
      <p className="muted small-text">
        {deadline !== undefined && now !== undefined
          ? t(c.status === 1 ? "appeals.fundingLeft" : "appeals.procurementLeft", {
              left: timeLeft(deadline, now),
            })
          : statusName(c.status)}
        {" · "}
        {t("appeals.orders", { count: Number(c.orderCount) })} ·{" "}
        {c.params.allOrNothing ? t("appeals.allOrNothing") : t("appeals.keepWhatYouRaise")}
      </p>
      {recheckUrl ? <RecheckButton appeal={c.address} url={recheckUrl} /> : null}
    </li>
  );
}

export function AppealsPage() {
  const { t } = useTranslation();
  const { chainId } = useDeployment();
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState("all");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const statusNumber =
    filter === "all" ? undefined : (STATUS_LABELS as readonly string[]).indexOf(filter);
  const now = useChainNow();
  // The indexer when there is one (with search); the chain's own reads otherwise.
  const indexed = useIndexed(
    ["appeal-cards", page, statusNumber ?? "all", search, now?.toString()],
    async (db) => {
      const found = await appealCards(db, {
        chainId,
        now: now ?? BigInt(Math.floor(Date.now() / 1000)),
        status: statusNumber === undefined ? undefined : STATUS_NAMES[statusNumber],
        search,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      });
      return { total: BigInt(found.total), campaigns: found.cards.map(fromIndexer) };
    },
  );
  const viaIndexer = indexed.mode === "indexer";
  const rpc = useCampaignPage(page, PAGE_SIZE, statusNumber, indexed.mode === "rpc");
  const query = viaIndexer
    ? { data: indexed.data, isLoading: false, error: null }
    : indexed.mode === "pending"
      ? { data: undefined, isLoading: true, error: null }
      : rpc;
  const searching = viaIndexer && search !== "";
  const total = query.data?.total ?? 0n;
  const pages = Number((total + BigInt(PAGE_SIZE) - 1n) / BigInt(PAGE_SIZE));
  const shown = query.data?.campaigns ?? [];
  const recheckUrl =
    viaIndexer && indexed.source?.kind === "indexer" ? indexed.source.url : undefined;
  return (
    <div>
      <div className="page-head">
        <h1>{t("appeals.title")}</h1>
        <label className="inline">
          {t("appeals.status")}{" "}
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(0);
            }}
            data-testid="status-filter"
          >
            <option value="all">{t("appeals.all")}</option>
            {STATUS_LABELS.slice(1).map((s, i) => (
              <option key={s} value={s}>
                {statusName(i + 1)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">{t("appeals.intro")}</p>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(typed.trim());
          setPage(0);
        }}
      >
        <label htmlFor="appeal-search">{t("indexer.search")}</label>
        <input
          id="appeal-search"
          type="search"
          value={typed}
          disabled={!viaIndexer}
          placeholder={t("indexer.searchPlaceholder")}
          onChange={(e) => setTyped(e.target.value)}
          data-testid="appeal-search"
        />
        <button type="submit" className="secondary small" disabled={!viaIndexer}>
          {t("indexer.search")}
        </button>
      </form>
      {indexed.mode === "rpc" ? (
        <p className="muted small-text">{t("indexer.searchNeedsIndexer")}</p>
      ) : null}
      <SourceNote mode={indexed.mode} source={indexed.source} block={indexed.block} />
      {query.data ? (
        <p className="muted" data-testid="appeal-count">
          {searching
            ? t("indexer.matching", {
                count: Number(total),
                n: formatUnitsCount(total),
                search,
              })
            : filter === "all"
              ? t("appeals.count", { count: Number(total) })
              : t("appeals.countIn", {
                  count: Number(total),
                  status: statusName(statusNumber ?? 0),
                })}
        </p>
      ) : null}
      {query.isLoading ? <p role="status">{t("appeals.loading")}</p> : null}
      {!viaIndexer && rpc.error && indexed.mode === "rpc" ? <QueryError query={rpc} /> : null}
      <ul className="appeal-grid" data-testid="appeal-list">
        {shown.map((c) => (
          <AppealCard key={c.address} c={c} now={now} recheckUrl={recheckUrl} />
        ))}
      </ul>
      {query.data && shown.length === 0 ? <p>{t("appeals.none")}</p> : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("appeals.pages")}>
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t("appeals.newer")}
          </button>
          <span>{t("appeals.page", { page: page + 1, pages })}</span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            {t("appeals.older")}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
