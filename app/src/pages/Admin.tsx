import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useConnection } from "wagmi";
import { zeroAddress, type Address } from "viem";

import { registryAbi } from "../../../client/generated/abis.ts";
import {
  AddressText,
  ConfirmButton,
  ConfirmRow,
  Field,
  Section,
  TableWrap,
} from "../components/common.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import {
  tokenOf,
  useRegistryLimits,
  useRegistryTokens,
  useRoles,
  useSuppliers,
  useTokens,
  useVerifiers,
} from "../hooks/campaigns.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { t } from "../i18n/index.ts";
import { bpsToPercent, formatAmount, formatDate, formatUnitsCount } from "../lib/format.ts";
import { say, type Message } from "../lib/message.ts";
import {
  limitsToForm,
  validateLimits,
  validatePriceBounds,
  validateParty,
  validateSequencer,
  type LimitsErrors,
  type LimitsForm,
  type PartyForm,
} from "../lib/registryForms.ts";

const PARTY_STATUS = ["none", "active", "suspended"] as const;
const partyStatusName = (status: number) =>
  t(`admin.partyStatus.${PARTY_STATUS[status] ?? "none"}`);

type Party = {
  address: Address;
  name: string;
  /** Country (supplier) or organization (verifier). */
  detail: string;
  status: number;
  updatedAt: number | bigint;
  dossierHash: string;
};

/**
 * Suppliers or verifiers: the registry's list with register, suspend (with a public reason) and
 * reinstate. Test ids: suppliers `reg-*`, `suspend-<address>`, `reinstate-<address>`; verifiers
 * the same prefixed with `v`.
 */
