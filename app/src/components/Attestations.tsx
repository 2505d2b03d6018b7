/**
 * Audits published on chain through EAS for one appeal (the client's `listAuditAttestations`):
 * who attested, when, the verdict, the block range audited and the report (fetched by its CID and
 * verified); and, for each, the same audit re-run here at the same blocks and compared with the
 * attestation and its report (`compareAttestation`).
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";

import {
  compareAttestation,
  listAuditAttestations,
  type AttestationComparison,
  type AuditAttestation,
} from "../../../client/attest.ts";
import { auditCampaign } from "../../../client/audit.ts";
import { useChainClient } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { useGateways } from "../hooks/useMetadata.ts";
import { t } from "../i18n/index.ts";
import { fetchContent } from "../lib/content.ts";
import { explainError } from "../lib/errors.ts";
import { formatDate, formatUnitsCount } from "../lib/format.ts";
import { AddressText, QueryError, Section, TxLink } from "./common.tsx";
import { DocumentLink } from "./Content.tsx";

/** Every audit attestation filed for `campaign` on the chain's EAS, newest first. */
export function useAttestations(campaign: Address | undefined) {
  const client = useChainClient();
  const { chainId, deployment } = useDeployment();
  const eas = deployment?.eas;
  return useQuery({
    queryKey: ["attestations", chainId, eas, campaign],
    enabled: !!campaign && !!eas,
    refetchInterval: 15_000,
    queryFn: async () =>
      (
        await listAuditAttestations(client, {
          eas: eas!,
          campaign: campaign!,
          fromBlock: deployment!.startBlock,
        })
      ).reverse(),
  });
}

export function AttestationsSection({ campaign }: { campaign: Address }) {
  useTranslation();
  const { deployment } = useDeployment();
  const query = useAttestations(campaign);
  return (
    <Section title={t("attest.title")} id="attestations">
      <p className="muted small-text">{t("attest.intro")}</p>
      {!deployment?.eas ? (
        <p className="muted" data-testid="attestations-none">
          {t("attest.noEas")}
        </p>
      ) : query.isLoading ? (
        <p role="status">{t("attest.loading")}</p>
      ) : query.error ? (
        <QueryError query={query} testId="attestations-error" />
      ) : (query.data ?? []).length === 0 ? (
        <p className="muted" data-testid="attestations-none">
          {t("attest.none")}
        </p>
      ) : null}
      <ul className="plain attestations" data-testid="attestations">
        {(query.data ?? []).map((a) => (
          <Attestation key={a.uid} attestation={a} campaign={campaign} />
        ))}
      </ul>
    </Section>
  );
}

function Attestation({
  attestation: a,
  campaign,
}: {
  attestation: AuditAttestation;
  campaign: Address;
}) {
  useTranslation();
  const { chain } = useDeployment();
  const [rerun, setRerun] = useState(false);
  const ok = a.verdict === "reconciles";
  return (
    <li
      className={`attestation ${ok ? "ok" : "bad"}`}
      data-testid="attestation"
      data-uid={a.uid}
      data-verdict={a.verdict}
    >
      <p>
        <strong data-testid="attestation-verdict">
          {ok
            ? t("attest.reconciles")
            : t("attest.discrepancies", {
                count: a.checksFailed,
                n: formatUnitsCount(a.checksFailed),
              })}
        </strong>{" "}
        {t("attest.line", {
          checks: formatUnitsCount(a.checksRun),
          from: a.fromBlock.toString(),
          to: a.toBlock.toString(),
          date: formatDate(a.time),
        })}{" "}
        {t("attest.by")} <AddressText address={a.attester} chain={chain} /> ·{" "}
        <TxLink hash={a.transactionHash} chain={chain} />
      </p>
      {a.revokedAt ? (
        <p className="error-text" data-testid="attestation-revoked">
          {t("attest.revoked", { date: formatDate(a.revokedAt) })}
        </p>
      ) : null}
      {a.mismatch ? (
        <p className="error-text" role="alert" data-testid="attestation-mismatch">
          {t("attest.mismatch")}
        </p>
      ) : null}
      <p className="small-text">
        <DocumentLink
          reference={`ipfs://${a.reportCid}`}
          title={t("attest.report")}
          mediaType="application/json"
          testId="attestation-report"
        />
      </p>
      {rerun ? (
        <Rerun attestation={a} campaign={campaign} />
      ) : (
        <button
          type="button"
          className="secondary small"
          onClick={() => setRerun(true)}
          data-testid="attestation-rerun"
        >
          {t("attest.rerun", { from: a.fromBlock.toString(), to: a.toBlock.toString() })}
        </button>
      )}
    </li>
  );
}

/** The same audit, re-run here at the attestation's blocks, compared with it and its report. */
function Rerun({ attestation: a, campaign }: { attestation: AuditAttestation; campaign: Address }) {
  useTranslation();
  const client = useChainClient();
  const { chainId } = useDeployment();
  const gateways = useGateways();
  const query = useQuery({
    queryKey: ["rerun", chainId, campaign, a.uid],
    staleTime: Infinity,
    retry: false,
    queryFn: async ({ signal }): Promise<AttestationComparison & { reportRead: boolean }> => {
      const [result, report] = await Promise.all([
        auditCampaign(client, campaign, { fromBlock: a.fromBlock, toBlock: a.toBlock }),
        gateways.length
          ? fetchContent(a.reportCid, gateways, signal)
              .then((got) => JSON.parse(new TextDecoder().decode(got.bytes)) as { checks?: [] })
              .catch(() => undefined)
          : Promise.resolve(undefined),
      ]);
      return { ...compareAttestation(a, result, report), reportRead: !!report };
    },
  });
  if (query.isLoading)
    return (
      <p role="status" data-testid="rerun-progress">
        {t("attest.rerunning", { from: a.fromBlock.toString(), to: a.toBlock.toString() })}
      </p>
    );
  if (query.error)
    return (
      <p className="error-text" role="alert" data-testid="rerun-error">
        {explainError(query.error).sentence}
      </p>
    );
  const c = query.data!;
  return (
    <div
      className={`banner ${c.agrees ? "banner-ok" : "banner-warning"}`}
      role="status"
      data-testid="rerun-result"
      data-agrees={c.agrees ? "true" : "false"}
    >
      <p>
        <strong>{c.agrees ? t("attest.agrees") : t("attest.differs")}</strong>{" "}
        {t("attest.rerunLine", {
          checks: formatUnitsCount(c.rerun.checksRun),
          failed: formatUnitsCount(c.rerun.checksFailed),
          attestedChecks: formatUnitsCount(a.checksRun),
          attestedFailed: formatUnitsCount(a.checksFailed),
        })}{" "}
        {c.reportRead ? t("attest.reportCompared") : t("attest.reportNotRead")}
      </p>
      {c.differences.length ? (
        <>
          <p className="small-text">{t("attest.differencesNote")}</p>
          <ul lang="en" data-testid="rerun-differences">
            {c.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
