import { useState } from "react";
import { useTranslation } from "react-i18next";
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
import { bpsToPercent, formatAmount, formatDate } from "../lib/format.ts";
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

const PARTY_STATUS = ["Not registered", "Active", "Suspended"];

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
  const { t } = useTranslation();
  const { deployment, chain } = useDeployment();
  const registry = deployment!.registry;
  const tx = useTransactor(`party:${kind}`);
  const p = kind === "supplier" ? "" : "v";
  const Kind = kind === "supplier" ? "Supplier" : "Verifier";
  const [form, setForm] = useState<PartyForm>({ address: "", name: "", detail: "", dossier: "" });
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const set = (key: keyof PartyForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <Section title={kind === "supplier" ? "Suppliers" : "Verifiers"}>
      {kind === "verifier" ? (
        <p className="muted small-text">
          Only active registered verifiers can be chosen for an appeal or confirm its deliveries; a
          suspended verifier's confirmations are refused until it is reinstated.
        </p>
      ) : null}
      <ul className="plain" data-testid={`${kind}-list`}>
        {parties.map((s) => (
          <li key={s.address} className="row" data-address={s.address}>
            <span>
              <strong>{s.name}</strong> ({s.detail}){" "}
              <AddressText address={s.address} chain={chain} /> —{" "}
              <span data-testid={`${p}status-${s.address}`}>{PARTY_STATUS[s.status]}</span> since{" "}
              {formatDate(s.updatedAt)}
              <br />
              <span className="mono small-text break">dossier {s.dossierHash}</span>
            </span>
            {s.status === 1 && canManage ? (
              <span className="inline-form">
                <label htmlFor={`${p}reason-${s.address}`} className="sr-only">
                  Reason for suspending {s.name}
                </label>
                <input
                  id={`${p}reason-${s.address}`}
                  placeholder="Reason (public)"
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
                  tx.write(`Reinstate ${s.name}`, {
                    address: registry,
                    abi: registryAbi,
                    functionName: kind === "supplier" ? "reinstateSupplier" : "reinstateVerifier",
                    args: [s.address],
                  })
                }
              >
                Reinstate
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
              .write(`Register ${checked.name}`, {
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
          <h3>Register a {kind}</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${p}reg-address`}>Address</label>
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
                {kind === "supplier" ? "Legal name" : "Name (what it is)"}
              </label>
              <input
                id={`${p}reg-name`}
                value={form.name}
                placeholder={kind === "supplier" ? "" : "WAHO Abuja warehouse"}
                onChange={(e) => set("name", e.target.value)}
                data-testid={`${p}reg-name`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${p}reg-detail`}>
                {kind === "supplier" ? "Country (ISO code)" : "Organization"}
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
            label={
              kind === "supplier"
                ? "Dossier (licence, certificates)"
                : "Dossier (mandate, contacts, signing keys)"
            }
            value={form.dossier}
            onChange={(v) => set("dossier", v)}
            testId={`${p}reg-dossier`}
          />
          {error ? (
            <p className="error-text" role="alert" data-testid={`${p}register-error`}>
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={tx.busy} data-testid={`${p}reg-submit`}>
            Register {Kind.toLowerCase()}
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

function LimitsSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
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
    <Field label={label} htmlFor={`limits-${key}`} error={errors[key]} hint={hint}>
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
    <Section title="Platform limits on new appeals">
      <p data-testid="limits-state">
        Funding for at most <strong>{l.maxFundingWindow / 86_400} days</strong>, procurement for at
        most <strong>{l.maxProcurementWindow / 86_400} days</strong> after funding ends, advances up
        to <strong>{bpsToPercent(l.maxAdvanceBps)}</strong>, at least{" "}
        <strong>{l.minThreshold} verifiers</strong> agreeing on each delivery. Appeals read them
        once, when they are created.
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
                tx.write("Set the limits", {
                  address: deployment!.registry,
                  abi: registryAbi,
                  functionName: "setLimits",
                  args: [checked.limits],
                }),
            );
          }}
        >
          <div className="form-grid">
            {input("fundingDays", "Longest funding window (days)", "limits-funding", "1 to 365")}
            {input(
              "procurementDays",
              "Longest procurement window (days)",
              "limits-procurement",
              "1 to 1,095 (3 years)",
            )}
            {input("advancePercent", "Ceiling on the advance cap (%)", "limits-advance", "0 to 50")}
            {input(
              "minThreshold",
              "Fewest verifiers that must agree",
              "limits-threshold",
              "1 to 5",
            )}
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
              Set limits
            </button>
          )}
        </form>
      )}
      <TxStatus state={tx.state} testId="limits-tx" />
    </Section>
  );
}

function TokensSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { deployment, chain } = useDeployment();
  const listed = useRegistryTokens();
  const tokens = useTokens(listed.data?.tokens.map((t) => t.token));
  const tx = useTransactor("bounds");
  const seqTx = useTransactor("sequencer");
  const [token, setToken] = useState<string>("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const [boundsError, setBoundsError] = useState<string>();
  const [feed, setFeed] = useState("");
  const [grace, setGrace] = useState("3600");
  const [seqError, setSeqError] = useState<string>();
  const [boundsAsk, setBoundsAsk] = useState<() => unknown>();
  const [seqAsk, setSeqAsk] = useState<() => unknown>();
  const rows = listed.data?.tokens ?? [];
  const chosen = rows.find((r) => r.token === token) ?? rows[0];
  const sequencer = listed.data?.sequencer;
  return (
    <>
      <Section title="Accepted tokens, price feeds and bounds">
        <TableWrap label={t("admin.tokensTable")}>
          <table data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Accepted</th>
                <th scope="col">Feed</th>
                <th scope="col">Price (USD)</th>
                <th scope="col">Max staleness</th>
                <th scope="col">Price bounds (USD)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => {
                const d = t.config.feedDecimals;
                return (
                  <tr key={t.token} data-token={t.token}>
                    <td>{tokenOf(tokens, t.token).symbol}</td>
                    <td>{t.accepted ? "yes" : "no"}</td>
                    <td>
                      <AddressText address={t.config.feed} chain={chain} />
                    </td>
                    <td>
                      {t.price.ok
                        ? `${formatAmount(t.price.price, t.price.decimals, 2)} (${formatDate(t.price.updatedAt)})`
                        : "stale or unusable"}
                    </td>
                    <td>{t.config.maxStaleness.toLocaleString("en-US")} s</td>
                    <td data-testid={`bounds-${tokenOf(tokens, t.token).symbol}`}>
                      {t.bounds.max === 0n
                        ? "none"
                        : `${formatAmount(t.bounds.min, d)} – ${formatAmount(t.bounds.max, d)}`}
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
                      ? `Remove the price bounds of ${symbol}`
                      : `Set the price bounds of ${symbol}`,
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
            <h3>Price bounds</h3>
            <p className="muted small-text">
              A price outside its bounds is refused (pledges in that token wait). Leave both empty
              to remove the bounds.
            </p>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="bounds-token">Token</label>
                <select
                  id="bounds-token"
                  value={chosen?.token ?? ""}
                  onChange={(e) => setToken(e.target.value)}
                  data-testid="bounds-token"
                >
                  {rows.map((t) => (
                    <option key={t.token} value={t.token}>
                      {tokenOf(tokens, t.token).symbol}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="bounds-min">Lowest acceptable price (USD)</label>
                <input
                  id="bounds-min"
                  inputMode="decimal"
                  value={min}
                  onChange={(e) => setMin(e.target.value)}
                  data-testid="bounds-min"
                />
              </div>
              <div className="field">
                <label htmlFor="bounds-max">Highest acceptable price (USD)</label>
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
                {boundsError}
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
                Set bounds
              </button>
            )}
          </form>
        )}
        <TxStatus state={tx.state} testId="bounds-tx" />
      </Section>
      <Section title="L2 sequencer-uptime feed">
        <p data-testid="sequencer-state">
          {sequencer && sequencer.feed !== zeroAddress ? (
            <>
              Prices are refused while the sequencer is down and for{" "}
              {sequencer.gracePeriod.toLocaleString("en-US")} s after it comes back up (feed{" "}
              <AddressText address={sequencer.feed} chain={chain} full />
              ).
            </>
          ) : (
            "No sequencer-uptime feed (right for L1 networks)."
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
                      ? "Remove the sequencer-uptime feed"
                      : "Set the sequencer-uptime feed",
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
                <label htmlFor="sequencer-feed">Feed address (empty to remove)</label>
                <input
                  id="sequencer-feed"
                  className="mono"
                  value={feed}
                  onChange={(e) => setFeed(e.target.value.trim())}
                  data-testid="sequencer-feed"
                />
              </div>
              <div className="field">
                <label htmlFor="sequencer-grace">Grace period after recovery (seconds)</label>
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
                {seqError}
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
                Save
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
  const { t } = useTranslation();
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