function PartySection({
  kind,
  parties,
  canManage,
}: {
  kind: "supplier" | "verifier";
  parties: Party[];
  /** Whether the connected account holds the vetter role (only then are actions offered). */
  canManage: boolean;
}) {
  useTranslation();
  const { deployment, chain } = useDeployment();
  const registry = deployment!.registry;
  const tx = useTransactor(`party:${kind}`);
  const p = kind === "supplier" ? "" : "v";
  const supplier = kind === "supplier";
  const [form, setForm] = useState<PartyForm>({ address: "", name: "", detail: "", dossier: "" });
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<Message>();
  const set = (key: keyof PartyForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <Section title={supplier ? t("admin.suppliers") : t("admin.verifiers")}>
      {kind === "verifier" ? <p className="muted small-text">{t("admin.verifiersHelp")}</p> : null}
      <ul className="plain" data-testid={`${kind}-list`}>
        {parties.map((s) => (
          <li key={s.address} className="row" data-address={s.address}>
            <span>
              <strong>{s.name}</strong> ({s.detail}){" "}
              <AddressText address={s.address} chain={chain} /> —{" "}
              <span data-testid={`${p}status-${s.address}`}>{partyStatusName(s.status)}</span>{" "}
              {t("admin.since", { date: formatDate(s.updatedAt) })}
              <br />
              <span className="mono small-text break">
                {t("admin.dossier", { hash: s.dossierHash })}
              </span>
            </span>
            {s.status === 1 && canManage ? (
              <span className="inline-form">
                <label htmlFor={`${p}reason-${s.address}`} className="sr-only">
                  {t("admin.reasonFor", { name: s.name })}
                </label>
                <input
                  id={`${p}reason-${s.address}`}
                  placeholder={t("admin.reasonPlaceholder")}
                  value={reason[s.address] ?? ""}
                  data-testid={`${p}reason-${s.address}`}
                  onChange={(e) => setReason({ ...reason, [s.address]: e.target.value })}
                />
                {canManage ? (
                  <ConfirmButton
                    label={t("admin.suspend")}
                    question={t("admin.suspendAsk", { name: s.name })}
                    disabled={tx.busy}
                    testId={`${p}suspend-${s.address}`}
                    onConfirm={() =>
                      tx.write(t("admin.suspendLabel", { name: s.name }), {
                        address: registry,
                        abi: registryAbi,
                        functionName: kind === "supplier" ? "suspendSupplier" : "suspendVerifier",
                        args: [s.address, reason[s.address]?.trim() || t("admin.defaultReason")],
                      })
                    }
                  />
                ) : null}
              </span>
            ) : s.status === 2 && canManage ? (
              <button
                type="button"
                className="small"
                disabled={tx.busy}
                data-testid={`${p}reinstate-${s.address}`}
                onClick={() =>
                  tx.write(t("admin.reinstateLabel", { name: s.name }), {
                    address: registry,
                    abi: registryAbi,
                    functionName: kind === "supplier" ? "reinstateSupplier" : "reinstateVerifier",
                    args: [s.address],
                  })
                }
              >
                {t("admin.reinstate")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form
          noValidate
          data-testid={`${p}register-form`}
          onSubmit={(e) => {
            e.preventDefault();
            const checked = validateParty(
              form,
              kind,
              parties.map((x) => x.address),
            );
            setError(checked.ok ? undefined : checked.error);
            if (!checked.ok) return;
            void tx
              .write(t("admin.registerLabel", { name: checked.name }), {
                address: registry,
                abi: registryAbi,
                functionName: kind === "supplier" ? "registerSupplier" : "registerVerifier",
                args: [checked.address, checked.name, checked.detail, checked.dossier],
              })
              .then((receipt) => {
                if (receipt) setForm({ address: "", name: "", detail: "", dossier: "" });
              });
          }}
        >
          <h3>{supplier ? t("admin.registerSupplier") : t("admin.registerVerifier")}</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${p}reg-address`}>{t("admin.address")}</label>
              <input
                id={`${p}reg-address`}
                className="mono"
                value={form.address}
                onChange={(e) => set("address", e.target.value.trim())}
                data-testid={`${p}reg-address`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${p}reg-name`}>
                {supplier ? t("admin.legalName") : t("admin.verifierName")}
              </label>
              <input
                id={`${p}reg-name`}
                value={form.name}
                placeholder={supplier ? "" : t("admin.verifierNamePlaceholder")}
                onChange={(e) => set("name", e.target.value)}
                data-testid={`${p}reg-name`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${p}reg-detail`}>
                {supplier ? t("admin.country") : t("admin.organization")}
              </label>
              <input
                id={`${p}reg-detail`}
                value={form.detail}
                onChange={(e) => set("detail", e.target.value)}
                data-testid={kind === "supplier" ? "reg-country" : "vreg-organization"}
              />
            </div>
          </div>
          <EvidenceHash
            label={supplier ? t("admin.supplierDossier") : t("admin.verifierDossier")}
            value={form.dossier}
            onChange={(v) => set("dossier", v)}
            testId={`${p}reg-dossier`}
          />
          {error ? (
            <p className="error-text" role="alert" data-testid={`${p}register-error`}>
              {say(error)}
            </p>
          ) : null}
          <button type="submit" disabled={tx.busy} data-testid={`${p}reg-submit`}>
            {supplier ? t("admin.submitSupplier") : t("admin.submitVerifier")}
          </button>
        </form>
      ) : (
        <p className="muted small-text" data-testid={`${p}register-not-vetter`}>
          {t("admin.notVetter")}
        </p>
      )}
      <TxStatus state={tx.state} testId={`${kind}s-tx`} />
    </Section>
  );
}

/** "1 to 365", numbers grouped in the chosen language. */
const range = (min: number, max: number) =>
  t("admin.range", { min: formatUnitsCount(min), max: formatUnitsCount(max) });

function LimitsSection({ canManage }: { canManage: boolean }) {
  useTranslation();
  const { deployment } = useDeployment();
  const limits = useRegistryLimits();
  const tx = useTransactor("limits");
  const [form, setForm] = useState<LimitsForm>();
  const [errors, setErrors] = useState<LimitsErrors>({});
  const [ask, setAsk] = useState<() => unknown>();
  if (!limits.data) return null;
  const l = limits.data;
  const current = form ?? limitsToForm(l);
  const set = (key: keyof LimitsForm, value: string) => setForm({ ...current, [key]: value });
  const input = (key: keyof LimitsForm, label: string, testId: string, hint: string) => (
    <Field label={label} htmlFor={`limits-${key}`} error={say(errors[key])} hint={hint}>
      <input
        id={`limits-${key}`}
        inputMode="decimal"
        value={current[key]}
        onChange={(e) => set(key, e.target.value)}
        data-testid={testId}
      />
    </Field>
  );
  return (
    <Section title={t("admin.limitsTitle")}>
      <p data-testid="limits-state">
        <Trans
          i18nKey="admin.limitsState"
          values={{
            funding: t("units.days", { count: l.maxFundingWindow / 86_400 }),
            procurement: t("units.days", { count: l.maxProcurementWindow / 86_400 }),
            advance: bpsToPercent(l.maxAdvanceBps),
            threshold: t("admin.verifiersCount", { count: l.minThreshold }),
          }}
          components={{ b: <strong /> }}
        />
      </p>
      {!canManage ? (
        <p className="muted small-text">{t("admin.notAdmin")}</p>
      ) : (
        <form
          noValidate
          data-testid="limits-form"
          onSubmit={(e) => {
            e.preventDefault();
            const checked = validateLimits(current);
            setErrors(checked.ok ? {} : checked.errors);
            if (!checked.ok) return;
            setAsk(
              () => () =>
                tx.write(t("admin.setLimitsLabel"), {
                  address: deployment!.registry,
                  abi: registryAbi,
                  functionName: "setLimits",
                  args: [checked.limits],
                }),
            );
          }}
        >
          <div className="form-grid">
            {input("fundingDays", t("admin.fundingDays"), "limits-funding", range(1, 365))}
            {input(
              "procurementDays",
              t("admin.procurementDays"),
              "limits-procurement",
              t("admin.rangeYears", { min: formatUnitsCount(1), max: formatUnitsCount(1_095) }),
            )}
            {input("advancePercent", t("admin.advancePercent"), "limits-advance", range(0, 50))}
            {input("minThreshold", t("admin.minThreshold"), "limits-threshold", range(1, 5))}
          </div>
          {ask ? (
            <ConfirmRow
              question={t("admin.limitsAsk")}
              testId="limits-confirm"
              onYes={() => {
                setAsk(undefined);
                return ask();
              }}
              onNo={() => setAsk(undefined)}
            />
          ) : (
            <button type="submit" disabled={tx.busy} data-testid="limits-submit">
              {t("admin.setLimits")}
            </button>
          )}
        </form>
      )}
      <TxStatus state={tx.state} testId="limits-tx" />
    </Section>
  );
}

function TokensSection({ canManage }: { canManage: boolean }) {
  useTranslation();
  const { deployment, chain } = useDeployment();
  const listed = useRegistryTokens();
  const tokens = useTokens(listed.data?.tokens.map((r) => r.token));
  const tx = useTransactor("bounds");
  const seqTx = useTransactor("sequencer");
  const [token, setToken] = useState<string>("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const [boundsError, setBoundsError] = useState<Message>();
  const [feed, setFeed] = useState("");
  const [grace, setGrace] = useState("3600");
  const [seqError, setSeqError] = useState<Message>();
  const [boundsAsk, setBoundsAsk] = useState<() => unknown>();
  const [seqAsk, setSeqAsk] = useState<() => unknown>();
  const rows = listed.data?.tokens ?? [];
  const chosen = rows.find((r) => r.token === token) ?? rows[0];
  const sequencer = listed.data?.sequencer;
  return (
    <>
      <Section title={t("admin.tokensTitle")}>
        <TableWrap label={t("admin.tokensTable")}>
          <table data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">{t("admin.token")}</th>
                <th scope="col">{t("admin.accepted")}</th>
                <th scope="col">{t("admin.feed")}</th>
                <th scope="col">{t("admin.price")}</th>
                <th scope="col">{t("admin.staleness")}</th>
                <th scope="col">{t("admin.bounds")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const d = r.config.feedDecimals;
                return (
                  <tr key={r.token} data-token={r.token}>
                    <td>{tokenOf(tokens, r.token).symbol}</td>
                    <td>{r.accepted ? t("common.yesShort") : t("common.noShort")}</td>
                    <td>
                      <AddressText address={r.config.feed} chain={chain} />
                    </td>
                    <td>
                      {r.price.ok
                        ? `${formatAmount(r.price.price, r.price.decimals, 2)} (${formatDate(r.price.updatedAt)})`
                        : t("admin.staleOrUnusable")}
                    </td>
                    <td>{t("admin.seconds", { n: formatUnitsCount(r.config.maxStaleness) })}</td>
                    <td data-testid={`bounds-${tokenOf(tokens, r.token).symbol}`}>
                      {r.bounds.max === 0n
                        ? t("admin.noBounds")
                        : `${formatAmount(r.bounds.min, d)} – ${formatAmount(r.bounds.max, d)}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
        {!canManage ? (
          <p className="muted small-text">{t("admin.notAdmin")}</p>
        ) : (
          <form
            noValidate
            data-testid="bounds-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!chosen) return;
              const checked = validatePriceBounds(min, max, chosen.config.feedDecimals);
              setBoundsError(checked.ok ? undefined : checked.error);
              if (!checked.ok) return;
              const symbol = tokenOf(tokens, chosen.token).symbol;
              setBoundsAsk(
                () => () =>
                  tx.write(
                    checked.max === 0n
                      ? t("admin.boundsRemoveLabel", { symbol })
                      : t("admin.boundsSetLabel", { symbol }),
                    {
                      address: deployment!.registry,
                      abi: registryAbi,
                      functionName: "setPriceBounds",
                      args: [chosen.token, checked.min, checked.max],
                    },
                  ),
              );
            }}
          >
            <h3>{t("admin.boundsTitle")}</h3>
            <p className="muted small-text">{t("admin.boundsHelp")}</p>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="bounds-token">{t("admin.token")}</label>
                <select
                  id="bounds-token"
                  value={chosen?.token ?? ""}
                  onChange={(e) => setToken(e.target.value)}
                  data-testid="bounds-token"
                >
                  {rows.map((r) => (
                    <option key={r.token} value={r.token}>
                      {tokenOf(tokens, r.token).symbol}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="bounds-min">{t("admin.boundsMin")}</label>
                <input
                  id="bounds-min"
                  inputMode="decimal"
                  value={min}
                  onChange={(e) => setMin(e.target.value)}
                  data-testid="bounds-min"
                />
              </div>
              <div className="field">
                <label htmlFor="bounds-max">{t("admin.boundsMax")}</label>
                <input
                  id="bounds-max"
                  inputMode="decimal"
                  value={max}
                  onChange={(e) => setMax(e.target.value)}
                  data-testid="bounds-max"
                />
              </div>
            </div>
            {boundsError ? (
              <p className="error-text" role="alert" data-testid="bounds-error">
                {say(boundsError)}
              </p>
            ) : null}
            {boundsAsk ? (
              <ConfirmRow
                question={t("admin.boundsAsk")}
                testId="bounds-confirm"
                onYes={() => {
                  setBoundsAsk(undefined);
                  return boundsAsk();
                }}
                onNo={() => setBoundsAsk(undefined)}
              />
            ) : (
              <button type="submit" disabled={tx.busy || !chosen} data-testid="bounds-submit">
                {t("admin.setBounds")}
              </button>
            )}
          </form>
        )}
        <TxStatus state={tx.state} testId="bounds-tx" />
      </Section>
      <Section title={t("admin.sequencerTitle")}>
        <p data-testid="sequencer-state">
          {sequencer && sequencer.feed !== zeroAddress ? (
            <Trans
              i18nKey="admin.sequencerOn"
              values={{
                grace: t("admin.seconds", { n: formatUnitsCount(sequencer.gracePeriod) }),
              }}
              components={{ addr: <AddressText address={sequencer.feed} chain={chain} full /> }}
            />
          ) : (
            t("admin.sequencerOff")
          )}
        </p>
        {!canManage ? null : (
          <form
            noValidate
            data-testid="sequencer-form"
            onSubmit={(e) => {
              e.preventDefault();
              const checked = validateSequencer(feed, grace);
              setSeqError(checked.ok ? undefined : checked.error);
              if (!checked.ok) return;
              setSeqAsk(
                () => () =>
                  seqTx.write(
                    checked.feed === zeroAddress
                      ? t("admin.sequencerRemoveLabel")
                      : t("admin.sequencerSetLabel"),
                    {
                      address: deployment!.registry,
                      abi: registryAbi,
                      functionName: "setSequencerUptimeFeed",
                      args: [checked.feed, checked.grace],
                    },
                  ),
              );
            }}
          >
            <div className="form-grid">
              <div className="field">
                <label htmlFor="sequencer-feed">{t("admin.sequencerFeed")}</label>
                <input
                  id="sequencer-feed"
                  className="mono"
                  value={feed}
                  onChange={(e) => setFeed(e.target.value.trim())}
                  data-testid="sequencer-feed"
                />
              </div>
              <div className="field">
                <label htmlFor="sequencer-grace">{t("admin.sequencerGrace")}</label>
                <input
                  id="sequencer-grace"
                  inputMode="numeric"
                  value={grace}
                  onChange={(e) => setGrace(e.target.value.trim())}
                  data-testid="sequencer-grace"
                />
              </div>
            </div>
            {seqError ? (
              <p className="error-text" role="alert" data-testid="sequencer-error">
                {say(seqError)}
              </p>
            ) : null}
            {seqAsk ? (
              <ConfirmRow
                question={t("admin.sequencerAsk")}
                testId="sequencer-confirm"
                onYes={() => {
                  setSeqAsk(undefined);
                  return seqAsk();
                }}
                onNo={() => setSeqAsk(undefined)}
              />
            ) : (
              <button type="submit" disabled={seqTx.busy} data-testid="sequencer-submit">
                {t("admin.save")}
              </button>
            )}
          </form>
        )}
        <TxStatus state={seqTx.state} testId="sequencer-tx" />
      </Section>
    </>
  );
}

export function AdminPage() {
  useTranslation();
  const { deployment } = useDeployment();
  const { address } = useConnection();
  const roles = useRoles(address);
  const registry = deployment!.registry;
  const suppliers = useSuppliers();
  const verifiers = useVerifiers();
  const listed = useRegistryTokens();
  const tx = useTransactor("pause");
  const paused = listed.data?.paused;
  const r = roles.data;

  return (
    <div>
      <h1>{t("admin.title")}</h1>
      {!address ? (
        <p className="muted" data-testid="admin-roles">
          {t("admin.connect")}
        </p>
      ) : r && !r.vetter && !r.admin && !r.pauser ? (
        <p className="muted" data-testid="admin-roles">
          {t("admin.noRole")}
        </p>
      ) : null}
      <PartySection
        kind="supplier"
        canManage={!!r?.vetter}
        parties={(suppliers.data ?? []).map((s) => ({ ...s, detail: s.country }))}
      />
      <PartySection
        kind="verifier"
        canManage={!!r?.vetter}
        parties={(verifiers.data ?? []).map((v) => ({ ...v, detail: v.organization }))}
      />
      <LimitsSection canManage={!!r?.admin} />
      <TokensSection canManage={!!r?.admin} />
      <Section title={t("admin.pauseTitle")}>
        <p data-testid="pause-state">
          {paused ? t("admin.isPaused") : t("admin.isRunning")} {t("admin.pauseHelp")}
        </p>
        {r?.pauser ? (
          <ConfirmButton
            className={paused ? "" : "danger"}
            label={paused ? t("admin.unpause") : t("admin.pause")}
            question={paused ? t("admin.unpauseAsk") : t("admin.pauseAsk")}
            disabled={tx.busy || paused === undefined}
            testId="pause-toggle"
            onConfirm={() =>
              tx.write(paused ? t("admin.unpause") : t("admin.pause"), {
                address: registry,
                abi: registryAbi,
                functionName: paused ? "unpause" : "pause",
              })
            }
          />
        ) : null}
        <TxStatus state={tx.state} testId="admin-tx" />
      </Section>
    </div>
  );
}
