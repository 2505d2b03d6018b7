import type { Hex } from "viem";

import { contentLib } from "./content.ts";

/**
 * A file's IPFS CID (as `ipfs add --cid-version=1` computes it) and the bytes32 that goes on chain
 * for it (the CID's sha2-256 digest), computed in the browser: the file never leaves the device.
 */
export async function hashFile(file: Blob): Promise<{ cid: string; digest: Hex }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { computeCid, digestOf } = await contentLib();
  const cid = await computeCid(bytes);
  return { cid: cid.toString(), digest: digestOf(cid) };
}

export const isBytes32 = (value: string): value is Hex => /^0x[0-9a-fA-F]{64}$/.test(value);
