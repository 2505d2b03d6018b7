import { keccak256, type Hex } from "viem";

/** keccak256 over a file's bytes, computed in the browser: the file never leaves the device. */
export async function hashFile(file: Blob): Promise<Hex> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return keccak256(bytes);
}

export const isBytes32 = (value: string): value is Hex => /^0x[0-9a-fA-F]{64}$/.test(value);
