// @vitest-environment node
/** Issue 12's dApp bullets: RPC URLs per chain at build time, the default chain, custom networks, start blocks. */
import { describe, expect, it } from "vitest";

import { buildChains, defaultChainId, rpcUrlsFor } from "../lib/chains.ts";
import { deployedChainIds, generatedDeployment } from "../lib/deployment.ts";

const core = {
  "HandoverCore#Registry": "0x00000000000000000000000000000000000000a1",
  "HandoverCore#CampaignFactory": "0x00000000000000000000000000000000000000a2",
};

describe("networks set at build time", () => {
  it("takes several RPC URLs per chain, in order, and ignores what is not a URL", () => {
    const env = { VITE_RPC_URLS_84532: " https://a.example , https://b.example,not-a-url" };
    expect(rpcUrlsFor(env, 84532)).toEqual(["https://a.example", "https://b.example"]);
    const chains = buildChains(env, []);
    expect(chains.find((c) => c.id === 84532)!.rpcUrls.default.http).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });

  it("shows a custom network's deployment like any other, named and reached as configured", () => {
    const env = {
      VITE_RPC_URLS_777001: "https://rpc.custom.example",
      VITE_CHAIN_NAME_777001: "Rehearsal",
    };
    const custom = buildChains(env, [777001]).find((c) => c.id === 777001)!;
    expect(custom.name).toBe("Rehearsal");
    expect(custom.rpcUrls.default.http).toEqual(["https://rpc.custom.example"]);
  });

  it("opens on a deployed network in a production build, never on 31337 when a real deployment exists", () => {
    expect(defaultChainId({ PROD: true }, [84532])).toBe(84532);
    expect(defaultChainId({ PROD: true }, [])).toBe(31337);
    expect(defaultChainId({ DEV: true }, [84532])).toBe(31337);
    expect(defaultChainId({ VITE_CHAIN_ID: "8453" }, [84532])).toBe(8453);
  });

  it("reads each deployment's start block when the generated file has one, else 0", () => {
    const all = { 84532: { ...core, startBlock: "1234567" }, 11155111: { ...core } };
    expect(generatedDeployment(84532, all)!.startBlock).toBe(1_234_567n);
    expect(generatedDeployment(11155111, all)!.startBlock).toBe(0n);
    expect(
      deployedChainIds({ ...all, 5: { "HandoverCore#Registry": core["HandoverCore#Registry"] } }),
    ).toEqual([84532, 11155111]);
  });
});
