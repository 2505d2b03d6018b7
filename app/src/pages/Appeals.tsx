import { useState } from "react";

import { AddressText, Progress, StatusBadge, STATUS_LABELS } from "../components/common.tsx";
import { useCampaignPage, type CampaignSummary } from "../hooks/campaigns.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useMetadata } from "../hooks/useMetadata.ts";
import { formatUnitsCount, formatUsd, percent, timeLeft } from "../lib/format.ts";
import { href } from "../lib/router.ts";

const PAGE_SIZE = 12;

export function appealTitle(
  c: { params: { targetUnits: bigint; unitName: string } },
  title?: string,
) {
  return title ?? `${formatUnitsCount(c.params.targetUnits)} ${c.params.unitName}`;
}

function AppealCard({ c, now }: { c: CampaignSummary; now?: bigint }) {
  const { chain } = useDeployment();
  const meta = useMetadata(c.params.metadataURI);
  const deadline =
    c.status === 1 ? c.params.deadline : c.status === 3 ? c.params.procurementDeadline : undefined;
  return (
    <li
      className="card appeal-card"
      data-testid="appeal-card"
      data-status={STATUS_LABELS[c.status]}
    >
      <div className="card-head">
        <h3>
          <a href={href("appeal", c.address)} data-testid="appeal-link">
            {appealTitle(c, meta.data?.title)}
          </a>
        </h3>
        <StatusBadge status={c.status} />
      </div>
      <p className="muted">
        For <AddressText address={c.params.beneficiary} chain={chain} /> · target{" "}
        {formatUnitsCount(c.params.targetUnits)} {c.params.unitName}
      </p>
      <Progress
        label="Raised (USD at pledge time)"
        value={percent(c.raisedUsd, c.params.goalUsd)}
        text={`${formatUsd(c.raisedUsd)} of ${formatUsd(c.params.goalUsd)}`}
      />
      <Progress
        label="Units delivered and verified"
        value={percent(c.unitsVerified, c.params.targetUnits)}
        text={`${formatUnitsCount(c.unitsVerified)} of ${formatUnitsCount(c.params.targetUnits)}`}
      />
      <p className="muted small-text">
        {deadline !== undefined && now !== undefined
          ? `${c.status === 1 ? "Funding" : "Procurement"}: ${timeLeft(deadline, now)}`
          : STATUS_LABELS[c.status]}
        {" · "}
        {c.orderCount.toString()} order{c.orderCount === 1n ? "" : "s"} ·{" "}
        {c.params.allOrNothing ? "all-or-nothing" : "keep what you raise"}
      </p>
    </li>
  );
}

export function AppealsPage() {
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState("all");
  const statusNumber =
    filter === "all" ? undefined : (STATUS_LABELS as readonly string[]).indexOf(filter);
  const query = useCampaignPage(page, PAGE_SIZE, statusNumber);
  const now = useChainNow();
  const total = query.data?.total ?? 0n;
  const pages = Number((total + BigInt(PAGE_SIZE) - 1n) / BigInt(PAGE_SIZE));
  const shown = query.data?.campaigns ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Appeals</h1>
        <label className="inline">
          Status{" "}
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(0);
            }}
            data-testid="status-filter"
          >
            <option value="all">All</option>
            {STATUS_LABELS.slice(1).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        {total.toString()} appeal{total === 1n ? "" : "s"}
        {filter === "all" ? "" : ` in status ${filter}`} on this network. Money reaches a supplier
        only when named verifiers confirm delivery; what is never spent goes back to donors.
      </p>
      {query.isLoading ? <p role="status">Loading appeals…</p> : null}
      {query.error ? <p className="error-sentence">{(query.error as Error).message}</p> : null}
      <ul className="appeal-grid" data-testid="appeal-list">
        {shown.map((c) => (
          <AppealCard key={c.address} c={c} now={now} />
        ))}
      </ul>
      {query.data && shown.length === 0 ? <p>No appeal with this status.</p> : null}
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      ) : null}
    </div>
  );
}
