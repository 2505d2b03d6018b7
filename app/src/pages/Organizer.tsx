import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseEventLogs, type Address } from "viem";
import { useConnection } from "wagmi";

import type { OrderInput } from "../../../client/actions.ts";
import { campaignAbi, campaignFactoryAbi } from "../../../client/generated/abis.ts";
import type { CampaignParams } from "../../../client/ledger.ts";
import { CampaignPicker } from "../components/CampaignPicker.tsx";
import {
  AddressText,
  ConfirmButton,
  Field,
  Progress,
  Section,
  StatusBadge,
  TableWrap,
  orderStatusName,
} from "../components/common.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  tokensReady,
  useAllCampaigns,
  useRegistryLimits,
  useRegistryTokens,
  useSuppliers,
  useTokens,
  useRoles,
  useVerifiers,
  type CampaignWithOrders,
  type OrderView,
} from "../hooks/campaigns.ts";
import { t } from "../i18n/index.ts";
import { href } from "../lib/router.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import {
  bpsToPercent,
  formatDate,
  formatToken,
  formatUnitsCount,
  formatUsd,
  timeLeft,
} from "../lib/format.ts";
import {
  advanceOf,
  emptyOrderForm,
  formatMix,
  validateOrder,
  type OrderErrors,
  type OrderForm,
  type OrderRules,
  type Pool,
} from "../lib/orders.ts";
import {
  eligibleVerifiers,
  emptyLaunchForm,
  validateLaunch,
  type LaunchErrors,
  type LaunchForm,
  type LaunchRules,
} from "../lib/validation.ts";

export function OrganizerPage() {
  return (
    <div>
      <h1>Organizer console</h1>
      <LaunchSection />
      <ManageSection />
    </div>
  );
}

const days = (seconds: number) => seconds / 86_400;

/** What donors will see on the appeals page, before anything is sent. */
export function LaunchPreview({
  params,
  symbols,
  verifierNames,
}: {
  params: CampaignParams;
  symbols: string[];
  verifierNames?: Record<string, string>;
}) {
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
        deliveries ({params.verifiers.map((v) => verifierNames?.[v.toLowerCase()] ?? v).join(", ")})
        · advance up to {bpsToPercent(params.maxAdvanceBps)} · procurement until{" "}
        {formatDate(params.procurementDeadline)}
      </p>
      <p className="mono small-text break">{params.metadataURI}</p>
    </div>
  );
}

