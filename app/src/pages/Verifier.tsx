import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { useConnection } from "wagmi";

import { signConfirmation } from "../../../client/actions.ts";
import { campaignAbi } from "../../../client/generated/abis.ts";
import { CopyButton, orderStatusName, Section } from "../components/common.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  useCampaignsAt,
  usePartyNames,
  useStanding,
  type CampaignWithOrders,
} from "../hooks/campaigns.ts";
import { useChainClient, useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { t } from "../i18n/index.ts";
import { formatDate, formatUnitsCount } from "../lib/format.ts";
import { isBytes32 } from "../lib/hash.ts";
import { useWorkCampaigns } from "../lib/indexerHooks.ts";
import { SourceNote } from "../lib/indexerSource.tsx";
import { msg, say, type Message } from "../lib/message.ts";
import {
  checkConfirmations,
  confirmationToJson,
  deadlineAfter,
  parseConfirmations,
  sharedContext,
} from "../lib/signatures.ts";

type Target = { campaign: Address; orderId: bigint; units: bigint; unitName: string };

const isMine = (c: CampaignWithOrders, me?: string) =>
  !!me && c.params.verifiers.some((v) => v.toLowerCase() === me);

export function VerifierPage() {
  useTranslation();
  const { address } = useConnection();
  // The appeals that list this verifier, found by the indexer when there is one (else every
  // appeal), each read from the chain.
  const { campaigns: all, indexed } = useWorkCampaigns("verifier", address);
  const standing = useStanding("verifier", address);
  const me = address?.toLowerCase();
  const [target, setTarget] = useState<Target>();
  const mine = (all.data ?? []).filter((c) => isMine(c, me));
  const awaiting = mine.flatMap((c) =>
    c.orders
      .filter((o) => (o.status === 2 || o.status === 3) && o.unitsVerified < o.units)
      .map((o) => ({ c, o })),
  );
  const suspended = standing.data?.status === 2;
  return (
    <div>
      <h1>{t("verifier.title")}</h1>
      <SourceNote mode={indexed.mode} source={indexed.source} block={indexed.block} />
      {indexed.mode === "indexer" && indexed.data && address ? (
        <p className="muted small-text" data-testid="verifier-indexer-queue">
          {t("indexer.verifierQueue", {
            appeals: formatUnitsCount(indexed.data.appeals.length),
            pending: formatUnitsCount(indexed.data.pending),
          })}
        </p>
      ) : null}
      {address && standing.data && standing.data.status !== 1 ? (
        <div className="banner banner-warning" role="status" data-testid="verifier-standing">
          {suspended ? (
            <>
              <strong>
                {standing.data.since
                  ? t("supplier.suspendedSince", {
                      name: standing.data.name ?? t("verifier.thisVerifier"),
                      date: formatDate(standing.data.since),
                    })
                  : t("supplier.suspended", {
                      name: standing.data.name ?? t("verifier.thisVerifier"),
                    })}
              </strong>{" "}
              {t("verifier.suspendedHelp", {
                reason: standing.data.reason ?? t("supplier.noReason"),
              })}
            </>
          ) : (
            <>
              <strong>{t("verifier.notRegistered")}</strong> {t("verifier.notRegisteredHelp")}
            </>
          )}
        </div>
      ) : null}
      {address && mine.length ? <MyAppeals campaigns={mine} me={address} /> : null}
      <Section title={t("verifier.awaiting")}>
        {!address ? <p>{t("verifier.connect")}</p> : null}
        {address && awaiting.length === 0 ? (
          <p className="muted">{t("verifier.noneAwaiting")}</p>
        ) : null}
        <ul className="plain" data-testid="verifier-orders">
          {awaiting.map(({ c, o }) => (
            <li key={`${c.address}-${o.id}`} className="row" data-campaign={c.address}>
              <span>
                {t("verifier.awaitingLine", {
                  title: `${formatUnitsCount(c.params.targetUnits)} ${c.params.unitName}`,
                  id: o.id.toString(),
                  status: orderStatusName(o.status),
                  verified: formatUnitsCount(o.unitsVerified),
                  units: formatUnitsCount(o.units),
                })}
              </span>
              <button
                type="button"
                className="small"
                data-testid={`verify-${o.id}`}
                onClick={() =>
                  setTarget({
                    campaign: c.address,
                    orderId: o.id,
                    units: o.units,
                    unitName: c.params.unitName,
                  })
                }
              >
                {t("verifier.confirmDelivery")}
              </button>
            </li>
          ))}
        </ul>
      </Section>
      {target ? (
        <ConfirmForm
          target={target}
          suspended={suspended}
          key={`${target.campaign}-${target.orderId}`}
        />
      ) : null}
      <SubmitSignatures campaigns={all.data ?? []} />
    </div>
  );
}

/** The appeals this account verifies: its signature nonce in each, and cancelling what it signed. */
function MyAppeals({ campaigns, me }: { campaigns: CampaignWithOrders[]; me: Address }) {
  useTranslation();
  const client = useChainClient();
  const { chainId } = useDeployment();
  const nonces = useQuery({
    queryKey: ["nonces", chainId, me, campaigns.map((c) => c.address).join()],
    queryFn: async () =>
      Promise.all(
        campaigns.map((c) =>
          client.readContract({
            address: c.address,
            abi: campaignAbi,
            functionName: "nonces",
            args: [me],
          }),
        ),
      ),
  });
  return (
    <Section title={t("verifier.myAppeals")}>
      <p className="muted small-text">{t("verifier.nonceHelp")}</p>
      <ul className="plain" data-testid="verifier-appeals">
        {campaigns.map((c, i) => (
          <NonceRow key={c.address} campaign={c} nonce={nonces.data?.[i]} />
        ))}
      </ul>
    </Section>
  );
}

function NonceRow({ campaign, nonce }: { campaign: CampaignWithOrders; nonce?: bigint }) {
  useTranslation();
  const tx = useTransactor(`nonce:${campaign.address.toLowerCase()}`);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="row" data-campaign={campaign.address}>
      <span>
        <Trans
          i18nKey="verifier.nonceLine"
          values={{
            title: `${formatUnitsCount(campaign.params.targetUnits)} ${campaign.params.unitName}`,
            nonce: nonce?.toString() ?? "…",
          }}
          components={{ b: <strong data-testid="verifier-nonce" /> }}
        />
      </span>
      {campaign.status !== 1 && campaign.status !== 3 ? null : confirming ? (
        <span className="inline-form" role="group" aria-label={t("verifier.confirmCancel")}>
          <span className="small-text">{t("verifier.cancelAsk")}</span>
          <button
            type="button"
            className="danger small"
            disabled={tx.busy}
            data-testid="cancel-signatures-confirm"
            onClick={async () => {
              await tx.write(t("verifier.cancelLabel"), {
                address: campaign.address,
                abi: campaignAbi,
                functionName: "cancelSignatures",
              });
              setConfirming(false);
            }}
          >
            {t("verifier.cancelYes")}
          </button>
          <button
            type="button"
            className="secondary small"
            data-testid="cancel-signatures-keep"
            onClick={() => setConfirming(false)}
          >
            {t("verifier.cancelKeep")}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="secondary small"
          data-testid="cancel-signatures"
          onClick={() => {
            tx.reset();
            setConfirming(true);
          }}
        >
          {t("verifier.cancelButton")}
        </button>
      )}
      <TxStatus state={tx.state} testId="nonce-tx" />
    </li>
  );
}

