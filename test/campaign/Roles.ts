/**
 * Every privileged function called from every other role, with the exact error; then the rightful role
 * succeeds, so each test fails if the check is missing or too strict.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";

import { ORGANIZER_ROLE, PAUSER_ROLE, VETTER_ROLE } from "../../ignition/modules/Handover.js";
import {
  DAY,
  ETH,
  OrderStatus,
  Status,
  SupplierStatus,
  makeFixtures,
} from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

const ONE_ETH = 10n ** 18n;
const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const EVIDENCE = ethers.id("WAHO warehouse receipt, Abuja");
const TERMS = ethers.id("purchase terms: EN 14683 Type IIR masks");
/** A quarter of the $12,000 the roles fixture raised in ETH: 1 ETH. */
const ORDER_USD = 3_000n * 10n ** 18n;

type RoleName =
  | "admin"
  | "vetter"
  | "pauser"
  | "organizer"
  | "otherOrganizer"
  | "supplier"
  | "supplier2"
  | "verifier"
  | "donor"
  | "outsider";

/**
 * One holder of each role, a second organizer who did not launch the campaign, and a campaign in Funding
 * that met its goal (donors[0] pledged 4 ETH = $12,000).
 */
async function rolesFixture() {
  const deployed = await fixtures.deployFixture();
  const { admin, vetter, pauser, organizer, supplier, supplier2, v1, outsider, donors, registry } =
    deployed;
  const otherOrganizer = donors[8];
  await registry.connect(admin).grantRole(ORGANIZER_ROLE, otherOrganizer.address);
  const campaign = await deployed.createCampaign();
  await campaign.connect(donors[0]).pledgeETH({ value: 4n * ONE_ETH });
  const roles: Record<RoleName, HardhatEthersSigner> = {
    admin,
    vetter,
    pauser,
    organizer,
    otherOrganizer,
    supplier,
    supplier2,
    verifier: v1,
    donor: donors[0],
    outsider,
  };
  return { ...deployed, campaign, otherOrganizer, roles };
}

type F = Awaited<ReturnType<typeof rolesFixture>>;

/** Every role but the ones named, as `[name, signer]`. */
function allBut(f: F, ...allowed: RoleName[]): [RoleName, HardhatEthersSigner][] {
  return (Object.entries(f.roles) as [RoleName, HardhatEthersSigner][]).filter(
    ([name]) => !allowed.includes(name),
  );
}

/** Closes funding and places order 0 ($3,000 of the $12,000: 1 ETH, for 1,000 units, 30% advance) with `supplier`. */
async function withOrder(f: F) {
  await f.campaign.connect(f.organizer).closeFunding();
  const deliverBy = BigInt(await time.latest()) + 30n * DAY;
  await f.campaign
    .connect(f.organizer)
    .createOrder(f.supplier.address, ORDER_USD, 1_000n, deliverBy, 3_000n, TERMS);
  return deliverBy;
}