export function LaunchFormView({
  now,
  tokenOptions,
  rules,
  onLaunch,
  busy,
}: {
  now: bigint;
  tokenOptions: { address: string; symbol: string }[];
  /** The registry's limits and verifiers, and the organizer (read from the chain). */
  rules: LaunchRules;
  onLaunch: (params: CampaignParams) => unknown;
  busy?: boolean;
}) {
  const [form, setForm] = useState<LaunchForm>(() => emptyLaunchForm(rules.limits));
  const [errors, setErrors] = useState<LaunchErrors>({});
  const [preview, setPreview] = useState<CampaignParams>();
  const { limits } = rules;
  const eligible = eligibleVerifiers(rules);
  const names = Object.fromEntries(rules.verifiers.map((v) => [v.address.toLowerCase(), v.name]));
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
    const result = validateLaunch(form, now, rules);
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
      <p className="muted small-text" data-testid="launch-limits">
        This platform allows funding for up to {days(limits.maxFundingWindow)} days, procurement for
        up to {days(limits.maxProcurementWindow)} days after funding ends, advances up to{" "}
        {bpsToPercent(limits.maxAdvanceBps)} and needs at least {limits.minThreshold} verifiers to
        agree on each delivery.
      </p>
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
          `Chain time now: ${formatDate(now)}; at the latest ${formatDate(now + BigInt(limits.maxFundingWindow))}.`,
        )}
        {input(
          "procurementDeadline",
          "Procurement deadline (UTC)",
          { type: "datetime-local" },
          `At most ${days(limits.maxProcurementWindow)} days after the funding deadline.`,
        )}
        {input("graceDays", "Delivery grace period (days)", { inputMode: "numeric" })}
        {input(
          "maxAdvancePercent",
          "Maximum advance (%)",
          { inputMode: "decimal" },
          `The platform's ceiling: ${bpsToPercent(limits.maxAdvanceBps)}.`,
        )}
        {input("metadataURI", "Story and documents (metadata URI)", {
          placeholder: "ipfs://… or https://…",
        })}
        <fieldset
          className={`field wide${errors.verifiers ? " has-error" : ""}`}
          data-testid="launch-verifiers"
        >
          <legend>Verifiers (registered by the platform's vetter)</legend>
          {eligible.length === 0 ? (
            <p className="muted small-text">No active verifier is registered yet.</p>
          ) : null}
          {eligible.map((v) => (
            <label key={v.address} className="check">
              <input
                type="checkbox"
                data-testid={`launch-verifier-${v.address}`}
                checked={form.verifiers.includes(v.address)}
                onChange={(e) =>
                  set(
                    "verifiers",
                    e.target.checked
                      ? [...form.verifiers, v.address]
                      : form.verifiers.filter((x) => x !== v.address),
                  )
                }
              />{" "}
              {v.name} <span className="muted">({v.organization})</span>{" "}
              <span className="mono small-text">{v.address}</span>
            </label>
          ))}
          <div className="hint">
            Only active registered verifiers are offered; you can't verify your own appeal.
          </div>
          {errors.verifiers ? (
            <div className="error-text" role="alert" data-testid="launch-verifiers-error">
              {errors.verifiers}
            </div>
          ) : null}
        </fieldset>
        {input(
          "threshold",
          "How many verifiers must agree",
          { inputMode: "numeric" },
          `At least ${limits.minThreshold} on this platform.`,
        )}
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
          verifierNames={names}
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
  const { t } = useTranslation();
  const { deployment } = useDeployment();
  const { address } = useConnection();
  const now = useChainNow();
  const registry = useRegistryTokens();
  const limits = useRegistryLimits();
  const verifiers = useVerifiers();
  const roles = useRoles(address);
  const listed = (registry.data?.tokens ?? []).filter((t) => t.accepted).map((t) => t.token);
  const tokens = useTokens(listed);
  const tx = useTransactor("launch");
  const [launched, setLaunched] = useState<{ address: Address; count: number }>();
  const ready = now !== undefined && limits.data && verifiers.data;
  return (
    <Section title={t("organizer.launchTitle")}>
      {launched ? (
        <p className="banner banner-ok" role="status" data-testid="launch-created">
          {t("organizer.launched")}{" "}
          <a href={href("appeal", launched.address)} data-testid="launch-created-link">
            {t("organizer.openLaunched")}
          </a>
        </p>
      ) : null}
      {!address ? (
        <p className="muted">{t("organizer.connect")}</p>
      ) : roles.data && !roles.data.organizer ? (
        <p className="muted" data-testid="launch-not-organizer">
          {t("organizer.notOrganizer")}
        </p>
      ) : !ready || !roles.data ? (
        <p role="status">{t("organizer.reading")}</p>
      ) : (
        <LaunchFormView
          key={`${address}-${launched?.count ?? 0}`}
          now={now}
          busy={tx.busy}
          rules={{
            limits: limits.data,
            verifiers: verifiers.data.map((v) => ({
              address: v.address,
              name: v.name,
              organization: v.organization,
              status: v.status,
            })),
            organizer: address,
          }}
          tokenOptions={listed.map((a) => ({ address: a, symbol: tokenOf(tokens, a).symbol }))}
          onLaunch={async (params) => {
            const receipt = await tx.write(t("organizer.launchLabel"), {
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
            });
            if (!receipt) return;
            const created = parseEventLogs({
              abi: campaignFactoryAbi,
              logs: receipt.logs,
              eventName: "CampaignCreated",
            })[0];
            // A new, empty form: a second click cannot launch the same appeal twice.
            setLaunched((prev) => ({
              address: created?.args.campaign as Address,
              count: (prev?.count ?? 0) + 1,
            }));
          }}
        />
      )}
      <TxStatus state={tx.state} testId="launch-tx" />
    </Section>
  );
}

