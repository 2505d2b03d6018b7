import { describe, expect, it } from "vitest";

import { DeploymentFormatError, parseLocalDeployment } from "../lib/deployment.ts";

describe("local-deployment.json", () => {
  it("reads the scenario's { chainId, contracts } block", () => {
    const d = parseLocalDeployment({
      chainId: 31337,
      contracts: {
        registry: "0xdbc43ba45381e02825b14322cddd15ec4b3164e6",
        factory: "0x8198f5d8F8CfFE8f9C413d98a0A55aEB8ab9FbB7",
        usdc: "0x21dF544947ba3E8b3c32561399E88B52Dc8b2823",
        ethUsdFeed: "0x4C4a2f8c81640e47606d3fd77B353E87Ba015584",
        somethingElse: "ignored",
      },
    });
    expect(d.registry).toBe("0xdbC43Ba45381e02825b14322cDdd15eC4B3164E6");
    expect(d.mockTokens.usdc).toBe("0x21dF544947ba3E8b3c32561399E88B52Dc8b2823");
    expect(d.mockFeeds.ethUsdFeed).toBeDefined();
    expect(d.startBlock).toBe(0n);
  });
  it("refuses a file without a valid registry or factory", () => {
    expect(() => parseLocalDeployment({ chainId: 31337, contracts: { registry: "0x12" } })).toThrow(
      DeploymentFormatError,
    );
    expect(() => parseLocalDeployment({ contracts: {} })).toThrow(/chainId/);
    expect(() => parseLocalDeployment("nope")).toThrow(/JSON object/);
  });
});
