/**
 * The seeded appeals' content (content/appeals): every metadata file is valid, and every ipfs://
 * link in it (images, documents) and in the goods received notes names a file that is there.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import {
  computeCid,
  parseAppealMetadata,
  parseIpfsUri,
  ContentError,
} from "../../client/content.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const APPEALS = path.join(ROOT, "content", "appeals");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe("seeded content: the appeals' files and their links", () => {
  let byCid: Map<string, string>;

  before(async () => {
    byCid = new Map();
    for (const file of files(APPEALS))
      byCid.set(
        `${await computeCid(new Uint8Array(readFileSync(file)))}`,
        path.relative(APPEALS, file),
      );
  });

  it("has the four seeded appeals, each with metadata naming its beneficiary and organizer", () => {
    for (const appeal of ["waho", "banjul", "accra", "niamey"]) {
      const metadata = parseAppealMetadata(
        readFileSync(path.join(APPEALS, appeal, "metadata.json")),
      );
      expect(metadata.title).to.match(/surgical masks for/);
      expect(metadata.beneficiary.name).to.not.equal("");
      expect(metadata.organizer.name).to.not.equal("");
      expect(metadata.images.length).to.be.greaterThan(0);
    }
  });

  it("every ipfs:// link resolves to a file of the content folder", () => {
    const links: { from: string; uri: string }[] = [];
    for (const file of files(APPEALS)) {
      if (!/\.(json|md)$/.test(file)) continue;
      for (const m of readFileSync(file, "utf8").matchAll(/ipfs:\/\/[a-z0-9]+/g))
        links.push({ from: path.relative(APPEALS, file), uri: m[0] });
    }
    expect(links.length).to.be.greaterThan(6);
    for (const { from, uri } of links)
      expect(byCid.get(`${parseIpfsUri(uri).cid}`), `${uri} in ${from}`).to.be.a("string");
  });

  it("the warehouse photo is over 256 KiB: a dag-pb root, as a real photo's CID would be", async () => {
    const photo = [...byCid.entries()].find(([, p]) => p.endsWith("GRN-0505-photo.png"))!;
    expect(photo[0]).to.match(/^bafybei/);
  });

  it("metadata that is not valid is refused naming the field", () => {
    const good = JSON.parse(readFileSync(path.join(APPEALS, "waho", "metadata.json"), "utf8"));
    const refused = (value: unknown, message: RegExp) =>
      expect(() => parseAppealMetadata(value)).to.throw(ContentError, message);
    refused("{", /not JSON/);
    refused({ ...good, schema: "x" }, /"schema" must be "handover.appeal\/1"/);
    refused({ ...good, title: "" }, /"title" must be a non-empty string/);
    refused({ ...good, organizer: {} }, /"organizer.name" must be a non-empty string/);
    refused(
      { ...good, images: [{ uri: "http://x", alt: "a" }] },
      /"images\[0\].uri" must be an ipfs:\/\//,
    );
    refused({ ...good, images: [{ uri: "ipfs://nope", alt: "a" }] }, /not an IPFS CID/);
  });
});
