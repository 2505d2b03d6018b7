import { useState } from "react";
import { keccak256, stringToHex, type Address } from "viem";
import { useConnection } from "wagmi";

import { campaignAbi, campaignFactoryAbi } from "../../../client/generated/abis.ts";
import { AmountInput } from "../components/AmountInput.tsx";
import { CampaignPicker } from "../components/CampaignPicker.tsx";
import {
  AddressText,
  Field,
  Progress,
  Section,
  StatusBadge,
  ORDER_STATUS_LABELS,
} from "../components/common.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  useAllCampaigns,
  useRegistryTokens,
  useSuppliers,
  useTokens,
} from "../hooks/campaigns.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { isBytes32 } from "../lib/hash.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  parseAmount,
  timeLeft,
} from "../lib/format.ts";
import {
  emptyLaunchForm,
  parseUtcDateTime,
  validateLaunch,
  type LaunchErrors,
  type LaunchForm,
} from "../lib/validation.ts";
import type { CampaignParams } from "../../../client/ledger.ts";

export function OrganizerPage() {
  return (
    <div>
      <h1>Organizer console</h1>
      <LaunchSection />
      <ManageSection />
    </div>
  );
}

/** What donors will see on the appeals page, before anything is sent. */
export function LaunchPreview({ params, symbols }: { params: CampaignParams; symbols: string[] }) {
  return (
    <div className="card preview" data-testid="launch-preview" aria-label="Preview">
      <p className="muted small-text">What donors will see</p>
      <h3>
        {formatUnitsCount(params.targetUnits)} {params.unitName}
      </h3>
      <Progress
        label="Raised (USD at pledge time)"
        value={0}
        text={`$0.00 of ${formatUsd(params.goalUsd)}`}
      />
      <p className="small-text">
        Funding until {formatDate(params.deadline)} ·{" "}
        {params.allOrNothing ? "all-or-nothing" : "keep what you raise"} · accepts{" "}
        {symbols.join(", ")} · {params.threshold} of {params.verifiers.length} verifiers confirm
        deliveries · advance up to {bpsToPercent(params.maxAdvanceBps)} · procurement until{" "}
        {formatDate(params.procurementDeadline)}
      </p>
      <p className="mono small-text break">{params.metadataURI}</p>
    </div>
  );
}