function ConfirmForm({ target, suspended }: { target: Target; suspended: boolean }) {
  useTranslation();
  const { chainId } = useDeployment();
  const client = useChainClient();
  const now = useChainNow();
  const [units, setUnits] = useState("");
  const [evidence, setEvidence] = useState("");
  const [days, setDays] = useState("7");
  const [shared, setShared] = useState<string>();
  const tx = useTransactor(`confirm:${target.campaign.toLowerCase()}:${target.orderId}`);
  const parsedUnits = /^\d+$/.test(units.replace(/,/g, ""))
    ? BigInt(units.replace(/,/g, ""))
    : undefined;
  const deadline = now === undefined ? undefined : deadlineAfter(now, days);
  const problem = suspended
    ? t("verifier.suspendedProblem")
    : parsedUnits === undefined || parsedUnits === 0n
      ? t("verifier.unitsMissing")
      : parsedUnits > target.units
        ? t("verifier.unitsAbove", {
            units: formatUnitsCount(target.units),
            count: Number(target.units),
          })
        : !isBytes32(evidence)
          ? t("verifier.evidenceMissing")
          : undefined;
  const unitsText = parsedUnits === undefined ? units : formatUnitsCount(parsedUnits);
  return (
    <Section
      title={t("verifier.confirmTitle", {
        id: target.orderId.toString(),
        units: formatUnitsCount(target.units),
        unit: target.unitName,
      })}
    >
      <div className="field">
        <label htmlFor="confirm-units">{t("verifier.unitsSoFar")}</label>
        <input
          id="confirm-units"
          inputMode="numeric"
          value={units}
          onChange={(e) => setUnits(e.target.value)}
          data-testid="confirm-units"
        />
      </div>
      <EvidenceHash
        label={t("verifier.evidence")}
        value={evidence}
        onChange={setEvidence}
        testId="confirm-evidence"
      />
      {problem && (units || evidence || suspended) ? (
        <p className="error-text" data-testid="confirm-problem">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={!!problem || tx.busy}
          data-testid="confirm-tx"
          onClick={() =>
            tx.write(
              t("verifier.confirmLabel", {
                units: unitsText,
                count: Number(parsedUnits ?? 0n),
              }),
              {
                address: target.campaign,
                abi: campaignAbi,
                functionName: "confirmDelivery",
                args: [target.orderId, parsedUnits!, evidence as Hex],
              },
            )
          }
        >
          {t("verifier.confirmTx")}
        </button>
      </div>
      <fieldset>
        <legend>{t("verifier.signLegend")}</legend>
        <div className="field">
          <label htmlFor="confirm-deadline-days">{t("verifier.validFor")}</label>
          <input
            id="confirm-deadline-days"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            data-testid="confirm-deadline-days"
          />
          <div className="hint">
            {deadline !== undefined
              ? t("verifier.usableUntil", { date: formatDate(deadline) })
              : t("verifier.wholeDays")}
          </div>
        </div>
        <button
          type="button"
          className="secondary"
          disabled={!!problem || tx.busy || deadline === undefined}
          data-testid="confirm-sign"
          onClick={async () => {
            setShared(undefined);
            const signed = await tx.withWallet(t("verifier.signLabel"), (wallet) =>
              signConfirmation(client, wallet, target.campaign, {
                orderId: target.orderId,
                unitsDelivered: parsedUnits!,
                evidenceHash: evidence as Hex,
                deadline: deadline!,
              }),
            );
            if (signed)
              setShared(
                confirmationToJson({
                  ...signed,
                  campaign: target.campaign,
                  chainId,
                  orderId: target.orderId,
                  unitsDelivered: parsedUnits!,
                  evidenceHash: evidence as Hex,
                }),
              );
          }}
        >
          {t("verifier.sign")}
        </button>
      </fieldset>
      <TxStatus state={tx.state} testId="verifier-tx" />
      {shared ? (
        <div className="signature" data-testid="signature-out">
          <p>
            {t("verifier.share", {
              id: target.orderId.toString(),
              units: unitsText,
              count: Number(parsedUnits ?? 0n),
            })}
          </p>
          <code className="mono break" data-testid="signature-value">
            {shared}
          </code>{" "}
          <CopyButton text={shared} testId="copy-signature" />
        </div>
      ) : null}
    </Section>
  );
}

/** The relayer's form: verifiers' signed confirmations (JSON) for one order, submitted together. */
function SubmitSignatures({ campaigns: known }: { campaigns: CampaignWithOrders[] }) {
  useTranslation();
  const { chainId } = useDeployment();
  const now = useChainNow();
  const book = usePartyNames();
  const names = useMemo(
    () => Object.fromEntries(book.entries().map(([a, p]) => [a, p.name])),
    [book],
  );
  const [campaign, setCampaign] = useState("");
  const [orderId, setOrderId] = useState("");
  const [units, setUnits] = useState("");
  const [evidence, setEvidence] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<Message>();
  const tx = useTransactor("relay");
  // An appeal the page has not read (the indexer only finds this account's): read it from the chain.
  const typed = useCampaignsAt(
    isAddress(campaign) && !known.some((c) => c.address.toLowerCase() === campaign.toLowerCase())
      ? [getAddress(campaign)]
      : undefined,
  );
  const campaigns = [...known, ...(typed.data ?? [])];
  const parsed = text.trim() ? parseConfirmations(text) : undefined;
  const onText = (value: string) => {
    setText(value);
    setError(undefined);
    const read = parseConfirmations(value);
    if (!read.ok) return;
    // Fill the order from what the verifiers signed (still editable).
    const ctx = sharedContext(read.items);
    if (ctx.campaign) setCampaign(ctx.campaign);
    if (ctx.orderId !== undefined) setOrderId(ctx.orderId.toString());
    if (ctx.unitsDelivered !== undefined) setUnits(ctx.unitsDelivered.toString());
    if (ctx.evidenceHash) setEvidence(ctx.evidenceHash);
  };
  return (
    <Section title={t("relay.title")}>
      <form
        data-testid="sig-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const read = parseConfirmations(text);
          const ctx = read.ok ? sharedContext(read.items) : undefined;
          const appeal = campaigns.find((c) => c.address.toLowerCase() === campaign.toLowerCase());
          const problem = !read.ok
            ? read.error
            : ctx?.conflict
              ? ctx.conflict
              : !isAddress(campaign)
                ? msg("relay.enterAppeal")
                : !appeal
                  ? msg("relay.unknownAppeal")
                  : !/^\d+$/.test(orderId)
                    ? msg("relay.enterOrder")
                    : !/^\d+$/.test(units) || units === "0"
                      ? msg("relay.enterUnits")
                      : !isBytes32(evidence)
                        ? msg("relay.enterEvidence")
                        : now === undefined
                          ? msg("relay.readingClock")
                          : checkConfirmations(
                              read.items,
                              {
                                campaign: campaign as Address,
                                orderId: BigInt(orderId),
                                unitsDelivered: BigInt(units),
                                evidenceHash: evidence as Hex,
                              },
                              { chainId, verifiers: appeal.params.verifiers, names },
                              now,
                            );
          setError(problem);
          if (problem || !read.ok) return;
          void tx.write(t("relay.submitLabel", { count: read.items.length }), {
            address: campaign as Address,
            abi: campaignAbi,
            functionName: "confirmDeliveryBySig",
            args: [
              BigInt(orderId),
              BigInt(units),
              evidence as Hex,
              read.items.map((c) => ({
                verifier: c.verifier,
                deadline: c.deadline,
                signature: c.signature,
              })),
            ],
          });
        }}
      >
        <div className="field wide">
          <label htmlFor="sig-list">{t("relay.list")}</label>
          <textarea
            id="sig-list"
            className="mono"
            rows={4}
            value={text}
            onChange={(e) => onText(e.target.value)}
            data-testid="sig-list"
          />
        </div>
        {parsed?.ok ? (
          <ul className="small-text" data-testid="sig-parsed">
            {parsed.items.map((c) => (
              <li key={c.verifier + c.signature}>
                {t(
                  now !== undefined && c.deadline < now
                    ? "relay.validUntilExpired"
                    : "relay.validUntil",
                  {
                    who: names[c.verifier.toLowerCase()] ?? c.verifier,
                    date: formatDate(c.deadline),
                  },
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sig-campaign">{t("relay.appeal")}</label>
            <input
              id="sig-campaign"
              className="mono"
              value={campaign}
              onChange={(e) => setCampaign(e.target.value.trim())}
              data-testid="sig-campaign"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-order">{t("relay.order")}</label>
            <input
              id="sig-order"
              inputMode="numeric"
              value={orderId}
              onChange={(e) => setOrderId(e.target.value.trim())}
              data-testid="sig-order"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-units">{t("relay.units")}</label>
            <input
              id="sig-units"
              inputMode="numeric"
              value={units}
              onChange={(e) => setUnits(e.target.value.trim())}
              data-testid="sig-units"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-evidence">{t("relay.evidence")}</label>
            <input
              id="sig-evidence"
              className="mono"
              value={evidence}
              onChange={(e) => setEvidence(e.target.value.trim())}
              data-testid="sig-evidence"
            />
          </div>
        </div>
        {error || (parsed && !parsed.ok) ? (
          <p className="error-text" role="alert" data-testid="sig-error">
            {say(error ?? (parsed && !parsed.ok ? parsed.error : undefined))}
          </p>
        ) : null}
        <button type="submit" disabled={tx.busy} data-testid="sig-submit">
          {t("relay.submit")}
        </button>
      </form>
      <TxStatus state={tx.state} testId="sig-tx" />
    </Section>
  );
}
