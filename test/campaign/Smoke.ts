import { expect } from "chai";
import { network } from "hardhat";

import { makeFixtures, Status } from "../helpers/fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;
const fixtures = makeFixtures(connection);

describe("Campaign (smoke)", function () {
  it("opens funding when the factory creates it", async function () {
    const { campaign, organizer } = await networkHelpers.loadFixture(fixtures.campaignFixture);
    expect(await campaign.status()).to.equal(Status.Funding);
    expect(await campaign.organizer()).to.equal(organizer.address);
  });
});
