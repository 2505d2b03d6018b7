import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { isAddress, zeroAddress, type Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { AmountInput } from "../components/AmountInput.tsx";
import { AppealStory } from "../components/AppealStory.tsx";
import { AttestationsSection } from "../components/Attestations.tsx";
import { DonorReceiptSection } from "../components/DonorReceipt.tsx";
import { SummaryView } from "../components/Receipt.tsx";
import {
  AddressText,
  Party,
  Progress,
  QueryError,
  Section,
  StatusBadge,
  TxLink,
} from "../components/common.tsx";
import { OrderCard } from "../components/OrderTimeline.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  tokensReady,
  useCampaign,
  useCampaignLedger,
  useDonorPosition,
  useAppealNames,
  useRegistryTokens,
  useTokens,
  useVerifiers,
} from "../hooks/campaigns.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useMetadata } from "../hooks/useMetadata.ts";
import { useAppealHistory, useReceipt, useReceiptNames, useSummary } from "../hooks/receipts.ts";
import {
  useEthFeeReserve,
  usePermitSupport,
  usePledge,
  useUsdEstimate,
} from "../hooks/usePledge.ts";
import { useTransactor } from "../hooks/useTransactor.ts";
import { explainError } from "../lib/errors.ts";
import {
  bpsToPercent,
  formatAmount,
  formatBalance,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  parseAmount,
  percent,
  timeLeft,
} from "../lib/format.ts";
import { networkName } from "../lib/networkName.ts";
import { href } from "../lib/router.ts";
import { appealTitle } from "./Appeals.tsx";

const FEED_PAGE = 20;

export function AppealPage({ address }: { address?: string }) {
  const { t } = useTranslation();
  if (!address || !isAddress(address)) return <p role="alert">{t("appeal.notAddress")}</p>;
  return <Appeal address={address} key={address} />;
}

