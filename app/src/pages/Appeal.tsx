import { useMemo, useState } from "react";
import { isAddress, zeroAddress, type Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { AmountInput } from "../components/AmountInput.tsx";
import { AddressText, Progress, Section, StatusBadge, TxLink } from "../components/common.tsx";
import { OrderCard } from "../components/OrderTimeline.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  tokensReady,
  useCampaign,
  useCampaignLedger,
  useDonorPosition,
  usePartyNames,
  useTokens,
  useVerifiers,
} from "../hooks/campaigns.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { isHttpUri, useMetadata } from "../hooks/useMetadata.ts";
import { usePermitSupport, usePledge, useUsdEstimate } from "../hooks/usePledge.ts";
import { useTransactor } from "../hooks/useTransactor.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  parseAmount,
  percent,
  timeLeft,
} from "../lib/format.ts";
import { href } from "../lib/router.ts";
import { appealTitle } from "./Appeals.tsx";

const FEED_PAGE = 20;

export function AppealPage({ address }: { address?: string }) {
  if (!address || !isAddress(address)) return <p role="alert">That is not an appeal address.</p>;
  return <Appeal address={address} />;
}

function Appeal({ address }: { address: Address }) {
  const { chain } = useDeployment();
  const campaign = useCampaign(address);
  const data = campaign.data;
  const tokens = useTokens(data?.params.tokens);
  const ledger = useCampaignLedger(address, data?.params);
  const meta = useMetadata(data?.params.metadataURI);
  const now = useChainNow();
  const names = usePartyNames();
  const verifiers = useVerifiers();

  if (campaign.isLoading) return <p role="status">Loading the appeal…</p>;
  if (campaign.error || !data)
    return <p role="alert">This address does not answer as an appeal on {chain.name}.</p>;
  const { params } = data;
  const unitsVerified = data.orders.reduce((s, o) => s + o.unitsVerified, 0n);

  return (
    <div className="appeal">
      <div className="page-head">
        <h1 data-testid="appeal-title">{appealTitle(data, meta.data?.title)}</h1>
        <StatusBadge status={data.status} />
      </div>
      {meta.data?.description ? <p>{meta.data.description}</p> : null}
      <p className="muted small-text" data-testid="metadata-uri">
        Story and documents:{" "}
        {isHttpUri(params.metadataURI) ? (
          <a href={params.metadataURI} target="_blank" rel="noreferrer">
            {params.metadataURI}
          </a>
        ) : (
          <span className="mono break">{params.metadataURI}</span>
        )}
      </p>
      <div className="two-col">
        <div>
          <Section title="The appeal">
            <Progress
              label="Raised (USD at pledge time)"
              value={percent(data.raisedUsd, params.goalUsd)}
              text={`${formatUsd(data.raisedUsd)} of ${formatUsd(params.goalUsd)}`}
              testId="money-progress"
            />
            <Progress
              label={`Delivered and verified (${params.unitName})`}
              value={percent(unitsVerified, params.targetUnits)}
              text={`${formatUnitsCount(unitsVerified)} of ${formatUnitsCount(params.targetUnits)}`}
              testId="units-progress"
            />
            <dl className="facts">
              <dt>Beneficiary</dt>
              <dd>
                <AddressText address={params.beneficiary} chain={chain} full />
              </dd>
              <dt>Organizer</dt>
              <dd>
                <AddressText address={data.organizer} chain={chain} full />
              </dd>
              <dt>Goal</dt>
              <dd>
                {formatUsd(params.goalUsd)} (
                {params.allOrNothing
                  ? "all-or-nothing: refunded in full if missed"
                  : "keep what you raise"}
                )
              </dd>
              <dt>Funding deadline</dt>
              <dd>
                {formatDate(params.deadline)}
                {data.status === 1 && now !== undefined
                  ? ` (${timeLeft(params.deadline, now)})`
                  : ledger.data?.ledger.fundingClosedEarly
                    ? " (funding closed early: goal met)"
                    : ""}
              </dd>
              <dt>Procurement deadline</dt>
              <dd>{formatDate(params.procurementDeadline)}</dd>
              <dt>Accepted tokens</dt>
              <dd>
                {params.tokens.map((t) => {
                  const info = tokenOf(tokens, t);
                  const book = data.books[t.toLowerCase() as Address];
                  return (
                    <div key={t}>
                      {info.symbol}
                      {book
                        ? ` — ${formatToken(book.pledged - book.cancelled, info.decimals, info.symbol)} pledged`
                        : ""}
                    </div>
                  );
                })}
              </dd>
              <dt>Verifiers</dt>
              <dd data-testid="appeal-verifiers">
                {params.threshold} of {params.verifiers.length} must agree:
                {params.verifiers.map((v) => {
                  const record = verifiers.data?.find(
                    (r) => r.address.toLowerCase() === v.toLowerCase(),
                  );
                  return (
                    <div key={v}>
                      <strong>{record?.name ?? "Unregistered verifier"}</strong>
                      {record ? ` (${record.organization})` : ""}
                      {record && record.status !== 1 ? " — suspended" : ""}{" "}
                      <AddressText address={v} chain={chain} />
                    </div>
                  );
                })}
              </dd>
              <dt>Maximum advance</dt>
              <dd>
                {bpsToPercent(params.maxAdvanceBps)} of an order, paid on acceptance; over the
                appeal's whole life, never more than {bpsToPercent(params.maxAdvanceBps)} of each
                token's pledges is paid ahead of verified delivery
              </dd>
              <dt>Delivery grace period</dt>
              <dd>{(Number(params.deliveryGracePeriod) / 86_400).toLocaleString("en-US")} days</dd>
            </dl>
            <p>
              <a href={href("audit", address)} data-testid="audit-link">
                Audit this appeal →
              </a>
            </p>
          </Section>
          <Section title="Orders and deliveries">
            {ledger.isLoading ? <p role="status">Reading the appeal's history…</p> : null}
            {ledger.data && ledger.data.ledger.orders.length === 0 ? <p>No orders yet.</p> : null}
            <ul className="orders" data-testid="orders">
              {(tokensReady(tokens, params.tokens) ? (ledger.data?.ledger.orders ?? []) : []).map(
                (o) => (
                  <OrderCard
                    key={o.id.toString()}
                    order={o}
                    entries={ledger.data!.ledger.entries}
                    tokenOf={(t) => tokenOf(tokens, t)}
                    chain={chain}
                    unitName={params.unitName}
                    names={names}
                  />
                ),
              )}
            </ul>
          </Section>
        </div>
        <div>
          <PledgeForm address={address} tokens={params.tokens} status={data.status} now={now} />
          <MyPledges address={address} tokens={params.tokens} status={data.status} />
          <PledgeFeed ledger={ledger.data?.ledger} tokens={tokens} />
        </div>
      </div>
    </div>
  );
}

function PledgeForm({
  address,
  tokens: tokenAddresses,
  status,
  now,
}: {
  address: Address;
  tokens: readonly Address[];
  status: number;
  now?: bigint;
}) {
  const { address: donor } = useConnection();
  const tokens = useTokens(tokenAddresses);
  const [token, setToken] = useState<Address>(tokenAddresses[0]);
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"approve" | "permit">("approve");
  const info = tokenOf(tokens, token);
  const parsed = text === "" ? undefined : parseAmount(text, info.decimals, info.symbol);
  const amount = parsed?.ok ? parsed.value : undefined;
  const usd = useUsdEstimate(token, amount);
  const position = useDonorPosition(address, tokenAddresses, donor);
  const balance = position.data?.find((p) => p.token === token.toLowerCase())?.balance;
  const permit = usePermitSupport(token, donor);
  const { pledge, tx } = usePledge(address);
  const open = status === 1;

  return (
    <Section title="Pledge">
      {!open ? <p className="muted">This appeal is not taking pledges.</p> : null}
      <form
        hidden={!open}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!amount || !now) return;
          const submitted = text;
          const ok = await pledge(token, amount, permit.data?.supported ? mode : "approve", now);
          // Clear the amount only if the person has not typed another one meanwhile.
          if (ok) setText((current) => (current === submitted ? "" : current));
        }}
        data-testid="pledge-form"
      >
        <div className="field">
          <label htmlFor="pledge-token">Token</label>
          <select
            id="pledge-token"
            value={token}
            onChange={(e) => setToken(e.target.value as Address)}
            data-testid="pledge-token"
          >
            {tokenAddresses.map((t) => (
              <option key={t} value={t}>
                {tokenOf(tokens, t).symbol}
              </option>
            ))}
          </select>
        </div>
        <AmountInput
          label={`Amount (${info.symbol}, up to ${info.decimals} decimals)`}
          value={text}
          onChange={setText}
          decimals={info.decimals}
          symbol={info.symbol}
          testId="pledge-amount"
          hint={
            balance !== undefined
              ? `Your balance: ${formatToken(balance, info.decimals, info.symbol)}`
              : undefined
          }
        />
        <p className="muted small-text" data-testid="usd-estimate" aria-live="polite">
          {amount === undefined
            ? "USD value at today's price appears here."
            : usd.data !== undefined
              ? `≈ ${formatUsd(usd.data)} at the current price (the value is fixed when the pledge is made).`
              : usd.error
                ? "No usable price for this token right now."
                : "Pricing…"}
        </p>
        {token !== zeroAddress && permit.data?.supported ? (
          <fieldset className="radio-row">
            <legend>Authorise the appeal to take the tokens by</legend>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === "approve"}
                onChange={() => setMode("approve")}
              />{" "}
              approving exactly this amount (2 transactions)
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === "permit"}
                onChange={() => setMode("permit")}
                data-testid="pledge-permit"
              />{" "}
              signing a permit (1 signature, 1 transaction)
            </label>
          </fieldset>
        ) : token !== zeroAddress ? (
          <p className="muted small-text">You approve exactly this amount, then pledge it.</p>
        ) : null}
        {balance !== undefined && amount !== undefined && amount > balance ? (
          <p className="error-text" role="alert">
            That is more than your balance.
          </p>
        ) : null}
        <button
          type="submit"
          disabled={!open || !amount || !donor || tx.busy}
          data-testid="pledge-submit"
        >
          Pledge {amount !== undefined ? formatToken(amount, info.decimals, info.symbol) : ""}
        </button>
        {!donor ? <p className="muted small-text">Connect a wallet to pledge.</p> : null}
      </form>
      <TxStatus state={tx.state} testId="pledge-tx" />
    </Section>
  );
}

