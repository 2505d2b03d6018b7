/**
 * Content-addressed files on the pages: shown only once fetched and verified against their CID.
 * A file a gateway altered is refused with a sentence and never shown; one no gateway could serve
 * is said to be unreachable, with its CID so that anyone can fetch it elsewhere.
 */
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";

import { t } from "../i18n/index.ts";
import { contentProblem, isRefusal, safeOpenType, sniffType } from "../lib/content.ts";
import { say } from "../lib/message.ts";
import { useContent, useGateways } from "../hooks/useMetadata.ts";

/** A blob URL for verified bytes, revoked when they change or the component goes. */
function useBlobUrl(bytes: Uint8Array | undefined, type: string | undefined) {
  const url = useMemo(
    () =>
      bytes && type
        ? URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
        : undefined,
    [bytes, type],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

/** The state of a file, for people and for tests (`data-state`). */
function stateOf(
  query: { isLoading: boolean; error: unknown; data?: unknown },
  gateways: string[],
) {
  if (gateways.length === 0) return "no-gateway";
  if (query.error) return isRefusal(query.error) ? "refused" : "unreachable";
  if (query.data) return "verified";
  return "loading";
}

/** Why a file is not shown, as a short sentence (role=alert when it was refused). */
export function ContentProblem({ error, testId }: { error: unknown; testId?: string }) {
  useTranslation();
  const refused = isRefusal(error);
  return (
    <span
      className={`content-${refused ? "refused" : "problem"} ${refused ? "error-text" : "muted"}`}
      role={refused ? "alert" : undefined}
      data-testid={testId}
    >
      {say(contentProblem(error))}
    </span>
  );
}

/** An image of the appeal, shown from its verified bytes only. */
export function VerifiedImage({
  uri,
  alt,
  mediaType,
  testId = "appeal-image",
}: {
  uri: string;
  alt: string;
  mediaType?: string;
  testId?: string;
}) {
  useTranslation();
  const gateways = useGateways();
  const query = useContent(uri);
  const type = query.data ? sniffType(query.data.bytes, mediaType) : undefined;
  const url = useBlobUrl(query.data?.bytes, type && /^image\//.test(type) ? type : undefined);
  const state = stateOf(query, gateways);
  return (
    <figure
      className="appeal-image"
      data-testid={testId}
      data-state={state}
      data-cid={query.data?.cid}
    >
      {url ? <img src={url} alt={alt} /> : null}
      {state === "loading" ? (
        <span className="muted small-text" role="status">
          {t("content.loadingImage")}
        </span>
      ) : null}
      {query.error ? (
        <figcaption className="small-text">
          {/* Which image is not shown: its description, then why. */}
          <span className="muted">{alt}: </span>
          <ContentProblem error={query.error} testId={`${testId}-problem`} />
        </figcaption>
      ) : null}
      {state === "verified" ? (
        <figcaption className="muted small-text">
          <VerifiedMark cid={query.data!.cid} />
        </figcaption>
      ) : null}
    </figure>
  );
}

/** "✓ verified against its content ID bafy…" */
export function VerifiedMark({ cid }: { cid: string }) {
  useTranslation();
  return (
    <span className="verified" title={cid}>
      <span aria-hidden="true">✓ </span>
      {t("content.verified")} <span className="mono break-hash">{cid}</span>
    </span>
  );
}

/**
 * A document named by an `ipfs://` URI, a CID or an on-chain digest: fetched, verified, then
 * offered to open (images and PDFs as they are, anything else as plain text) or save. Refused
 * files get a sentence and no link.
 */
export function DocumentLink({
  reference,
  title,
  mediaType,
  fileName,
  testId = "document",
}: {
  reference: string;
  title: string;
  mediaType?: string;
  fileName?: string;
  testId?: string;
}) {
  useTranslation();
  const gateways = useGateways();
  const query = useContent(reference);
  const type = query.data ? sniffType(query.data.bytes, mediaType) : undefined;
  const url = useBlobUrl(query.data?.bytes, type ? safeOpenType(type) : undefined);
  const state = stateOf(query, gateways);
  return (
    <span
      className={`document document-${state}`}
      data-testid={testId}
      data-state={state}
      data-cid={query.data?.cid}
    >
      {url ? (
        <a
          href={url}
          target="_blank"
          rel="noreferrer"
          download={fileName}
          data-testid={`${testId}-open`}
        >
          {title}
        </a>
      ) : (
        <span>{title}</span>
      )}{" "}
      {state === "verified" ? (
        <span className="verified small-text">
          <span aria-hidden="true">✓ </span>
          {t("content.verifiedShort")}
        </span>
      ) : state === "loading" ? (
        <span className="muted small-text" role="status">
          {t("content.checking")}
        </span>
      ) : state === "no-gateway" ? (
        <span className="muted small-text">
          {t("content.noGateway")} <span className="mono break-hash">{reference}</span>
        </span>
      ) : (
        <ContentProblem error={query.error} testId={`${testId}-problem`} />
      )}
    </span>
  );
}
