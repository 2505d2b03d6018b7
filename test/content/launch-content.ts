/**
 * The organizer's launch form's content (app/src/lib/appealContent.ts) as IPFS sees it: the
 * metadata JSON and images it content-addresses in the browser, the CAR it offers for download
 * (every block verifies against its CID; imported into the embedded node, every file reads back),
 * and pinning through the IPFS Pinning Service API against the local stand-in, which fetches from
 * the node as a real service would: pinned once the node holds the files, a sentence otherwise.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { CarReader } from "@ipld/car/reader";
import { expect } from "chai";

import {
  buildAppealContent,
  carOf,
  emptyStoryForm,
  pinFiles,
  validateStory,
  type StoryForm,
} from "../../app/src/lib/appealContent.ts";
import {
  computeCid,
  encodeAppealMetadata,
  gatewayMultiaddr,
  ipfsUri,
  parseAppealMetadata,
} from "../../client/content.ts";
import { startLocalIpfs, type LocalIpfs } from "../../scripts/lib/ipfs-node.ts";
import { startPinningStandIn, type PinningStandIn } from "../../scripts/lib/ipfs-pinning.ts";

const story = (): StoryForm => ({
  title: "10,000 gloves for Kano",
  story: "Kano's clinics ran out of gloves.\n\nEvery pair is paid on delivery.",
  beneficiaryName: "Kano State medical stores",
  beneficiaryCountry: "ng",
  organizerName: "FCSSC West Africa relief desk",
  unitDescription: "One pair of powder-free nitrile gloves, EN 455.",
  images: [
    {
      name: "gloves.svg",
      bytes: new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>\n"),
      mediaType: "image/svg+xml",
      alt: "A box of gloves",
    },
    {
      // More than one 256 KiB chunk: a file of several blocks under a dag-pb root.
      name: "warehouse.png",
      bytes: new Uint8Array(600_000).map((_, i) => (i * 7919) % 251),
      mediaType: "image/png",
      alt: "The Kano warehouse",
    },
  ],
});

describe("the launch form's content on IPFS", function () {
  this.timeout(60_000);
  let dir: string;
  let ipfs: LocalIpfs;
  let service: PinningStandIn;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handover-launch-"));
    ipfs = await startLocalIpfs({ dir, port: 0, preload: [] });
    service = await startPinningStandIn();
  });
  after(async () => {
    await service?.stop();
    await ipfs?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says what is missing, by field, before anything is built", () => {
    const errors = validateStory({
      ...emptyStoryForm(),
      beneficiaryCountry: "Nigeria",
      images: [{ name: "a.png", bytes: new Uint8Array(1), alt: " " }],
    });
    expect(Object.keys(errors).sort()).to.deep.equal(
      [
        "alt-0",
        "beneficiaryCountry",
        "beneficiaryName",
        "organizerName",
        "story",
        "title",
        "unitDescription",
      ].sort(),
    );
    expect(errors.title?.key).to.equal("storyErrors.titleMissing");
    expect(validateStory(story())).to.deep.equal({});
  });

  it("builds the metadata the client reads, each image named by its CID, and the CID that goes on chain", async () => {
    const form = story();
    const built = await buildAppealContent(form, "nitrile gloves (EN 455)");
    const images = await Promise.all(form.images.map((i) => computeCid(i.bytes)));
    expect(built.metadata).to.deep.equal(
      parseAppealMetadata({
        schema: "handover.appeal/1",
        title: "10,000 gloves for Kano",
        story: form.story,
        images: [
          { uri: ipfsUri(images[0]), alt: "A box of gloves", mediaType: "image/svg+xml" },
          { uri: ipfsUri(images[1]), alt: "The Kano warehouse", mediaType: "image/png" },
        ],
        beneficiary: { name: "Kano State medical stores", country: "NG" },
        organizer: { name: "FCSSC West Africa relief desk" },
        unit: {
          name: "nitrile gloves (EN 455)",
          description: "One pair of powder-free nitrile gloves, EN 455.",
        },
      }),
    );
    const metadataCid = await computeCid(encodeAppealMetadata(built.metadata));
    expect(built.metadataCid).to.equal(`${metadataCid}`);
    expect(built.uri).to.equal(ipfsUri(metadataCid));
    expect(built.files.map((f) => f.cid)).to.deep.equal([
      `${metadataCid}`,
      `${images[0]}`,
      `${images[1]}`,
    ]);
    // The same story gives the same CID (the encoding is stable); one changed word does not.
    expect((await buildAppealContent(story(), "nitrile gloves (EN 455)")).uri).to.equal(built.uri);
    expect(
      (await buildAppealContent({ ...story(), title: "10,000 gloves for Kano!" }, "x")).uri,
    ).to.not.equal(built.uri);
  });

  it("offers a CAR whose every block matches its CID; imported into the node, every file reads back and is pinned", async () => {
    const built = await buildAppealContent(story(), "nitrile gloves (EN 455)");
    const reader = await CarReader.fromBytes(await carOf(built.files));
    expect((await reader.getRoots()).map(String)).to.deep.equal(built.files.map((f) => f.cid));
    let blocks = 0;
    for await (const block of reader.blocks()) {
      const digest = createHash("sha256").update(block.bytes).digest();
      expect(Buffer.from(block.cid.multihash.digest).equals(digest), `${block.cid}`).to.equal(true);
      blocks++;
    }
    expect(blocks).to.be.greaterThan(built.files.length, "the large image is several blocks");

    // Before the node holds the files, the service cannot fetch them: said, not thrown.
    const origins = [gatewayMultiaddr(ipfs.url)];
    const early = await pinFiles(built.files.slice(0, 1), {
      url: service.url,
      token: service.token,
      origins,
    });
    expect(early).to.deep.equal([
      { ok: false, cid: built.metadataCid, message: { key: "pinning.couldNotFetch" } },
    ]);
    const refused = await pinFiles(built.files.slice(0, 1), {
      url: service.url,
      token: "not-the-token",
      origins,
    });
    expect(refused[0]).to.deep.include({ ok: false });
    expect((refused[0] as { message: { key: string } }).message.key).to.equal(
      "pinning.refusedToken",
    );

    // `ipfs dag import` of the CAR, here into the embedded node's blockstore.
    for await (const block of reader.blocks())
      await ipfs.helia.blockstore.put(block.cid, block.bytes);
    for (const file of built.files)
      expect(Buffer.from(await ipfs.cat(file.cid)).equals(Buffer.from(file.bytes))).to.equal(true);

    const seen: string[] = [];
    const outcomes = await pinFiles(
      built.files,
      { url: service.url, token: service.token, origins },
      (o) => seen.push(o.cid),
    );
    expect(outcomes.map((o) => o.ok)).to.deep.equal([true, true, true]);
    expect(seen).to.deep.equal(built.files.map((f) => f.cid));
    for (const file of built.files)
      expect(Buffer.from(service.pinned.get(file.cid)!).equals(Buffer.from(file.bytes))).to.equal(
        true,
      );
  });
});