function Appeal({ address }: { address: Address }) {
  const { t } = useTranslation();
  const { chain } = useDeployment();
  const campaign = useCampaign(address);
  const data = campaign.data;
  const tokens = useTokens(data?.params.tokens);
  const ledger = useCampaignLedger(address, data?.params);
  const meta = useMetadata(data?.params.metadataURI);
  const now = useChainNow();
  const names = useAppealNames(data?.organizer, data?.params.beneficiary, meta.data);
  const verifiers = useVerifiers();
  const { address: donor } = useConnection();
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

  if (campaign.isLoading) return <p role="status">{t("appeal.loading")}</p>;
  if (campaign.error && !data) return <QueryError query={campaign} />;
  if (!data) return <p role="alert">{t("appeal.notAnAppeal", { network: networkName(chain) })}</p>;
  const { params } = data;
  const unitsVerified = data.orders.reduce((s, o) => s + o.unitsVerified, 0n);

  return (
    <div className="appeal">
      <div className="page-head">
        <h1 data-testid="appeal-title">{appealTitle(data, meta.data?.title)}</h1>
        <StatusBadge status={data.status} />
      </div>
      {summary?.final && history.data && receiptNames.data ? (
        <SummaryView
          summary={summary}
          history={history.data}
          names={receiptNames.data}
          chain={chain}
        />
      ) : null}
      <div className="two-col">
        <div className="pledge-col">
          <PledgeForm
            address={address}
            tokens={params.tokens}
            status={data.status}
            deadline={params.deadline}
            now={now}
          />
          <MyPledges
            address={address}
            tokens={params.tokens}
            status={data.status}
            pledgedBefore={!!receipt}
          />
        </div>
        <div className="main-col">
          <AppealStory
            uri={params.metadataURI}
            metadata={meta.data}
            error={meta.error}
            loading={meta.isLoading}
          />
          <DonorReceiptSection
            donor={donor}
            history={history.data}
            receipt={receipt}
            summary={summary}
            names={receiptNames.data}
            title={meta.data?.title}
            chain={chain}
            loading={!history.data}
          />
          <Section title={t("appeal.section")}>
            <Progress
              label={t("appeal.raised")}
              value={percent(data.raisedUsd, params.goalUsd)}
              text={t("common.ofTotal", {
                part: formatUsd(data.raisedUsd),
                whole: formatUsd(params.goalUsd),
              })}
              testId="money-progress"
            />
            <Progress
              label={t("appeal.delivered", { unit: params.unitName })}
              value={percent(unitsVerified, params.targetUnits)}
              text={t("common.ofTotal", {
                part: formatUnitsCount(unitsVerified),
                whole: formatUnitsCount(params.targetUnits),
              })}
              testId="units-progress"
            />
            <dl className="facts">
              <dt>{t("appeal.beneficiary")}</dt>
              <dd>
                <Party
                  address={params.beneficiary}
                  names={names}
                  chain={chain}
                  full
                  testId="appeal-beneficiary"
                />
              </dd>
              <dt>{t("appeal.organizer")}</dt>
              <dd>
                <Party
                  address={data.organizer}
                  names={names}
                  chain={chain}
                  full
                  testId="appeal-organizer"
                />
              </dd>
              <dt>{t("appeal.goal")}</dt>
              <dd>
                {formatUsd(params.goalUsd)} (
                {params.allOrNothing ? t("appeal.allOrNothing") : t("appeal.keepWhatYouRaise")})
              </dd>
              <dt>{t("appeal.fundingDeadline")}</dt>
              <dd>
                {formatDate(params.deadline)}
                {data.status === 1 && now !== undefined
                  ? ` (${timeLeft(params.deadline, now)})`
                  : ledger.data?.ledger.fundingClosedEarly
                    ? ` (${t("appeal.closedEarly")})`
                    : ""}
              </dd>
              <dt>{t("appeal.procurementDeadline")}</dt>
              <dd>{formatDate(params.procurementDeadline)}</dd>
              <dt>{t("appeal.tokens")}</dt>
              <dd>
                {params.tokens.map((tk) => {
                  const info = tokenOf(tokens, tk);
                  const book = data.books[tk.toLowerCase() as Address];
                  return (
                    <div key={tk}>
                      {info.symbol}
                      {book && tokensReady(tokens, [tk])
                        ? ` — ${t("appeal.pledgedIn", { amount: formatToken(book.pledged - book.cancelled, info.decimals, info.symbol) })}`
                        : ""}
                    </div>
                  );
                })}
              </dd>
              <dt>{t("appeal.verifiers")}</dt>
              <dd data-testid="appeal-verifiers">
                {t("appeal.threshold", {
                  threshold: params.threshold,
                  count: params.verifiers.length,
                })}
                {params.verifiers.map((v) => {
                  const record = verifiers.data?.find(
                    (r) => r.address.toLowerCase() === v.toLowerCase(),
                  );
                  return (
                    <div key={v}>
                      {record ? null : <strong>{t("appeal.unregisteredVerifier")} </strong>}
                      <Party address={v} names={names} chain={chain} />
                      {record ? ` (${record.organization})` : ""}
                      {record && record.status !== 1 ? ` — ${t("partyStatus.suspended")}` : ""}
                    </div>
                  );
                })}
              </dd>
              <dt>{t("appeal.maxAdvance")}</dt>
              <dd>{t("appeal.maxAdvanceText", { cap: bpsToPercent(params.maxAdvanceBps) })}</dd>
              <dt>{t("appeal.grace")}</dt>
              <dd>{t("units.days", { count: Number(params.deliveryGracePeriod) / 86_400 })}</dd>
            </dl>
            <p>
              <a href={href("audit", address)} data-testid="audit-link">
                {t("appeal.auditLink")}
              </a>
            </p>
          </Section>
          <AttestationsSection campaign={address} />
          <Section title={t("appeal.orders")}>
            {ledger.isLoading ? (
              <p role="status">
                {ledger.progress
                  ? t("appeal.readingHistoryProgress", ledger.progress)
                  : t("appeal.readingHistory")}
              </p>
            ) : null}
            {ledger.error ? <QueryError query={ledger} /> : null}
            {ledger.data && ledger.data.ledger.orders.length === 0 ? (
              <p>{t("appeal.noOrders")}</p>
            ) : null}
            <ul className="orders" data-testid="orders">
              {(tokensReady(tokens, params.tokens) ? (ledger.data?.ledger.orders ?? []) : []).map(
                (o) => (
                  <OrderCard
                    key={o.id.toString()}
                    order={o}
                    entries={ledger.data!.ledger.entries}
                    tokenOf={(tk) => tokenOf(tokens, tk)}
                    chain={chain}
                    unitName={params.unitName}
                    names={names}
                  />
                ),
              )}
            </ul>
          </Section>
          <PledgeFeed ledger={ledger.data?.ledger} tokens={tokens} />
        </div>
      </div>
    </div>
  );
}

/** Why the pledge button is off, from what the page already knows (undefined: it is on). */
function blockedReason({
  t,
  open,
  donor,
  amount,
  balance,
  platform,
  beforeDeadline,
}: {
  t: ReturnType<typeof useTranslation>["t"];
  open: boolean;
  donor?: Address;
  amount?: bigint;
  balance?: { value: bigint; text: string };
  platform?: string;
  beforeDeadline: boolean;
}): string | undefined {
  if (!open) return t("pledge.notOpen");
  if (!beforeDeadline) return t("pledge.deadlinePassedShort");
  if (platform) return platform;
  if (!donor) return t("pledge.connect");
  if (amount === undefined) return undefined;
  if (balance && amount > balance.value)
    return t("pledge.aboveBalanceShort", { balance: balance.text });
  return undefined;
}

