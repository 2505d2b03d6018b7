/**
 * The launch form's story: written here (title, story, beneficiary and organizer names, what a unit
 * is, images) and content-addressed in the browser, or an existing metadata URI. Once checked, the
 * metadata's CID is shown before anything is signed, with every file to download as a CAR and,
 * when a pinning service is configured, to pin through the IPFS Pinning Service API.
 */
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useGateways } from "../hooks/useMetadata.ts";
import { t } from "../i18n/index.ts";
import {
  carOf,
  pinFiles,
  type BuiltContent,
  type PinOutcome,
  type StoryErrors,
  type StoryForm,
} from "../lib/appealContent.ts";
import { contentLib } from "../lib/content.ts";
import { formatList } from "../lib/format.ts";
import { pinningFromEnv } from "../lib/ipfsConfig.ts";
import { say } from "../lib/message.ts";
import { Field } from "./common.tsx";
import { download } from "./DonorReceipt.tsx";

export function StoryFields({
  mode,
  onMode,
  story,
  set,
  errors,
  uriField,
}: {
  mode: "write" | "uri";
  onMode: (mode: "write" | "uri") => void;
  story: StoryForm;
  set: <K extends keyof StoryForm>(key: K, value: StoryForm[K]) => void;
  errors: StoryErrors;
  uriField: ReactNode;
}) {
  useTranslation();
  const text = (
    key: "title" | "beneficiaryName" | "beneficiaryCountry" | "organizerName",
    label: string,
    hint?: string,
  ) => (
    <Field label={label} htmlFor={`launch-${key}`} error={say(errors[key])} hint={hint}>
      <input
        id={`launch-${key}`}
        data-testid={`launch-${key}`}
        value={story[key]}
        aria-invalid={!!errors[key]}
        onChange={(e) => set(key, e.target.value)}
      />
    </Field>
  );
  const area = (key: "story" | "unitDescription", label: string) => (
    <Field label={label} htmlFor={`launch-${key}`} error={say(errors[key])}>
      <textarea
        id={`launch-${key}`}
        data-testid={`launch-${key}`}
        rows={key === "story" ? 6 : 2}
        value={story[key]}
        aria-invalid={!!errors[key]}
        onChange={(e) => set(key, e.target.value)}
      />
    </Field>
  );
  return (
    <fieldset className="field wide story-fields" data-testid="launch-story-fields">
      <legend>{t("launchStory.legend")}</legend>
      <div className="radio-row">
        <label>
          <input
            type="radio"
            name="story-mode"
            checked={mode === "write"}
            onChange={() => onMode("write")}
            data-testid="launch-story-write"
          />{" "}
          {t("launchStory.write")}
        </label>
        <label>
          <input
            type="radio"
            name="story-mode"
            checked={mode === "uri"}
            onChange={() => onMode("uri")}
            data-testid="launch-story-uri"
          />{" "}
          {t("launchStory.existing")}
        </label>
      </div>
      {mode === "uri" ? (
        uriField
      ) : (
        <div className="form-grid">
          {text("title", t("launchStory.title"))}
          {text("organizerName", t("launchStory.organizerName"))}
          <div className="wide">{area("story", t("launchStory.story"))}</div>
          {text("beneficiaryName", t("launchStory.beneficiaryName"))}
          {text(
            "beneficiaryCountry",
            t("launchStory.beneficiaryCountry"),
            t("launchStory.countryHint"),
          )}
          <div className="wide">{area("unitDescription", t("launchStory.unitDescription"))}</div>
          <div className="wide">
            <div className="file-pick">
              <label htmlFor="launch-images" className="sr-only">
                {t("launchStory.addImages")}
              </label>
              <input
                id="launch-images"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml"
                multiple
                data-testid="launch-images"
                onChange={async (e) => {
                  const files = [...(e.target.files ?? [])];
                  const added = await Promise.all(
                    files.map(async (file) => ({
                      name: file.name,
                      bytes: new Uint8Array(await file.arrayBuffer()),
                      mediaType: file.type || undefined,
                      alt: "",
                    })),
                  );
                  set("images", [...story.images, ...added]);
                  e.target.value = "";
                }}
              />
              <span className="file-button" aria-hidden="true">
                {t("launchStory.addImages")}
              </span>
            </div>
            <ul className="plain">
              {story.images.map((image, i) => (
                <li key={`${image.name}-${i}`} className="row">
                  <Field
                    label={t("launchStory.alt", { name: image.name })}
                    htmlFor={`launch-image-alt-${i}`}
                    error={say(errors[`alt-${i}`])}
                  >
                    <input
                      id={`launch-image-alt-${i}`}
                      data-testid={`launch-image-alt-${i}`}
                      value={image.alt}
                      onChange={(e) =>
                        set(
                          "images",
                          story.images.map((x, j) => (j === i ? { ...x, alt: e.target.value } : x)),
                        )
                      }
                    />
                  </Field>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      set(
                        "images",
                        story.images.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t("launchStory.removeImage")}
                  </button>
                </li>
              ))}
            </ul>
          </div>
          <p className="hint wide">{t("launchStory.hint")}</p>
        </div>
      )}
    </fieldset>
  );
}

