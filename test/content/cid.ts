/**
 * Content addressing (client/content.ts): CIDs equal to Kubo's for fixed inputs, the bytes32 that
 * goes on chain, and files refused when they are not the content their CID or digest names.
 *
 * Kubo's CIDs below come from its own tests: "Hello IPFS\n" and "hello\n" added with
 * `ipfs add --cid-version 1` (kubo test/sharness/t0124-gateway-ipns-record/README.md and
 * t0116-gateway-cache/README.md), and the IPIP-499 profile vectors of kubo
 * test/cli/cid_profiles_test.go, whose inputs are ChaCha20 keystreams keyed by sha256(seed) with a
 * zero nonce (kubo test/cli/testutils/random_deterministic.go). The legacy profile (CIDv0, 256 KiB
 * chunks, 174 children) checks chunking and the balanced layout, the 2025 one (CIDv1, raw leaves)
 * checks raw leaves under a dag-pb root: Handover's settings are Kubo's `--cid-version=1`, the first
 * profile's layout with the second's leaves.
 */
import { createCipheriv, createHash } from "node:crypto";

import { expect } from "chai";

import {
  blocksOf,
  cidsForDigest,
  computeCid,
  ContentError,
  digestOf,
  ipfsUri,
  parseIpfsUri,
  reassemble,
  verifyContent,
  type ImportSettings,
} from "../../client/content.ts";
import { CarWriter } from "@ipld/car/writer";

const text = (s: string) => new TextEncoder().encode(s);
/** Kubo's deterministic test bytes: ChaCha20(key = sha256(seed), nonce = 0) over zeros. */
const deterministic = (size: number, seed: string) => {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("chacha20", key, Buffer.alloc(16));
  return new Uint8Array(cipher.update(Buffer.alloc(size)));
};
const V0_2015: ImportSettings = {
  cidVersion: 0,
  rawLeaves: false,
  chunkSize: 262_144,
  maxChildrenPerNode: 174,
};
const V1_2025: ImportSettings = {
  cidVersion: 1,
  rawLeaves: true,
  chunkSize: 1_048_576,
  maxChildrenPerNode: 1_024,
};

async function expectRefused(promise: Promise<unknown>, code: string, message: RegExp) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ContentError);
    expect((error as ContentError).code).to.equal(code);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail(`expected a ContentError ${code}`);
}

async function car(
  root: Parameters<typeof CarWriter.create>[0],
  blocks: { cid: never; bytes: Uint8Array }[],
) {
  const { writer, out } = CarWriter.create(root);
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const c of out) chunks.push(c);
  })();
  for (const b of blocks) await writer.put(b);
  await writer.close();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe("content addressing: CIDs as Kubo computes them", () => {
  it("small files are one raw block (Kubo's --cid-version 1)", async () => {
    expect(`${await computeCid(text("Hello IPFS\n"))}`).to.equal(
      "bafkreidfdrlkeq4m4xnxuyx6iae76fdm4wgl5d4xzsb77ixhyqwumhz244",
    );
    expect(`${await computeCid(text("hello\n"))}`).to.equal(
      "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am",
    );
    expect(`${await computeCid(text("hello world"))}`).to.equal(
      "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
    );
  });

  it("256 KiB chunks and the balanced layout of 174 children (IPIP-499 unixfs-v0-2015)", async () => {
    const cid = async (size: number, seed: string) =>
      `${await computeCid(deterministic(size, seed), { settings: V0_2015 })}`;
    expect(await computeCid(text("hello world"), { settings: V0_2015 }).then(String)).to.equal(
      "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD",
    );
    expect(await cid(262_144, "chunk-v0-seed")).to.equal(
      "QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE",
    );
    expect(await cid(262_145, "chunk-v0-seed")).to.equal(
      "QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ",
    );
    // 174 chunks fill one node; one byte more rebalances into two layers.
    expect(await cid(174 * 262_144, "v0-seed")).to.equal(
      "QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2",
    );
    expect(await cid(174 * 262_144 + 1, "v0-seed")).to.equal(
      "QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW",
    );
  });

  it("raw leaves under a CIDv1 dag-pb root (IPIP-499 unixfs-v1-2025)", async () => {
    const cid = async (size: number) =>
      `${await computeCid(deterministic(size, "chunk-v1-seed"), { settings: V1_2025 })}`;
    expect(await cid(1_048_576)).to.equal(
      "bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta",
    );
    expect(await cid(1_048_577)).to.equal(
      "bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64",
    );
  });

  it("a file over 256 KiB gets a dag-pb root of raw 256 KiB leaves", async () => {
    const { root, blocks } = await blocksOf(deterministic(600_000, "handover"));
    expect(root.version).to.equal(1);
    expect(root.code).to.equal(0x70); // dag-pb
    expect(blocks.map((b) => [b.cid.code, b.bytes.length])).to.deep.equal([
      [0x55, 262_144],
      [0x55, 262_144],
      [0x55, 75_712],
      [0x70, blocks[3].bytes.length],
    ]);
    expect(blocks[3].cid.equals(root)).to.equal(true);
  });

  it("the bytes32 on chain is the CID's sha2-256 digest, and gives back both possible CIDs", async () => {
    const small = await computeCid(text("Hello IPFS\n"));
    const digest = digestOf(small);
    expect(digest).to.equal(`0x${createHash("sha256").update("Hello IPFS\n").digest("hex")}`);
    const [rawCid, dagPbCid] = cidsForDigest(digest);
    expect(rawCid.equals(small)).to.equal(true);
    expect(dagPbCid.code).to.equal(0x70);
    const large = await computeCid(deterministic(300_000, "x"));
    expect(cidsForDigest(digestOf(large))[1].equals(large)).to.equal(true);
    expect(() => digestOf("QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE")).to.not.throw();
    expect(() => cidsForDigest("0x1234" as `0x${string}`)).to.throw(ContentError, /not a bytes32/);
    expect(ipfsUri(small)).to.equal(`ipfs://${small}`);
    expect(parseIpfsUri(`ipfs://${small}/a.json`)).to.deep.include({ path: "/a.json" });
    expect(() => parseIpfsUri("ipfs://not-a-cid")).to.throw(ContentError, /not an IPFS CID/);
  });
});

