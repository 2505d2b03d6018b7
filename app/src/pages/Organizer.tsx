import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { parseEventLogs, type Address } from "viem";
import { useConnection } from "wagmi";

import type { OrderInput } from "../../../client/actions.ts";
import { campaignAbi, campaignFactoryAbi } from "../../../client/generated/abis.ts";
import type { CampaignParams } from "../../../client/ledger.ts";
import { CampaignPicker } from "../components/CampaignPicker.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { PublishContent, StoryFields } from "../components/LaunchStory.tsx";
import {
  buildAppealContent,
  emptyStoryForm,
  validateStory,
  type BuiltContent,
  type StoryErrors,
  type StoryForm,
} from "../lib/appealContent.ts";
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
import { say } from "../lib/message.ts";
import { href } from "../lib/router.ts";
import { useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import {
  bpsToPercent,
  formatDate,
  formatList,
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
  useTranslation();
  return (
    <div>
      <h1>{t("organizer.title")}</h1>
      <LaunchSection />
      <ManageSection />
    </div>
  );
}

/** "90 days", in the chosen language. */
const days = (seconds: number) => t("units.days", { count: seconds / 86_400 });

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
  useTranslation();
  return (
    <div className="card preview" data-testid="launch-preview" aria-label={t("launch.preview")}>
      <p className="muted small-text">{t("launch.donorsSee")}</p>
      <h3>
        {formatUnitsCount(params.targetUnits)} {params.unitName}
      </h3>
      <Progress
        label={t("appeal.raised")}
        value={0}
        text={t("common.ofTotal", { part: formatUsd(0n), whole: formatUsd(params.goalUsd) })}
      />
      <p className="small-text">
        {[
          t("launch.fundingUntil", { date: formatDate(params.deadline) }),
          params.allOrNothing ? t("appeals.allOrNothing") : t("appeals.keepWhatYouRaise"),
          t("launch.accepts", { tokens: formatList(symbols) }),
          t("launch.verifiersConfirm", {
            threshold: params.threshold,
            count: params.verifiers.length,
            names: formatList(params.verifiers.map((v) => verifierNames?.[v.toLowerCase()] ?? v)),
          }),
          t("launch.advanceUpTo", { percent: bpsToPercent(params.maxAdvanceBps) }),
          t("launch.procurementUntil", { date: formatDate(params.procurementDeadline) }),
        ].join(" · ")}
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
  useTranslation();
  const [form, setForm] = useState<LaunchForm>(() => emptyLaunchForm(rules.limits));
  const [errors, setErrors] = useState<LaunchErrors>({});
  const [preview, setPreview] = useState<CampaignParams>();
  /** "write": the story is written here and content-addressed; "uri": an existing metadata URI. */
  const [storyMode, setStoryMode] = useState<"write" | "uri">("write");
  const [story, setStory] = useState<StoryForm>(emptyStoryForm);
  const [storyErrors, setStoryErrors] = useState<StoryErrors>({});
  const [built, setBuilt] = useState<BuiltContent>();
  const [checking, setChecking] = useState(false);
  const { limits } = rules;
  const eligible = eligibleVerifiers(rules);
  const names = Object.fromEntries(rules.verifiers.map((v) => [v.address.toLowerCase(), v.name]));
  const set = <K extends keyof LaunchForm>(key: K, value: LaunchForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setPreview(undefined);
    if (key === "unitName") setBuilt(undefined);
  };
  const setStoryField = <K extends keyof StoryForm>(key: K, value: StoryForm[K]) => {
    setStory((f) => ({ ...f, [key]: value }));
    setPreview(undefined);
    setBuilt(undefined);
  };
  const input = (
    key: keyof LaunchForm,
    label: string,
    props: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <Field label={label} htmlFor={`launch-${key}`} error={say(errors[key])} hint={hint}>
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
  /**
   * Checks the form as the factory would and, when the story is written here, builds its metadata
   * JSON and content-addresses it (and its images): the preview then shows the CID that will go
   * on chain before anything is signed.
   */
  const check = async (): Promise<CampaignParams | undefined> => {
    let checked = form;
    let content: BuiltContent | undefined;
    if (storyMode === "write") {
      const problems = validateStory(story);
      setStoryErrors(problems);
      if (Object.keys(problems).length === 0) {
        setChecking(true);
        try {
          content = await buildAppealContent(story, form.unitName);
        } finally {
          setChecking(false);
        }
      }
      // Until the story is complete, the URI it will have is not known: the rest is checked alone.
      checked = { ...form, metadataURI: content?.uri ?? "ipfs://pending" };
    }
    const result = validateLaunch(checked, now, rules);
    setBuilt(content);
    if (!result.ok || (storyMode === "write" && !content)) {
      setErrors(result.ok ? {} : result.errors);
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
      onSubmit={async (e) => {
        e.preventDefault();
        const wasChecked = !!preview;
        const params = await check();
        if (params && wasChecked) onLaunch(params);
      }}
    >
      <p className="muted small-text" data-testid="launch-limits">
        {t("launch.limits", {
          funding: days(limits.maxFundingWindow),
          procurement: days(limits.maxProcurementWindow),
          advance: bpsToPercent(limits.maxAdvanceBps),
          count: limits.minThreshold,
        })}
      </p>
      <div className="form-grid">
        {input("unitName", t("launch.unitName"), {
          placeholder: t("launch.unitNamePlaceholder"),
        })}
        {input("targetUnits", t("launch.targetUnits"), {
          inputMode: "numeric",
          placeholder: "250000",
        })}
        {input("goalUsd", t("launch.goalUsd"), { inputMode: "decimal", placeholder: "100000" })}
        {input("beneficiary", t("launch.beneficiary"), {
          placeholder: "0x…",
          autoComplete: "off",
        })}
        {input(
          "deadline",
          t("launch.deadline"),
          { type: "datetime-local" },
          t("launch.deadlineHint", {
            now: formatDate(now),
            latest: formatDate(now + BigInt(limits.maxFundingWindow)),
          }),
        )}
        {input(
          "procurementDeadline",
          t("launch.procurementDeadline"),
          { type: "datetime-local" },
          t("launch.procurementHint", { days: days(limits.maxProcurementWindow) }),
        )}
        {input("graceDays", t("launch.graceDays"), { inputMode: "numeric" })}
        {input(
          "maxAdvancePercent",
          t("launch.maxAdvance"),
          { inputMode: "decimal" },
          t("launch.maxAdvanceHint", { max: bpsToPercent(limits.maxAdvanceBps) }),
        )}
        <StoryFields
          mode={storyMode}
          onMode={(m) => {
            setStoryMode(m);
            setPreview(undefined);
            setBuilt(undefined);
          }}
          story={story}
          set={setStoryField}
          errors={storyErrors}
          uriField={input("metadataURI", t("launch.metadataURI"), {
            placeholder: t("common.uriPlaceholder"),
          })}
        />
        <fieldset
          className={`field wide${errors.verifiers ? " has-error" : ""}`}
          data-testid="launch-verifiers"
        >
          <legend>{t("launch.verifiers")}</legend>
          {eligible.length === 0 ? (
            <p className="muted small-text">{t("launch.noVerifier")}</p>
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
          <div className="hint">{t("launch.verifiersHint")}</div>
          {errors.verifiers ? (
            <div className="error-text" role="alert" data-testid="launch-verifiers-error">
              {say(errors.verifiers)}
            </div>
          ) : null}
        </fieldset>
        {input(
          "threshold",
          t("launch.threshold"),
          { inputMode: "numeric" },
          t("launch.thresholdHint", { min: formatUnitsCount(limits.minThreshold) }),
        )}
        <fieldset
          className={`field${errors.tokens ? " has-error" : ""}`}
          data-testid="launch-tokens"
        >
          <legend>{t("launch.tokens")}</legend>
          {tokenOptions.map((o) => (
            <label key={o.address} className="check">
              <input
                type="checkbox"
                checked={form.tokens.includes(o.address)}
                onChange={(e) =>
                  set(
                    "tokens",
                    e.target.checked
                      ? [...form.tokens, o.address]
                      : form.tokens.filter((x) => x !== o.address),
                  )
                }
              />{" "}
              {o.symbol}
            </label>
          ))}
          {errors.tokens ? (
            <div className="error-text" role="alert" data-testid="launch-tokens-error">
              {say(errors.tokens)}
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
          {t("launch.allOrNothing")}
        </label>
      </div>
      {preview ? (
        <LaunchPreview
          params={preview}
          symbols={tokenOptions.filter((o) => form.tokens.includes(o.address)).map((o) => o.symbol)}
          verifierNames={names}
        />
      ) : null}
      {preview && built ? <PublishContent content={built} /> : null}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void check()}
          disabled={checking}
          data-testid="launch-check"
        >
          {checking ? t("launch.addressing") : t("launch.check")}
        </button>
        <button type="submit" disabled={busy || !preview} data-testid="launch-submit">
          {t("launch.submit")}
        </button>
      </div>
    </form>
  );
}

function LaunchSection() {
  useTranslation();
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
  useTranslation();
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
    <Section title={t("organizer.yourAppeals")}>
      {mine.length === 0 ? <p className="muted">{t("organizer.noneLaunched")}</p> : null}
      {campaign ? (
        <>
          <CampaignPicker
            campaigns={mine}
            value={campaign.address}
            onChange={setSelected}
            id="organizer-campaign"
          />
          <p>
            <StatusBadge status={campaign.status} />{" "}
            {t("organizer.raised", {
              raised: formatUsd(campaign.raisedUsd),
              goal: formatUsd(campaign.params.goalUsd),
            })}
            {now !== undefined
              ? ` · ${t("organizer.fundingLeft", { left: timeLeft(campaign.params.deadline, now) })}`
              : ""}
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
          <h3>{t("organizer.orders")}</h3>
          {!tokensReady(tokens, campaign.params.tokens) ? (
            <p role="status">{t("organizer.readingTokens")}</p>
          ) : null}
          {campaign.orders.length === 0 ? <p className="muted">{t("organizer.noOrder")}</p> : null}
          <ul className="plain" data-testid="organizer-orders">
            {(tokensReady(tokens, campaign.params.tokens) ? campaign.orders : []).map((o) => {
              const open = o.status >= 1 && o.status <= 3;
              return (
                <li key={o.id.toString()} className="row" data-testid={`organizer-order-${o.id}`}>
                  <span>
                    {t("organizer.orderHead", {
                      id: o.id.toString(),
                      status: orderStatusName(o.status),
                      units: formatUnitsCount(o.units),
                      count: Number(o.units),
                      supplier: supplierName(o.supplier) ?? "",
                    })}{" "}
                    <AddressText address={o.supplier} chain={chain} /> ·{" "}
                    {t("organizer.orderTail", {
                      usd: formatUsd(o.amountUsd),
                      mix: mixOf(o, tokens, "amount"),
                      paid: mixOf(o, tokens, "paid"),
                      date: formatDate(o.deliverBy),
                    })}
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
            <p className="muted small-text">{t("organizer.ordersLater")}</p>
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
  useTranslation();
  const suppliers = useSuppliers();
  const tokens = useTokens(campaign.params.tokens);
  const now = useChainNow();
  const tx = useTransactor(`order:${campaign.address.toLowerCase()}`);
  const [placed, setPlaced] = useState<{ id: bigint; count: number }>();
  if (now === undefined || !suppliers.data || !tokensReady(tokens, campaign.params.tokens))
    return <p role="status">{t("organizer.readingSuppliers")}</p>;
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
  useTranslation();
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
    <Field label={label} htmlFor={`order-${key}`} error={say(errors[key])} hint={hint}>
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
      <h3>{t("orderForm.title")}</h3>
      <p className="muted small-text">{t("orderForm.intro")}</p>
      <div className="form-grid">
        <Field
          label={t("orderForm.supplier")}
          htmlFor="order-supplier"
          error={say(errors.supplier)}
        >
          <select
            id="order-supplier"
            data-testid="order-supplier"
            value={form.supplier}
            onChange={(e) => set("supplier", e.target.value)}
          >
            <option value="">{t("orderForm.chooseSupplier")}</option>
            {suppliers.map((s) => (
              <option key={s.address} value={s.address}>
                {s.name} ({s.country})
              </option>
            ))}
          </select>
        </Field>
        {field(
          "amountUsd",
          t("orderForm.amountUsd"),
          { inputMode: "decimal", placeholder: "4500" },
          t("orderForm.amountHint", { amount: formatUsd(rules.unreservedUsd) }),
        )}
        {field("units", t("orderForm.units"), { inputMode: "numeric" })}
        {field("deliverBy", t("orderForm.deliverBy"), { type: "datetime-local" })}
        {field(
          "advancePercent",
          t("orderForm.advance", { max: bpsToPercent(rules.maxAdvanceBps) }),
          {
            inputMode: "decimal",
          },
        )}
        <div className="wide">
          <EvidenceHash
            label={t("orderForm.terms")}
            value={form.terms}
            onChange={(v) => set("terms", v)}
            testId="order-terms"
          />
          {errors.terms ? (
            <div className="error-text" role="alert" data-testid="order-terms-error">
              {say(errors.terms)}
            </div>
          ) : null}
        </div>
      </div>
      <OrderPreviewView rules={rules} preview={preview} />
      {blocking.length ? (
        <div className="error-text" role="alert" data-testid="order-error">
          {blocking.map((p) => (
            <p key={`${p.kind}-${say(p.message)}`} data-testid={`order-problem-${p.kind}`}>
              {say(p.message)}
            </p>
          ))}
        </div>
      ) : null}
      <button type="submit" disabled={busy} data-testid="order-submit">
        {t("orderForm.submit")}
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
  useTranslation();
  return (
    <div className="card preview" data-testid="order-preview" aria-live="polite">
      <p className="small-text">
        <Trans
          i18nKey="orderForm.raised"
          values={{
            raised: formatUsd(rules.raisedUsd),
            unreserved: formatUsd(rules.unreservedUsd),
          }}
          components={{ b: <strong data-testid="order-unreserved" /> }}
        />
        {preview ? (
          <Trans
            i18nKey="orderForm.thisOrder"
            values={{
              amount: formatUsd(preview.amountUsd),
              advance: bpsToPercent(preview.advanceBps),
            }}
            components={{ b: <strong /> }}
          />
        ) : null}
      </p>
      <TableWrap label={t("organizer.previewTable")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("orderForm.token")}</th>
              <th scope="col">{t("orderForm.reserves")}</th>
              <th scope="col">{t("orderForm.available")}</th>
              <th scope="col">{t("orderForm.advanceOnAcceptance")}</th>
              <th scope="col">{t("orderForm.headroom")}</th>
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
                      {t("orderForm.used", { unbacked: f(p.unbacked), cap: f(p.advanceCap) })}
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
          {t("orderForm.maxAdvance", { max: bpsToPercent(preview.maxAdvanceBps) })}
        </p>
      ) : null}
      {preview?.warnings.map((w) => (
        <p key={say(w)} className="hint" data-testid="order-warning">
          {say(w)}
        </p>
      ))}
    </div>
  );
}
