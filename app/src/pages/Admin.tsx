import { useState } from "react";
import { isAddress, type Address, type Hex } from "viem";

import { registryAbi } from "../../../client/generated/abis.ts";
import { AddressText, Section } from "../components/common.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { tokenOf, useRegistryTokens, useSuppliers, useTokens } from "../hooks/campaigns.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useTransactor } from "../hooks/useTransactor.ts";
import { isBytes32 } from "../lib/hash.ts";
import { formatAmount, formatDate } from "../lib/format.ts";

const SUPPLIER_STATUS = ["Not registered", "Active", "Suspended"];

export function AdminPage() {
  const { deployment, chain } = useDeployment();
  const registry = deployment!.registry;
  const suppliers = useSuppliers();
  const listed = useRegistryTokens();
  const tokens = useTokens(listed.data?.tokens.map((t) => t.token));
  const tx = useTransactor();
  const [supplier, setSupplier] = useState("");
  const [name, setName] = useState("");
  const [country, setCountry] = useState("");
  const [dossier, setDossier] = useState("");
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const paused = listed.data?.paused;

  return (
    <div>
      <h1>Vetter &amp; admin</h1>
      <Section title="Suppliers">
        <ul className="plain" data-testid="supplier-list">
          {(suppliers.data ?? []).map((s) => (
            <li key={s.address} className="row">
              <span>
                <strong>{s.name}</strong> ({s.country}){" "}
                <AddressText address={s.address} chain={chain} /> — {SUPPLIER_STATUS[s.status]}{" "}
                since {formatDate(s.updatedAt)}
                <br />
                <span className="mono small-text break">dossier {s.dossierHash}</span>
              </span>
              {s.status === 1 ? (
                <span className="inline-form">
                  <label htmlFor={`reason-${s.address}`} className="sr-only">
                    Reason for suspending {s.name}
                  </label>
                  <input
                    id={`reason-${s.address}`}
                    placeholder="Reason (public)"
                    value={reason[s.address] ?? ""}
                    onChange={(e) => setReason({ ...reason, [s.address]: e.target.value })}
                  />
                  <button
                    type="button"
                    className="secondary small"
                    disabled={tx.busy}
                    data-testid={`suspend-${s.address}`}
                    onClick={() =>
                      tx.write(`Suspend ${s.name}`, {
                        address: registry,
                        abi: registryAbi,
                        functionName: "suspendSupplier",
                        args: [s.address, reason[s.address]?.trim() || "Suspended by the vetter"],
                      })
                    }
                  >
                    Suspend
                  </button>
                </span>
              ) : s.status === 2 ? (
                <button
                  type="button"
                  className="small"
                  disabled={tx.busy}
                  data-testid={`reinstate-${s.address}`}
                  onClick={() =>
                    tx.write(`Reinstate ${s.name}`, {
                      address: registry,
                      abi: registryAbi,
                      functionName: "reinstateSupplier",
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
        <form
          noValidate
          data-testid="register-form"
          onSubmit={(e) => {
            e.preventDefault();
            const problem = !isAddress(supplier)
              ? "Enter the supplier's address."
              : !name.trim()
                ? "Enter the supplier's legal name."
                : !country.trim()
                  ? "Enter its country."
                  : !isBytes32(dossier)
                    ? "Choose the due-diligence dossier file (hashed locally) or paste its hash."
                    : undefined;
            setError(problem);
            if (problem) return;
            void tx.write(`Register ${name.trim()}`, {
              address: registry,
              abi: registryAbi,
              functionName: "registerSupplier",
              args: [supplier as Address, name.trim(), country.trim(), dossier as Hex],
            });
          }}
        >
          <h3>Register a supplier</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="reg-address">Address</label>
              <input
                id="reg-address"
                className="mono"
                value={supplier}
                onChange={(e) => setSupplier(e.target.value.trim())}
                data-testid="reg-address"
              />
            </div>
            <div className="field">
              <label htmlFor="reg-name">Legal name</label>
              <input
                id="reg-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                data-testid="reg-name"
              />
            </div>
            <div className="field">
              <label htmlFor="reg-country">Country (ISO code)</label>
              <input
                id="reg-country"
                value={country}
                onChange={(e) => setCountry(e.target.value)}
                data-testid="reg-country"
              />
            </div>
          </div>
          <EvidenceHash
            label="Dossier (licence, certificates)"
            value={dossier}
            onChange={setDossier}
            testId="reg-dossier"
          />
          {error ? (
            <p className="error-text" role="alert" data-testid="register-error">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={tx.busy} data-testid="reg-submit">
            Register supplier
          </button>
        </form>
      </Section>
      <Section title="Accepted tokens and price feeds">
        <div className="table-wrap">
          <table data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Accepted</th>
                <th scope="col">Feed</th>
                <th scope="col">Price (USD)</th>
                <th scope="col">Max staleness</th>
              </tr>
            </thead>
            <tbody>
              {(listed.data?.tokens ?? []).map((t) => (
                <tr key={t.token}>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Emergency pause">
        <p data-testid="pause-state">
          The platform is <strong>{paused ? "paused" : "running"}</strong>. Pausing stops new
          pledges, orders and payments; refunds, cancellations and withdrawals keep working.
        </p>
        <button
          type="button"
          className={paused ? "" : "danger"}
          disabled={tx.busy || paused === undefined}
          data-testid="pause-toggle"
          onClick={() =>
            tx.write(paused ? "Unpause" : "Pause", {
              address: registry,
              abi: registryAbi,
              functionName: paused ? "unpause" : "pause",
            })
          }
        >
          {paused ? "Unpause" : "Pause everything"}
        </button>
      </Section>
      <TxStatus state={tx.state} testId="admin-tx" />
    </div>
  );
}