/** An order's per-token amounts: "0.5 ETH + 2,500 USDC". */
function mixOf(
  order: { shares: Record<Address, { amount: bigint; paid: bigint }> },
  tokens: ReturnType<typeof useTokens>,
  field: "amount" | "paid",
) {
  return formatMix(
    Object.entries(order.shares).map(([t, share]) => ({
      amount: share[field],
      ...tokenOf(tokens, t as Address),
    })),
  );
}

/** Why "Close funding early" would be refused now (undefined: it would go through). */
export function closeFundingReason(
  campaign: Pick<CampaignWithOrders, "status" | "raisedUsd" | "params">,
) {
  if (campaign.status !== 1) return t("organizer.notFunding");
  if (campaign.raisedUsd < campaign.params.goalUsd)
    return t("organizer.goalNotMet", {
      raised: formatUsd(campaign.raisedUsd),
      goal: formatUsd(campaign.params.goalUsd),
    });
  return undefined;
}

/** Why closing the appeal would be refused now. */
export function closeReason(
  campaign: Pick<CampaignWithOrders, "status" | "orders" | "params">,
  now: bigint | undefined,
) {
  if (campaign.status === 4) return t("organizer.alreadyClosed");
  if (campaign.status !== 3) return t("organizer.closeNotProcurement");
  const open = campaign.orders.filter((o) => o.status >= 1 && o.status <= 3).length;
  if (open > 0 && (now === undefined || now < campaign.params.procurementDeadline))
    return t("organizer.ordersOpen", {
      count: open,
      date: formatDate(campaign.params.procurementDeadline),
    });
  return undefined;
}

/** Why cancelling an order would be refused now: accepted or shipped ones wait for their date. */
export function cancelReason(
  order: Pick<OrderView, "status" | "deliverBy">,
  campaign: Pick<CampaignWithOrders, "params">,
  now: bigint | undefined,
  supplierSuspended: boolean,
) {
  if (order.status === 1 || supplierSuspended) return undefined;
  const from = order.deliverBy + campaign.params.deliveryGracePeriod;
  if (now === undefined || now < from)
    return t("organizer.cancelNotYet", { date: formatDate(from) });
  return undefined;
}

