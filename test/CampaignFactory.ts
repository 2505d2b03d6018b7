import { expect } from "chai";
import { network } from "hardhat";

import { ORGANIZER_ROLE } from "../ignition/modules/Handover.js";
import type { Campaign } from "../types/ethers-contracts/index.js";
import {
  type CampaignParams,
  DAY,
  ETH,
  makeFixtures,
  PartyStatus,
  Status,
  USD,
} from "./helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

type Fixture = Awaited<ReturnType<typeof fixtures.deployFixture>>;

const EIP1167_PREFIX = "363d3d373d3d3d363d73";
const EIP1167_SUFFIX = "5af43d82803e903d91602b57fd5bf3";
const MAX_TOKENS = 8n;

/** `deployFixture`, as a named function so that `loadFixture` snapshots it. */
async function deployed() {
  return fixtures.deployFixture();
}

/** `deployFixture` plus four more listed tokens (8 in all, the most a campaign may accept). */
async function eightTokensFixture() {
  const f = await fixtures.deployFixture();
  const extra: string[] = [];
  for (let i = 0; i < 4; i++) {
    const token = await ethers.deployContract("MockWBTC");
    const address = await token.getAddress();
    await f.registry
      .connect(f.admin)
      .setAcceptedToken(address, await f.feeds.btc.getAddress(), 3_600);
    extra.push(address);
  }
  const tokens = [
    ETH,
    await f.usdc.getAddress(),
    await f.usdt.getAddress(),
    await f.wbtc.getAddress(),
    ...extra,
  ];
  return { ...f, tokens };
}

/** `deployFixture` plus three campaigns, the third by a second organizer. */
async function threeCampaignsFixture() {
  const f = await fixtures.deployFixture();
  const second = f.donors[0];
  await f.registry.connect(f.admin).grantRole(ORGANIZER_ROLE, second.address);
  const campaigns = [
    await f.createCampaign(),
    await f.createCampaign({ unitName: "FFP2 respirators" }),
    await f.createCampaign({ unitName: "nitrile gloves" }, second),
  ];
  const addresses = await Promise.all(campaigns.map((c) => c.getAddress()));
  return { ...f, second, campaigns, addresses };
}

/** The registry's starting limits, and the loosest its bounds allow. */
const DEFAULT_LIMITS = {
  maxFundingWindow: 90n * DAY,
  maxProcurementWindow: 365n * DAY,
  maxAdvanceBps: 3_000n,
  minThreshold: 2n,
};
const LOOSEST = {
  maxFundingWindow: 365n * DAY,
  maxProcurementWindow: 3n * 365n * DAY,
  maxAdvanceBps: 5_000n,
  minThreshold: 5n,
};

/** Registers `accounts` as verifiers (as the vetter). */
async function registerVerifiers(f: Fixture, accounts: string[]) {
  for (const account of accounts) {
    await f.registry
      .connect(f.vetter)
      .registerVerifier(account, `Verifier ${account.slice(-4)}`, "WAHO", ethers.ZeroHash);
  }
}

/** A deterministic non-zero address. */
function addr(i: number): string {
  return ethers.getAddress(ethers.toBeHex(0xa11ce000 + i, 20));
}

/** The params in the order of `ICampaign.Params`, as events and errors carry a struct. */
function tuple(p: CampaignParams) {
  return [
    p.beneficiary,
    p.goalUsd,
    p.targetUnits,
    p.deadline,
    p.procurementDeadline,
    p.deliveryGracePeriod,
    p.maxAdvanceBps,
    p.threshold,
    p.allOrNothing,
    p.tokens,
    p.verifiers,
    p.unitName,
    p.metadataURI,
  ];
}

/** `params()` of a campaign as a plain object comparable with `CampaignParams`. */
async function paramsOf(campaign: Campaign): Promise<CampaignParams> {
  const p = await campaign.params();
  return {
    beneficiary: p.beneficiary,
    goalUsd: p.goalUsd,
    targetUnits: p.targetUnits,
    deadline: p.deadline,
    procurementDeadline: p.procurementDeadline,
    deliveryGracePeriod: p.deliveryGracePeriod,
    maxAdvanceBps: p.maxAdvanceBps,
    threshold: p.threshold,
    allOrNothing: p.allOrNothing,
    tokens: [...p.tokens],
    verifiers: [...p.verifiers],
    unitName: p.unitName,
    metadataURI: p.metadataURI,
  };
}

