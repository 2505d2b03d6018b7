import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";

import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// Under jsdom the test's global Uint8Array is not the one Node's and jsdom's TextEncoder answer in,
// and the IPFS importer (`instanceof Uint8Array`) refuses a foreign one; a browser has one realm, so
// the tests' encoder answers in the global Uint8Array, as a browser's does.
if (typeof window !== "undefined") {
  class RealmTextEncoder extends NodeTextEncoder {
    override encode(input?: string) {
      const out = super.encode(input);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
  }
  globalThis.TextEncoder = RealmTextEncoder as unknown as typeof TextEncoder;
  globalThis.TextDecoder = NodeTextDecoder as unknown as typeof TextDecoder;
}
