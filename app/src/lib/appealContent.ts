/**
 * The launch form's content: the appeal's metadata JSON (client/content.ts `AppealMetadata`) and
 * its images, built and content-addressed in the browser before anything is signed, so the
 * organizer sees the CID that will go on chain (`metadataURI = ipfs://<cid>`); a CAR of every
 * block to import into any IPFS node; and pins through the IPFS Pinning Service API.
 */
import type { AppealMetadata } from "../../../client/content.ts";
import { contentLib } from "./content.ts";
import { msg, type Message } from "./message.ts";

export type StoryImage = { name: string; bytes: Uint8Array; mediaType?: string; alt: string };

export type StoryForm = {
  title: string;
  story: string;
  beneficiaryName: string;
  beneficiaryCountry: string;
  organizerName: string;
  unitDescription: string;
  images: StoryImage[];
};

export const emptyStoryForm = (): StoryForm => ({
  title: "",
  story: "",
  beneficiaryName: "",
  beneficiaryCountry: "",
  organizerName: "",
  unitDescription: "",
  images: [],
});

export type StoryErrors = Partial<Record<keyof StoryForm | `alt-${number}`, Message>>;

const MAX_TITLE = 200;
const MAX_STORY = 20_000;
const MAX_IMAGE_BYTES = 5 * 2 ** 20;

/** What is missing or too long in the story, by field (`say` words it). */
export function validateStory(form: StoryForm): StoryErrors {
  const errors: StoryErrors = {};
  const required = (key: keyof StoryForm, message: Message) => {
    if (!String(form[key]).trim()) errors[key] = message;
  };
  required("title", msg("storyErrors.titleMissing"));
  required("story", msg("storyErrors.storyMissing"));
  required("beneficiaryName", msg("storyErrors.beneficiaryMissing"));
  required("organizerName", msg("storyErrors.organizerMissing"));
  required("unitDescription", msg("storyErrors.unitMissing"));
  if (form.title.length > MAX_TITLE)
    errors.title = msg("storyErrors.tooLong", { max: { n: MAX_TITLE } });
  if (form.story.length > MAX_STORY)
    errors.story = msg("storyErrors.tooLong", { max: { n: MAX_STORY } });
  const country = form.beneficiaryCountry.trim();
  if (country && !/^[A-Za-z]{2}$/.test(country))
    errors.beneficiaryCountry = msg("storyErrors.country");
  form.images.forEach((image, i) => {
    if (!image.alt.trim()) errors[`alt-${i}`] = msg("storyErrors.altMissing", { name: image.name });
    else if (image.bytes.length > MAX_IMAGE_BYTES)
      errors[`alt-${i}`] = msg("storyErrors.imageTooLarge", {
        name: image.name,
        max: { n: MAX_IMAGE_BYTES / 2 ** 20 },
      });
  });
  return errors;
}

/** A file of the appeal's content and its CID. */
export type ContentFile = { name: string; cid: string; bytes: Uint8Array; mediaType?: string };

export type BuiltContent = {
  metadata: AppealMetadata;
  /** The metadata file's CID: `metadataURI` is `ipfs://<metadataCid>`. */
  metadataCid: string;
  uri: string;
  /** The metadata file first, then the images. */
  files: ContentFile[];
};

/**
 * The metadata JSON (the client's `encodeAppealMetadata`: stable bytes, so a stable CID) with each
 * image named by its CID, and every file's CID as Kubo computes it.
 */
export async function buildAppealContent(form: StoryForm, unitName: string): Promise<BuiltContent> {
  const { computeCid, encodeAppealMetadata, ipfsUri } = await contentLib();
  const images: ContentFile[] = [];
  for (const image of form.images)
    images.push({
      name: image.name,
      cid: (await computeCid(image.bytes)).toString(),
      bytes: image.bytes,
      mediaType: image.mediaType,
    });
  const party = (name: string, country?: string) => ({
    name: name.trim(),
    ...(country?.trim() ? { country: country.trim().toUpperCase() } : {}),
  });
  const metadata: AppealMetadata = {
    schema: "handover.appeal/1",
    title: form.title.trim(),
    story: form.story.trim(),
    images: form.images.map((image, i) => ({
      uri: ipfsUri(images[i].cid),
      alt: image.alt.trim(),
      ...(image.mediaType ? { mediaType: image.mediaType } : {}),
    })),
    beneficiary: party(form.beneficiaryName, form.beneficiaryCountry),
    organizer: party(form.organizerName),
    unit: { name: unitName.trim(), description: form.unitDescription.trim() },
  };
  const bytes = encodeAppealMetadata(metadata);
  const metadataCid = (await computeCid(bytes)).toString();
  return {
    metadata,
    metadataCid,
    uri: ipfsUri(metadataCid),
    files: [
      { name: "metadata.json", cid: metadataCid, bytes, mediaType: "application/json" },
      ...images,
    ],
  };
}

/**
 * Every block of `files` in one CARv1 whose roots are the files' CIDs (metadata first): what
 * `ipfs dag import` and pinning services that take uploads accept.
 */
export async function carOf(files: ContentFile[]): Promise<Uint8Array> {
  const [{ blocksOf, CID }, { CarWriter }] = await Promise.all([
    contentLib(),
    import("@ipld/car/writer"),
  ]);
  const roots = files.map((f) => CID.parse(f.cid));
  const { writer, out } = CarWriter.create(roots);
  const chunks: Uint8Array[] = [];
  const collecting = (async () => {
    for await (const chunk of out) chunks.push(chunk);
  })();
  const seen = new Set<string>();
  for (const file of files) {
    const { blocks } = await blocksOf(file.bytes);
    for (const block of blocks) {
      const key = block.cid.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      await writer.put(block);
    }
  }
  await writer.close();
  await collecting;
  const car = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    car.set(c, offset);
    offset += c.length;
  }
  return car;
}

export type PinOutcome =
  { ok: true; cid: string; status: string } | { ok: false; cid: string; message: Message };

/**
 * Asks a pinning service (IPFS Pinning Service API) to pin each file, giving it `origins` to
 * fetch them from, and waits until it reports them pinned. Never throws: each file gets an outcome
 * in words a person understands.
 */
export async function pinFiles(
  files: ContentFile[],
  service: { url: string; token: string; origins: string[] },
  onOutcome?: (outcome: PinOutcome) => void,
): Promise<PinOutcome[]> {
  const { PinningClient } = await contentLib();
  const client = new PinningClient(service.url, service.token);
  const outcomes: PinOutcome[] = [];
  for (const file of files) {
    let outcome: PinOutcome;
    try {
      const status = await client.pin(file.cid, {
        name: file.name,
        origins: service.origins,
        timeoutMs: 60_000,
      });
      outcome = { ok: true, cid: file.cid, status: status.status };
    } catch (error) {
      const e = error as Error & { status?: number; reason?: string };
      outcome = {
        ok: false,
        cid: file.cid,
        message:
          e.name === "PinningError"
            ? e.status === 401 || e.status === 403
              ? msg("pinning.refusedToken")
              : e.reason === "PIN_FAILED" || e.reason === "TIMEOUT"
                ? msg("pinning.couldNotFetch")
                : msg("pinning.answered", { status: e.status ?? 0, reason: e.reason ?? "" })
            : msg("pinning.unreachable"),
      };
    }
    outcomes.push(outcome);
    onOutcome?.(outcome);
  }
  return outcomes;
}
