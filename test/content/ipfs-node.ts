/**
 * The embedded IPFS node (scripts/lib/ipfs-node.ts) as a client sees it: a real Helia node with
 * blocks on disk and its trustless gateway on 127.0.0.1, pre-loaded with the seeded content;
 * client/content.ts fetching from it and verifying every block; a gateway that tampers with one
 * byte refused with a sentence; blocks kept across restarts; and pinning through the standard
 * Pinning Service API against a local stand-in that fetches from the node as a real service would.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import {
  computeCid,
  ContentError,
  digestOf,
  fetchVerified,
  gatewayMultiaddr,
  gatewayUrlOf,
  PinningClient,
  PinningError,
} from "../../client/content.ts";
import { CONTENT_DIR, startLocalIpfs, type LocalIpfs } from "../../scripts/lib/ipfs-node.ts";
import { startPinningStandIn, type PinningStandIn } from "../../scripts/lib/ipfs-pinning.ts";

describe("the embedded IPFS node and its trustless gateway", function () {
  this.timeout(30_000);
  let dir: string;
  let ipfs: LocalIpfs;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handover-ipfs-"));
    ipfs = await startLocalIpfs({ dir, port: 0 });
  });
  after(async () => {
    await ipfs?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts on 127.0.0.1 with every seeded file, under the CIDs content.ts computes", async () => {
    expect(ipfs.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = ipfs.preloaded.find(
      (p) => p.path === path.join("appeals", "waho", "metadata.json"),
    )!;
    const bytes = new Uint8Array(readFileSync(path.join(CONTENT_DIR, metadata.path)));
    expect(`${metadata.cid}`).to.equal(`${await computeCid(bytes)}`);
    expect(ipfs.preloaded.length).to.be.greaterThan(15);
    expect(await ipfs.has(metadata.cid)).to.equal(true);
  });

  it("serves every file as a verified CAR, and single blocks raw", async () => {
    for (const p of ipfs.preloaded) {
      const got = await fetchVerified(p.cid, {
        gateways: [ipfs.url],
        signal: AbortSignal.timeout(5_000),
      });
      expect(got.bytes.length, p.path).to.equal(p.size);
    }
    const photo = ipfs.preloaded.find((p) => p.path.endsWith("GRN-0505-photo.png"))!;
    // By its on-chain digest alone: the dag-pb candidate is the one the node has.
    const byDigest = await fetchVerified(digestOf(photo.cid), { gateways: [ipfs.url] });
    expect(`${byDigest.cid}`).to.equal(`${photo.cid}`);
    const terms = ipfs.preloaded.find((p) => p.path.endsWith("PO-WAHO-001.md"))!;
    const termsByDigest = await fetchVerified(digestOf(terms.cid), { gateways: [ipfs.url] });
    expect(`${termsByDigest.cid}`).to.equal(`${terms.cid}`);
    expect(termsByDigest.bytes.length).to.equal(terms.size);
    const raw = await fetch(`${ipfs.url}/ipfs/${photo.cid}?format=raw`);
    expect(raw.headers.get("content-type")).to.equal("application/vnd.ipld.raw");
    expect(raw.headers.get("access-control-allow-origin")).to.equal("*");
    const plain = await fetch(`${ipfs.url}/ipfs/${photo.cid}`);
    expect(plain.headers.get("content-type")).to.equal("image/png");
    expect((await plain.arrayBuffer()).byteLength).to.equal(photo.size);
    const missing = await fetch(
      `${ipfs.url}/ipfs/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e`,
    );
    expect(missing.status).to.equal(404);
    expect(await missing.text()).to.match(/is not on this node/);
    expect((await fetch(`${ipfs.url}/ipfs/not-a-cid`)).status).to.equal(400);
  });

  it("a gateway that changes one byte is refused, and the next gateway is used", async () => {
    const grn = ipfs.preloaded.find((p) => p.path.endsWith("GRN-0417.md"))!;
    // A gateway in the middle that flips the last byte of every answer (the GRN's last block).
    const tampering: Server = createServer(async (request, response) => {
      const upstream = await fetch(`${ipfs.url}${request.url}`, {
        headers: { accept: String(request.headers.accept ?? "") },
      });
      const body = new Uint8Array(await upstream.arrayBuffer());
      body[body.length - 1] ^= 0x01;
      response.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "",
      });
      response.end(body);
    });
    await new Promise<void>((resolve) => tampering.listen(0, "127.0.0.1", resolve));
    const evil = `http://127.0.0.1:${(tampering.address() as AddressInfo).port}`;
    try {
      let refused: unknown;
      await fetchVerified(grn.cid, { gateways: [evil], signal: AbortSignal.timeout(5_000) }).catch(
        (e) => (refused = e),
      );
      expect(refused).to.be.instanceOf(ContentError);
      expect((refused as ContentError).code).to.equal("tampered-block");
      expect((refused as Error).message).to.equal(
        `${evil} sent bytes for block ${grn.cid} that do not hash to it: the content was tampered with or corrupted in transit, and is refused.`,
      );
      const got = await fetchVerified(grn.cid, { gateways: [evil, ipfs.url] });
      expect(got.gateway).to.equal(ipfs.url);
    } finally {
      await new Promise<void>((resolve) => tampering.close(() => resolve()));
    }
  });

  it("keeps its blocks on disk across restarts", async () => {
    const added = await ipfs.add(new TextEncoder().encode("GRN-TEST: 1 carton\n"));
    await ipfs.stop();
    ipfs = await startLocalIpfs({ dir, port: 0, preload: [] });
    expect(ipfs.preloaded).to.deep.equal([]);
    expect(await ipfs.has(added)).to.equal(true);
    expect(new TextDecoder().decode(await ipfs.cat(added))).to.equal("GRN-TEST: 1 carton\n");
  });

  it("refuses a second node on the same port with a sentence saying what to do", async () => {
    let error: unknown;
    await startLocalIpfs({
      dir: mkdtempSync(path.join(os.tmpdir(), "handover-ipfs-")),
      port: ipfs.port,
      preload: [],
    }).catch((e) => (error = e));
    expect((error as Error).message).to.match(
      new RegExp(
        `port ${ipfs.port} on 127.0.0.1 is taken: stop what listens there or pass another port`,
      ),
    );
  });

  describe("pinning through the IPFS Pinning Service API", () => {
    let service: PinningStandIn;
    before(async () => {
      service = await startPinningStandIn();
    });
    after(() => service?.stop());

    it("asks the service to pin with the node's gateway as origin; the service fetches, verifies and pins", async () => {
      const report = new TextEncoder().encode('{"audit":"report"}\n');
      const cid = await ipfs.add(report);
      const origin = gatewayMultiaddr(ipfs.url);
      expect(origin).to.equal(`/ip4/127.0.0.1/tcp/${ipfs.port}/http`);
      expect(gatewayUrlOf(origin)).to.equal(ipfs.url);
      const client = new PinningClient(service.url, service.token);
      const status = await client.pin(cid, {
        name: "audit report",
        origins: [origin],
        intervalMs: 20,
      });
      expect(status.status).to.equal("pinned");
      expect(status.pin).to.deep.include({
        cid: `${cid}`,
        name: "audit report",
        origins: [origin],
      });
      expect(Buffer.from(service.pinned.get(`${cid}`)!).equals(Buffer.from(report))).to.equal(true);
      // Asking again reuses the request.
      expect((await client.pin(cid, { origins: [origin] })).requestid).to.equal(status.requestid);
      expect((await client.find([cid])).map((p) => p.requestid)).to.deep.equal([status.requestid]);
      await client.remove(status.requestid);
      expect(await client.find([cid])).to.deep.equal([]);
      expect(service.pinned.has(`${cid}`)).to.equal(false);
    });

    it("reports what the service refused: a wrong token, content nobody serves", async () => {
      const cid = await computeCid(new TextEncoder().encode("nobody has this\n"));
      const wrong = new PinningClient(service.url, "not-the-token");
      let error: unknown;
      await wrong.pin(cid).catch((e) => (error = e));
      expect(error).to.be.instanceOf(PinningError);
      expect((error as PinningError).status).to.equal(401);
      expect((error as Error).message).to.equal(
        "the pinning service answered 401 UNAUTHORIZED: a valid access token is required",
      );
      const client = new PinningClient(service.url, service.token);
      error = undefined;
      await client
        .pin(cid, { origins: [gatewayMultiaddr(ipfs.url)], intervalMs: 20 })
        .catch((e) => (error = e));
      expect((error as PinningError).reason).to.equal("PIN_FAILED");
      expect((error as Error).message).to.match(
        new RegExp(`could not pin ${cid}.*answered HTTP 404`),
      );
    });
  });
});
