import { useState } from "react";
import { isAddress, type Address, type Hex } from "viem";
import { useConnection } from "wagmi";

import { confirmationTypedData } from "../../../client/actions.ts";
import { campaignAbi } from "../../../client/generated/abis.ts";
import { CopyButton, ORDER_STATUS_LABELS, Section } from "../components/common.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { useAllCampaigns } from "../hooks/campaigns.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { isBytes32 } from "../lib/hash.ts";
import { formatUnitsCount } from "../lib/format.ts";

type Target = { campaign: Address; orderId: bigint; units: bigint; unitName: string };

export function VerifierPage() {
  const { address } = useConnection();
  const all = useAllCampaigns();
  const me = address?.toLowerCase();
  const [target, setTarget] = useState<Target>();
  const awaiting = (all.data ?? []).flatMap((c) =>
    c.params.verifiers.some((v) => v.toLowerCase() === me)
      ? c.orders
          .filter((o) => (o.status === 2 || o.status === 3) && o.unitsVerified < o.units)
          .map((o) => ({ c, o }))
      : [],
  );
  return (
    <div>
      <h1>Verifier console</h1>
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
                {o.id.toString()} ({ORDER_STATUS_LABELS[o.status]}):{" "}
                {formatUnitsCount(o.unitsVerified)} of {formatUnitsCount(o.units)} verified
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
      {target ? <ConfirmForm target={target} key={`${target.campaign}-${target.orderId}`} /> : null}
      <SubmitSignatures />
    </div>
  );
}

function ConfirmForm({ target }: { target: Target }) {
  const { chainId } = useDeployment();
  const [units, setUnits] = useState("");
  const [evidence, setEvidence] = useState("");
  const tx = useTransactor();
  const parsedUnits = /^\d+$/.test(units.replace(/,/g, ""))
    ? BigInt(units.replace(/,/g, ""))
    : undefined;
  const problem =
    parsedUnits === undefined || parsedUnits === 0n
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
      {problem && (units || evidence) ? <p className="error-text">{problem}</p> : null}
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
        <button
          type="button"
          className="secondary"
          disabled={!!problem || tx.busy}
          data-testid="confirm-sign"
          onClick={() =>
            tx.sign(
              "Sign the confirmation (EIP-712)",
              confirmationTypedData(
                chainId,
                target.campaign,
                target.orderId,
                parsedUnits!,
                evidence as Hex,
              ),
            )
          }
        >
          Sign instead (share the signature)
        </button>
      </div>
      <TxStatus state={tx.state} testId="verifier-tx" />
      {tx.state.signature ? (
        <div className="signature" data-testid="signature-out">
          <p>
            Share this signature with whoever submits the confirmations (campaign {target.campaign},
            order {target.orderId.toString()}, {units} units, evidence {evidence}):
          </p>
          <code className="mono break" data-testid="signature-value">
            {tx.state.signature}
          </code>{" "}
          <CopyButton text={tx.state.signature} testId="copy-signature" />
        </div>
      ) : null}
    </Section>
  );
}

function SubmitSignatures() {
  const [campaign, setCampaign] = useState("");
  const [orderId, setOrderId] = useState("");
  const [units, setUnits] = useState("");
  const [evidence, setEvidence] = useState("");
  const [signatures, setSignatures] = useState("");
  const [error, setError] = useState<string>();
  const tx = useTransactor();
  return (
    <Section title="Submit verifiers' signatures (anyone)">
      <form
        data-testid="sig-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const sigs = signatures.split(/[\s,]+/).filter(Boolean);
          const problem = !isAddress(campaign)
            ? "Enter the appeal's address."
            : !/^\d+$/.test(orderId)
              ? "Enter the order number."
              : !/^\d+$/.test(units) || units === "0"
                ? "Enter the cumulative units the verifiers signed."
                : !isBytes32(evidence)
                  ? "Enter the evidence hash the verifiers signed."
                  : sigs.length === 0 || sigs.some((s) => !/^0x[0-9a-fA-F]{130}$/.test(s))
                    ? "Paste the signatures, one per line (0x followed by 130 hexadecimal characters)."
                    : undefined;
          setError(problem);
          if (problem) return;
          void tx.write(`Submit ${sigs.length} signature(s)`, {
            address: campaign as Address,
            abi: campaignAbi,
            functionName: "confirmDeliveryBySig",
            args: [BigInt(orderId), BigInt(units), evidence as Hex, sigs as Hex[]],
          });
        }}
      >
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
          <div className="field wide">
            <label htmlFor="sig-list">Signatures (one per line)</label>
            <textarea
              id="sig-list"
              className="mono"
              rows={3}
              value={signatures}
              onChange={(e) => setSignatures(e.target.value)}
              data-testid="sig-list"
            />
          </div>
        </div>
        {error ? (
          <p className="error-text" role="alert" data-testid="sig-error">
            {error}
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
