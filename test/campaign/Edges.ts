import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { ETH, makeFixtures } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const fixtures = makeFixtures(connection);

describe("Campaign edges", function () {
  it("refuses to deploy an implementation without a registry", async function () {
    const factory = await ethers.getContractFactory("Campaign");
    await expect(factory.deploy(ZeroAddress)).to.be.revertedWithCustomError(
      factory,
      "CampaignZeroAddress",
    );
  });

  it("refuses cancelPledge, close and createOrder on the implementation itself", async function () {
    const { implementation, donors, organizer } = await networkHelpers.loadFixture(
      fixtures.deployFixture,
    );
    await expect(implementation.connect(donors[0]).cancelPledge(ETH)).to.be.revertedWithCustomError(
      implementation,
      "CampaignNotInitialized",
    );
    await expect(implementation.connect(donors[0]).close()).to.be.revertedWithCustomError(
      implementation,
      "CampaignNotInitialized",
    );
    await expect(
      implementation
        .connect(organizer)
        .createOrder(donors[0].address, ETH, 1n, 1n, 1n, 0n, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(implementation, "CampaignNotInitialized");
  });

  it("refuses a pledge whose totals would not fit the books (CampaignAmountTooLarge) and books nothing", async function () {
    const { campaign, donors, wbtc, fund } = await networkHelpers.loadFixture(
      fixtures.campaignFixture,
    );
    // 2^120 base units of an 8-decimal token at $60,000 is worth far more than 2^120 USD wei.
    const amount = 2n ** 120n;
    await fund(wbtc, donors[0], campaign, amount);
    await expect(campaign.connect(donors[0]).pledge(await wbtc.getAddress(), amount))
      .to.be.revertedWithCustomError(campaign, "CampaignAmountTooLarge")
      .withArgs(amount);
    expect((await campaign.ledger(await wbtc.getAddress())).pledged).to.equal(0n);
    expect(await wbtc.balanceOf(donors[0].address)).to.equal(amount);
  });
});