export function LaunchFormView({
  now,
  tokenOptions,
  onLaunch,
  busy,
}: {
  now: bigint;
  tokenOptions: { address: string; symbol: string }[];
  onLaunch: (params: CampaignParams) => void;
  busy?: boolean;
}) {
  const [form, setForm] = useState<LaunchForm>(emptyLaunchForm);
  const [errors, setErrors] = useState<LaunchErrors>({});
  const [preview, setPreview] = useState<CampaignParams>();
  const set = <K extends keyof LaunchForm>(key: K, value: LaunchForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setPreview(undefined);
  };
  const input = (
    key: keyof LaunchForm,
    label: string,
    props: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <Field label={label} htmlFor={`launch-${key}`} error={errors[key]} hint={hint}>
      <input
        id={`launch-${key}`}
        data-testid={`launch-${key}`}
        value={form[key] as string}
        aria-invalid={!!errors[key]}
        aria-describedby={errors[key] ? `launch-${key}-error` : undefined}
        onChange={(e) => set(key, e.target.value as never)}
        {...props}
      />
    </Field>
  );
  const check = () => {
    const result = validateLaunch(form, now);
    if (!result.ok) {
      setErrors(result.errors);
      setPreview(undefined);
      return undefined;
    }
    setErrors({});
    setPreview(result.params);
    return result.params;
  };
  return (
    <form
      noValidate
      data-testid="launch-form"
      onSubmit={(e) => {
        e.preventDefault();
        const params = check();
        if (params && preview) onLaunch(params);
      }}
    >
      <div className="form-grid">
        {input("unitName", "What is bought (unit name)", {
          placeholder: "surgical masks (EN 14683 Type IIR)",
        })}
        {input("targetUnits", "Target units", { inputMode: "numeric", placeholder: "250000" })}
        {input("goalUsd", "Goal in USD", { inputMode: "decimal", placeholder: "100000" })}
        {input("beneficiary", "Beneficiary address", { placeholder: "0x…", autoComplete: "off" })}
        {input(
          "deadline",
          "Funding deadline (UTC)",
          { type: "datetime-local" },
          `Chain time now: ${formatDate(now)}`,
        )}
        {input("procurementDeadline", "Procurement deadline (UTC)", { type: "datetime-local" })}
        {input("graceDays", "Delivery grace period (days)", { inputMode: "numeric" })}
        {input("maxAdvancePercent", "Maximum advance (%)", { inputMode: "decimal" })}
        {input("metadataURI", "Story and documents (metadata URI)", {
          placeholder: "ipfs://… or https://…",
        })}
        <Field
          label="Verifiers (one address per line)"
          htmlFor="launch-verifiers"
          error={errors.verifiers}
        >
          <textarea
            id="launch-verifiers"
            data-testid="launch-verifiers"
            rows={3}
            value={form.verifiers}
            aria-invalid={!!errors.verifiers}
            onChange={(e) => set("verifiers", e.target.value)}
          />
        </Field>
        {input("threshold", "How many verifiers must agree", { inputMode: "numeric" })}
        <fieldset
          className={`field${errors.tokens ? " has-error" : ""}`}
          data-testid="launch-tokens"
        >
          <legend>Accepted tokens</legend>
          {tokenOptions.map((t) => (
            <label key={t.address} className="check">
              <input
                type="checkbox"
                checked={form.tokens.includes(t.address)}
                onChange={(e) =>
                  set(
                    "tokens",
                    e.target.checked
                      ? [...form.tokens, t.address]
                      : form.tokens.filter((x) => x !== t.address),
                  )
                }
              />{" "}
              {t.symbol}
            </label>
          ))}
          {errors.tokens ? (
            <div className="error-text" role="alert" data-testid="launch-tokens-error">
              {errors.tokens}
            </div>
          ) : null}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={form.allOrNothing}
            data-testid="launch-allOrNothing"
            onChange={(e) => set("allOrNothing", e.target.checked)}
          />{" "}
          All-or-nothing (refund everyone in full if the goal is missed)
        </label>
      </div>
      {preview ? (
        <LaunchPreview
          params={preview}
          symbols={tokenOptions.filter((t) => form.tokens.includes(t.address)).map((t) => t.symbol)}
        />
      ) : null}
      <div className="actions">
        <button type="button" className="secondary" onClick={check} data-testid="launch-check">
          Check and preview
        </button>
        <button type="submit" disabled={busy || !preview} data-testid="launch-submit">
          Launch appeal
        </button>
      </div>
    </form>
  );
}

function LaunchSection() {
  const { deployment } = useDeployment();
  const now = useChainNow();
  const registry = useRegistryTokens();
  const listed = (registry.data?.tokens ?? []).filter((t) => t.accepted).map((t) => t.token);
  const tokens = useTokens(listed);
  const tx = useTransactor();
  return (
    <Section title="Launch an appeal">
      {now === undefined ? (
        <p role="status">Reading the chain's clock…</p>
      ) : (
        <LaunchFormView
          now={now}
          busy={tx.busy}
          tokenOptions={listed.map((a) => ({ address: a, symbol: tokenOf(tokens, a).symbol }))}
          onLaunch={(params) =>
            void tx.write("Launch the appeal", {
              address: deployment!.factory,
              abi: campaignFactoryAbi,
              functionName: "createCampaign",
              args: [
                {
                  ...params,
                  deadline: Number(params.deadline),
                  procurementDeadline: Number(params.procurementDeadline),
                  deliveryGracePeriod: Number(params.deliveryGracePeriod),
                },
              ],
            })
          }
        />
      )}
      <TxStatus state={tx.state} testId="launch-tx" />
    </Section>
  );
}