/** The immutable arguments the factory appends to a clone, packed as `CampaignArgs` documents. */
function packedArgs(organizer: string, p: CampaignParams): string {
  const unitName = ethers.toUtf8Bytes(p.unitName);
  const uri = ethers.toUtf8Bytes(p.metadataURI);
  return ethers.solidityPacked(
    [
      "address",
      "address",
      "uint128",
      "uint64",
      "uint40",
      "uint40",
      "uint32",
      "uint16",
      "uint8",
      "bool",
      "uint8",
      "uint8",
      ...p.tokens.map(() => "address"),
      ...p.verifiers.map(() => "address"),
      "uint16",
      "bytes",
      "uint16",
      "bytes",
    ],
    [
      organizer,
      p.beneficiary,
      p.goalUsd,
      p.targetUnits,
      p.deadline,
      p.procurementDeadline,
      p.deliveryGracePeriod,
      p.maxAdvanceBps,
      p.threshold,
      p.allOrNothing,
      p.tokens.length,
      p.verifiers.length,
      ...p.tokens,
      ...p.verifiers,
      unitName.length,
      unitName,
      uri.length,
      uri,
    ],
  );
}

/** The runtime code of an EIP-1167 clone of `implementation` with `args` appended. */
function cloneCode(implementation: string, args: string): string {
  return (
    "0x" +
    EIP1167_PREFIX +
    implementation.slice(2).toLowerCase() +
    EIP1167_SUFFIX +
    args.slice(2).toLowerCase()
  );
}

/**
 * Creates a campaign with `params` as `f.organizer` without a static call first (a static call runs
 * at the latest block's timestamp, not at the one a test set for the next block).
 */
async function createInNextBlock(f: Fixture, params: CampaignParams) {
  await f.factory.connect(f.organizer).createCampaign(params);
  const address = await f.factory.campaignAt((await f.factory.campaignCount()) - 1n);
  return f.implementation.attach(address) as Campaign;
}

/** Creates a campaign with `params` as `f.organizer` and returns its address and the Campaign at it. */
async function create(f: Fixture, params: CampaignParams, by = f.organizer) {
  const address = await f.factory.connect(by).createCampaign.staticCall(params);
  await f.factory.connect(by).createCampaign(params);
  return { address, campaign: f.implementation.attach(address) as Campaign };
}