describe("content addressing: wrong and tampered files are refused", () => {
  const terms = text("PO-WAHO-001: 10,000 Type IIR masks, FOB Zhengzhou, USD 0.40 each\n");

  it("a file checks against its CID, its ipfs:// URI and its on-chain digest", async () => {
    const cid = await computeCid(terms);
    expect((await verifyContent(terms, cid)).equals(cid)).to.equal(true);
    expect((await verifyContent(terms, ipfsUri(cid))).equals(cid)).to.equal(true);
    expect((await verifyContent(terms, digestOf(cid))).equals(cid)).to.equal(true);
  });

  it("one changed byte is refused, saying which content it is and what the chain records", async () => {
    const cid = await computeCid(terms);
    const tampered = terms.slice();
    tampered[tampered.length - 6] ^= 1; // "0.40" becomes "0.41"
    const tamperedCid = await computeCid(tampered);
    await expectRefused(
      verifyContent(tampered, digestOf(cid)),
      "digest-mismatch",
      new RegExp(
        `not the one recorded on chain: its content ID is ${tamperedCid} \\(hash ${digestOf(tamperedCid)}\\), the chain records hash ${digestOf(cid)}`,
      ),
    );
    await expectRefused(
      verifyContent(tampered, cid),
      "cid-mismatch",
      new RegExp(
        `not the content of ${cid}: its own content ID is ${tamperedCid}. The file was changed`,
      ),
    );
  });

  it("a CID made with other settings is called out as such, not as tampering", async () => {
    const v0 = await computeCid(terms, { settings: V0_2015 });
    await expectRefused(
      verifyContent(terms, v0),
      "cid-mismatch",
      /not made with Handover's settings/,
    );
  });

  it("a CAR whose block does not hash to its CID is refused; a CAR of other content too", async () => {
    const bytes = deterministic(300_000, "evidence");
    const { root, blocks } = await blocksOf(bytes);
    const good = await car(root as never, blocks as never);
    expect(
      Buffer.from(await reassemble(root, good, "gateway")).equals(Buffer.from(bytes)),
    ).to.equal(true);
    const forged = blocks.map((b, i) =>
      i === 1 ? { cid: b.cid, bytes: b.bytes.map((x, j) => (j === 7 ? x ^ 1 : x)) } : b,
    );
    await expectRefused(
      reassemble(root, await car(root as never, forged as never), "http://gw"),
      "tampered-block",
      new RegExp(`http://gw sent bytes for block ${blocks[1].cid} that do not hash to it`),
    );
    const other = await blocksOf(text("another file"));
    await expectRefused(
      reassemble(root, await car(other.root as never, other.blocks as never), "http://gw"),
      "missing-block",
      new RegExp(`sent no block for ${root}`),
    );
    // Every block but one: the file cannot be reassembled.
    await expectRefused(
      reassemble(
        root,
        await car(root as never, blocks.filter((_, i) => i !== 0) as never),
        "http://gw",
      ),
      "missing-block",
      /did not send every block/,
    );
  });
});
