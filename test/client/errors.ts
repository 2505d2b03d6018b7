/**
 * client/errors.ts: real reverts from the contracts, simulated through viem, become the sentences
 * people read (with dates and amounts); data it cannot decode falls back without throwing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  encodeAbiParameters,
  encodeErrorResult,
  InsufficientFundsError,
  parseEther,
  toFunctionSelector,
  UserRejectedRequestError,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { campaignWrites, HandoverTxError, type Clients } from "../../client/actions.ts";
import { decodeRevertData, describeError, sentenceFor } from "../../client/errors.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../client/generated/abis.ts";
import { renderAbis } from "../../scripts/generate.ts";
import { DAY, ETH, makeFixtures, USD, USDC_UNIT } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);
const publicClient = createPublicClient({
  transport: custom(connection.provider as never, { retryCount: 0 }),
}) as PublicClient;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** "14 March 2026" for a unix time, computed without Intl. */
function dayOf(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail("expected the call to revert");
}

const simulate = (
  address: string,
  account: string,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
) =>
  publicClient.simulateContract({
    address: address as Address,
    abi: campaignAbi,
    functionName: functionName as never,
    args: args as never,
    account: account as Address,
    value,
  } as never);

describe("errors: custom errors as sentences", function () {
  it("a pledge after the deadline: CampaignFundingEnded with the deadline's date", async function () {
    const { campaign, donors } = await networkHelpers.loadFixture(fixtures.campaignFixture);
    const address = await campaign.getAddress();
    const { deadline } = await campaign.params();
    await time.increase(15n * DAY);
    const error = await rejection(
      simulate(address, donors[0].address, "pledgeETH", [], parseEther("1")),
    );
    expect(error).to.be.instanceOf(BaseError);
    const decoded = describeError(error);
    expect(decoded.name).to.equal("CampaignFundingEnded");
    expect(decoded.args[0]).to.equal(deadline);
    expect(decoded.args[1] as bigint).to.be.greaterThanOrEqual(deadline);
    expect(decoded.sentence).to.equal(
      `This appeal stopped taking pledges on ${dayOf(deadline)}; pledges can no longer be made or cancelled.`,
    );
  });

  it("a createOrder by someone other than the organizer: CampaignNotOrganizer naming the organizer", async function () {
    const { campaign, donors, organizer, supplier, usdc } = await networkHelpers.loadFixture(
      fixtures.fundedCampaignFixture,
    );
    const now = BigInt(await time.latest());
    const error = await rejection(
      simulate(await campaign.getAddress(), donors[0].address, "createOrder", [
        supplier.address,
        await usdc.getAddress(),
        1_000n * USDC_UNIT,
        100n,
        Number(now + 10n * DAY),
        0,
        ethers.id("terms"),
      ]),
    );
    const decoded = describeError(error);
    expect(decoded.name).to.equal("CampaignNotOrganizer");
    expect(decoded.args).to.deep.equal([donors[0].address, organizer.address]);
    expect(decoded.sentence).to.equal(
      `Only this appeal's organizer (${organizer.address}) can do that.`,
    );
  });

  it("a pledge while the platform is paused: EnforcedPause, raised by the registry", async function () {
    const { campaign, donors, registry, pauser } = await networkHelpers.loadFixture(
      fixtures.campaignFixture,
    );
    await registry.connect(pauser).pause();
    // The campaign's ABI does not know the registry's EnforcedPause: the sentence comes from the raw data.
    const error = await rejection(
      simulate(await campaign.getAddress(), donors[0].address, "pledgeETH", [], parseEther("1")),
    );
    const decoded = describeError(error);
    expect(decoded.name).to.equal("EnforcedPause");
    expect(decoded.args).to.deep.equal([]);
    expect(decoded.sentence).to.equal(
      "The platform is paused for an emergency: pledges, orders and payments are on hold. Refunds, cancellations and withdrawals still work.",
    );
  });

  it("a write through actions.send is refused before anything is signed, as a HandoverTxError with the sentence", async function () {
    const { campaign, donors, registry, pauser } = await networkHelpers.loadFixture(
      fixtures.campaignFixture,
    );
    await registry.connect(pauser).pause();
    const clients: Clients = {
      publicClient,
      walletClient: createWalletClient({
        account: donors[0].address as Address,
        transport: custom(connection.provider as never),
      }) as unknown as Clients["walletClient"],
    };
    const before = await publicClient.getBlockNumber();
    const error = await rejection(
      campaignWrites(clients, (await campaign.getAddress()) as Address).pledgeETH(parseEther("1")),
    );
    expect(error).to.be.instanceOf(HandoverTxError);
    const e = error as HandoverTxError;
    expect(e.errorName).to.equal("EnforcedPause");
    expect(e.message).to.match(/^The platform is paused for an emergency/);
    expect(await publicClient.getBlockNumber()).to.equal(before);
    expect(await campaign.raisedUsd()).to.equal(0n);
  });

  it("closing funding early below the goal: amounts in dollars", async function () {
    const { campaign, donors, organizer } = await networkHelpers.loadFixture(
      fixtures.campaignFixture,
    );
    await campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }); // $3,000
    const decoded = describeError(
      await rejection(simulate(await campaign.getAddress(), organizer.address, "closeFunding")),
    );
    expect(decoded.name).to.equal("CampaignGoalNotReached");
    expect(decoded.args).to.deep.equal([3_000n * USD, 10_000n * USD]);
    expect(decoded.sentence).to.equal(
      "Funding can only close early once the goal is met: $3,000 raised of $10,000.",
    );
  });

  it("an order larger than the pool: amounts in base units", async function () {
    const { campaign, organizer, supplier, usdc } = await networkHelpers.loadFixture(
      fixtures.fundedCampaignFixture,
    );
    const now = BigInt(await time.latest());
    const decoded = describeError(
      await rejection(
        simulate(await campaign.getAddress(), organizer.address, "createOrder", [
          supplier.address,
          await usdc.getAddress(),
          6_000n * USDC_UNIT,
          100n,
          Number(now + 10n * DAY),
          0,
          ethers.id("terms"),
        ]),
      ),
    );
    expect(decoded.name).to.equal("CampaignInsufficientFunds");
    expect(decoded.sentence).to.equal(
      "Not enough money left in that token: 5000000000 available, 6000000000 needed (base units).",
    );
  });

  it("cancelling an accepted order too early: the date it becomes cancellable", async function () {
    const { campaign, organizer, supplier, usdc } = await networkHelpers.loadFixture(
      fixtures.fundedCampaignFixture,
    );
    const deliverBy = BigInt(await time.latest()) + 10n * DAY;
    await campaign
      .connect(organizer)
      .createOrder(
        supplier.address,
        await usdc.getAddress(),
        1_000n * USDC_UNIT,
        100n,
        deliverBy,
        0n,
        ethers.id("t"),
      );
    await campaign.connect(supplier).acceptOrder(0n);
    const decoded = describeError(
      await rejection(
        simulate(await campaign.getAddress(), organizer.address, "cancelOrder", [0n]),
      ),
    );
    expect(decoded.name).to.equal("CampaignOrderNotExpired");
    expect(decoded.args).to.deep.equal([0n, deliverBy + 7n * DAY]);
    expect(decoded.sentence).to.equal(
      `Order 0 can only be cancelled from ${dayOf(deliverBy + 7n * DAY)} (its delivery date plus the grace period).`,
    );
  });

  it("a supplier accepting an order after its deliver-by date: CampaignOrderOverdue with that date", async function () {
    const { campaign, organizer, supplier, usdc } = await networkHelpers.loadFixture(
      fixtures.fundedCampaignFixture,
    );
    const deliverBy = BigInt(await time.latest()) + 10n * DAY;
    await campaign
      .connect(organizer)
      .createOrder(
        supplier.address,
        await usdc.getAddress(),
        1_000n * USDC_UNIT,
        100n,
        deliverBy,
        0n,
        ethers.id("t"),
      );
    await time.increase(11n * DAY);
    const decoded = describeError(
      await rejection(simulate(await campaign.getAddress(), supplier.address, "acceptOrder", [0n])),
    );
    expect(decoded.name).to.equal("CampaignOrderOverdue");
    expect(decoded.args).to.deep.equal([0n, deliverBy]);
    expect(decoded.sentence).not.to.match(/^The transaction was refused/);
    expect(decoded.sentence).to.include(dayOf(deliverBy));
  });

  it("uses the ABIs npm run generate writes from the compiled contracts (client/generated/abis.ts is current)", async function () {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    const committed = readFileSync(path.join(root, "client", "generated", "abis.ts"), "utf8");
    const fresh = await renderAbis(root);
    expect(committed === fresh, "client/generated/abis.ts is stale: run npm run generate").to.equal(
      true,
    );
  });

  describe("decodeRevertData", function () {
    it("decodes each Handover ABI's errors from raw data", function () {
      const advance = decodeRevertData(
        encodeErrorResult({
          abi: campaignAbi,
          errorName: "CampaignAdvanceAboveCap",
          args: [3_500n, 3_000n],
        }),
      );
      expect(advance).to.deep.equal({
        name: "CampaignAdvanceAboveCap",
        args: [3_500n, 3_000n],
        sentence: "The advance (35%) is above this appeal's cap of 30%.",
      });
      const stale = decodeRevertData(
        encodeErrorResult({
          abi: registryAbi,
          errorName: "RegistryStalePrice",
          args: [ETH as Address, 1_700_000_000n, 3_600n, 1_700_100_000n],
        } as never),
      );
      expect(stale?.name).to.equal("RegistryStalePrice");
      expect(stale?.sentence).to.equal(
        `The price feed for this token is out of date (last update ${dayOf(1_700_000_000n)}); pledges in it are paused until it updates.`,
      );
    });

    it("returns undefined for data it does not know, an empty revert or a truncated selector", function () {
      expect(decodeRevertData("0xdeadbeef")).to.equal(undefined);
      expect(decodeRevertData(`0xdeadbeef${"00".repeat(32)}`)).to.equal(undefined);
      expect(decodeRevertData("0x")).to.equal(undefined);
      expect(decodeRevertData("0x12")).to.equal(undefined);
    });

    it("keeps the reason of a require-style Error(string) revert (e.g. from a token)", function () {
      const data =
        `0x08c379a0${encodeAbiParameters([{ type: "string" }], ["Dai/insufficient-allowance"]).slice(2)}` as Hex;
      const decoded = decodeRevertData(data);
      expect(decoded?.name).to.equal("Error");
      expect(decoded?.sentence).to.include("Dai/insufficient-allowance");
      // The same revert as viem reports it from a simulated write.
      const reverted = new ContractFunctionRevertedError({
        abi: campaignAbi,
        data,
        functionName: "pledge",
      });
      expect(reverted.reason).to.equal("Dai/insufficient-allowance");
      expect(describeError(reverted).sentence).to.include("Dai/insufficient-allowance");
    });
  });

  describe("fallbacks", function () {
    it("a token's own error from a real revert (a blocklisted USDC donor) becomes a sentence with its arguments", async function () {
      const { campaign, donors, usdc, admin } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await usdc.mint(donors[0].address, 100n * USDC_UNIT);
      await usdc.connect(donors[0]).approve(await campaign.getAddress(), 100n * USDC_UNIT);
      await usdc.connect(admin).blocklist(donors[0].address);
      const error = await rejection(
        simulate(await campaign.getAddress(), donors[0].address, "pledge", [
          await usdc.getAddress(),
          100n * USDC_UNIT,
        ]),
      );
      const decoded = describeError(error);
      expect(decoded.name).to.equal("MockUSDCBlocklisted");
      expect(decoded.args).to.deep.equal([donors[0].address]);
      expect(decoded.sentence).to.equal("The token's issuer has blocked this address.");
      expect(
        decodeRevertData(toFunctionSelector("MockUSDCBlocklisted(address)").padEnd(74, "0") as Hex)
          ?.name,
      ).to.equal("MockUSDCBlocklisted");
    });

    it("wallet refusals, insufficient funds, plain errors and non-errors", async function () {
      expect(describeError(new UserRejectedRequestError(new Error("User denied")))).to.deep.equal({
        name: "UserRejected",
        args: [],
        sentence: "You cancelled the request in your wallet.",
      });
      // What viem makes of a geth-style "insufficient funds" answer (getNodeError keeps the node's words as details).
      const geth = new InsufficientFundsError({
        cause: new BaseError("RPC Request failed.", {
          details: "insufficient funds for gas * price + value: balance 0, tx cost 1000",
        }),
      });
      expect(describeError(geth)).to.deep.equal({
        name: "InsufficientFunds",
        args: [],
        sentence: "Your wallet does not hold enough ETH for this amount plus the network fee.",
      });
      expect(describeError(new Error("boom"))).to.deep.equal({
        name: "Error",
        args: [],
        sentence: "boom",
      });
      expect(describeError("just text").sentence).to.equal("just text");
      expect(() => describeError(undefined)).not.to.throw();
      expect(() => describeError({})).not.to.throw();
      expect(describeError(new BaseError("Something short."))).to.deep.include({
        name: "BaseError",
        sentence: "Something short.",
      });
    });

    it("recognises viem's InsufficientFundsError whatever the node's wording", function () {
      // viem maps "exceeds transaction sender account balance" (and "OutOfFunds") to the same error.
      const other = new InsufficientFundsError({
        cause: new BaseError("RPC Request failed.", {
          details: "sender balance 0 exceeds transaction sender account balance",
        }),
      });
      expect(describeError(other).name).to.equal("InsufficientFunds");
      expect(describeError(new InsufficientFundsError()).name).to.equal("InsufficientFunds");
    });

    it("has a sentence for every custom error a deployed Handover contract can revert with", function () {
      // Errors only a constructor or an initializer can raise never reach a user.
      const deployOnly = new Set([
        "InvalidShortString",
        "StringTooLong",
        "NotInitializing",
        "FactoryZeroAddress",
      ]);
      const errors = [...campaignAbi, ...registryAbi, ...campaignFactoryAbi].filter(
        (item): item is Extract<typeof item, { type: "error" }> => item.type === "error",
      );
      const placeholder = (type: string): unknown =>
        type === "address"
          ? ETH
          : type === "bool"
            ? false
            : type.startsWith("bytes")
              ? `0x${"00".repeat(32)}`
              : type === "string"
                ? "x"
                : 1n;
      const missing = [
        ...new Set(
          errors
            .filter((e) => !deployOnly.has(e.name))
            .filter(
              (e) =>
                sentenceFor(
                  e.name,
                  e.inputs.map((i) => placeholder(i.type)),
                ) === `The transaction was refused (${e.name}).`,
            )
            .map((e) => e.name),
        ),
      ];
      expect(missing, `no sentence for ${missing.join(", ")}`).to.deep.equal([]);
    });

    it("names an error it has no sentence for", function () {
      expect(sentenceFor("SomethingNew", [])).to.equal(
        "The transaction was refused (SomethingNew).",
      );
    });
  });
});
