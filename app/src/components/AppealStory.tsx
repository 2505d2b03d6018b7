/**
 * The appeal's own words: its story, images, beneficiary, unit and documents, from its metadata
 * (fetched by its CID and verified). What the organizer states is marked as such.
 */
import { useTranslation } from "react-i18next";

import { t } from "../i18n/index.ts";
import { isHttpUri, isIpfsUri } from "../lib/content.ts";
import type { MetadataView } from "../hooks/useMetadata.ts";
import { useGateways } from "../hooks/useMetadata.ts";
import { ContentProblem, DocumentLink, VerifiedImage, VerifiedMark } from "./Content.tsx";

export function AppealStory({
  uri,
  metadata,
  error,
  loading,
}: {
  uri: string;
  metadata?: MetadataView;
  error?: unknown;
  loading: boolean;
}) {
  useTranslation();
  const gateways = useGateways();
  const state = metadata
    ? metadata.verified
      ? "verified"
      : "unverified"
    : error
      ? "problem"
      : isIpfsUri(uri) && gateways.length === 0
        ? "no-gateway"
        : loading
          ? "loading"
          : "none";
  const paragraphs = (metadata?.story ?? "").split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <section
      className="card story"
      aria-labelledby="story-title"
      data-testid="appeal-story"
      data-state={state}
    >
      <h2 id="story-title">{t("story.title")}</h2>
      {state === "loading" ? <p role="status">{t("story.loading")}</p> : null}
      {state === "problem" ? (
        <p data-testid="story-problem">
          <ContentProblem error={error} />
        </p>
      ) : null}
      {state === "no-gateway" ? <p className="muted">{t("story.noGateway")}</p> : null}
      {metadata?.images?.length ? (
        <div className="story-images">
          {metadata.images.map((image) => (
            <VerifiedImage
              key={image.uri}
              uri={image.uri}
              alt={image.alt}
              mediaType={image.mediaType}
            />
          ))}
        </div>
      ) : null}
      <div className="story-text" data-testid="story-text">
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      {metadata?.unit || metadata?.beneficiary ? (
        <dl className="facts">
          {metadata.beneficiary ? (
            <>
              <dt>{t("story.beneficiary")}</dt>
              <dd data-testid="story-beneficiary">
                {metadata.beneficiary.name}
                {metadata.beneficiary.country ? ` (${metadata.beneficiary.country})` : ""}
                {metadata.beneficiary.url && isHttpUri(metadata.beneficiary.url) ? (
                  <>
                    {" · "}
                    <a href={metadata.beneficiary.url} target="_blank" rel="noreferrer">
                      {metadata.beneficiary.url.replace(/^https?:\/\//, "")}
                    </a>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          {metadata.organizer ? (
            <>
              <dt>{t("story.organizer")}</dt>
              <dd>
                {metadata.organizer.name}
                {metadata.organizer.country ? ` (${metadata.organizer.country})` : ""}
              </dd>
            </>
          ) : null}
          {metadata.unit ? (
            <>
              <dt>{t("story.unit")}</dt>
              <dd data-testid="story-unit">
                <strong>{metadata.unit.name}</strong>: {metadata.unit.description}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {metadata?.documents?.length ? (
        <>
          <h3>{t("story.documents")}</h3>
          <ul className="plain documents" data-testid="story-documents">
            {metadata.documents.map((d) => (
              <li key={d.uri}>
                <DocumentLink
                  reference={d.uri}
                  title={d.title}
                  mediaType={d.mediaType}
                  testId="story-document"
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted small-text" data-testid="metadata-uri">
        {metadata?.verified ? (
          <>
            {t("story.statedBy")} <VerifiedMark cid={metadata.cid!} />
          </>
        ) : metadata && !metadata.verified ? (
          <>
            {t("story.unverified")}{" "}
            <a href={uri} target="_blank" rel="noreferrer" className="break-hash">
              {uri}
            </a>
          </>
        ) : (
          <>
            {t("appeal.story")} <span className="mono break-hash">{uri}</span>
          </>
        )}
      </p>
    </section>
  );
}