/** The CIDs before signing, the CAR of every file, and pinning when a service is configured. */
export function PublishContent({ content }: { content: BuiltContent }) {
  useTranslation();
  const pinning = pinningFromEnv();
  return (
    <div className="card preview" data-testid="launch-content" aria-live="polite">
      <p>
        {t("launchStory.cidBefore")}{" "}
        <strong className="mono break-hash" data-testid="launch-metadata-cid">
          {content.uri}
        </strong>
      </p>
      <ul className="small-text" data-testid="launch-files">
        {content.files.map((f) => (
          <li key={f.cid} data-cid={f.cid}>
            {f.name}: <span className="mono break-hash">{f.cid}</span>
          </li>
        ))}
      </ul>
      <p className="small-text muted">{t("launchStory.keepFiles")}</p>
      <button
        type="button"
        className="secondary small"
        data-testid="launch-car"
        onClick={async () =>
          download(
            `appeal-${content.metadataCid}.car`,
            "application/vnd.ipld.car",
            await carOf(content.files),
          )
        }
      >
        {t("launchStory.downloadCar")}
      </button>{" "}
      <button
        type="button"
        className="secondary small"
        data-testid="launch-metadata-json"
        onClick={() => download("metadata.json", "application/json", content.files[0].bytes)}
      >
        {t("launchStory.downloadJson")}
      </button>
      {pinning ? (
        <PinForm content={content} url={pinning.url} origins={pinning.origins} />
      ) : (
        <p className="small-text muted" data-testid="launch-no-pinning">
          {t("launchStory.noPinning")}
        </p>
      )}
    </div>
  );
}

function PinForm({
  content,
  url,
  origins: configured,
}: {
  content: BuiltContent;
  url: string;
  origins: string[];
}) {
  useTranslation();
  const gateways = useGateways();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<PinOutcome[]>([]);
  const [origins, setOrigins] = useState<string[]>(configured);
  const service = new URL(url).host;
  return (
    <div className="pin-form" data-testid="launch-pinning">
      <p className="small-text">
        {t("launchStory.pinHelp", {
          service,
          origins: origins.length ? formatList(origins) : formatList(gateways),
        })}
      </p>
      <div className="inline-form">
        <label htmlFor="launch-pin-token">{t("launchStory.pinToken", { service })}</label>
        <input
          id="launch-pin-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          data-testid="launch-pin-token"
        />
        <button
          type="button"
          className="small"
          disabled={busy || !token}
          data-testid="launch-pin"
          onClick={async () => {
            setBusy(true);
            setOutcomes([]);
            let from = origins;
            if (from.length === 0) {
              const { gatewayMultiaddr } = await contentLib();
              from = gateways.map(gatewayMultiaddr);
              setOrigins(from);
            }
            await pinFiles(content.files, { url, token, origins: from }, (o) =>
              setOutcomes((prev) => [...prev, o]),
            );
            setBusy(false);
          }}
        >
          {busy ? t("launchStory.pinning") : t("launchStory.pin", { service })}
        </button>
      </div>
      <ul className="plain small-text" data-testid="launch-pin-status">
        {outcomes.map((o) => (
          <li key={o.cid} data-cid={o.cid} data-state={o.ok ? "pinned" : "failed"}>
            <span className="mono break-hash">{o.cid}</span>{" "}
            {o.ok ? (
              <span className="verified">{t("launchStory.pinned")}</span>
            ) : (
              <span className="error-text">{say(o.message)}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