function ManageSection() {
  const { address } = useConnection();
  const { chain } = useDeployment();
  const all = useAllCampaigns();
  // Newest first: the appeal an organizer works on is usually the latest.
  const mine = (all.data ?? [])
    .filter((c) => !address || c.organizer.toLowerCase() === address.toLowerCase())
    .reverse();
  const [selected, setSelected] = useState<Address>();
  const campaign = mine.find((c) => c.address === selected) ?? mine[0];
  const tokens = useTokens(campaign?.params.tokens);
  const now = useChainNow();
  const tx = useTransactor();
  return (
    <Section title="Your appeals">
      {mine.length === 0 ? <p className="muted">No appeal launched by this account.</p> : null}
      {campaign ? (
        <>
          <CampaignPicker
            campaigns={mine}
            value={campaign.address}
            onChange={setSelected}
            id="organizer-campaign"
          />
          <p>
            <StatusBadge status={campaign.status} /> raised {formatUsd(campaign.raisedUsd)} of{" "}
            {formatUsd(campaign.params.goalUsd)}
            {now !== undefined ? ` · funding ${timeLeft(campaign.params.deadline, now)}` : ""}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={tx.busy || campaign.status !== 1}
              data-testid="close-funding"
              onClick={() =>
                tx.write("Close funding early", {
                  address: campaign.address,
                  abi: campaignAbi,
                  functionName: "closeFunding",
                })
              }
            >
              Close funding early (goal met)
            </button>
            <button
              type="button"
              className="secondary"
              disabled={tx.busy || campaign.status === 4}
              data-testid="close-campaign"
              onClick={() =>
                tx.write("Close the appeal", {
                  address: campaign.address,
                  abi: campaignAbi,
                  functionName: "close",
                })
              }
            >
              Close the appeal
            </button>
          </div>
          <TxStatus state={tx.state} testId="organizer-tx" />
          <h3>Orders</h3>
          <ul className="plain" data-testid="organizer-orders">
            {campaign.orders.map((o) => {
              const info = tokenOf(tokens, o.token);
              const open = o.status >= 1 && o.status <= 3;
              return (
                <li key={o.id.toString()} className="row">
                  <span>
                    #{o.id.toString()} {ORDER_STATUS_LABELS[o.status]} · {formatUnitsCount(o.units)}{" "}
                    units from <AddressText address={o.supplier} chain={chain} /> ·{" "}
                    {formatToken(o.amount, info.decimals, info.symbol)} · deliver by{" "}
                    {formatDate(o.deliverBy)}
                  </span>
                  {open ? (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={tx.busy}
                      data-testid={`cancel-order-${o.id}`}
                      onClick={() =>
                        tx.write(`Cancel order ${o.id}`, {
                          address: campaign.address,
                          abi: campaignAbi,
                          functionName: "cancelOrder",
                          args: [o.id],
                        })
                      }
                    >
                      Cancel order
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {campaign.status === 3 ? (
            <OrderForm campaign={campaign.address} params={campaign.params} />
          ) : (
            <p className="muted small-text">
              Orders can be placed once the appeal is in procurement.
            </p>
          )}
        </>
      ) : null}
    </Section>
  );
}

function OrderForm({ campaign, params }: { campaign: Address; params: CampaignParams }) {
  const suppliers = useSuppliers();
  const vetted = (suppliers.data ?? []).filter((s) => s.vetted);
  const tokens = useTokens(params.tokens);
  const [supplier, setSupplier] = useState<string>("");
  const [token, setToken] = useState<Address>(params.tokens[0]);
  const [amount, setAmount] = useState("");
  const [units, setUnits] = useState("");
  const [deliverBy, setDeliverBy] = useState("");
  const [advance, setAdvance] = useState("0");
  const [terms, setTerms] = useState("");
  const [error, setError] = useState<string>();
  const tx = useTransactor();
  const info = tokenOf(tokens, token);
  return (
    <form
      data-testid="order-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const a = parseAmount(amount, info.decimals, info.symbol);
        const u = /^\d+$/.test(units) ? BigInt(units) : 0n;
        const d = parseUtcDateTime(deliverBy);
        const adv = /^\d{1,3}(\.\d{1,2})?$/.test(advance) ? Math.round(Number(advance) * 100) : -1;
        const termsHash = isBytes32(terms)
          ? terms
          : terms.trim()
            ? keccak256(stringToHex(terms.trim()))
            : undefined;
        const problem = !vetted.some((s) => s.address === supplier)
          ? "Choose a vetted supplier."
          : !a.ok
            ? a.error
            : u === 0n
              ? "Enter a whole number of units."
              : d === undefined
                ? "Choose the deliver-by date (UTC)."
                : adv < 0 || adv > params.maxAdvanceBps
                  ? `The advance must be between 0 and ${bpsToPercent(params.maxAdvanceBps)}.`
                  : !termsHash
                    ? "Describe the purchase terms (their hash goes on chain) or paste a 0x… hash."
                    : undefined;
        setError(problem);
        if (problem || !a.ok || d === undefined || !termsHash) return;
        void tx.write(`Place an order for ${units} units`, {
          address: campaign,
          abi: campaignAbi,
          functionName: "createOrder",
          args: [supplier as Address, token, a.value, u, Number(d), adv, termsHash],
        });
      }}
    >
      <h3>Place an order (vetted suppliers only)</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="order-supplier">Supplier</label>
          <select
            id="order-supplier"
            data-testid="order-supplier"
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
          >
            <option value="">Choose a vetted supplier</option>
            {vetted.map((s) => (
              <option key={s.address} value={s.address}>
                {s.name} ({s.country})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="order-token">Paid in</label>
          <select
            id="order-token"
            data-testid="order-token"
            value={token}
            onChange={(e) => setToken(e.target.value as Address)}
          >
            {params.tokens.map((t) => (
              <option key={t} value={t}>
                {tokenOf(tokens, t).symbol}
              </option>
            ))}
          </select>
        </div>
        <AmountInput
          label="Amount"
          value={amount}
          onChange={setAmount}
          decimals={info.decimals}
          symbol={info.symbol}
          testId="order-amount"
        />
        <div className="field">
          <label htmlFor="order-units">Units</label>
          <input
            id="order-units"
            inputMode="numeric"
            value={units}
            onChange={(e) => setUnits(e.target.value)}
            data-testid="order-units"
          />
        </div>
        <div className="field">
          <label htmlFor="order-deliver">Deliver by (UTC)</label>
          <input
            id="order-deliver"
            type="datetime-local"
            value={deliverBy}
            onChange={(e) => setDeliverBy(e.target.value)}
            data-testid="order-deliver-by"
          />
        </div>
        <div className="field">
          <label htmlFor="order-advance">
            Advance (%, at most {bpsToPercent(params.maxAdvanceBps)})
          </label>
          <input
            id="order-advance"
            inputMode="decimal"
            value={advance}
            onChange={(e) => setAdvance(e.target.value)}
            data-testid="order-advance"
          />
        </div>
        <div className="field wide">
          <label htmlFor="order-terms">Purchase terms (hashed locally) or their 0x hash</label>
          <input
            id="order-terms"
            value={terms}
            onChange={(e) => setTerms(e.target.value)}
            data-testid="order-terms"
          />
        </div>
      </div>
      {error ? (
        <p className="error-text" role="alert" data-testid="order-error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={tx.busy} data-testid="order-submit">
        Place order
      </button>
      <TxStatus state={tx.state} testId="order-tx" />
    </form>
  );
}
