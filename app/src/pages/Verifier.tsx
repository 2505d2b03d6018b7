import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isAddress, type Address, type Hex } from "viem";
import { useConnection } from "wagmi";

import { signConfirmation } from "../../../client/actions.ts";
import { campaignAbi } from "../../../client/generated/abis.ts";
import { CopyButton, orderStatusName, Section } from "../components/common.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  useAllCampaigns,
  usePartyNames,
  useStanding,
  type CampaignWithOrders,
} from "../hooks/campaigns.ts";
import { useChainClient, useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { formatDate, formatUnitsCount } from "../lib/format.ts";
import { isBytes32 } from "../lib/hash.ts";
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
  const { address } = useConnection();
  const all = useAllCampaigns();
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
      <h1>Verifier console</h1>
      {address && standing.data && standing.data.status !== 1 ? (
        <div className="banner banner-warning" role="status" data-testid="verifier-standing">
          {suspended ? (
            <>
              <strong>
                {standing.data.name ?? "This verifier"} is suspended by the platform's vetter
                {standing.data.since ? ` since ${formatDate(standing.data.since)}` : ""}.
              </strong>{" "}
              Reason given: “{standing.data.reason ?? "none recorded"}”. Appeals refuse your
              confirmations, by transaction or by signature, until a vetter reinstates you.
            </>
          ) : (
            <>
              <strong>This account is not a registered verifier.</strong> Appeals only accept
              confirmations from verifiers a vetter registered; anyone may still submit verifiers'
              signed confirmations below.
            </>
          )}
        </div>
      ) : null}
      {address && mine.length ? <MyAppeals campaigns={mine} me={address} /> : null}
      <Section title="Orders awaiting confirmation">
        {!address ? <p>Connect a verifier's wallet to see the orders it can confirm.</p> : null}
        {address && awaiting.length === 0 ? (
          <p className="muted">No order awaits this account's confirmation.</p>
        ) : null}
        <ul className="plain" data-testid="verifier-orders">
          {awaiting.map(({ c, o }) => (
            <li key={`${c.address}-${o.id}`} className="row" data-campaign={c.address}>
              <span>
                {formatUnitsCount(c.params.targetUnits)} {c.params.unitName} — order #
                {o.id.toString()} ({orderStatusName(o.status)}): {formatUnitsCount(o.unitsVerified)}{" "}
                of {formatUnitsCount(o.units)} verified
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
                Confirm delivery…
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
    <Section title="Appeals you verify">
      <p className="muted small-text">
        Every confirmation you make (by transaction or signature) uses up your current nonce in that
        appeal, and so does cancelling: a signature made with an older nonce no longer works.
      </p>
      <ul className="plain" data-testid="verifier-appeals">
        {campaigns.map((c, i) => (
          <NonceRow key={c.address} campaign={c} nonce={nonces.data?.[i]} />
        ))}
      </ul>
    </Section>
  );
}

function NonceRow({ campaign, nonce }: { campaign: CampaignWithOrders; nonce?: bigint }) {
  const tx = useTransactor(`nonce:${campaign.address.toLowerCase()}`);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="row" data-campaign={campaign.address}>
      <span>
        {formatUnitsCount(campaign.params.targetUnits)} {campaign.params.unitName} — your signature
        nonce: <strong data-testid="verifier-nonce">{nonce?.toString() ?? "…"}</strong>
      </span>
      {campaign.status !== 1 && campaign.status !== 3 ? null : confirming ? (
        <span className="inline-form" role="group" aria-label="Confirm the cancellation">
          <span className="small-text">
            Every signature you gave for this appeal and that was not submitted stops working. Sure?
          </span>
          <button
            type="button"
            className="danger small"
            disabled={tx.busy}
            data-testid="cancel-signatures-confirm"
            onClick={async () => {
              await tx.write("Cancel my outstanding signatures", {
                address: campaign.address,
                abi: campaignAbi,
                functionName: "cancelSignatures",
              });
              setConfirming(false);
            }}
          >
            Yes, cancel them
          </button>
          <button
            type="button"
            className="secondary small"
            data-testid="cancel-signatures-keep"
            onClick={() => setConfirming(false)}
          >
            Keep them
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
          Cancel my outstanding signatures…
        </button>
      )}
      <TxStatus state={tx.state} testId="nonce-tx" />
    </li>
  );
}

function ConfirmForm({ target, suspended }: { target: Target; suspended: boolean }) {
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
    ? "You are suspended as a verifier: the appeal would refuse this confirmation."
    : parsedUnits === undefined || parsedUnits === 0n
      ? "Enter the cumulative number of units delivered."
      : parsedUnits > target.units
        ? `The order is for ${formatUnitsCount(target.units)} units.`
        : !isBytes32(evidence)
          ? "Choose the evidence file (or paste its hash)."
          : undefined;
  return (
    <Section
      title={`Confirm order #${target.orderId} (${formatUnitsCount(target.units)} ${target.unitName})`}
    >
      <div className="field">
        <label htmlFor="confirm-units">Units delivered so far (cumulative)</label>
        <input
          id="confirm-units"
          inputMode="numeric"
          value={units}
          onChange={(e) => setUnits(e.target.value)}
          data-testid="confirm-units"
        />
      </div>
      <EvidenceHash
        label="Evidence (goods received note, photos)"
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
            tx.write(`Confirm ${units} units`, {
              address: target.campaign,
              abi: campaignAbi,
              functionName: "confirmDelivery",
              args: [target.orderId, parsedUnits!, evidence as Hex],
            })
          }
        >
          Confirm by transaction
        </button>
      </div>
      <fieldset>
        <legend>…or sign it (EIP-712) and share the signature; anyone may submit it</legend>
        <div className="field">
          <label htmlFor="confirm-deadline-days">Signature valid for (days)</label>
          <input
            id="confirm-deadline-days"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            data-testid="confirm-deadline-days"
          />
          <div className="hint">
            {deadline !== undefined
              ? `Usable until ${formatDate(deadline)} (chain time).`
              : "Whole days from 1 to 365."}
          </div>
        </div>
        <button
          type="button"
          className="secondary"
          disabled={!!problem || tx.busy || deadline === undefined}
          data-testid="confirm-sign"
          onClick={async () => {
            setShared(undefined);
            const signed = await tx.withWallet("Sign the confirmation (EIP-712)", (wallet) =>
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
          Sign (sends nothing)
        </button>
      </fieldset>
      <TxStatus state={tx.state} testId="verifier-tx" />
      {shared ? (
        <div className="signature" data-testid="signature-out">
          <p>
            Share this signed confirmation with whoever submits the confirmations (order{" "}
            {target.orderId.toString()}, {units} units). It carries your current nonce: confirming
            anything else in this appeal, or cancelling your signatures, makes it unusable.
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
function SubmitSignatures({ campaigns }: { campaigns: CampaignWithOrders[] }) {
  const { chainId } = useDeployment();
  const now = useChainNow();
  const names = usePartyNames();
  const [campaign, setCampaign] = useState("");
  const [orderId, setOrderId] = useState("");
  const [units, setUnits] = useState("");
  const [evidence, setEvidence] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const tx = useTransactor("relay");
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
    <Section title="Submit verifiers' signed confirmations (anyone)">
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
                ? "Enter the appeal's address."
                : !appeal
                  ? "No appeal of this deployment has that address."
                  : !/^\d+$/.test(orderId)
                    ? "Enter the order number."
                    : !/^\d+$/.test(units) || units === "0"
                      ? "Enter the cumulative units the verifiers signed."
                      : !isBytes32(evidence)
                        ? "Enter the evidence hash the verifiers signed."
                        : now === undefined
                          ? "Reading the chain's clock…"
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
          void tx.write(`Submit ${read.items.length} signed confirmation(s)`, {
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
          <label htmlFor="sig-list">
            Signed confirmations as the verifiers shared them (JSON, one per verifier)
          </label>
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
                {names[c.verifier.toLowerCase()] ?? c.verifier} — valid until{" "}
                {formatDate(c.deadline)}
                {now !== undefined && c.deadline < now ? " (expired)" : ""}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sig-campaign">Appeal address</label>
            <input
              id="sig-campaign"
              className="mono"
              value={campaign}
              onChange={(e) => setCampaign(e.target.value.trim())}
              data-testid="sig-campaign"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-order">Order number</label>
            <input
              id="sig-order"
              inputMode="numeric"
              value={orderId}
              onChange={(e) => setOrderId(e.target.value.trim())}
              data-testid="sig-order"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-units">Units delivered (cumulative)</label>
            <input
              id="sig-units"
              inputMode="numeric"
              value={units}
              onChange={(e) => setUnits(e.target.value.trim())}
              data-testid="sig-units"
            />
          </div>
          <div className="field">
            <label htmlFor="sig-evidence">Evidence hash</label>
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
            {error ?? (parsed && !parsed.ok ? parsed.error : "")}
          </p>
        ) : null}
        <button type="submit" disabled={tx.busy} data-testid="sig-submit">
          Submit confirmations
        </button>
      </form>
      <TxStatus state={tx.state} testId="sig-tx" />
    </Section>
  );
}