describe("CampaignFactory", function () {
  describe("deployment", function () {
    it("points at the deployment's registry and implementation, with no campaign yet", async function () {
      const { factory, registry, implementation } = await networkHelpers.loadFixture(deployed);
      expect(await factory.registry()).to.equal(await registry.getAddress());
      expect(await factory.implementation()).to.equal(await implementation.getAddress());
      expect(await factory.campaignCount()).to.equal(0n);
      expect(await implementation.registry()).to.equal(await registry.getAddress());
    });

    it("refuses a zero registry", async function () {
      const { implementation } = await networkHelpers.loadFixture(deployed);
      const factory = await ethers.getContractFactory("CampaignFactory");
      await expect(
        factory.deploy(ethers.ZeroAddress, await implementation.getAddress()),
      ).to.be.revertedWithCustomError(factory, "FactoryZeroAddress");
    });

    it("refuses a zero implementation", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      const factory = await ethers.getContractFactory("CampaignFactory");
      await expect(
        factory.deploy(await registry.getAddress(), ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(factory, "FactoryZeroAddress");
    });
  });

  describe("createCampaign", function () {
    it("creates an EIP-1167 clone of the implementation with the parameters appended", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams();
      const { address } = await create(f, params);
      const implementation = await f.implementation.getAddress();
      const code = await ethers.provider.getCode(address);
      expect(
        code.startsWith("0x" + EIP1167_PREFIX + implementation.slice(2).toLowerCase()),
      ).to.equal(true);
      expect(code).to.equal(cloneCode(implementation, packedArgs(f.organizer.address, params)));
    });

    it("returns exactly the parameters passed, and the caller as organizer", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams();
      const { campaign } = await create(f, params);
      expect(await paramsOf(campaign)).to.deep.equal(params);
      expect(await campaign.organizer()).to.equal(f.organizer.address);
      expect(await campaign.registry()).to.equal(await f.registry.getAddress());
      expect(await campaign.status()).to.equal(Status.Funding);
    });

    it("keeps unicode unit names and URIs byte for byte", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams({
        unitName: "masques chirurgicaux — 口罩 😷",
        metadataURI:
          "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/Ñandú-Niamey-ŋ.json",
      });
      const { address, campaign } = await create(f, params);
      expect(await paramsOf(campaign)).to.deep.equal(params);
      expect(await ethers.provider.getCode(address)).to.equal(
        cloneCode(await f.implementation.getAddress(), packedArgs(f.organizer.address, params)),
      );
    });

    it("round-trips every field at the largest value allowed (8 tokens, 5 verifiers, 1,024-byte texts, the loosest limits)", async function () {
      const f = await networkHelpers.loadFixture(eightTokensFixture);
      await f.registry.connect(f.admin).setLimits(LOOSEST);
      await registerVerifiers(f, [addr(1), addr(2)]);
      // The windows are bounded by the registry, not by their 40-bit fields.
      const deadline = BigInt(await time.latest()) + 365n * DAY;
      const params = await f.defaultParams({
        beneficiary: addr(99),
        goalUsd: 2n ** 128n - 1n,
        targetUnits: 2n ** 64n - 1n,
        deadline,
        procurementDeadline: deadline + 3n * 365n * DAY,
        deliveryGracePeriod: 2n ** 32n - 1n,
        maxAdvanceBps: 5_000n,
        threshold: 5n,
        allOrNothing: false,
        tokens: f.tokens,
        verifiers: [f.v1.address, f.v2.address, f.v3.address, addr(1), addr(2)],
        unitName: "u".repeat(1_024),
        metadataURI: "é".repeat(512),
      });
      const { address, campaign } = await create(f, params);
      expect(await paramsOf(campaign)).to.deep.equal(params);
      expect(await ethers.provider.getCode(address)).to.equal(
        cloneCode(await f.implementation.getAddress(), packedArgs(f.organizer.address, params)),
      );
    });

    it("round-trips the smallest configuration (1 token, 1 verifier, 1-byte texts, keep-what-you-raise)", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      // One verifier needs a platform that allows a threshold of 1.
      await f.registry.connect(f.admin).setLimits({ ...DEFAULT_LIMITS, minThreshold: 1n });
      const params = await f.defaultParams({
        goalUsd: 1n,
        targetUnits: 1n,
        deliveryGracePeriod: 0n,
        maxAdvanceBps: 0n,
        threshold: 1n,
        allOrNothing: false,
        tokens: [await f.usdc.getAddress()],
        verifiers: [f.v2.address],
        unitName: "x",
        metadataURI: "y",
      });
      const { campaign } = await create(f, params);
      expect(await paramsOf(campaign)).to.deep.equal(params);
      expect(await campaign.isVerifier(f.v2.address)).to.equal(true);
      expect(await campaign.isVerifier(f.v1.address)).to.equal(false);
    });

    it("emits CampaignCreated with the campaign, the organizer, the index and the parameters", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams({ unitName: "gants nitrile — 手套" });
      const address = await f.factory.connect(f.organizer).createCampaign.staticCall(params);
      await expect(f.factory.connect(f.organizer).createCampaign(params))
        .to.emit(f.factory, "CampaignCreated")
        .withArgs(address, f.organizer.address, 0n, tuple(params));

      const second = await f.defaultParams({ goalUsd: 5n * USD });
      const secondAddress = await f.factory.connect(f.organizer).createCampaign.staticCall(second);
      expect(secondAddress).to.not.equal(address);
      await expect(f.factory.connect(f.organizer).createCampaign(second))
        .to.emit(f.factory, "CampaignCreated")
        .withArgs(secondAddress, f.organizer.address, 1n, tuple(second));
    });

    it("initialises the clone in the creating transaction", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams();
      const address = await f.factory.connect(f.organizer).createCampaign.staticCall(params);
      const clone = f.implementation.attach(address) as Campaign;
      await expect(f.factory.connect(f.organizer).createCampaign(params))
        .to.emit(clone, "Initialized")
        .withArgs(1n);
      expect(await clone.status()).to.equal(Status.Funding);
    });

    it("indexes the new campaign", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const { address } = await create(f, await f.defaultParams());
      expect(await f.factory.campaignCount()).to.equal(1n);
      expect(await f.factory.campaignAt(0n)).to.equal(address);
      expect(await f.factory.isCampaign(address)).to.equal(true);
      expect(await f.factory.campaigns(0n, 10n)).to.deep.equal([address]);
    });

    describe("who may create", function () {
      for (const name of ["admin", "vetter", "pauser", "supplier", "outsider"] as const) {
        it(`refuses the ${name}, who is not an organizer`, async function () {
          const f = await networkHelpers.loadFixture(deployed);
          const caller = f[name];
          await expect(f.factory.connect(caller).createCampaign(await f.defaultParams()))
            .to.be.revertedWithCustomError(f.factory, "FactoryNotOrganizer")
            .withArgs(caller.address);
          expect(await f.factory.campaignCount()).to.equal(0n);
        });
      }

      it("refuses an organizer whose role was revoked", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await create(f, await f.defaultParams());
        await f.registry.connect(f.admin).revokeRole(ORGANIZER_ROLE, f.organizer.address);
        await expect(f.factory.connect(f.organizer).createCampaign(await f.defaultParams()))
          .to.be.revertedWithCustomError(f.factory, "FactoryNotOrganizer")
          .withArgs(f.organizer.address);
        expect(await f.factory.campaignCount()).to.equal(1n);
      });

      it("lets a newly granted organizer create, as the organizer of its campaign", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await f.registry.connect(f.admin).grantRole(ORGANIZER_ROLE, f.outsider.address);
        const params = await f.defaultParams();
        const { address, campaign } = await create(f, params, f.outsider);
        expect(await campaign.organizer()).to.equal(f.outsider.address);
        expect(await ethers.provider.getCode(address)).to.equal(
          cloneCode(await f.implementation.getAddress(), packedArgs(f.outsider.address, params)),
        );
      });
    });
  });

  describe("index", function () {
    it("returns every campaign in creation order", async function () {
      const { factory, addresses, organizer, second, campaigns } =
        await networkHelpers.loadFixture(threeCampaignsFixture);
      expect(await factory.campaignCount()).to.equal(3n);
      for (const [i, address] of addresses.entries()) {
        expect(await factory.campaignAt(BigInt(i))).to.equal(address);
      }
      expect(await factory.campaigns(0n, 3n)).to.deep.equal(addresses);
      expect(await campaigns[0].organizer()).to.equal(organizer.address);
      expect(await campaigns[2].organizer()).to.equal(second.address);
    });

    it("pages through the campaigns", async function () {
      const { factory, addresses } = await networkHelpers.loadFixture(threeCampaignsFixture);
      expect(await factory.campaigns(0n, 2n)).to.deep.equal(addresses.slice(0, 2));
      expect(await factory.campaigns(1n, 1n)).to.deep.equal([addresses[1]]);
      expect(await factory.campaigns(2n, 1n)).to.deep.equal([addresses[2]]);
      expect(await factory.campaigns(1n, 0n)).to.deep.equal([]);
    });

    it("clips a page that runs past the end", async function () {
      const { factory, addresses } = await networkHelpers.loadFixture(threeCampaignsFixture);
      expect(await factory.campaigns(1n, 10n)).to.deep.equal(addresses.slice(1));
      expect(await factory.campaigns(0n, ethers.MaxUint256)).to.deep.equal(addresses);
      expect(await factory.campaigns(2n, ethers.MaxUint256)).to.deep.equal([addresses[2]]);
    });

    it("returns an empty page when start equals the count", async function () {
      const { factory } = await networkHelpers.loadFixture(threeCampaignsFixture);
      expect(await factory.campaigns(3n, 1n)).to.deep.equal([]);
      expect(await factory.campaigns(3n, ethers.MaxUint256)).to.deep.equal([]);
    });

    it("refuses a page that starts past the end", async function () {
      const { factory } = await networkHelpers.loadFixture(threeCampaignsFixture);
      await expect(factory.campaigns(4n, 1n))
        .to.be.revertedWithCustomError(factory, "FactoryIndexOutOfBounds")
        .withArgs(4n, 3n);
      await expect(factory.campaigns(ethers.MaxUint256, 0n))
        .to.be.revertedWithCustomError(factory, "FactoryIndexOutOfBounds")
        .withArgs(ethers.MaxUint256, 3n);
    });

    it("refuses campaignAt(count)", async function () {
      const { factory } = await networkHelpers.loadFixture(threeCampaignsFixture);
      await expect(factory.campaignAt(3n))
        .to.be.revertedWithCustomError(factory, "FactoryIndexOutOfBounds")
        .withArgs(3n, 3n);
    });

    it("answers an empty index: campaigns(0, n) is empty, campaignAt(0) and campaigns(1, n) revert", async function () {
      const { factory } = await networkHelpers.loadFixture(deployed);
      expect(await factory.campaigns(0n, 10n)).to.deep.equal([]);
      await expect(factory.campaignAt(0n))
        .to.be.revertedWithCustomError(factory, "FactoryIndexOutOfBounds")
        .withArgs(0n, 0n);
      await expect(factory.campaigns(1n, 10n))
        .to.be.revertedWithCustomError(factory, "FactoryIndexOutOfBounds")
        .withArgs(1n, 0n);
    });

    it("recognises its clones and nothing else", async function () {
      const f = await networkHelpers.loadFixture(threeCampaignsFixture);
      for (const address of f.addresses) expect(await f.factory.isCampaign(address)).to.equal(true);
      for (const other of [
        await f.implementation.getAddress(),
        await f.factory.getAddress(),
        await f.registry.getAddress(),
        f.organizer.address,
        f.outsider.address,
        ethers.ZeroAddress,
      ]) {
        expect(await f.factory.isCampaign(other)).to.equal(false);
      }
    });

    it("does not recognise a look-alike clone deployed outside the factory", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const params = await f.defaultParams();
      const runtime = cloneCode(
        await f.implementation.getAddress(),
        packedArgs(f.organizer.address, params),
      );
      const initCode = ethers.concat([
        "0x61",
        ethers.toBeHex(ethers.dataLength(runtime), 2),
        "0x3d81600a3d39f3",
        runtime,
      ]);
      const receipt = await (await f.outsider.sendTransaction({ data: initCode })).wait();
      const lookAlike = receipt!.contractAddress!;
      expect(await ethers.provider.getCode(lookAlike)).to.equal(runtime);
      expect(await f.factory.isCampaign(lookAlike)).to.equal(false);
    });
  });

  describe("initialisation", function () {
    it("refuses initialising the implementation", async function () {
      const { implementation, organizer, outsider } = await networkHelpers.loadFixture(deployed);
      for (const caller of [organizer, outsider]) {
        await expect(implementation.connect(caller).initialize()).to.be.revertedWithCustomError(
          implementation,
          "InvalidInitialization",
        );
      }
    });

    it("refuses initialising a created clone a second time", async function () {
      const { campaign, organizer, outsider, implementation } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      for (const caller of [organizer, outsider]) {
        await expect(campaign.connect(caller).initialize()).to.be.revertedWithCustomError(
          implementation,
          "InvalidInitialization",
        );
      }
      expect(await campaign.status()).to.equal(Status.Funding);
    });

    it("refuses pledges to the implementation", async function () {
      const { implementation, donors, usdc } = await networkHelpers.loadFixture(deployed);
      await expect(
        implementation.connect(donors[0]).pledgeETH({ value: ethers.parseEther("1") }),
      ).to.be.revertedWithCustomError(implementation, "CampaignNotInitialized");
      await usdc.mint(donors[0].address, 1_000_000n);
      await usdc.connect(donors[0]).approve(await implementation.getAddress(), 1_000_000n);
      await expect(
        implementation.connect(donors[0]).pledge(await usdc.getAddress(), 1_000_000n),
      ).to.be.revertedWithCustomError(implementation, "CampaignNotInitialized");
      expect(await ethers.provider.getBalance(await implementation.getAddress())).to.equal(0n);
      expect(await usdc.balanceOf(await implementation.getAddress())).to.equal(0n);
    });

    it("reports the implementation as uninitialised, with no organizer or parameters", async function () {
      const { implementation } = await networkHelpers.loadFixture(deployed);
      expect(await implementation.status()).to.equal(Status.Uninitialized);
      await expect(implementation.organizer()).to.be.revertedWithCustomError(
        implementation,
        "CampaignNotInitialized",
      );
      await expect(implementation.params()).to.be.revertedWithCustomError(
        implementation,
        "CampaignNotInitialized",
      );
    });
  });

  describe("parameter validation (errors bubble up from the clone or the packing)", function () {
    /** Expects `createCampaign(params)` to revert with `error(args)` and leave the index unchanged. */
    async function expectRefused(
      f: Fixture,
      params: CampaignParams,
      error: string,
      args: unknown[] | undefined,
    ) {
      const count = await f.factory.campaignCount();
      const assertion = expect(
        f.factory.connect(f.organizer).createCampaign(params),
      ).to.be.revertedWithCustomError(f.implementation, error);
      if (args === undefined) await assertion;
      else await assertion.withArgs(...args);
      expect(await f.factory.campaignCount()).to.equal(count);
    }

    describe("tokens", function () {
      it("refuses a campaign without tokens", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(f, await f.defaultParams({ tokens: [] }), "CampaignInvalidTokenCount", [
          0n,
          MAX_TOKENS,
        ]);
      });

      it("refuses 9 tokens", async function () {
        const f = await networkHelpers.loadFixture(eightTokensFixture);
        const tokens = [...f.tokens, addr(1)];
        await expectRefused(f, await f.defaultParams({ tokens }), "CampaignInvalidTokenCount", [
          9n,
          MAX_TOKENS,
        ]);
      });

      it("accepts 8 listed tokens", async function () {
        const f = await networkHelpers.loadFixture(eightTokensFixture);
        const { campaign } = await create(f, await f.defaultParams({ tokens: f.tokens }));
        expect((await campaign.params()).tokens).to.deep.equal(f.tokens);
      });

      it("refuses a token the registry never listed", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const unlisted = await (await ethers.deployContract("MockUSDC")).getAddress();
        const tokens = [ETH, unlisted];
        await expectRefused(f, await f.defaultParams({ tokens }), "CampaignTokenNotAccepted", [
          unlisted,
        ]);
      });

      it("refuses a token the registry removed", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const wbtc = await f.wbtc.getAddress();
        await f.registry.connect(f.admin).removeAcceptedToken(wbtc);
        await expectRefused(f, await f.defaultParams(), "CampaignTokenNotAccepted", [wbtc]);
      });

      it("refuses a token listed twice", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const usdc = await f.usdc.getAddress();
        await expectRefused(
          f,
          await f.defaultParams({ tokens: [ETH, usdc, ETH] }),
          "CampaignDuplicateToken",
          [ETH],
        );
        await expectRefused(
          f,
          await f.defaultParams({ tokens: [usdc, usdc] }),
          "CampaignDuplicateToken",
          [usdc],
        );
      });
    });

    describe("verifiers", function () {
      it("refuses a campaign without verifiers", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ verifiers: [], threshold: 1n }),
          "CampaignInvalidVerifiers",
          [0n, 1n],
        );
      });

      it("refuses 6 verifiers", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const verifiers = [1, 2, 3, 4, 5, 6].map(addr);
        await expectRefused(f, await f.defaultParams({ verifiers }), "CampaignInvalidVerifiers", [
          6n,
          2n,
        ]);
      });

      it("refuses a threshold of 0", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ threshold: 0n }),
          "CampaignInvalidVerifiers",
          [3n, 0n],
        );
      });

      it("refuses a threshold above the verifier count", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ threshold: 4n }),
          "CampaignInvalidVerifiers",
          [3n, 4n],
        );
      });

      it("accepts 5 registered verifiers with a threshold of 5", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const verifiers = [1, 2, 3, 4, 5].map(addr);
        await registerVerifiers(f, verifiers);
        const { campaign } = await create(f, await f.defaultParams({ verifiers, threshold: 5n }));
        expect((await campaign.params()).verifiers).to.deep.equal(verifiers);
        for (const v of verifiers) expect(await campaign.isVerifier(v)).to.equal(true);
      });

      it("refuses a zero verifier", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const verifiers = [f.v1.address, ethers.ZeroAddress, f.v3.address];
        await expectRefused(
          f,
          await f.defaultParams({ verifiers }),
          "CampaignZeroAddress",
          undefined,
        );
      });

      it("refuses a verifier listed twice", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const verifiers = [f.v1.address, f.v2.address, f.v1.address];
        await expectRefused(f, await f.defaultParams({ verifiers }), "CampaignDuplicateVerifier", [
          f.v1.address,
        ]);
      });
    });

    describe("texts", function () {
      const uri = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
      const uriLength = BigInt(ethers.toUtf8Bytes(uri).length);

      it("refuses an empty unit name", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ unitName: "", metadataURI: uri }),
          "CampaignInvalidText",
          [0n, uriLength],
        );
      });

      it("refuses an empty metadata URI", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ unitName: "surgical masks", metadataURI: "" }),
          "CampaignInvalidText",
          [14n, 0n],
        );
      });

      it("refuses a 1,025-byte metadata URI", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ unitName: "surgical masks", metadataURI: "a".repeat(1_025) }),
          "CampaignInvalidText",
          [14n, 1_025n],
        );
      });

      it("accepts a 1,024-byte metadata URI", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const metadataURI = "ipfs://" + "a".repeat(1_017);
        const { campaign } = await create(f, await f.defaultParams({ metadataURI }));
        expect((await campaign.params()).metadataURI).to.equal(metadataURI);
      });

      it("refuses a 1,025-byte unit name", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ unitName: "m".repeat(1_025), metadataURI: uri }),
          "CampaignInvalidText",
          [1_025n, uriLength],
        );
      });

      it("counts the limit in bytes, not characters: 513 two-byte characters are refused", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ unitName: "surgical masks", metadataURI: "é".repeat(513) }),
          "CampaignInvalidText",
          [14n, 1_026n],
        );
        const { campaign } = await create(
          f,
          await f.defaultParams({ metadataURI: "é".repeat(512) }),
        );
        expect((await campaign.params()).metadataURI).to.equal("é".repeat(512));
      });
    });

    describe("addresses, goal and advance cap", function () {
      it("refuses a zero beneficiary", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ beneficiary: ethers.ZeroAddress }),
          "CampaignZeroAddress",
          undefined,
        );
      });

      it("refuses a goal of 0", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(f, await f.defaultParams({ goalUsd: 0n }), "CampaignInvalidGoal", [
          0n,
          250_000n,
        ]);
      });

      it("refuses 0 target units", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(f, await f.defaultParams({ targetUnits: 0n }), "CampaignInvalidGoal", [
          10_000n * USD,
          0n,
        ]);
      });

      it("refuses an advance cap above the registry's ceiling (3,000 basis points) and accepts it at the ceiling", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        for (const bps of [3_001n, 10_000n]) {
          await expectRefused(
            f,
            await f.defaultParams({ maxAdvanceBps: bps }),
            "CampaignInvalidAdvanceCap",
            [bps, 3_000n],
          );
        }
        const { campaign } = await create(f, await f.defaultParams({ maxAdvanceBps: 3_000n }));
        expect((await campaign.params()).maxAdvanceBps).to.equal(3_000n);
      });

      it("follows the ceiling the admin sets for campaigns created afterwards; earlier ones keep theirs", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const before = await create(f, await f.defaultParams({ maxAdvanceBps: 3_000n }));
        await f.registry.connect(f.admin).setLimits({ ...DEFAULT_LIMITS, maxAdvanceBps: 5_000n });
        const { campaign } = await create(f, await f.defaultParams({ maxAdvanceBps: 5_000n }));
        expect((await campaign.params()).maxAdvanceBps).to.equal(5_000n);
        await f.registry.connect(f.admin).setLimits({ ...DEFAULT_LIMITS, maxAdvanceBps: 1_000n });
        await expectRefused(
          f,
          await f.defaultParams({ maxAdvanceBps: 1_001n }),
          "CampaignInvalidAdvanceCap",
          [1_001n, 1_000n],
        );
        // The campaigns already created are untouched: they read the limits once.
        expect((await before.campaign.params()).maxAdvanceBps).to.equal(3_000n);
        expect((await campaign.params()).maxAdvanceBps).to.equal(5_000n);
      });
    });

    describe("independent verification", function () {
      it("refuses a verifier the registry does not know, or has suspended", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ verifiers: [f.v1.address, f.outsider.address] }),
          "CampaignVerifierNotRegistered",
          [f.outsider.address, PartyStatus.None],
        );
        await f.registry.connect(f.vetter).suspendVerifier(f.v3.address, "conflict of interest");
        await expectRefused(f, await f.defaultParams(), "CampaignVerifierNotRegistered", [
          f.v3.address,
          PartyStatus.Suspended,
        ]);
        await f.registry.connect(f.vetter).reinstateVerifier(f.v3.address);
        await create(f, await f.defaultParams());
      });

      it("refuses the organizer as one of its own campaign's verifiers, even registered", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await f.registry
          .connect(f.vetter)
          .registerVerifier(f.organizer.address, "FCSSC desk", "FCSSC", ethers.ZeroHash);
        await expectRefused(
          f,
          await f.defaultParams({ verifiers: [f.v1.address, f.organizer.address] }),
          "CampaignOrganizerIsVerifier",
          [f.organizer.address],
        );
        // Another organizer's campaign may use it.
        await f.registry.connect(f.admin).grantRole(ORGANIZER_ROLE, f.outsider.address);
        const { campaign } = await create(
          f,
          await f.defaultParams({ verifiers: [f.v1.address, f.organizer.address] }),
          f.outsider,
        );
        expect(await campaign.isVerifier(f.organizer.address)).to.equal(true);
      });

      it("refuses a threshold below the registry's minimum, and follows a new minimum", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await expectRefused(
          f,
          await f.defaultParams({ threshold: 1n }),
          "CampaignThresholdTooLow",
          [1n, 2n],
        );
        await f.registry.connect(f.admin).setLimits({ ...DEFAULT_LIMITS, minThreshold: 3n });
        await expectRefused(
          f,
          await f.defaultParams({ threshold: 2n }),
          "CampaignThresholdTooLow",
          [2n, 3n],
        );
        const { campaign } = await create(f, await f.defaultParams({ threshold: 3n }));
        expect((await campaign.params()).threshold).to.equal(3n);
      });
    });

    describe("windows", function () {
      it("refuses a funding deadline beyond the registry's funding window and accepts it at the window", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const at = BigInt(await time.latest()) + 100n;
        const latest = at + 90n * DAY;
        const params = await f.defaultParams({
          deadline: latest + 1n,
          procurementDeadline: latest + 30n * DAY,
        });
        await time.setNextBlockTimestamp(at);
        await expectRefused(f, params, "CampaignFundingWindowTooLong", [latest + 1n, latest]);
        // One second later the same deadline is exactly at the window.
        await time.setNextBlockTimestamp(at + 1n);
        const campaign = await createInNextBlock(f, params);
        expect((await campaign.params()).deadline).to.equal(latest + 1n);
      });

      it("refuses a procurement deadline beyond the registry's procurement window and accepts it at the window", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const deadline = BigInt(await time.latest()) + 14n * DAY;
        const latest = deadline + 365n * DAY;
        await expectRefused(
          f,
          await f.defaultParams({ deadline, procurementDeadline: latest + 1n }),
          "CampaignProcurementWindowTooLong",
          [latest + 1n, latest],
        );
        const { campaign } = await create(
          f,
          await f.defaultParams({ deadline, procurementDeadline: latest }),
        );
        expect((await campaign.params()).procurementDeadline).to.equal(latest);
      });

      it("follows the windows the admin sets", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        await f.registry.connect(f.admin).setLimits({
          ...DEFAULT_LIMITS,
          maxFundingWindow: 7n * DAY,
          maxProcurementWindow: 30n * DAY,
        });
        const at = BigInt(await time.latest()) + 100n;
        await time.setNextBlockTimestamp(at);
        await expectRefused(
          f,
          await f.defaultParams({ deadline: at + 14n * DAY }),
          "CampaignFundingWindowTooLong",
          [at + 14n * DAY, at + 7n * DAY],
        );
        const deadline = at + 7n * DAY;
        await expectRefused(
          f,
          await f.defaultParams({ deadline, procurementDeadline: deadline + 31n * DAY }),
          "CampaignProcurementWindowTooLong",
          [deadline + 31n * DAY, deadline + 30n * DAY],
        );
        await time.setNextBlockTimestamp(at);
        const campaign = await createInNextBlock(
          f,
          await f.defaultParams({ deadline, procurementDeadline: deadline + 30n * DAY }),
        );
        expect((await campaign.params()).procurementDeadline).to.equal(deadline + 30n * DAY);
      });
    });

    describe("deadlines", function () {
      it("refuses a deadline equal to the creating block's timestamp", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const at = BigInt(await time.latest()) + 100n;
        const params = await f.defaultParams({ deadline: at });
        await time.setNextBlockTimestamp(at);
        await expectRefused(f, params, "CampaignInvalidDeadline", [at, at]);
      });

      it("refuses a deadline in the past", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const at = BigInt(await time.latest()) + 100n;
        const params = await f.defaultParams({ deadline: at - 1n });
        await time.setNextBlockTimestamp(at);
        await expectRefused(f, params, "CampaignInvalidDeadline", [at - 1n, at]);
      });

      it("accepts a deadline one second after the creating block", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const at = BigInt(await time.latest()) + 100n;
        const params = await f.defaultParams({ deadline: at + 1n });
        await time.setNextBlockTimestamp(at);
        const { campaign } = await create(f, params);
        expect(await time.latest()).to.equal(Number(at));
        expect((await campaign.params()).deadline).to.equal(at + 1n);
        expect(await campaign.status()).to.equal(Status.Funding);
      });

      it("refuses a procurement deadline equal to the funding deadline", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const deadline = BigInt(await time.latest()) + 14n * DAY;
        await expectRefused(
          f,
          await f.defaultParams({ deadline, procurementDeadline: deadline }),
          "CampaignInvalidProcurementDeadline",
          [deadline, deadline],
        );
      });

      it("refuses a procurement deadline before the funding deadline", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const deadline = BigInt(await time.latest()) + 14n * DAY;
        await expectRefused(
          f,
          await f.defaultParams({ deadline, procurementDeadline: deadline - 1n }),
          "CampaignInvalidProcurementDeadline",
          [deadline - 1n, deadline],
        );
      });

      it("accepts a procurement deadline one second after the funding deadline", async function () {
        const f = await networkHelpers.loadFixture(deployed);
        const deadline = BigInt(await time.latest()) + 14n * DAY;
        const { campaign } = await create(
          f,
          await f.defaultParams({ deadline, procurementDeadline: deadline + 1n }),
        );
        expect((await campaign.params()).procurementDeadline).to.equal(deadline + 1n);
      });
    });
  });
});