function PledgeForm({
  address,
  tokens: tokenAddresses,
  status,
  deadline,
  now,
}: {
  address: Address;
  tokens: readonly Address[];
  status: number;
  deadline: bigint;
  now?: bigint;
}) {
  const { t } = useTranslation();
  const { address: donor } = useConnection();
  const tokens = useTokens(tokenAddresses);
  const [token, setToken] = useState<Address>(tokenAddresses[0]);
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"approve" | "permit">("approve");
  const ready = tokensReady(tokens, tokenAddresses);
  const info = tokenOf(tokens, token);
  const parsed = text === "" || !ready ? undefined : parseAmount(text, info.decimals, info.symbol);
  const amount = parsed?.ok ? parsed.value : undefined;
  const usd = useUsdEstimate(token, amount);
  const position = useDonorPosition(address, tokenAddresses, donor);
  const mine = position.data?.find((p) => p.token === token.toLowerCase());
  const balance = mine?.balance;
  const balanceUsd = useUsdEstimate(token, balance && balance > 0n ? balance : undefined);
  const feeReserve = useEthFeeReserve(token === zeroAddress && !!donor);
  const permit = usePermitSupport(token, donor);
  const registry = useRegistryTokens();
  const { pledge, tx } = usePledge(address);
  const open = status === 1;
  const isEth = token === zeroAddress;
  const row = registry.data?.tokens.find((r) => r.token === token.toLowerCase());
  const platform = registry.data?.paused
    ? t("banner.pausedShort")
    : row && !row.price.ok
      ? explainError(row.price.error).sentence
      : undefined;
  const maxValue =
    balance === undefined
      ? undefined
      : isEth
        ? feeReserve.data !== undefined && balance > feeReserve.data
          ? balance - feeReserve.data
          : 0n
        : balance;
  const reason = blockedReason({
    t,
    open,
    donor,
    amount,
    balance:
      balance !== undefined
        ? { value: balance, text: formatBalance(balance, info.decimals, info.symbol) }
        : undefined,
    platform,
    beforeDeadline: now === undefined || now < deadline,
  });

  return (
    <Section title={t("pledge.title")} id="pledge">
      {!open ? <p className="muted">{t("pledge.notOpen")}</p> : null}
      <form
        hidden={!open}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!amount || now === undefined || reason) return;
          const submitted = text;
          const ok = await pledge(info, amount, permit.data?.supported ? mode : "approve", {
            now,
            deadline,
            status,
          });
          // Clear the amount only if the person has not typed another one meanwhile.
          if (ok) setText((current) => (current === submitted ? "" : current));
        }}
        data-testid="pledge-form"
      >
        <div className="field">
          <label htmlFor="pledge-token">{t("pledge.token")}</label>
          <select
            id="pledge-token"
            value={token}
            onChange={(e) => setToken(e.target.value as Address)}
            data-testid="pledge-token"
          >
            {tokenAddresses.map((tk) => (
              <option key={tk} value={tk}>
                {tokenOf(tokens, tk).symbol}
              </option>
            ))}
          </select>
        </div>
        <AmountInput
          label={t("pledge.amount", { symbol: info.symbol })}
          value={text}
          onChange={setText}
          decimals={info.decimals}
          symbol={info.symbol}
          testId="pledge-amount"
          onMax={
            maxValue !== undefined && maxValue > 0n
              ? () => setText(formatAmount(maxValue, info.decimals))
              : undefined
          }
          maxHint={isEth ? t("pledge.maxEthHint") : undefined}
          hint={
            balance !== undefined ? (
              <span data-testid="pledge-balance">
                {t("pledge.balance", {
                  balance: formatBalance(balance, info.decimals, info.symbol),
                })}
                {balanceUsd.data !== undefined ? ` (≈ ${formatUsd(balanceUsd.data)})` : ""}
              </span>
            ) : undefined
          }
        />
        <p className="muted small-text" data-testid="usd-estimate" aria-live="polite">
          {amount === undefined
            ? t("pledge.usdHint")
            : usd.data !== undefined
              ? t("pledge.usdValue", { usd: formatUsd(usd.data) })
              : usd.error
                ? t("pledge.noPrice")
                : t("pledge.pricing")}
        </p>
        {!isEth && permit.data?.supported ? (
          <fieldset className="radio-row">
            <legend>{t("pledge.authorise")}</legend>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === "approve"}
                onChange={() => setMode("approve")}
              />{" "}
              {t("pledge.byApprove")}
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === "permit"}
                onChange={() => setMode("permit")}
                data-testid="pledge-permit"
              />{" "}
              {t("pledge.byPermit")}
            </label>
          </fieldset>
        ) : !isEth ? (
          <p className="muted small-text">{t("pledge.approveOnly")}</p>
        ) : null}
        <button
          type="submit"
          disabled={!!reason || !amount || tx.busy || now === undefined}
          aria-describedby={reason ? "pledge-reason" : undefined}
          data-testid="pledge-submit"
        >
          {amount !== undefined
            ? t("pledge.submitAmount", {
                amount: formatToken(amount, info.decimals, info.symbol),
              })
            : t("pledge.submit")}
        </button>
        {reason ? (
          <p className="muted small-text" id="pledge-reason" data-testid="pledge-reason">
            {reason}
          </p>
        ) : null}
      </form>
      <TxStatus state={tx.state} testId="pledge-tx" />
    </Section>
  );
}

