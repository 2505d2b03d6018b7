import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  UserRejectedRequestError,
  type Address,
} from "viem";
import { describe, expect, it } from "vitest";

import { campaignAbi, mockUsdtAbi } from "../../../client/generated/abis.ts";
import { describeError } from "../../../client/errors.ts";

const CAMPAIGN: Address = "0x8aCd85898458400f7Db866d53FCFF6f0D49741FF";
const DONOR: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

const reverted = (data: `0x${string}`) =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({ abi: campaignAbi, data, functionName: "pledge" }),
    { abi: campaignAbi, functionName: "pledge", args: [DONOR, 1n], contractAddress: CAMPAIGN },
  );

describe("describeError (client), as the transactor uses it", () => {
  it("uses the client's sentences for the campaign's errors", () => {
    const data = encodeErrorResult({
      abi: campaignAbi,
      errorName: "CampaignGoalNotReached",
      args: [3_150n * 10n ** 18n, 8_000n * 10n ** 18n],
    });
    expect(describeError(reverted(data)).sentence).toBe(
      "Funding can only close early once the goal is met: $3,150 raised of $8,000.",
    );
  });
  it("decodes a token's own error bubbled through the campaign", () => {
    const data = encodeErrorResult({
      abi: mockUsdtAbi,
      errorName: "MockUSDTInsufficientBalance",
      args: [DONOR, 0n, 50_000_000n],
    });
    const decoded = describeError(reverted(data));
    expect(decoded.name).toBe("MockUSDTInsufficientBalance");
    expect(decoded.sentence).toBe("Your token balance is lower than the amount.");
  });
  it("says when the user rejects in the wallet", () => {
    const error = new UserRejectedRequestError(new Error("denied by the user"));
    expect(describeError(error).sentence).toMatch(/^You cancelled the request in your wallet\.$/);
  });
});