describe("Roles", function () {
  describe("Campaign", function () {
    it("closeFunding: only the campaign's organizer", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, organizer } = f;
      for (const [name, caller] of allBut(f, "organizer")) {
        await expect(campaign.connect(caller).closeFunding(), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotOrganizer")
          .withArgs(caller.address, organizer.address);
      }
      expect(await campaign.status()).to.equal(Status.Funding);
      await expect(campaign.connect(organizer).closeFunding())
        .to.emit(campaign, "FundingClosed")
        .withArgs(organizer.address, 12_000n * 10n ** 18n);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });

    it("createOrder: only the campaign's organizer", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, organizer, supplier } = f;
      await campaign.connect(organizer).closeFunding();
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      const args = [supplier.address, ORDER_USD, 1_000n, deliverBy, 0n, TERMS] as const;
      for (const [name, caller] of allBut(f, "organizer")) {
        await expect(campaign.connect(caller).createOrder(...args), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotOrganizer")
          .withArgs(caller.address, organizer.address);
      }
      expect(await campaign.orderCount()).to.equal(0n);
      expect((await campaign.ledger(ETH)).reserved).to.equal(0n);
      await expect(campaign.connect(organizer).createOrder(...args))
        .to.emit(campaign, "OrderCreated")
        .withArgs(0n, supplier.address, ORDER_USD, 1_000n, deliverBy, 0n, TERMS)
        .and.to.emit(campaign, "OrderReserved")
        .withArgs(0n, ETH, ONE_ETH);
      expect((await campaign.ledger(ETH)).reserved).to.equal(ONE_ETH);
    });

    it("cancelOrder: only the campaign's organizer", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, organizer } = f;
      await withOrder(f);
      for (const [name, caller] of allBut(f, "organizer")) {
        await expect(campaign.connect(caller).cancelOrder(0n), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotOrganizer")
          .withArgs(caller.address, organizer.address);
      }
      expect((await campaign.order(0n)).status).to.equal(OrderStatus.Placed);
      await expect(campaign.connect(organizer).cancelOrder(0n))
        .to.emit(campaign, "ReservationReturned")
        .withArgs(0n, ETH, ONE_ETH)
        .and.to.emit(campaign, "OrderCancelled")
        .withArgs(0n, organizer.address);
      expect((await campaign.ledger(ETH)).reserved).to.equal(0n);
    });

    it("acceptOrder: only the order's supplier", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, supplier } = f;
      await withOrder(f);
      for (const [name, caller] of allBut(f, "supplier")) {
        await expect(campaign.connect(caller).acceptOrder(0n), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotSupplier")
          .withArgs(0n, caller.address, supplier.address);
      }
      expect(await campaign.withdrawable(f.supplier2.address, ETH)).to.equal(0n);
      await expect(campaign.connect(supplier).acceptOrder(0n))
        .to.emit(campaign, "OrderAccepted")
        .withArgs(0n, supplier.address)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, (3n * ONE_ETH) / 10n, 0n, true);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal((3n * ONE_ETH) / 10n);
    });

    it("markShipped: only the order's supplier", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, supplier } = f;
      await withOrder(f);
      await campaign.connect(supplier).acceptOrder(0n);
      for (const [name, caller] of allBut(f, "supplier")) {
        await expect(campaign.connect(caller).markShipped(0n, "ipfs://bill-of-lading"), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotSupplier")
          .withArgs(0n, caller.address, supplier.address);
      }
      expect((await campaign.order(0n)).status).to.equal(OrderStatus.Accepted);
      await expect(campaign.connect(supplier).markShipped(0n, "ipfs://bill-of-lading"))
        .to.emit(campaign, "ShipmentMarked")
        .withArgs(0n, supplier.address, "ipfs://bill-of-lading");
      expect((await campaign.order(0n)).status).to.equal(OrderStatus.Shipped);
    });

    it("confirmDelivery: only the campaign's verifiers (not even a verifier of another campaign)", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, supplier, v1, v2, v3, donors } = f;
      await withOrder(f);
      await campaign.connect(supplier).acceptOrder(0n);
      // A sibling campaign whose verifiers include donors[7].
      const foreignVerifier = donors[7];
      await f.registry
        .connect(f.vetter)
        .registerVerifier(
          foreignVerifier.address,
          "Koidu clinic",
          "MoH Sierra Leone",
          ethers.id("k"),
        );
      const sibling = await f.createCampaign({
        verifiers: [foreignVerifier.address, v2.address, v3.address],
      });
      expect(await sibling.isVerifier(foreignVerifier.address)).to.equal(true);

      const wrong = [...allBut(f, "verifier"), ["foreignVerifier", foreignVerifier]] as const;
      for (const [name, caller] of wrong) {
        await expect(campaign.connect(caller).confirmDelivery(0n, 1_000n, EVIDENCE), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
          .withArgs(caller.address);
      }
      expect((await campaign.order(0n)).unitsVerified).to.equal(0n);
      await expect(campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE))
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v1.address, 1_000n, EVIDENCE, false);
      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(1_000n);
    });

    it("cancelSignatures: only the campaign's verifiers", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, v1 } = f;
      for (const [name, caller] of allBut(f, "verifier")) {
        await expect(campaign.connect(caller).cancelSignatures(), name)
          .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
          .withArgs(caller.address);
      }
      await expect(campaign.connect(v1).cancelSignatures())
        .to.emit(campaign, "NonceUsed")
        .withArgs(v1.address, 1n);
    });

    it("confirmDeliveryBySig and releasePayment: anyone may submit, only verifiers' signatures count", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, supplier, v1, v2, registry, pauser } = f;
      await withOrder(f);
      await campaign.connect(supplier).acceptOrder(0n);
      for (const [name, caller] of allBut(f, "verifier")) {
        const snapshot = await networkHelpers.takeSnapshot();
        const sigs = [
          await f.signConfirmation(v1, campaign, 0n, 500n, EVIDENCE),
          await f.signConfirmation(v2, campaign, 0n, 500n, EVIDENCE),
        ];
        await expect(campaign.connect(caller).confirmDeliveryBySig(0n, 500n, EVIDENCE, sigs), name)
          .to.emit(campaign, "PaymentReleased")
          .withArgs(0n, supplier.address, ETH, (2n * ONE_ETH) / 10n, 500n, false);
        await snapshot.restore();
      }
      // Verified under a pause; anyone releases the payment afterwards.
      await registry.connect(pauser).pause();
      await campaign.connect(v1).confirmDelivery(0n, 500n, EVIDENCE);
      await campaign.connect(v2).confirmDelivery(0n, 500n, EVIDENCE);
      await registry.connect(pauser).unpause();
      await expect(campaign.connect(f.donors[0]).releasePayment(0n))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, (2n * ONE_ETH) / 10n, 500n, false);
    });

    it("close before the procurement deadline: only the organizer (others get CampaignCloseTooEarly)", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, organizer } = f;
      await campaign.connect(organizer).closeFunding();
      const pd = (await campaign.params()).procurementDeadline;
      const at = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(at); // reverted calls are not mined: every one runs at `at`
      for (const [name, caller] of allBut(f, "organizer")) {
        await expect(campaign.connect(caller).close(), name)
          .to.be.revertedWithCustomError(campaign, "CampaignCloseTooEarly")
          .withArgs(pd, at);
      }
      expect(await campaign.status()).to.equal(Status.Procurement);
      await expect(campaign.connect(organizer).close())
        .to.emit(campaign, "CampaignClosed")
        .withArgs(organizer.address);
      expect(BigInt(await time.latest())).to.equal(at);
      expect(await campaign.status()).to.equal(Status.Closed);
    });

    it("close before the procurement deadline: not even the organizer while an order is open", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { campaign, organizer } = f;
      await withOrder(f);
      const pd = (await campaign.params()).procurementDeadline;
      await expect(campaign.connect(organizer).close())
        .to.be.revertedWithCustomError(campaign, "CampaignOrdersOpen")
        .withArgs(1n, pd);
      await campaign.connect(organizer).cancelOrder(0n);
      await expect(campaign.connect(organizer).close()).to.emit(campaign, "CampaignClosed");
    });
  });

  describe("Registry", function () {
    it("registerSupplier, suspendSupplier, reinstateSupplier: only VETTER_ROLE", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, vetter, supplier, supplier2, donors } = f;
      const newcomer = donors[6].address;
      await registry.connect(vetter).suspendSupplier(supplier2.address, "licence expired");
      const calls = [
        [
          "registerSupplier",
          (r: typeof registry) =>
            r.registerSupplier(newcomer, "Abuja Textiles", "NG", ethers.id("d")),
        ],
        [
          "suspendSupplier",
          (r: typeof registry) => r.suspendSupplier(supplier.address, "no reason"),
        ],
        ["reinstateSupplier", (r: typeof registry) => r.reinstateSupplier(supplier2.address)],
      ] as const;
      for (const [fn, call] of calls) {
        for (const [name, caller] of allBut(f, "vetter")) {
          await expect(call(registry.connect(caller)), `${fn} by ${name}`)
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, VETTER_ROLE);
        }
      }
      expect((await registry.supplier(newcomer)).status).to.equal(SupplierStatus.None);
      expect((await registry.supplier(supplier.address)).status).to.equal(SupplierStatus.Active);
      expect((await registry.supplier(supplier2.address)).status).to.equal(
        SupplierStatus.Suspended,
      );

      for (const [fn, call] of calls) {
        await expect(call(registry.connect(vetter)), fn).not.to.be.revert(ethers);
      }
      expect((await registry.supplier(newcomer)).status).to.equal(SupplierStatus.Active);
      expect((await registry.supplier(supplier.address)).status).to.equal(SupplierStatus.Suspended);
      expect((await registry.supplier(supplier2.address)).status).to.equal(SupplierStatus.Active);
    });

    it("registerVerifier, suspendVerifier, reinstateVerifier: only VETTER_ROLE", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, vetter, v1, v2, donors } = f;
      const newcomer = donors[6].address;
      await registry.connect(vetter).suspendVerifier(v2.address, "conflict of interest");
      const calls = [
        [
          "registerVerifier",
          (r: typeof registry) =>
            r.registerVerifier(newcomer, "Banjul port office", "WAHO", ethers.id("v")),
        ],
        ["suspendVerifier", (r: typeof registry) => r.suspendVerifier(v1.address, "no reason")],
        ["reinstateVerifier", (r: typeof registry) => r.reinstateVerifier(v2.address)],
      ] as const;
      for (const [fn, call] of calls) {
        for (const [name, caller] of allBut(f, "vetter")) {
          await expect(call(registry.connect(caller)), `${fn} by ${name}`)
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, VETTER_ROLE);
        }
      }
      expect(await registry.verifierStatus(newcomer)).to.equal(SupplierStatus.None);
      expect(await registry.verifierStatus(v1.address)).to.equal(SupplierStatus.Active);
      expect(await registry.verifierStatus(v2.address)).to.equal(SupplierStatus.Suspended);

      for (const [fn, call] of calls) {
        await expect(call(registry.connect(vetter)), fn).not.to.be.revert(ethers);
      }
      expect(await registry.verifierStatus(newcomer)).to.equal(SupplierStatus.Active);
      expect(await registry.verifierStatus(v1.address)).to.equal(SupplierStatus.Suspended);
      expect(await registry.verifierStatus(v2.address)).to.equal(SupplierStatus.Active);
    });

    it("setLimits, setPriceBounds, setSequencerUptimeFeed: only DEFAULT_ADMIN_ROLE", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, admin } = f;
      const limits = {
        maxFundingWindow: 30n * DAY,
        maxProcurementWindow: 200n * DAY,
        maxAdvanceBps: 1_000n,
        minThreshold: 3n,
      };
      const sequencer = await ethers.deployContract("MockV3Aggregator", [0, 0n, "L2 Sequencer"]);
      const sequencerAddress = await sequencer.getAddress();
      const calls = [
        ["setLimits", (r: typeof registry) => r.setLimits(limits)],
        ["setPriceBounds", (r: typeof registry) => r.setPriceBounds(ETH, 1n, 10n ** 12n)],
        [
          "setSequencerUptimeFeed",
          (r: typeof registry) => r.setSequencerUptimeFeed(sequencerAddress, 3_600n),
        ],
      ] as const;
      for (const [fn, call] of calls) {
        for (const [name, caller] of allBut(f, "admin")) {
          await expect(call(registry.connect(caller)), `${fn} by ${name}`)
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        }
      }
      expect((await registry.limits()).minThreshold).to.equal(2n);
      expect(await registry.priceBounds(ETH)).to.deep.equal([0n, 0n]);
      expect((await registry.sequencerUptimeFeed())[0]).to.equal(ethers.ZeroAddress);

      for (const [fn, call] of calls) {
        await expect(call(registry.connect(admin)), fn).not.to.be.revert(ethers);
      }
      expect((await registry.limits()).minThreshold).to.equal(3n);
      expect(await registry.priceBounds(ETH)).to.deep.equal([1n, 10n ** 12n]);
      expect(await registry.sequencerUptimeFeed()).to.deep.equal([sequencerAddress, 3_600n]);
    });

    it("setAcceptedToken, removeAcceptedToken, grantRole, revokeRole and admin transfers: only DEFAULT_ADMIN_ROLE", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, admin, vetter, outsider, wbtc } = f;
      const token = await ethers.deployContract("MockWBTC");
      const feed = await ethers.deployContract("MockV3Aggregator", [8, 10n ** 8n, "X / USD"]);
      const tokenAddress = await token.getAddress();
      const feedAddress = await feed.getAddress();
      const wbtcAddress = await wbtc.getAddress();
      const calls = [
        [
          "setAcceptedToken",
          (r: typeof registry) => r.setAcceptedToken(tokenAddress, feedAddress, 3_600n),
        ],
        ["removeAcceptedToken", (r: typeof registry) => r.removeAcceptedToken(wbtcAddress)],
        ["grantRole", (r: typeof registry) => r.grantRole(ORGANIZER_ROLE, outsider.address)],
        ["revokeRole", (r: typeof registry) => r.revokeRole(VETTER_ROLE, vetter.address)],
        ["changeDefaultAdminDelay", (r: typeof registry) => r.changeDefaultAdminDelay(DAY)],
        [
          "beginDefaultAdminTransfer",
          (r: typeof registry) => r.beginDefaultAdminTransfer(outsider.address),
        ],
        ["cancelDefaultAdminTransfer", (r: typeof registry) => r.cancelDefaultAdminTransfer()],
        ["rollbackDefaultAdminDelay", (r: typeof registry) => r.rollbackDefaultAdminDelay()],
      ] as const;
      for (const [fn, call] of calls) {
        for (const [name, caller] of allBut(f, "admin")) {
          await expect(call(registry.connect(caller)), `${fn} by ${name}`)
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        }
      }
      expect(await registry.isAcceptedToken(tokenAddress)).to.equal(false);
      expect(await registry.isAcceptedToken(wbtcAddress)).to.equal(true);
      expect(await registry.hasRole(ORGANIZER_ROLE, outsider.address)).to.equal(false);
      expect(await registry.hasRole(VETTER_ROLE, vetter.address)).to.equal(true);
      expect((await registry.pendingDefaultAdmin())[0]).to.equal(ethers.ZeroAddress);

      for (const [fn, call] of calls) {
        await expect(call(registry.connect(admin)), fn).not.to.be.revert(ethers);
      }
      expect(await registry.isAcceptedToken(tokenAddress)).to.equal(true);
      expect(await registry.isAcceptedToken(wbtcAddress)).to.equal(false);
      expect(await registry.hasRole(ORGANIZER_ROLE, outsider.address)).to.equal(true);
      expect(await registry.hasRole(VETTER_ROLE, vetter.address)).to.equal(false);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
    });

    it("the default admin role cannot be granted, taken or renounced for someone else", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, admin, vetter, outsider } = f;
      await expect(
        registry.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, outsider.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
      await expect(registry.connect(outsider).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(outsider.address);
      for (const [name, caller] of allBut(f, "vetter")) {
        await expect(
          registry.connect(caller).renounceRole(VETTER_ROLE, vetter.address),
          name,
        ).to.be.revertedWithCustomError(registry, "AccessControlBadConfirmation");
      }
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.hasRole(VETTER_ROLE, vetter.address)).to.equal(true);
    });

    it("pause and unpause: only PAUSER_ROLE", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { registry, pauser } = f;
      for (const [name, caller] of allBut(f, "pauser")) {
        await expect(registry.connect(caller).pause(), name)
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, PAUSER_ROLE);
      }
      expect(await registry.paused()).to.equal(false);
      await registry.connect(pauser).pause();
      expect(await registry.paused()).to.equal(true);
      for (const [name, caller] of allBut(f, "pauser")) {
        await expect(registry.connect(caller).unpause(), name)
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, PAUSER_ROLE);
      }
      expect(await registry.paused()).to.equal(true);
      await registry.connect(pauser).unpause();
      expect(await registry.paused()).to.equal(false);
    });
  });

  describe("CampaignFactory", function () {
    it("createCampaign: only ORGANIZER_ROLE holders, each owning what it creates", async function () {
      const f = await networkHelpers.loadFixture(rolesFixture);
      const { factory, registry, admin, organizer, otherOrganizer } = f;
      const params = await f.defaultParams();
      const countBefore = await factory.campaignCount();
      for (const [name, caller] of allBut(f, "organizer", "otherOrganizer")) {
        await expect(factory.connect(caller).createCampaign(params), name)
          .to.be.revertedWithCustomError(factory, "FactoryNotOrganizer")
          .withArgs(caller.address);
      }
      expect(await factory.campaignCount()).to.equal(countBefore);

      const theirs = await f.createCampaign({}, otherOrganizer);
      expect(await theirs.organizer()).to.equal(otherOrganizer.address);
      expect(await factory.isCampaign(await theirs.getAddress())).to.equal(true);
      expect(await factory.campaignCount()).to.equal(countBefore + 1n);
      // Holding the role does not make it the organizer of the first campaign.
      await expect(f.campaign.connect(otherOrganizer).closeFunding())
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotOrganizer")
        .withArgs(otherOrganizer.address, organizer.address);

      // An organizer whose role is revoked can no longer create campaigns.
      await registry.connect(admin).revokeRole(ORGANIZER_ROLE, otherOrganizer.address);
      await expect(factory.connect(otherOrganizer).createCampaign(params))
        .to.be.revertedWithCustomError(factory, "FactoryNotOrganizer")
        .withArgs(otherOrganizer.address);
      const mine = await f.createCampaign({}, organizer);
      expect(await mine.organizer()).to.equal(organizer.address);
    });
  });
});
