/**
 * Draws content/appeals/waho/evidence/GRN-0505-photo.png, the stand-in for a warehouse photo of the
 * delivered cartons (the seeded appeals are fictional): a deterministic PNG of cartons on pallets
 * with film grain, large enough (over 256 KiB) that its CID is a dag-pb root of several blocks, as a
 * real photo's would be.
 *
 *   node --experimental-strip-types content/draw-photo.ts
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const W = 640;
const H = 420;
let seed = 20_270_113;
const rand = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
const rows: Buffer[] = [];
for (let y = 0; y < H; y++) {
  const row = Buffer.alloc(1 + W * 3);
  for (let x = 0; x < W; x++) {
    // Floor, wall, and three pallets of cartons with tape lines.
    let [r, g, b] = y > 300 ? [120, 118, 112] : [196, 200, 204];
    for (const px of [40, 240, 440]) {
      if (x >= px && x < px + 160 && y >= 120 && y < 300) {
        const cx = (x - px) % 53;
        const cy = (y - 120) % 45;
        [r, g, b] =
          cx < 2 || cy < 2 ? [90, 70, 40] : cx > 24 && cx < 29 ? [170, 150, 110] : [200, 164, 112];
      }
      if (x >= px - 6 && x < px + 166 && y >= 300 && y < 318) [r, g, b] = [150, 110, 60];
    }
    const grain = Math.floor(rand() * 48) - 24;
    row[1 + x * 3] = Math.max(0, Math.min(255, r + grain));
    row[2 + x * 3] = Math.max(0, Math.min(255, g + grain));
    row[3 + x * 3] = Math.max(0, Math.min(255, b + grain));
  }
  rows.push(row);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
const header = Buffer.alloc(13);
header.writeUInt32BE(W, 0);
header.writeUInt32BE(H, 4);
header[8] = 8; // bit depth
header[9] = 2; // RGB
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync(new URL("./appeals/waho/evidence/GRN-0505-photo.png", import.meta.url), png);
console.log(`wrote GRN-0505-photo.png, ${png.length} bytes`);