function MyPledges({
  address,
  tokens: tokenAddresses,
  status,
  pledgedBefore,
}: {
  address: Address;
  tokens: readonly Address[];
  status: number;
  /** Whether the donor's receipt shows pledges here (all settled when none is standing). */
  pledgedBefore: boolean;
}) {
  const { t } = useTranslation();
  const { address: donor } = useConnection();
  const tokens = useTokens(tokenAddresses);
  const position = useDonorPosition(address, tokenAddresses, donor);
  const tx = useTransactor(`donor:${address.toLowerCase()}`);
  if (!donor || !tokensReady(tokens, tokenAddresses)) return null;
  const rows = (position.data ?? []).filter((p) => p.amount > 0n || p.refundable > 0n);
  return (
    <Section title={t("myPledges.title")}>
      {rows.length === 0 ? (
        <p className="muted" data-testid="my-pledges-none">
          {pledgedBefore ? t("myPledges.settled") : t("myPledges.none")}
        </p>
      ) : null}
      <ul className="plain" data-testid="my-pledges">
        {rows.map((p) => {
          const info = tokenOf(tokens, p.token);
          const amount = formatToken(p.amount, info.decimals, info.symbol);
          return (
            <li key={p.token} className="row">
              <span>
                {t("myPledges.row", { amount, usd: formatUsd(p.usdValue) })}
                {p.refundable > 0n
                  ? ` · ${t("myPledges.refundDue", { amount: formatToken(p.refundable, info.decimals, info.symbol) })}`
                  : ""}
              </span>
              {status === 1 && p.amount > 0n ? (
                <button
                  type="button"
                  className="secondary small"
                  disabled={tx.busy}
                  data-testid={`cancel-${info.symbol}`}
                  onClick={() =>
                    tx.write(t("myPledges.cancelLabel", { amount }), {
                      address,
                      abi: campaignAbi,
                      functionName: "cancelPledge",
                      args: [p.token],
                    })
                  }
                >
                  {t("myPledges.cancel")}
                </button>
              ) : null}
              {p.refundable > 0n ? (
                <button
                  type="button"
                  className="small"
                  disabled={tx.busy}
                  data-testid={`refund-${info.symbol}`}
                  onClick={() =>
                    tx.write(
                      t("myPledges.claimLabel", {
                        amount: formatToken(p.refundable, info.decimals, info.symbol),
                      }),
                      {
                        address,
                        abi: campaignAbi,
                        functionName: "claimRefund",
                        args: [p.token],
                      },
                    )
                  }
                >
                  {t("myPledges.claim")}
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
  const { t } = useTranslation();
  const { chain } = useDeployment();
  const [shown, setShown] = useState(FEED_PAGE);
  const pledges = useMemo(
    () =>
      (ledger?.entries ?? []).filter((e) => e.kind === "pledge" || e.kind === "cancel").reverse(),
    [ledger],
  );
  return (
    <Section title={t("feed.title", { count: pledges.filter((p) => p.kind === "pledge").length })}>
      <ol className="feed" data-testid="pledge-feed" aria-live="polite">
        {pledges.slice(0, shown).map((e) => {
          const info = tokenOf(tokens, e.token!);
          const amount = formatToken(e.amount!, info.decimals, info.symbol);
          return (
            <li key={`${e.transactionHash}-${e.logIndex}`}>
              <AddressText address={e.account!} chain={chain} />{" "}
              {e.kind === "cancel" ? t("feed.cancelled") : t("feed.pledged")}{" "}
              <strong>{amount}</strong>
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
          {t("common.showMore", { count: Math.min(FEED_PAGE, pledges.length - shown) })}
        </button>
      ) : null}
    </Section>
  );
}