function ManageSection() {
  const { t } = useTranslation();
  const { address } = useConnection();
  const { chain } = useDeployment();
  const all = useAllCampaigns();
  const suppliers = useSuppliers();
  // Newest first: the appeal an organizer works on is usually the latest.
  const mine = (all.data ?? [])
    .filter((c) => !address || c.organizer.toLowerCase() === address.toLowerCase())
    .reverse();
  const [selected, setSelected] = useState<Address>();
  const campaign = mine.find((c) => c.address === selected) ?? mine[0];
  const tokens = useTokens(campaign?.params.tokens);
  const now = useChainNow();
  const tx = useTransactor(`organizer:${campaign?.address.toLowerCase() ?? "none"}`);
  const supplierName = (a: Address) =>
    suppliers.data?.find((s) => s.address.toLowerCase() === a.toLowerCase())?.name;
  const supplierSuspended = (a: Address) =>
    Number(suppliers.data?.find((s) => s.address.toLowerCase() === a.toLowerCase())?.status) === 2;
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
            <ConfirmButton
              className=""
              label={t("organizer.closeFunding")}
              question={t("organizer.closeFundingAsk")}
              disabled={tx.busy}
              reason={closeFundingReason(campaign)}
              testId="close-funding"
              onConfirm={() =>
                tx.write(t("organizer.closeFundingLabel"), {
                  address: campaign.address,
                  abi: campaignAbi,
                  functionName: "closeFunding",
                })
              }
            />
            <ConfirmButton
              label={t("organizer.close")}
              question={t("organizer.closeAsk")}
              disabled={tx.busy}
              reason={closeReason(campaign, now)}
              testId="close-campaign"
              onConfirm={() =>
                tx.write(t("organizer.closeLabel"), {
                  address: campaign.address,
                  abi: campaignAbi,
                  functionName: "close",
                })
              }
            />
          </div>
          <TxStatus state={tx.state} testId="organizer-tx" />
          <h3>Orders</h3>
          {!tokensReady(tokens, campaign.params.tokens) ? (
            <p role="status">Reading the appeal's tokens…</p>
          ) : null}
          {campaign.orders.length === 0 ? <p className="muted">No order yet.</p> : null}
          <ul className="plain" data-testid="organizer-orders">
            {(tokensReady(tokens, campaign.params.tokens) ? campaign.orders : []).map((o) => {
              const open = o.status >= 1 && o.status <= 3;
              return (
                <li key={o.id.toString()} className="row" data-testid={`organizer-order-${o.id}`}>
                  <span>
                    #{o.id.toString()} {orderStatusName(o.status)} · {formatUnitsCount(o.units)}{" "}
                    units from {supplierName(o.supplier) ?? ""}{" "}
                    <AddressText address={o.supplier} chain={chain} /> · {formatUsd(o.amountUsd)} ={" "}
                    {mixOf(o, tokens, "amount")} · paid {mixOf(o, tokens, "paid")} · deliver by{" "}
                    {formatDate(o.deliverBy)}
                  </span>
                  {open ? (
                    <ConfirmButton
                      label={t("organizer.cancelOrder")}
                      question={t("organizer.cancelOrderAsk", { id: o.id.toString() })}
                      disabled={tx.busy}
                      reason={cancelReason(o, campaign, now, supplierSuspended(o.supplier))}
                      testId={`cancel-order-${o.id}`}
                      onConfirm={() =>
                        tx.write(t("organizer.cancelOrderLabel", { id: o.id.toString() }), {
                          address: campaign.address,
                          abi: campaignAbi,
                          functionName: "cancelOrder",
                          args: [o.id],
                        })
                      }
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {campaign.status === 3 ? (
            <OrderForm campaign={campaign} key={campaign.address} />
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

/** The pools an order draws on, from the campaign's `ledger(token)` views and its placed orders. */
export function poolsOf(
  campaign: Pick<CampaignWithOrders, "params" | "books" | "orders">,
  tokens: ReturnType<typeof useTokens>,
): Pool[] {
  return campaign.params.tokens.map((t) => {
    const key = t.toLowerCase() as Address;
    const book = campaign.books[key];
    const info = tokenOf(tokens, t);
    const pendingAdvance = campaign.orders
      .filter((o) => o.status === 1 && o.advanceBps > 0)
      .reduce((sum, o) => sum + advanceOf(o.shares[key]?.amount ?? 0n, o.advanceBps), 0n);
    return {
      token: key,
      symbol: info.symbol,
      decimals: info.decimals,
      net: book.pledged - book.cancelled,
      available: book.available,
      unbacked: book.unbacked,
      advanceCap: book.advanceCap,
      pendingAdvance,
    };
  });
}

function OrderForm({ campaign }: { campaign: CampaignWithOrders }) {
  const suppliers = useSuppliers();
  const tokens = useTokens(campaign.params.tokens);
  const now = useChainNow();
  const tx = useTransactor(`order:${campaign.address.toLowerCase()}`);
  const [placed, setPlaced] = useState<{ id: bigint; count: number }>();
  if (now === undefined || !suppliers.data || !tokensReady(tokens, campaign.params.tokens))
    return <p role="status">Reading the suppliers and the appeal's tokens…</p>;
  const vetted = suppliers.data.filter((s) => s.vetted);
  return (
    <>
      {placed ? (
        <p className="banner banner-ok" role="status" data-testid="order-created">
          {t("organizer.orderPlaced", { id: placed.id.toString() })}{" "}
          <a href={href("appeal", campaign.address)}>{t("organizer.seeOnAppeal")}</a>
        </p>
      ) : null}
      <OrderFormView
        key={placed?.count ?? 0}
        busy={tx.busy}
        suppliers={vetted.map((s) => ({ address: s.address, name: s.name, country: s.country }))}
        rules={{
          now,
          procurementDeadline: campaign.params.procurementDeadline,
          deliveryGracePeriod: campaign.params.deliveryGracePeriod,
          maxAdvanceBps: campaign.params.maxAdvanceBps,
          vetted: vetted.map((s) => s.address),
          verifiers: campaign.params.verifiers,
          raisedUsd: campaign.raisedUsd,
          unreservedUsd: campaign.unreservedUsd,
          pools: poolsOf(campaign, tokens),
        }}
        onPlace={async (input) => {
          const receipt = await tx.write(
            t("organizer.orderLabel", { units: formatUnitsCount(input.units) }),
            {
              address: campaign.address,
              abi: campaignAbi,
              functionName: "createOrder",
              args: [
                input.supplier,
                input.amountUsd,
                input.units,
                Number(input.deliverBy),
                input.advanceBps,
                input.termsHash,
              ],
            },
          );
          if (!receipt) return;
          const created = parseEventLogs({
            abi: campaignAbi,
            logs: receipt.logs,
            eventName: "OrderCreated",
          })[0];
          // A new, empty form: the same order is not placed twice by a second click.
          setPlaced((prev) => ({ id: created?.args.orderId ?? 0n, count: (prev?.count ?? 0) + 1 }));
        }}
      />
      <TxStatus state={tx.state} testId="order-tx" />
    </>
  );
}

/**
 * The order form: the order's value in USD at pledge-time prices, with a live preview of what it
 * reserves in each token (as the contract computes it), what can still be ordered and the advance
 * headroom per token. A refusal the chain would give (above what is unreserved, an advance the
 * campaign-wide cap would refuse at acceptance) is explained here and nothing is sent.
 */
export function OrderFormView({
  rules,
  suppliers,
  onPlace,
  busy,
}: {
  rules: OrderRules;
  suppliers: { address: Address; name: string; country: string }[];
  onPlace: (input: OrderInput) => unknown;
  busy?: boolean;
}) {
  const [form, setForm] = useState<OrderForm>(emptyOrderForm);
  const [errors, setErrors] = useState<OrderErrors>({});
  const result = validateOrder(form, rules);
  const preview = result.preview;
  const set = (key: keyof OrderForm, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors({});
  };
  const field = (
    key: keyof OrderForm,
    label: string,
    props: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <Field label={label} htmlFor={`order-${key}`} error={errors[key]} hint={hint}>
      <input
        id={`order-${key}`}
        data-testid={`order-${key}`}
        value={form[key]}
        aria-invalid={!!errors[key]}
        onChange={(e) => set(key, e.target.value)}
        {...props}
      />
    </Field>
  );
  const blocking = preview?.problems ?? [];
  return (
    <form
      data-testid="order-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const checked = validateOrder(form, rules);
        if (!checked.ok) {
          setErrors(checked.errors);
          return;
        }
        setErrors({});
        onPlace(checked.input);
      }}
    >
      <h3>Place an order (vetted suppliers only)</h3>
      <p className="muted small-text">
        An order is priced in USD at the pledges' own prices and reserves the same share of every
        token's pool, so every donor's money is spent in the same proportion.
      </p>
      <div className="form-grid">
        <Field label="Supplier" htmlFor="order-supplier" error={errors.supplier}>
          <select
            id="order-supplier"
            data-testid="order-supplier"
            value={form.supplier}
            onChange={(e) => set("supplier", e.target.value)}
          >
            <option value="">Choose a vetted supplier</option>
            {suppliers.map((s) => (
              <option key={s.address} value={s.address}>
                {s.name} ({s.country})
              </option>
            ))}
          </select>
        </Field>
        {field(
          "amountUsd",
          "Value in USD (at pledge-time prices)",
          { inputMode: "decimal", placeholder: "4500" },
          `Can still be ordered: ${formatUsd(rules.unreservedUsd)}.`,
        )}
        {field("units", "Units", { inputMode: "numeric" })}
        {field("deliverBy", "Deliver by (UTC)", { type: "datetime-local" })}
        {field(
          "advancePercent",
          `Advance on acceptance (%, at most ${bpsToPercent(rules.maxAdvanceBps)})`,
          { inputMode: "decimal" },
        )}
        {field("terms", "Purchase terms (hashed locally) or their 0x hash", { className: "wide" })}
      </div>
      <OrderPreviewView rules={rules} preview={preview} />
      {blocking.length ? (
        <div className="error-text" role="alert" data-testid="order-error">
          {blocking.map((p) => (
            <p key={p.sentence} data-testid={`order-problem-${p.kind}`}>
              {p.sentence}
            </p>
          ))}
        </div>
      ) : null}
      <button type="submit" disabled={busy} data-testid="order-submit">
        Place order
      </button>
    </form>
  );
}

function OrderPreviewView({
  rules,
  preview,
}: {
  rules: OrderRules;
  preview: ReturnType<typeof validateOrder>["preview"];
}) {
  return (
    <div className="card preview" data-testid="order-preview" aria-live="polite">
      <p className="small-text">
        Raised {formatUsd(rules.raisedUsd)} · can still be ordered{" "}
        <strong data-testid="order-unreserved">{formatUsd(rules.unreservedUsd)}</strong>
        {preview ? (
          <>
            {" "}
            · this order: <strong>{formatUsd(preview.amountUsd)}</strong>, advance{" "}
            {bpsToPercent(preview.advanceBps)}
          </>
        ) : null}
      </p>
      <TableWrap label={t("organizer.previewTable")}>
        <table>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Reserves</th>
              <th scope="col">Available</th>
              <th scope="col">Advance on acceptance</th>
              <th scope="col">Advance headroom (cap − unbacked)</th>
            </tr>
          </thead>
          <tbody>
            {rules.pools.map((p, i) => {
              const row = preview?.rows[i];
              const f = (v: bigint) => formatToken(v, p.decimals, p.symbol);
              const headroom = p.advanceCap > p.unbacked ? p.advanceCap - p.unbacked : 0n;
              return (
                <tr
                  key={p.token}
                  className={
                    row && (row.amount > row.available || row.advance > row.headroom) ? "bad" : ""
                  }
                >
                  <td>{p.symbol}</td>
                  <td data-testid={`order-share-${p.symbol}`}>{row ? f(row.amount) : "—"}</td>
                  <td>{f(p.available)}</td>
                  <td data-testid={`order-advance-${p.symbol}`}>{row ? f(row.advance) : "—"}</td>
                  <td data-testid={`order-headroom-${p.symbol}`}>
                    {f(headroom)}{" "}
                    <span className="muted small-text">
                      ({f(p.unbacked)} of {f(p.advanceCap)} used)
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {preview && preview.maxAdvanceBps < rules.maxAdvanceBps ? (
        <p className="muted small-text" data-testid="order-max-advance">
          For this value, an advance of at most {bpsToPercent(preview.maxAdvanceBps)} fits within
          every token's headroom.
        </p>
      ) : null}
      {preview?.warnings.map((w) => (
        <p key={w} className="hint" data-testid="order-warning">
          {w}
        </p>
      ))}
    </div>
  );
}