function MyPledges({
  address,
  tokens: tokenAddresses,
  status,
}: {
  address: Address;
  tokens: readonly Address[];
  status: number;
}) {
  const { address: donor } = useConnection();
  const tokens = useTokens(tokenAddresses);
  const position = useDonorPosition(address, tokenAddresses, donor);
  const tx = useTransactor();
  if (!donor) return null;
  const rows = (position.data ?? []).filter((p) => p.amount > 0n || p.refundable > 0n);
  return (
    <Section title="Your pledges">
      {rows.length === 0 ? (
        <p className="muted">You have no standing pledge or refund in this appeal.</p>
      ) : null}
      <ul className="plain" data-testid="my-pledges">
        {rows.map((p) => {
          const info = tokenOf(tokens, p.token);
          return (
            <li key={p.token} className="row">
              <span>
                {formatToken(p.amount, info.decimals, info.symbol)} ({formatUsd(p.usdValue)} at
                pledge time)
                {p.refundable > 0n
                  ? ` · refund due: ${formatToken(p.refundable, info.decimals, info.symbol)}`
                  : ""}
              </span>
              {status === 1 && p.amount > 0n ? (
                <button
                  type="button"
                  className="secondary small"
                  disabled={tx.busy}
                  data-testid={`cancel-${info.symbol}`}
                  onClick={() =>
                    tx.write(`Cancel your ${info.symbol} pledge`, {
                      address,
                      abi: campaignAbi,
                      functionName: "cancelPledge",
                      args: [p.token],
                    })
                  }
                >
                  Cancel pledge
                </button>
              ) : null}
              {p.refundable > 0n ? (
                <button
                  type="button"
                  className="small"
                  disabled={tx.busy}
                  data-testid={`refund-${info.symbol}`}
                  onClick={() =>
                    tx.write(`Claim ${formatToken(p.refundable, info.decimals, info.symbol)}`, {
                      address,
                      abi: campaignAbi,
                      functionName: "claimRefund",
                      args: [p.token],
                    })
                  }
                >
                  Claim refund
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <TxStatus state={tx.state} testId="donor-tx" />
    </Section>
  );
}

function PledgeFeed({
  ledger,
  tokens,
}: {
  ledger?: import("../../../client/ledger.ts").Ledger;
  tokens: ReturnType<typeof useTokens>;
}) {
  const { chain } = useDeployment();
  const [shown, setShown] = useState(FEED_PAGE);
  const pledges = useMemo(
    () =>
      (ledger?.entries ?? []).filter((e) => e.kind === "pledge" || e.kind === "cancel").reverse(),
    [ledger],
  );
  return (
    <Section title={`Pledges (${pledges.filter((p) => p.kind === "pledge").length}, live)`}>
      <ol className="feed" data-testid="pledge-feed" aria-live="polite">
        {pledges.slice(0, shown).map((e) => {
          const info = tokenOf(tokens, e.token!);
          return (
            <li key={`${e.transactionHash}-${e.logIndex}`}>
              <AddressText address={e.account!} chain={chain} />{" "}
              {e.kind === "cancel" ? "cancelled" : "pledged"}{" "}
              <strong>{formatToken(e.amount!, info.decimals, info.symbol)}</strong>
              {e.usdValue !== undefined ? ` (${formatUsd(e.usdValue)})` : ""} ·{" "}
              <TxLink hash={e.transactionHash} chain={chain} />
            </li>
          );
        })}
      </ol>
      {pledges.length > shown ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => setShown(shown + FEED_PAGE)}
        >
          Show {Math.min(FEED_PAGE, pledges.length - shown)} more
        </button>
      ) : null}
    </Section>
  );
}
