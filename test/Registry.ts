import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";

import { ORGANIZER_ROLE, PAUSER_ROLE, VETTER_ROLE } from "../ignition/modules/Handover.js";
import type { MockV3Aggregator, Registry } from "../types/ethers-contracts/index.js";
import {
  DAY,
  ETH,
  makeFixtures,
  PartyStatus,
  PRICES,
  SupplierStatus,
  USD,
  USDC_UNIT,
  WBTC_UNIT,
} from "./helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

type Fixture = Awaited<ReturnType<typeof fixtures.deployFixture>>;

const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const MAX_STALENESS = 3_600n; // LocalTokens' default
const STALENESS_LIMIT = 7n * DAY;

/** `deployFixture`, as a named function so that `loadFixture` snapshots it. */
async function deployed() {
  return fixtures.deployFixture();
}

/** `deployFixture` plus a separate registry whose default admin transfers wait two days. */
async function delayedAdminFixture() {
  const f = await fixtures.deployFixture();
  const delayed = await ethers.deployContract("Registry", [f.admin.address, 2n * DAY]);
  return { ...f, delayed };
}

async function newFeed(decimals: number, answer: bigint, description = "TEST / USD") {
  return ethers.deployContract("MockV3Aggregator", [decimals, answer, description]);
}

/** `IRegistry.Limits` from its four fields. */
function limitsOf(
  maxFundingWindow: bigint,
  maxProcurementWindow: bigint,
  maxAdvanceBps: bigint,
  minThreshold: bigint,
) {
  return { maxFundingWindow, maxProcurementWindow, maxAdvanceBps, minThreshold };
}

/** `limits()` as a plain array. */
async function limits(registry: Registry) {
  const l = await registry.limits();
  return [l.maxFundingWindow, l.maxProcurementWindow, l.maxAdvanceBps, l.minThreshold];
}

/** The selector XOR of a list of function signatures, as `type(I).interfaceId` computes it. */
function interfaceIdOf(signatures: string[]): string {
  let id = 0n;
  for (const signature of signatures) id ^= BigInt(ethers.id(signature).slice(0, 10));
  return ethers.toBeHex(id, 4);
}

const I_ACCESS_CONTROL = [
  "hasRole(bytes32,address)",
  "getRoleAdmin(bytes32)",
  "grantRole(bytes32,address)",
  "revokeRole(bytes32,address)",
  "renounceRole(bytes32,address)",
];

const I_ACCESS_CONTROL_DEFAULT_ADMIN_RULES = [
  "defaultAdmin()",
  "pendingDefaultAdmin()",
  "defaultAdminDelay()",
  "pendingDefaultAdminDelay()",
  "beginDefaultAdminTransfer(address)",
  "cancelDefaultAdminTransfer()",
  "acceptDefaultAdminTransfer()",
  "changeDefaultAdminDelay(uint48)",
  "rollbackDefaultAdminDelay()",
  "defaultAdminDelayIncreaseWait()",
];

describe("Registry", function () {
  describe("deployment", function () {
    it("makes the initial admin the default admin, with no transfer pending and a zero delay", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.owner()).to.equal(admin.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await registry.defaultAdminDelay()).to.equal(0n);
      const [pendingAdmin, schedule] = await registry.pendingDefaultAdmin();
      expect(pendingAdmin).to.equal(ethers.ZeroAddress);
      expect(schedule).to.equal(0n);
    });

    it("defines the role ids as the hashes of their names, each administered by the default admin", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.VETTER_ROLE()).to.equal(ethers.id("VETTER_ROLE"));
      expect(await registry.ORGANIZER_ROLE()).to.equal(ethers.id("ORGANIZER_ROLE"));
      expect(await registry.PAUSER_ROLE()).to.equal(ethers.id("PAUSER_ROLE"));
      for (const role of [VETTER_ROLE, ORGANIZER_ROLE, PAUSER_ROLE, DEFAULT_ADMIN_ROLE]) {
        expect(await registry.getRoleAdmin(role)).to.equal(DEFAULT_ADMIN_ROLE);
      }
    });

    it("grants each role to the account the deployment names, and to nobody else", async function () {
      const f = await networkHelpers.loadFixture(deployed);
      const { registry } = f;
      const holders: [string, string][] = [
        [VETTER_ROLE, f.vetter.address],
        [ORGANIZER_ROLE, f.organizer.address],
        [PAUSER_ROLE, f.pauser.address],
        [DEFAULT_ADMIN_ROLE, f.admin.address],
      ];
      const accounts = [f.admin, f.organizer, f.vetter, f.pauser, f.supplier, f.outsider];
      for (const [role, holder] of holders) {
        for (const account of accounts) {
          expect(await registry.hasRole(role, account.address)).to.equal(
            account.address === holder,
          );
        }
      }
    });

    it("limits the maximum staleness to 7 days", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.MAX_STALENESS_LIMIT()).to.equal(STALENESS_LIMIT);
    });

    it("refuses a zero initial admin", async function () {
      const factory = await ethers.getContractFactory("Registry");
      await expect(factory.deploy(ethers.ZeroAddress, 0n))
        .to.be.revertedWithCustomError(factory, "AccessControlInvalidDefaultAdmin")
        .withArgs(ethers.ZeroAddress);
    });

    it("starts unpaused", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.paused()).to.equal(false);
    });
  });

  describe("role checks", function () {
    type Holder = "admin" | "vetter" | "pauser";
    type Guarded = {
      fn: string;
      role: string;
      holder: Holder;
      setup?: (f: Fixture) => Promise<unknown>;
      call: (f: Fixture, as: HardhatEthersSigner) => Promise<unknown>;
      /** What the holder's call changes, checked after it succeeds. */
      effect: (f: Fixture) => Promise<unknown>;
    };

    const guarded: Guarded[] = [
      {
        fn: "registerSupplier",
        role: VETTER_ROLE,
        holder: "vetter",
        call: (f, as) =>
          f.registry
            .connect(as)
            .registerSupplier(f.outsider.address, "Acme PPE", "GH", ethers.id("acme")),
        effect: async (f) =>
          expect(await f.registry.isVettedSupplier(f.outsider.address)).to.equal(true),
      },
      {
        fn: "suspendSupplier",
        role: VETTER_ROLE,
        holder: "vetter",
        call: (f, as) =>
          f.registry.connect(as).suspendSupplier(f.supplier.address, "licence expired"),
        effect: async (f) =>
          expect((await f.registry.supplier(f.supplier.address)).status).to.equal(
            SupplierStatus.Suspended,
          ),
      },
      {
        fn: "reinstateSupplier",
        role: VETTER_ROLE,
        holder: "vetter",
        setup: (f) => f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "audit"),
        call: (f, as) => f.registry.connect(as).reinstateSupplier(f.supplier.address),
        effect: async (f) =>
          expect((await f.registry.supplier(f.supplier.address)).status).to.equal(
            SupplierStatus.Active,
          ),
      },
      {
        fn: "setAcceptedToken",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: async (f, as) =>
          f.registry.connect(as).setAcceptedToken(ETH, await f.feeds.usdc.getAddress(), 60),
        effect: async (f) =>
          expect((await f.registry.tokenConfig(ETH)).feed).to.equal(
            await f.feeds.usdc.getAddress(),
          ),
      },
      {
        fn: "removeAcceptedToken",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).removeAcceptedToken(ETH),
        effect: async (f) => expect(await f.registry.isAcceptedToken(ETH)).to.equal(false),
      },
      {
        fn: "grantRole",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).grantRole(VETTER_ROLE, f.outsider.address),
        effect: async (f) =>
          expect(await f.registry.hasRole(VETTER_ROLE, f.outsider.address)).to.equal(true),
      },
      {
        fn: "revokeRole",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).revokeRole(VETTER_ROLE, f.vetter.address),
        effect: async (f) =>
          expect(await f.registry.hasRole(VETTER_ROLE, f.vetter.address)).to.equal(false),
      },
      {
        fn: "beginDefaultAdminTransfer",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).beginDefaultAdminTransfer(f.outsider.address),
        effect: async (f) =>
          expect((await f.registry.pendingDefaultAdmin())[0]).to.equal(f.outsider.address),
      },
      {
        fn: "cancelDefaultAdminTransfer",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        setup: (f) => f.registry.connect(f.admin).beginDefaultAdminTransfer(f.outsider.address),
        call: (f, as) => f.registry.connect(as).cancelDefaultAdminTransfer(),
        effect: async (f) =>
          expect((await f.registry.pendingDefaultAdmin())[0]).to.equal(ethers.ZeroAddress),
      },
      {
        fn: "changeDefaultAdminDelay",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).changeDefaultAdminDelay(DAY),
        effect: async (f) => expect((await f.registry.pendingDefaultAdminDelay())[0]).to.equal(DAY),
      },
      {
        fn: "rollbackDefaultAdminDelay",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        setup: (f) => f.registry.connect(f.admin).changeDefaultAdminDelay(DAY),
        call: (f, as) => f.registry.connect(as).rollbackDefaultAdminDelay(),
        effect: async (f) => expect((await f.registry.pendingDefaultAdminDelay())[0]).to.equal(0n),
      },
      {
        fn: "pause",
        role: PAUSER_ROLE,
        holder: "pauser",
        call: (f, as) => f.registry.connect(as).pause(),
        effect: async (f) => expect(await f.registry.paused()).to.equal(true),
      },
      {
        fn: "unpause",
        role: PAUSER_ROLE,
        holder: "pauser",
        setup: (f) => f.registry.connect(f.pauser).pause(),
        call: (f, as) => f.registry.connect(as).unpause(),
        effect: async (f) => expect(await f.registry.paused()).to.equal(false),
      },
      {
        fn: "registerVerifier",
        role: VETTER_ROLE,
        holder: "vetter",
        call: (f, as) =>
          f.registry
            .connect(as)
            .registerVerifier(f.outsider.address, "Banjul port", "WAHO", ethers.id("banjul")),
        effect: async (f) =>
          expect(await f.registry.verifierStatus(f.outsider.address)).to.equal(PartyStatus.Active),
      },
      {
        fn: "suspendVerifier",
        role: VETTER_ROLE,
        holder: "vetter",
        call: (f, as) => f.registry.connect(as).suspendVerifier(f.v1.address, "conflict"),
        effect: async (f) =>
          expect(await f.registry.verifierStatus(f.v1.address)).to.equal(PartyStatus.Suspended),
      },
      {
        fn: "reinstateVerifier",
        role: VETTER_ROLE,
        holder: "vetter",
        setup: (f) => f.registry.connect(f.vetter).suspendVerifier(f.v1.address, "audit"),
        call: (f, as) => f.registry.connect(as).reinstateVerifier(f.v1.address),
        effect: async (f) =>
          expect(await f.registry.verifierStatus(f.v1.address)).to.equal(PartyStatus.Active),
      },
      {
        fn: "setLimits",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) =>
          f.registry.connect(as).setLimits(limitsOf(30n * DAY, 90n * DAY, 1_000n, 3n)),
        effect: async (f) =>
          expect(await limits(f.registry)).to.deep.equal([30n * DAY, 90n * DAY, 1_000n, 3n]),
      },
      {
        fn: "setPriceBounds",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: (f, as) => f.registry.connect(as).setPriceBounds(ETH, 1n, 2n),
        effect: async (f) => expect(await f.registry.priceBounds(ETH)).to.deep.equal([1n, 2n]),
      },
      {
        fn: "setSequencerUptimeFeed",
        role: DEFAULT_ADMIN_ROLE,
        holder: "admin",
        call: async (f, as) =>
          f.registry.connect(as).setSequencerUptimeFeed(await f.feeds.usdt.getAddress(), 60),
        effect: async (f) =>
          expect(await f.registry.sequencerUptimeFeed()).to.deep.equal([
            await f.feeds.usdt.getAddress(),
            60n,
          ]),
      },
    ];

    const callers: [string, (f: Fixture) => HardhatEthersSigner][] = [
      ["admin", (f) => f.admin],
      ["organizer", (f) => f.organizer],
      ["vetter", (f) => f.vetter],
      ["pauser", (f) => f.pauser],
      ["vetted supplier", (f) => f.supplier],
      ["outsider", (f) => f.outsider],
    ];

    const pick = (name: string) => callers.find(([n]) => n === name)![1];

    for (const g of guarded) {
      describe(g.fn, function () {
        it(`is allowed to the ${g.holder}`, async function () {
          const f = await networkHelpers.loadFixture(deployed);
          if (g.setup) await g.setup(f);
          const holder = pick(g.holder)(f);
          await (await (g.call(f, holder) as Promise<{ wait(): Promise<unknown> }>)).wait();
          await g.effect(f);
        });

        for (const [name, choose] of callers.filter(([n]) => n !== g.holder)) {
          it(`refuses the ${name}`, async function () {
            const f = await networkHelpers.loadFixture(deployed);
            const caller = choose(f);
            if (g.setup) await g.setup(f);
            await expect(g.call(f, caller))
              .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
              .withArgs(caller.address, g.role);
          });
        }
      });
    }

    it("refuses a vetter whose role was revoked", async function () {
      const { registry, admin, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).revokeRole(VETTER_ROLE, vetter.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(VETTER_ROLE, vetter.address, admin.address);
      await expect(
        registry.connect(vetter).registerSupplier(outsider.address, "Acme", "GH", ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(vetter.address, VETTER_ROLE);
    });

    it("lets a newly granted pauser pause", async function () {
      const { registry, admin, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).grantRole(PAUSER_ROLE, outsider.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(PAUSER_ROLE, outsider.address, admin.address);
      await expect(registry.connect(outsider).pause())
        .to.emit(registry, "Paused")
        .withArgs(outsider.address);
    });

    it("lets a role holder renounce its own role, and refuses renouncing for another account", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(outsider).renounceRole(VETTER_ROLE, vetter.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlBadConfirmation");
      await expect(registry.connect(vetter).renounceRole(VETTER_ROLE, vetter.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(VETTER_ROLE, vetter.address, vetter.address);
      expect(await registry.hasRole(VETTER_ROLE, vetter.address)).to.equal(false);
    });
  });

  describe("default admin", function () {
    it("refuses granting DEFAULT_ADMIN_ROLE directly, even by the admin", async function () {
      const { registry, admin, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, outsider.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, outsider.address)).to.equal(false);
    });

    it("refuses revoking DEFAULT_ADMIN_ROLE directly", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(admin).revokeRole(DEFAULT_ADMIN_ROLE, admin.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
      expect(await registry.defaultAdmin()).to.equal(admin.address);
    });

    it("schedules a transfer at now + delay and reports it as pending", async function () {
      const { delayed, admin, outsider } = await networkHelpers.loadFixture(delayedAdminFixture);
      expect(await delayed.defaultAdminDelay()).to.equal(2n * DAY);
      const at = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(at);
      await expect(delayed.connect(admin).beginDefaultAdminTransfer(outsider.address))
        .to.emit(delayed, "DefaultAdminTransferScheduled")
        .withArgs(outsider.address, at + 2n * DAY);
      const [pendingAdmin, schedule] = await delayed.pendingDefaultAdmin();
      expect(pendingAdmin).to.equal(outsider.address);
      expect(schedule).to.equal(at + 2n * DAY);
      expect(await delayed.defaultAdmin()).to.equal(admin.address);
    });

    it("refuses the acceptance at exactly the scheduled time", async function () {
      const { delayed, admin, outsider } = await networkHelpers.loadFixture(delayedAdminFixture);
      await delayed.connect(admin).beginDefaultAdminTransfer(outsider.address);
      const [, schedule] = await delayed.pendingDefaultAdmin();
      await time.setNextBlockTimestamp(schedule);
      await expect(delayed.connect(outsider).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(delayed, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      expect(await delayed.defaultAdmin()).to.equal(admin.address);
    });

    it("hands the role over when the new admin accepts one second after the schedule", async function () {
      const { delayed, admin, outsider, usdc, feeds } =
        await networkHelpers.loadFixture(delayedAdminFixture);
      await delayed.connect(admin).beginDefaultAdminTransfer(outsider.address);
      const [, schedule] = await delayed.pendingDefaultAdmin();
      await time.setNextBlockTimestamp(schedule + 1n);
      const accept = delayed.connect(outsider).acceptDefaultAdminTransfer();
      await expect(accept)
        .to.emit(delayed, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, outsider.address);
      await expect(accept)
        .to.emit(delayed, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, outsider.address, outsider.address);

      expect(await delayed.defaultAdmin()).to.equal(outsider.address);
      expect(await delayed.owner()).to.equal(outsider.address);
      expect(await delayed.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      const [pendingAdmin, pendingSchedule] = await delayed.pendingDefaultAdmin();
      expect(pendingAdmin).to.equal(ethers.ZeroAddress);
      expect(pendingSchedule).to.equal(0n);

      const usdcAddress = await usdc.getAddress();
      const feed = await feeds.usdc.getAddress();
      await expect(delayed.connect(admin).setAcceptedToken(usdcAddress, feed, 60))
        .to.be.revertedWithCustomError(delayed, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(delayed.connect(outsider).setAcceptedToken(usdcAddress, feed, 60))
        .to.emit(delayed, "AcceptedTokenSet")
        .withArgs(usdcAddress, feed, 60, 6, 8);
    });

    it("refuses the acceptance from anyone but the pending admin", async function () {
      const { delayed, admin, outsider, organizer } =
        await networkHelpers.loadFixture(delayedAdminFixture);
      await delayed.connect(admin).beginDefaultAdminTransfer(outsider.address);
      await time.increase(3n * DAY);
      for (const caller of [organizer, admin]) {
        await expect(delayed.connect(caller).acceptDefaultAdminTransfer())
          .to.be.revertedWithCustomError(delayed, "AccessControlInvalidDefaultAdmin")
          .withArgs(caller.address);
      }
    });

    it("cancels a pending transfer so that it can no longer be accepted", async function () {
      const { delayed, admin, outsider } = await networkHelpers.loadFixture(delayedAdminFixture);
      await delayed.connect(admin).beginDefaultAdminTransfer(outsider.address);
      await expect(delayed.connect(admin).cancelDefaultAdminTransfer()).to.emit(
        delayed,
        "DefaultAdminTransferCanceled",
      );
      await time.increase(3n * DAY);
      await expect(delayed.connect(outsider).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(delayed, "AccessControlInvalidDefaultAdmin")
        .withArgs(outsider.address);
      expect(await delayed.defaultAdmin()).to.equal(admin.address);
    });

    it("hands the role over in the next block when the delay is zero (the local deployment)", async function () {
      const { registry, admin, outsider } = await networkHelpers.loadFixture(deployed);
      await registry.connect(admin).beginDefaultAdminTransfer(outsider.address);
      await registry.connect(outsider).acceptDefaultAdminTransfer();
      expect(await registry.defaultAdmin()).to.equal(outsider.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
    });
  });

  describe("suppliers", function () {
    it("lists the suppliers the deployment registered, in registration order", async function () {
      const { registry, supplier, supplier2 } = await networkHelpers.loadFixture(deployed);
      expect(await registry.suppliers()).to.deep.equal([supplier.address, supplier2.address]);
    });

    it("registers a supplier: event, record fields, list and vetted status", async function () {
      const { registry, vetter, outsider, supplier, supplier2 } =
        await networkHelpers.loadFixture(deployed);
      const dossier = ethers.id("EN 14683 Type IIR certificate");
      const at = BigInt(await time.latest()) + 5n;
      await time.setNextBlockTimestamp(at);
      await expect(
        registry
          .connect(vetter)
          .registerSupplier(outsider.address, "Accra Masks Ltd", "GH", dossier),
      )
        .to.emit(registry, "SupplierRegistered")
        .withArgs(outsider.address, vetter.address, "Accra Masks Ltd", "GH", dossier);

      const record = await registry.supplier(outsider.address);
      expect(record.status).to.equal(SupplierStatus.Active);
      expect(record.registeredAt).to.equal(at);
      expect(record.updatedAt).to.equal(at);
      expect(record.dossierHash).to.equal(dossier);
      expect(record.name).to.equal("Accra Masks Ltd");
      expect(record.country).to.equal("GH");
      expect(await registry.isVettedSupplier(outsider.address)).to.equal(true);
      expect(await registry.activeSupplierStatus(outsider.address)).to.equal(SupplierStatus.Active);
      expect(await registry.suppliers()).to.deep.equal([
        supplier.address,
        supplier2.address,
        outsider.address,
      ]);
    });

    it("keeps unicode names and countries byte for byte", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      const name = "河南医疗用品有限公司 — Société Générale de Masques 😷";
      const country = "Côte d’Ivoire";
      await expect(
        registry.connect(vetter).registerSupplier(outsider.address, name, country, ethers.ZeroHash),
      )
        .to.emit(registry, "SupplierRegistered")
        .withArgs(outsider.address, vetter.address, name, country, ethers.ZeroHash);
      const record = await registry.supplier(outsider.address);
      expect(record.name).to.equal(name);
      expect(record.country).to.equal(country);
    });

    it("reports an unknown address as status None with an empty record", async function () {
      const { registry, outsider } = await networkHelpers.loadFixture(deployed);
      const record = await registry.supplier(outsider.address);
      expect(record.status).to.equal(SupplierStatus.None);
      expect(record.registeredAt).to.equal(0n);
      expect(record.updatedAt).to.equal(0n);
      expect(record.dossierHash).to.equal(ethers.ZeroHash);
      expect(record.name).to.equal("");
      expect(record.country).to.equal("");
      expect(await registry.isVettedSupplier(outsider.address)).to.equal(false);
      expect(await registry.activeSupplierStatus(outsider.address)).to.equal(SupplierStatus.None);
    });

    it("refuses registering the zero address", async function () {
      const { registry, vetter } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry
          .connect(vetter)
          .registerSupplier(ethers.ZeroAddress, "Ghost", "GH", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });

    it("refuses a supplier without a name", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(vetter).registerSupplier(outsider.address, "", "GH", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryEmptyDetails");
      expect(await registry.isVettedSupplier(outsider.address)).to.equal(false);
    });

    it("refuses a supplier without a country", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(vetter).registerSupplier(outsider.address, "Acme", "", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryEmptyDetails");
    });

    it("refuses registering an active supplier again", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(vetter).registerSupplier(supplier.address, "Again", "CN", ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(registry, "RegistrySupplierAlreadyRegistered")
        .withArgs(supplier.address, SupplierStatus.Active);
      expect((await registry.supplier(supplier.address)).name).to.equal(
        "Henan Medical Supplies Co.",
      );
    });

    it("refuses registering a suspended supplier again (reinstate it instead)", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");
      await expect(
        registry.connect(vetter).registerSupplier(supplier.address, "Again", "CN", ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(registry, "RegistrySupplierAlreadyRegistered")
        .withArgs(supplier.address, SupplierStatus.Suspended);
    });

    it("suspends an active supplier: event with the reason, status, updatedAt, still listed", async function () {
      const { registry, vetter, supplier, supplier2 } = await networkHelpers.loadFixture(deployed);
      const registeredAt = (await registry.supplier(supplier.address)).registeredAt;
      const at = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(at);
      await expect(
        registry.connect(vetter).suspendSupplier(supplier.address, "certificate revoked"),
      )
        .to.emit(registry, "SupplierSuspended")
        .withArgs(supplier.address, vetter.address, "certificate revoked");

      const record = await registry.supplier(supplier.address);
      expect(record.status).to.equal(SupplierStatus.Suspended);
      expect(record.updatedAt).to.equal(at);
      expect(record.registeredAt).to.equal(registeredAt);
      expect(record.name).to.equal("Henan Medical Supplies Co.");
      expect(await registry.isVettedSupplier(supplier.address)).to.equal(false);
      expect(await registry.activeSupplierStatus(supplier.address)).to.equal(
        SupplierStatus.Suspended,
      );
      expect(await registry.suppliers()).to.deep.equal([supplier.address, supplier2.address]);
    });

    it("refuses suspending a suspended supplier", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");
      await expect(registry.connect(vetter).suspendSupplier(supplier.address, "again"))
        .to.be.revertedWithCustomError(registry, "RegistrySupplierNotActive")
        .withArgs(supplier.address, SupplierStatus.Suspended);
    });

    it("refuses suspending an address that was never registered", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(vetter).suspendSupplier(outsider.address, "unknown"))
        .to.be.revertedWithCustomError(registry, "RegistrySupplierNotActive")
        .withArgs(outsider.address, SupplierStatus.None);
    });

    it("reinstates a suspended supplier: event, status, updatedAt", async function () {
      const { registry, vetter, supplier, supplier2 } = await networkHelpers.loadFixture(deployed);
      const registeredAt = (await registry.supplier(supplier.address)).registeredAt;
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");
      const at = BigInt(await time.latest()) + DAY;
      await time.setNextBlockTimestamp(at);
      await expect(registry.connect(vetter).reinstateSupplier(supplier.address))
        .to.emit(registry, "SupplierReinstated")
        .withArgs(supplier.address, vetter.address);

      const record = await registry.supplier(supplier.address);
      expect(record.status).to.equal(SupplierStatus.Active);
      expect(record.updatedAt).to.equal(at);
      expect(record.registeredAt).to.equal(registeredAt);
      expect(await registry.isVettedSupplier(supplier.address)).to.equal(true);
      expect(await registry.suppliers()).to.deep.equal([supplier.address, supplier2.address]);
    });

    it("refuses reinstating an active supplier", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(vetter).reinstateSupplier(supplier.address))
        .to.be.revertedWithCustomError(registry, "RegistrySupplierNotSuspended")
        .withArgs(supplier.address, SupplierStatus.Active);
    });

    it("refuses reinstating an address that was never registered", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(vetter).reinstateSupplier(outsider.address))
        .to.be.revertedWithCustomError(registry, "RegistrySupplierNotSuspended")
        .withArgs(outsider.address, SupplierStatus.None);
    });

    it("allows suspending again after a reinstatement", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendSupplier(supplier.address, "first");
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(registry.connect(vetter).suspendSupplier(supplier.address, "second"))
        .to.emit(registry, "SupplierSuspended")
        .withArgs(supplier.address, vetter.address, "second");
      expect(await registry.isVettedSupplier(supplier.address)).to.equal(false);
    });
  });

  describe("accepted tokens", function () {
    it("lists ETH, USDC, USDT and WBTC with their feeds, staleness and decimals", async function () {
      const { registry, usdc, usdt, wbtc, feeds } = await networkHelpers.loadFixture(deployed);
      const expected: [string, MockV3Aggregator, bigint][] = [
        [ETH, feeds.eth, 18n],
        [await usdc.getAddress(), feeds.usdc, 6n],
        [await usdt.getAddress(), feeds.usdt, 6n],
        [await wbtc.getAddress(), feeds.btc, 8n],
      ];
      expect(await registry.listedTokens()).to.deep.equal(expected.map(([token]) => token));
      for (const [token, feed, decimals] of expected) {
        const config = await registry.tokenConfig(token);
        expect(config.feed).to.equal(await feed.getAddress());
        expect(config.maxStaleness).to.equal(MAX_STALENESS);
        expect(config.tokenDecimals).to.equal(decimals);
        expect(config.feedDecimals).to.equal(8n);
        expect(config.accepted).to.equal(true);
        expect(config.bounded).to.equal(false);
        expect(await registry.isAcceptedToken(token)).to.equal(true);
      }
    });

    it("lists a new token: event with args, config, appended to listedTokens", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      const token = await ethers.deployContract("MockUSDC");
      const feed = await newFeed(8, 99_990_000n);
      const tokenAddress = await token.getAddress();
      const feedAddress = await feed.getAddress();
      const before = await registry.listedTokens();
      expect(await registry.isAcceptedToken(tokenAddress)).to.equal(false);

      await expect(registry.connect(admin).setAcceptedToken(tokenAddress, feedAddress, 600))
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(tokenAddress, feedAddress, 600, 6, 8);

      expect(await registry.isAcceptedToken(tokenAddress)).to.equal(true);
      expect(await registry.listedTokens()).to.deep.equal([...before, tokenAddress]);
      const config = await registry.tokenConfig(tokenAddress);
      expect(config.feed).to.equal(feedAddress);
      expect(config.maxStaleness).to.equal(600n);
      expect(config.tokenDecimals).to.equal(6n);
      expect(config.feedDecimals).to.equal(8n);
      expect(config.accepted).to.equal(true);
    });

    it("re-listing a token changes its feed without listing it twice", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      const before = await registry.listedTokens();
      const feed = await newFeed(18, 3_100n * 10n ** 18n);
      const feedAddress = await feed.getAddress();
      await expect(registry.connect(admin).setAcceptedToken(ETH, feedAddress, 7_200))
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(ETH, feedAddress, 7_200, 18, 18);

      expect(await registry.listedTokens()).to.deep.equal(before);
      const config = await registry.tokenConfig(ETH);
      expect(config.feed).to.equal(feedAddress);
      expect(config.maxStaleness).to.equal(7_200n);
      expect(config.feedDecimals).to.equal(18n);
      expect(config.tokenDecimals).to.equal(18n);
      const [answer, decimals] = await registry.price(ETH);
      expect(answer).to.equal(3_100n * 10n ** 18n);
      expect(decimals).to.equal(18n);
    });

    it("removes a token: event, no longer accepted, still in listedTokens", async function () {
      const { registry, admin, wbtc, feeds } = await networkHelpers.loadFixture(deployed);
      const token = await wbtc.getAddress();
      const before = await registry.listedTokens();
      await expect(registry.connect(admin).removeAcceptedToken(token))
        .to.emit(registry, "AcceptedTokenRemoved")
        .withArgs(token);
      expect(await registry.isAcceptedToken(token)).to.equal(false);
      expect((await registry.tokenConfig(token)).accepted).to.equal(false);
      expect((await registry.tokenConfig(token)).feed).to.equal(await feeds.btc.getAddress());
      expect(await registry.listedTokens()).to.deep.equal(before);
    });

    it("refuses prices and quotes for a removed token", async function () {
      const { registry, admin, wbtc } = await networkHelpers.loadFixture(deployed);
      const token = await wbtc.getAddress();
      await registry.connect(admin).removeAcceptedToken(token);
      await expect(registry.price(token))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
      await expect(registry.usdValue(token, WBTC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
      await expect(registry.quotePledge(token, WBTC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
    });

    it("refuses prices and quotes for a token that was never listed", async function () {
      const { registry, outsider } = await networkHelpers.loadFixture(deployed);
      const token = outsider.address;
      expect(await registry.isAcceptedToken(token)).to.equal(false);
      await expect(registry.price(token))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
      await expect(registry.usdValue(token, 1n))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
      await expect(registry.quotePledge(token, 1n))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
    });

    it("refuses removing a token that is not accepted (never listed, or already removed)", async function () {
      const { registry, admin, outsider, usdc } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).removeAcceptedToken(outsider.address))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(outsider.address);
      const token = await usdc.getAddress();
      await registry.connect(admin).removeAcceptedToken(token);
      await expect(registry.connect(admin).removeAcceptedToken(token))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(token);
    });

    it("accepts a removed token again when re-listed, without listing it twice", async function () {
      const { registry, admin, usdc, feeds } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      const before = await registry.listedTokens();
      await registry.connect(admin).removeAcceptedToken(token);
      await expect(
        registry.connect(admin).setAcceptedToken(token, await feeds.usdc.getAddress(), 900),
      )
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(token, await feeds.usdc.getAddress(), 900, 6, 8);
      expect(await registry.isAcceptedToken(token)).to.equal(true);
      expect(await registry.listedTokens()).to.deep.equal(before);
      expect(await registry.usdValue(token, USDC_UNIT)).to.equal(USD);
    });

    it("refuses a zero feed", async function () {
      const { registry, admin, usdc } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(admin).setAcceptedToken(await usdc.getAddress(), ethers.ZeroAddress, 60),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });

    it("refuses a maximum staleness of 0", async function () {
      const { registry, admin, feeds } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).setAcceptedToken(ETH, await feeds.eth.getAddress(), 0))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMaxStaleness")
        .withArgs(0n, STALENESS_LIMIT);
    });

    it("refuses a maximum staleness one second above 7 days", async function () {
      const { registry, admin, feeds } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry
          .connect(admin)
          .setAcceptedToken(ETH, await feeds.eth.getAddress(), STALENESS_LIMIT + 1n),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMaxStaleness")
        .withArgs(STALENESS_LIMIT + 1n, STALENESS_LIMIT);
    });

    it("accepts a maximum staleness of exactly 7 days, and of 1 second", async function () {
      const { registry, admin, feeds } = await networkHelpers.loadFixture(deployed);
      const feed = await feeds.eth.getAddress();
      await registry.connect(admin).setAcceptedToken(ETH, feed, STALENESS_LIMIT);
      expect((await registry.tokenConfig(ETH)).maxStaleness).to.equal(STALENESS_LIMIT);
      await registry.connect(admin).setAcceptedToken(ETH, feed, 1);
      expect((await registry.tokenConfig(ETH)).maxStaleness).to.equal(1n);
    });

    it("refuses a feed without code", async function () {
      const { registry, admin, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).setAcceptedToken(ETH, outsider.address, 60))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidFeed")
        .withArgs(ETH, outsider.address);
    });

    it("refuses a value beyond 2^256 with RegistryValueTooLarge, not an arithmetic panic", async function () {
      const { registry, admin, usdc } = await networkHelpers.loadFixture(deployed);
      const feed = await newFeed(8, 2n ** 128n - 1n);
      const token = await usdc.getAddress();
      await registry.connect(admin).setAcceptedToken(token, await feed.getAddress(), 3_600);
      const amount = 2n ** 128n - 1n;
      await expect(registry.usdValue(token, amount))
        .to.be.revertedWithCustomError(registry, "RegistryValueTooLarge")
        .withArgs(token, amount);
      // One base unit still values exactly: (2^128 - 1) * 10^4 (6 + 8 decimals -> 18).
      expect(await registry.usdValue(token, 1n)).to.equal((2n ** 128n - 1n) * 10n ** 4n);
    });

    it("refuses a value beyond 2^256 on the mulDiv path (18 + 8 decimals) with RegistryValueTooLarge", async function () {
      const { registry, feeds } = await networkHelpers.loadFixture(deployed);
      // An absurd ETH price of 2^190 (8 decimals): 2^100 wei are worth 2^290 / 10^8 USD wei.
      await feeds.eth.updateAnswer(2n ** 190n);
      await expect(registry.usdValue(ETH, 2n ** 100n))
        .to.be.revertedWithCustomError(registry, "RegistryValueTooLarge")
        .withArgs(ETH, 2n ** 100n);
      // 2^60 wei still value exactly: 2^250 / 10^8.
      expect(await registry.usdValue(ETH, 2n ** 60n)).to.equal(2n ** 250n / 10n ** 8n);
    });

    it("refuses a feed whose decimals() reverts (a contract without that function)", async function () {
      const { registry, admin, usdc, factory } = await networkHelpers.loadFixture(deployed);
      // MockWBTC has decimals(); the factory has no decimals() and no fallback, so the call reverts.
      const feed = await factory.getAddress();
      const token = await usdc.getAddress();
      await expect(registry.connect(admin).setAcceptedToken(token, feed, 60))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidFeed")
        .withArgs(token, feed);
    });

    it("refuses a token as a feed: it has decimals() but answers no round", async function () {
      const { registry, admin, wbtc } = await networkHelpers.loadFixture(deployed);
      const feed = await wbtc.getAddress();
      await expect(registry.connect(admin).setAcceptedToken(ETH, feed, 60))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidFeed")
        .withArgs(ETH, feed);
      expect(await registry.isAcceptedToken(ETH)).to.equal(true); // the existing listing is untouched
    });

    it("refuses a feed with 37 decimals and accepts one with 36", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      const feed37 = await newFeed(37, 1n);
      await expect(registry.connect(admin).setAcceptedToken(ETH, await feed37.getAddress(), 60))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidFeed")
        .withArgs(ETH, await feed37.getAddress());
      const feed36 = await newFeed(36, 3_000n * 10n ** 36n);
      await expect(registry.connect(admin).setAcceptedToken(ETH, await feed36.getAddress(), 60))
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(ETH, await feed36.getAddress(), 60, 18, 36);
      // 1.5 ETH * 3,000 USD: scale 18 + 36, divided by 10^36.
      expect(await registry.usdValue(ETH, 15n * 10n ** 17n)).to.equal(4_500n * USD);
    });

    it("refuses a token without code", async function () {
      const { registry, admin, outsider, feeds } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry
          .connect(admin)
          .setAcceptedToken(outsider.address, await feeds.usdc.getAddress(), 60),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTokenDecimals")
        .withArgs(outsider.address);
    });

    it("refuses a token without decimals()", async function () {
      const { registry, admin, factory, feeds } = await networkHelpers.loadFixture(deployed);
      const token = await factory.getAddress();
      await expect(
        registry.connect(admin).setAcceptedToken(token, await feeds.usdc.getAddress(), 60),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTokenDecimals")
        .withArgs(token);
    });

    it("refuses a token with more than 24 decimals and accepts one with 24", async function () {
      const { registry, admin, feeds } = await networkHelpers.loadFixture(deployed);
      expect(await registry.MAX_TOKEN_DECIMALS()).to.equal(24n);
      const feed = await feeds.usdc.getAddress();
      for (const decimals of [25n, 37n, 255n]) {
        const token = await (
          await ethers.deployContract("MockDecimalsToken", [decimals])
        ).getAddress();
        await expect(registry.connect(admin).setAcceptedToken(token, feed, 60))
          .to.be.revertedWithCustomError(registry, "RegistryTooManyDecimals")
          .withArgs(token, decimals, 24n);
        expect(await registry.isAcceptedToken(token)).to.equal(false);
      }
      const token = await (await ethers.deployContract("MockDecimalsToken", [24n])).getAddress();
      await expect(registry.connect(admin).setAcceptedToken(token, feed, 60))
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(token, feed, 60, 24, 8);
      // 10^24 base units (one whole token) at $1.
      expect(await registry.usdValue(token, 10n ** 24n)).to.equal(USD);
    });

    it("leaves the configuration unchanged when a listing is refused", async function () {
      const { registry, admin, outsider, feeds } = await networkHelpers.loadFixture(deployed);
      const before = await registry.listedTokens();
      await expect(
        registry.connect(admin).setAcceptedToken(ETH, outsider.address, 60),
      ).to.be.revertedWithCustomError(registry, "RegistryInvalidFeed");
      const config = await registry.tokenConfig(ETH);
      expect(config.feed).to.equal(await feeds.eth.getAddress());
      expect(config.maxStaleness).to.equal(MAX_STALENESS);
      expect(await registry.listedTokens()).to.deep.equal(before);
    });
  });

  describe("prices and USD values", function () {
    it("returns the feed's answer, decimals and updatedAt from price()", async function () {
      const { registry, feeds } = await networkHelpers.loadFixture(deployed);
      const at = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(at);
      await feeds.eth.updateAnswer(3_210n * 10n ** 8n);
      const [answer, decimals, updatedAt] = await registry.price(ETH);
      expect(answer).to.equal(3_210n * 10n ** 8n);
      expect(decimals).to.equal(8n);
      expect(updatedAt).to.equal(at);
    });

    it("reports the feed's updatedAt, not its startedAt", async function () {
      const { registry, feeds } = await networkHelpers.loadFixture(deployed);
      const now = BigInt(await time.latest());
      await feeds.eth.updateRoundData(7n, PRICES.eth, now - 10n, now - 5_000n);
      const [, , updatedAt] = await registry.price(ETH);
      expect(updatedAt).to.equal(now - 10n);
      expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000n * USD);
    });

    it("values ETH (18 decimals) with an 8-decimal feed", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      // 1.5 ETH * 3,000 = 4,500 USD.
      expect(await registry.usdValue(ETH, 15n * 10n ** 17n)).to.equal(4_500n * USD);
      // 1 wei * 3,000 = 3,000 * 10^-18 USD.
      expect(await registry.usdValue(ETH, 1n)).to.equal(3_000n);
      expect(await registry.usdValue(ETH, 0n)).to.equal(0n);
    });

    it("rounds an ETH value down", async function () {
      const { registry, feeds } = await networkHelpers.loadFixture(deployed);
      await feeds.eth.updateAnswer(300_012_345_678n); // 3,000.12345678 USD
      // 1 wei: 1 * 300012345678 / 10^8 = 3000.12345678 -> 3000.
      expect(await registry.usdValue(ETH, 1n)).to.equal(3_000n);
      // 3 wei: 900037037034 / 10^8 = 9000.37037034 -> 9000.
      expect(await registry.usdValue(ETH, 3n)).to.equal(9_000n);
      // 1 ETH: exact, 3000.12345678 USD.
      expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000_123_456_780_000_000_000n);
    });

    it("values USDC (6 decimals) with an 8-decimal feed", async function () {
      const { registry, usdc, feeds } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      // 1,234.567891 USDC at 1 USD.
      expect(await registry.usdValue(token, 1_234_567_891n)).to.equal(
        1_234_567_891_000_000_000_000n,
      );
      await feeds.usdc.updateAnswer(99_987_654n); // 0.99987654 USD
      // 1 micro-USDC: 1 * 99987654 * 10^4 = 999876540000 (0.00000099987654 USD).
      expect(await registry.usdValue(token, 1n)).to.equal(999_876_540_000n);
      // 5,000 USDC: 5,000 * 0.99987654 = 4,999.3827 USD.
      expect(await registry.usdValue(token, 5_000n * USDC_UNIT)).to.equal(
        4_999_382_700_000_000_000_000n,
      );
    });

    it("values WBTC (8 decimals) with an 8-decimal feed", async function () {
      const { registry, wbtc } = await networkHelpers.loadFixture(deployed);
      const token = await wbtc.getAddress();
      // 0.5 WBTC * 60,000 = 30,000 USD.
      expect(await registry.usdValue(token, WBTC_UNIT / 2n)).to.equal(30_000n * USD);
      // 1 satoshi * 60,000 = 0.0006 USD.
      expect(await registry.usdValue(token, 1n)).to.equal(600_000_000_000_000n);
    });

    it("values ETH with an 18-decimal feed, rounding down", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      const feed = await newFeed(18, 3_000_123_456_789_012_345_678n); // 3,000.123456789012345678 USD
      await registry.connect(admin).setAcceptedToken(ETH, await feed.getAddress(), 3_600);
      // 1 wei: 3000123456789012345678 / 10^18 = 3000.12... -> 3000.
      expect(await registry.usdValue(ETH, 1n)).to.equal(3_000n);
      // 2 ETH: exactly 6,000.246913578024691356 USD.
      expect(await registry.usdValue(ETH, 2n * 10n ** 18n)).to.equal(
        6_000_246_913_578_024_691_356n,
      );
    });

    it("values USDC with an 18-decimal feed, rounding down", async function () {
      const { registry, admin, usdc } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      const feed = await newFeed(18, 999_999_999_999_999_999n); // 0.999999999999999999 USD
      await registry.connect(admin).setAcceptedToken(token, await feed.getAddress(), 3_600);
      // 1 USDC: 10^6 * 999999999999999999 / 10^6.
      expect(await registry.usdValue(token, USDC_UNIT)).to.equal(999_999_999_999_999_999n);
      // 1 micro-USDC: 999999999999999999 / 10^6 = 999999999999.999999 -> 999999999999.
      expect(await registry.usdValue(token, 1n)).to.equal(999_999_999_999n);
    });

    it("values amounts of 2^128 and more exactly (the mulDiv path)", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      const amount = 2n ** 200n + 7n;
      expect(await registry.usdValue(ETH, amount)).to.equal(amount * 3_000n);
    });

    it("quotes a pledge at the same value as usdValue while unpaused", async function () {
      const { registry, usdc, wbtc } = await networkHelpers.loadFixture(deployed);
      expect(await registry.quotePledge(ETH, 2n * 10n ** 18n)).to.equal(6_000n * USD);
      expect(await registry.quotePledge(await usdc.getAddress(), 5_000n * USDC_UNIT)).to.equal(
        5_000n * USD,
      );
      expect(await registry.quotePledge(await wbtc.getAddress(), 1n)).to.equal(
        600_000_000_000_000n,
      );
    });

    describe("staleness", function () {
      /** Writes an ETH round updated at `updatedAt` (started earlier), returns `updatedAt`. */
      async function roundAt(feeds: Fixture["feeds"], updatedAt: bigint) {
        await feeds.eth.updateRoundData(2n, PRICES.eth, updatedAt, updatedAt - 1_000n);
        return updatedAt;
      }

      it("accepts a price exactly maxStaleness old", async function () {
        const { registry, feeds } = await networkHelpers.loadFixture(deployed);
        const updatedAt = await roundAt(feeds, BigInt(await time.latest()) + 10n);
        // Views run on the latest block: mine one exactly maxStaleness after the update.
        await time.increaseTo(updatedAt + MAX_STALENESS);
        expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000n * USD);
        expect(await registry.quotePledge(ETH, 10n ** 18n)).to.equal(3_000n * USD);
        const [answer, , reported] = await registry.price(ETH);
        expect(answer).to.equal(PRICES.eth);
        expect(reported).to.equal(updatedAt);
      });

      it("refuses a price one second older than maxStaleness", async function () {
        const { registry, feeds } = await networkHelpers.loadFixture(deployed);
        const updatedAt = await roundAt(feeds, BigInt(await time.latest()) + 10n);
        const now = updatedAt + MAX_STALENESS + 1n;
        await time.increaseTo(now);
        for (const call of [
          registry.usdValue(ETH, 10n ** 18n),
          registry.quotePledge(ETH, 10n ** 18n),
          registry.price(ETH),
        ]) {
          await expect(call)
            .to.be.revertedWithCustomError(registry, "RegistryStalePrice")
            .withArgs(ETH, updatedAt, MAX_STALENESS, now);
        }
      });

      it("applies each token's own maximum staleness", async function () {
        const { registry, admin, feeds, usdc } = await networkHelpers.loadFixture(deployed);
        const token = await usdc.getAddress();
        await registry.connect(admin).setAcceptedToken(token, await feeds.usdc.getAddress(), 60);
        const updatedAt = BigInt(await time.latest()) + 5n;
        await time.setNextBlockTimestamp(updatedAt);
        await feeds.usdc.updateAnswer(PRICES.usdc);
        await time.increaseTo(updatedAt + 60n);
        expect(await registry.usdValue(token, USDC_UNIT)).to.equal(USD);
        await time.increaseTo(updatedAt + 61n);
        await expect(registry.usdValue(token, USDC_UNIT))
          .to.be.revertedWithCustomError(registry, "RegistryStalePrice")
          .withArgs(token, updatedAt, 60n, updatedAt + 61n);
        // ETH (maxStaleness 3600) updated at the same time is still fresh.
        await feeds.eth.updateRoundData(2n, PRICES.eth, updatedAt, updatedAt);
        expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000n * USD);
      });

      it("refuses a round that was never updated (updatedAt == 0)", async function () {
        const { registry, feeds } = await networkHelpers.loadFixture(deployed);
        const startedAt = BigInt(await time.latest());
        await feeds.eth.updateRoundData(2n, PRICES.eth, 0n, startedAt);
        const now = BigInt(await time.latest());
        await expect(registry.usdValue(ETH, 10n ** 18n))
          .to.be.revertedWithCustomError(registry, "RegistryStalePrice")
          .withArgs(ETH, 0n, MAX_STALENESS, now);
        await expect(registry.price(ETH))
          .to.be.revertedWithCustomError(registry, "RegistryStalePrice")
          .withArgs(ETH, 0n, MAX_STALENESS, now);
      });

      it("refuses a round dated after the current block, and accepts one dated in it", async function () {
        const { registry, feeds } = await networkHelpers.loadFixture(deployed);
        const now = BigInt(await time.latest()) + 1n;
        // Written in the block at `now`, dated one second later.
        await time.setNextBlockTimestamp(now);
        await feeds.eth.updateRoundData(2n, PRICES.eth * 100n, now + 1n, now + 1n);
        for (const call of [
          () => registry.usdValue(ETH, 10n ** 18n),
          () => registry.quotePledge(ETH, 10n ** 18n),
          () => registry.price(ETH),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(registry, "RegistryFuturePrice")
            .withArgs(ETH, now + 1n, now);
        }
        await time.increaseTo(now + 1n);
        expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(300_000n * USD);
        const [, , updatedAt] = await registry.price(ETH);
        expect(updatedAt).to.equal(now + 1n);
      });

      it("accepts a fresh price again after the feed updates", async function () {
        const { registry, feeds } = await networkHelpers.loadFixture(deployed);
        await time.increase(MAX_STALENESS + 1n);
        await expect(registry.usdValue(ETH, 1n)).to.be.revertedWithCustomError(
          registry,
          "RegistryStalePrice",
        );
        await feeds.eth.updateAnswer(PRICES.eth);
        expect(await registry.usdValue(ETH, 1n)).to.equal(3_000n);
      });
    });

    describe("non-positive answers", function () {
      for (const answer of [0n, -1n, -(3_000n * 10n ** 8n)]) {
        it(`refuses an answer of ${answer}`, async function () {
          const { registry, feeds } = await networkHelpers.loadFixture(deployed);
          await feeds.eth.updateAnswer(answer);
          for (const call of [
            registry.usdValue(ETH, 10n ** 18n),
            registry.quotePledge(ETH, 10n ** 18n),
            registry.price(ETH),
          ]) {
            await expect(call)
              .to.be.revertedWithCustomError(registry, "RegistryNonPositivePrice")
              .withArgs(ETH, answer);
          }
        });
      }

      it("accepts an answer of 1 (the smallest positive price)", async function () {
        const { registry, feeds, wbtc } = await networkHelpers.loadFixture(deployed);
        await feeds.btc.updateAnswer(1n);
        // 1 WBTC at 10^-8 USD = 10^-8 USD = 10^10 wei-USD.
        expect(await registry.usdValue(await wbtc.getAddress(), WBTC_UNIT)).to.equal(10n ** 10n);
      });
    });
  });

  describe("verifiers", function () {
    it("lists the verifiers the deployment registered, in registration order", async function () {
      const { registry, v1, v2, v3 } = await networkHelpers.loadFixture(deployed);
      expect(await registry.verifiers()).to.deep.equal([v1.address, v2.address, v3.address]);
      for (const v of [v1, v2, v3]) {
        expect(await registry.verifierStatus(v.address)).to.equal(PartyStatus.Active);
      }
    });

    it("registers a verifier: event, record fields, list and status, apart from the supplier records", async function () {
      const { registry, vetter, outsider, v1, v2, v3 } = await networkHelpers.loadFixture(deployed);
      const dossier = ethers.id("UNDP Abuja: letter of appointment");
      const at = BigInt(await time.latest()) + 5n;
      await time.setNextBlockTimestamp(at);
      await expect(
        registry
          .connect(vetter)
          .registerVerifier(outsider.address, "UN country office", "UNDP Nigeria", dossier),
      )
        .to.emit(registry, "VerifierRegistered")
        .withArgs(outsider.address, vetter.address, "UN country office", "UNDP Nigeria", dossier);

      const record = await registry.verifier(outsider.address);
      expect([
        record.status,
        record.registeredAt,
        record.updatedAt,
        record.dossierHash,
        record.name,
        record.organization,
      ]).to.deep.equal([
        BigInt(PartyStatus.Active),
        at,
        at,
        dossier,
        "UN country office",
        "UNDP Nigeria",
      ]);
      expect(await registry.verifierStatus(outsider.address)).to.equal(PartyStatus.Active);
      expect(await registry.verifiers()).to.deep.equal([
        v1.address,
        v2.address,
        v3.address,
        outsider.address,
      ]);
      // Being a verifier makes nobody a supplier.
      expect(await registry.supplierStatus(outsider.address)).to.equal(PartyStatus.None);
      expect(await registry.isVettedSupplier(outsider.address)).to.equal(false);
    });

    it("keeps a supplier's and a verifier's records apart for the same address", async function () {
      const { registry, vetter, supplier } = await networkHelpers.loadFixture(deployed);
      await registry
        .connect(vetter)
        .registerVerifier(supplier.address, "Henan QA desk", "Henan Medical", ethers.ZeroHash);
      await registry.connect(vetter).suspendVerifier(supplier.address, "conflict of interest");
      expect(await registry.verifierStatus(supplier.address)).to.equal(PartyStatus.Suspended);
      expect(await registry.supplierStatus(supplier.address)).to.equal(PartyStatus.Active);
      expect((await registry.supplier(supplier.address)).name).to.equal(
        "Henan Medical Supplies Co.",
      );
      expect((await registry.verifier(supplier.address)).name).to.equal("Henan QA desk");
    });

    it("reports an unknown address as status None with an empty record", async function () {
      const { registry, outsider } = await networkHelpers.loadFixture(deployed);
      const record = await registry.verifier(outsider.address);
      expect([
        record.status,
        record.registeredAt,
        record.updatedAt,
        record.dossierHash,
        record.name,
        record.organization,
      ]).to.deep.equal([0n, 0n, 0n, ethers.ZeroHash, "", ""]);
      expect(await registry.verifierStatus(outsider.address)).to.equal(PartyStatus.None);
    });

    it("refuses the zero address, an empty name and an empty organization", async function () {
      const { registry, vetter, outsider } = await networkHelpers.loadFixture(deployed);
      const asVetter = registry.connect(vetter);
      await expect(
        asVetter.registerVerifier(ethers.ZeroAddress, "Ghost", "None", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
      await expect(
        asVetter.registerVerifier(outsider.address, "", "WAHO", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryEmptyDetails");
      await expect(
        asVetter.registerVerifier(outsider.address, "Warehouse", "", ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryEmptyDetails");
      expect(await registry.verifierStatus(outsider.address)).to.equal(PartyStatus.None);
      expect((await registry.verifiers()).length).to.equal(3);
    });

    it("refuses registering an active or a suspended verifier again", async function () {
      const { registry, vetter, v1 } = await networkHelpers.loadFixture(deployed);
      await expect(
        registry.connect(vetter).registerVerifier(v1.address, "Again", "WAHO", ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(registry, "RegistryVerifierAlreadyRegistered")
        .withArgs(v1.address, PartyStatus.Active);
      await registry.connect(vetter).suspendVerifier(v1.address, "audit");
      await expect(
        registry.connect(vetter).registerVerifier(v1.address, "Again", "WAHO", ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(registry, "RegistryVerifierAlreadyRegistered")
        .withArgs(v1.address, PartyStatus.Suspended);
      expect((await registry.verifier(v1.address)).name).to.equal("WAHO Abuja warehouse");
    });

    it("suspends an active verifier: event with the reason, status, updatedAt, still listed", async function () {
      const { registry, vetter, v2 } = await networkHelpers.loadFixture(deployed);
      const registeredAt = (await registry.verifier(v2.address)).registeredAt;
      const at = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(at);
      await expect(
        registry.connect(vetter).suspendVerifier(v2.address, "signed for a shipment it never saw"),
      )
        .to.emit(registry, "VerifierSuspended")
        .withArgs(v2.address, vetter.address, "signed for a shipment it never saw");
      const record = await registry.verifier(v2.address);
      expect([record.status, record.updatedAt, record.registeredAt]).to.deep.equal([
        BigInt(PartyStatus.Suspended),
        at,
        registeredAt,
      ]);
      expect(await registry.verifiers()).to.include(v2.address);
    });

    it("refuses suspending a suspended verifier or an address never registered", async function () {
      const { registry, vetter, v1, outsider } = await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendVerifier(v1.address, "audit");
      await expect(registry.connect(vetter).suspendVerifier(v1.address, "again"))
        .to.be.revertedWithCustomError(registry, "RegistryVerifierNotActive")
        .withArgs(v1.address, PartyStatus.Suspended);
      await expect(registry.connect(vetter).suspendVerifier(outsider.address, "unknown"))
        .to.be.revertedWithCustomError(registry, "RegistryVerifierNotActive")
        .withArgs(outsider.address, PartyStatus.None);
    });

    it("reinstates a suspended verifier: event, status, updatedAt; and may suspend it again", async function () {
      const { registry, vetter, v3 } = await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendVerifier(v3.address, "audit");
      const at = BigInt(await time.latest()) + DAY;
      await time.setNextBlockTimestamp(at);
      await expect(registry.connect(vetter).reinstateVerifier(v3.address))
        .to.emit(registry, "VerifierReinstated")
        .withArgs(v3.address, vetter.address);
      const record = await registry.verifier(v3.address);
      expect([record.status, record.updatedAt]).to.deep.equal([BigInt(PartyStatus.Active), at]);
      await expect(registry.connect(vetter).suspendVerifier(v3.address, "second time"))
        .to.emit(registry, "VerifierSuspended")
        .withArgs(v3.address, vetter.address, "second time");
    });

    it("refuses reinstating an active verifier or an address never registered", async function () {
      const { registry, vetter, v1, outsider } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(vetter).reinstateVerifier(v1.address))
        .to.be.revertedWithCustomError(registry, "RegistryVerifierNotSuspended")
        .withArgs(v1.address, PartyStatus.Active);
      await expect(registry.connect(vetter).reinstateVerifier(outsider.address))
        .to.be.revertedWithCustomError(registry, "RegistryVerifierNotSuspended")
        .withArgs(outsider.address, PartyStatus.None);
    });
  });

  describe("supplierStatus and supplierStanding", function () {
    it("report each supplier's status and the pause, and never revert (unlike activeSupplierStatus)", async function () {
      const { registry, vetter, pauser, supplier, supplier2, outsider } =
        await networkHelpers.loadFixture(deployed);
      await registry.connect(vetter).suspendSupplier(supplier2.address, "audit");
      const expected: [string, PartyStatus][] = [
        [supplier.address, PartyStatus.Active],
        [supplier2.address, PartyStatus.Suspended],
        [outsider.address, PartyStatus.None],
      ];
      for (const paused of [false, true]) {
        if (paused) await registry.connect(pauser).pause();
        for (const [account, status] of expected) {
          expect(await registry.supplierStatus(account)).to.equal(status);
          expect(await registry.supplierStanding(account)).to.deep.equal([BigInt(status), paused]);
        }
      }
      await expect(registry.activeSupplierStatus(supplier.address)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      await registry.connect(pauser).unpause();
      expect(await registry.activeSupplierStatus(supplier2.address)).to.equal(
        PartyStatus.Suspended,
      );
    });
  });

  describe("limits", function () {
    it("starts with 90 days of funding, 365 days of procurement, a 30% advance cap and 2 verifiers", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      expect(await limits(registry)).to.deep.equal([90n * DAY, 365n * DAY, 3_000n, 2n]);
      expect(await registry.FUNDING_WINDOW_BOUND()).to.equal(365n * DAY);
      expect(await registry.PROCUREMENT_WINDOW_BOUND()).to.equal(3n * 365n * DAY);
      expect(await registry.ADVANCE_BPS_BOUND()).to.equal(5_000n);
      // A fresh registry announces its starting limits.
      const fresh = await ethers.deployContract("Registry", [admin.address, 0n]);
      await expect(fresh.deploymentTransaction())
        .to.emit(fresh, "LimitsSet")
        .withArgs(90n * DAY, 365n * DAY, 3_000n, 2n);
    });

    it("accepts the tightest and the loosest limits the bounds allow, announcing each", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      for (const l of [
        limitsOf(DAY, DAY, 0n, 1n),
        limitsOf(365n * DAY, 3n * 365n * DAY, 5_000n, 5n),
      ]) {
        await expect(registry.connect(admin).setLimits(l))
          .to.emit(registry, "LimitsSet")
          .withArgs(l.maxFundingWindow, l.maxProcurementWindow, l.maxAdvanceBps, l.minThreshold);
        expect(await limits(registry)).to.deep.equal([
          l.maxFundingWindow,
          l.maxProcurementWindow,
          l.maxAdvanceBps,
          l.minThreshold,
        ]);
      }
    });

    const refused: [string, Parameters<typeof limitsOf>, bigint, bigint, bigint][] = [
      ["maxFundingWindow", [DAY - 1n, 365n * DAY, 3_000n, 2n], DAY - 1n, DAY, 365n * DAY],
      [
        "maxFundingWindow",
        [365n * DAY + 1n, 365n * DAY, 3_000n, 2n],
        365n * DAY + 1n,
        DAY,
        365n * DAY,
      ],
      ["maxProcurementWindow", [90n * DAY, DAY - 1n, 3_000n, 2n], DAY - 1n, DAY, 3n * 365n * DAY],
      [
        "maxProcurementWindow",
        [90n * DAY, 3n * 365n * DAY + 1n, 3_000n, 2n],
        3n * 365n * DAY + 1n,
        DAY,
        3n * 365n * DAY,
      ],
      ["maxAdvanceBps", [90n * DAY, 365n * DAY, 5_001n, 2n], 5_001n, 0n, 5_000n],
      ["minThreshold", [90n * DAY, 365n * DAY, 3_000n, 0n], 0n, 1n, 5n],
      ["minThreshold", [90n * DAY, 365n * DAY, 3_000n, 6n], 6n, 1n, 5n],
    ];
    for (const [name, args, value, min, max] of refused) {
      it(`refuses ${name} = ${value} (allowed ${min}..${max}) and keeps the limits`, async function () {
        const { registry, admin } = await networkHelpers.loadFixture(deployed);
        await expect(registry.connect(admin).setLimits(limitsOf(...args)))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidLimit")
          .withArgs(name, value, min, max);
        expect(await limits(registry)).to.deep.equal([90n * DAY, 365n * DAY, 3_000n, 2n]);
      });
    }
  });

  describe("price bounds", function () {
    const MIN = 2_000n * 10n ** 8n;
    const MAX = 5_000n * 10n ** 8n;

    it("has none at first", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.priceBounds(ETH)).to.deep.equal([0n, 0n]);
      expect((await registry.tokenConfig(ETH)).bounded).to.equal(false);
    });

    it("sets bounds: event, view, and prices at the bounds accepted, beyond them refused", async function () {
      const { registry, admin, feeds, usdc } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).setPriceBounds(ETH, MIN, MAX))
        .to.emit(registry, "PriceBoundsSet")
        .withArgs(ETH, MIN, MAX);
      expect(await registry.priceBounds(ETH)).to.deep.equal([MIN, MAX]);
      expect((await registry.tokenConfig(ETH)).bounded).to.equal(true);

      for (const answer of [MIN, MAX]) {
        await feeds.eth.updateAnswer(answer);
        expect((await registry.price(ETH))[0]).to.equal(answer);
        expect(await registry.quotePledge(ETH, 10n ** 18n)).to.equal((answer * USD) / 10n ** 8n);
      }
      for (const answer of [MIN - 1n, MAX + 1n]) {
        await feeds.eth.updateAnswer(answer);
        for (const call of [
          () => registry.price(ETH),
          () => registry.usdValue(ETH, 10n ** 18n),
          () => registry.quotePledge(ETH, 10n ** 18n),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
            .withArgs(ETH, answer, MIN, MAX);
        }
      }
      // Other tokens are not bounded.
      expect(await registry.usdValue(await usdc.getAddress(), USDC_UNIT)).to.equal(USD);
    });

    it("accepts an upper bound alone and a single allowed price", async function () {
      const { registry, admin, feeds, wbtc } = await networkHelpers.loadFixture(deployed);
      const token = await wbtc.getAddress();
      await registry.connect(admin).setPriceBounds(token, 0n, PRICES.btc);
      expect(await registry.usdValue(token, WBTC_UNIT)).to.equal(60_000n * USD);
      await feeds.btc.updateAnswer(PRICES.btc + 1n);
      await expect(registry.usdValue(token, WBTC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
        .withArgs(token, PRICES.btc + 1n, 0n, PRICES.btc);
      await registry.connect(admin).setPriceBounds(token, PRICES.btc + 1n, PRICES.btc + 1n);
      expect(await registry.usdValue(token, WBTC_UNIT)).to.equal(
        ((PRICES.btc + 1n) * USD) / 10n ** 8n,
      );
    });

    it("refuses inverted bounds and a lower bound without an upper one", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(admin).setPriceBounds(ETH, MAX, MIN))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidPriceBounds")
        .withArgs(MAX, MIN);
      await expect(registry.connect(admin).setPriceBounds(ETH, MIN, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidPriceBounds")
        .withArgs(MIN, 0n);
      expect(await registry.priceBounds(ETH)).to.deep.equal([0n, 0n]);
    });

    it("removes the bounds with (0, 0)", async function () {
      const { registry, admin, feeds } = await networkHelpers.loadFixture(deployed);
      await registry.connect(admin).setPriceBounds(ETH, MIN, MAX);
      await feeds.eth.updateAnswer(MAX * 10n);
      await expect(registry.usdValue(ETH, 1n)).to.be.revertedWithCustomError(
        registry,
        "RegistryPriceOutOfBounds",
      );
      await expect(registry.connect(admin).setPriceBounds(ETH, 0n, 0n))
        .to.emit(registry, "PriceBoundsSet")
        .withArgs(ETH, 0n, 0n);
      expect((await registry.tokenConfig(ETH)).bounded).to.equal(false);
      expect(await registry.priceBounds(ETH)).to.deep.equal([0n, 0n]);
      expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(50_000n * USD);
    });

    it("drops a token's bounds when its feed changes: they were in the old feed's terms", async function () {
      const { registry, admin, usdc } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      await registry.connect(admin).setPriceBounds(token, 99_000_000n, 101_000_000n);
      // The new feed answers with 18 decimals: the old 8-decimal bounds would refuse every price.
      const feed18 = await newFeed(18, 10n ** 18n, "USDC / USD");
      const feedAddress = await feed18.getAddress();

      const receipt = await (
        await registry.connect(admin).setAcceptedToken(token, feedAddress, 3_600)
      ).wait();
      const events = receipt!.logs.map((log) => {
        const parsed = registry.interface.parseLog(log)!;
        return [parsed.name, ...parsed.args.toArray()];
      });
      expect(events).to.deep.equal([
        ["PriceBoundsSet", token, 0n, 0n],
        ["AcceptedTokenSet", token, feedAddress, 3_600n, 6n, 18n],
      ]);
      const config = await registry.tokenConfig(token);
      expect([config.feed, config.feedDecimals, config.accepted, config.bounded]).to.deep.equal([
        feedAddress,
        18n,
        true,
        false,
      ]);
      expect(await registry.priceBounds(token)).to.deep.equal([0n, 0n]);
      expect(await registry.usdValue(token, USDC_UNIT)).to.equal(USD);

      // Unbounded until the admin sets bounds in the new feed's terms: a depeg is priced, then refused.
      await feed18.updateAnswer((9n * 10n ** 18n) / 10n);
      expect(await registry.usdValue(token, USDC_UNIT)).to.equal((9n * USD) / 10n);
      await registry.connect(admin).setPriceBounds(token, 99n * 10n ** 16n, 101n * 10n ** 16n);
      await expect(registry.usdValue(token, USDC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
        .withArgs(token, (9n * 10n ** 18n) / 10n, 99n * 10n ** 16n, 101n * 10n ** 16n);
    });

    it("keeps a token's bounds when the same feed is set again, and drops none from an unbounded token", async function () {
      const { registry, admin, usdc, feeds } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      await registry.connect(admin).setPriceBounds(token, 99_000_000n, 101_000_000n);
      const sameFeed = await feeds.usdc.getAddress();

      // Only the staleness changes: the feed, and so the bounds' terms, stay.
      await expect(registry.connect(admin).setAcceptedToken(token, sameFeed, 7_200))
        .to.emit(registry, "AcceptedTokenSet")
        .withArgs(token, sameFeed, 7_200n, 6n, 8n)
        .and.not.to.emit(registry, "PriceBoundsSet");
      expect((await registry.tokenConfig(token)).bounded).to.equal(true);
      expect(await registry.priceBounds(token)).to.deep.equal([99_000_000n, 101_000_000n]);
      await feeds.usdc.updateAnswer(90_000_000n);
      await expect(registry.usdValue(token, USDC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
        .withArgs(token, 90_000_000n, 99_000_000n, 101_000_000n);

      // ETH was never bounded: a new feed has nothing to drop.
      const ethFeed = await newFeed(8, PRICES.eth, "ETH / USD");
      await expect(registry.connect(admin).setAcceptedToken(ETH, await ethFeed.getAddress(), 3_600))
        .to.emit(registry, "AcceptedTokenSet")
        .and.not.to.emit(registry, "PriceBoundsSet");
      expect((await registry.tokenConfig(ETH)).bounded).to.equal(false);
    });

    it("may bound a removed token, never an unlisted one", async function () {
      const { registry, admin, usdc, outsider } = await networkHelpers.loadFixture(deployed);
      const token = await usdc.getAddress();
      await registry.connect(admin).removeAcceptedToken(token);
      await expect(registry.connect(admin).setPriceBounds(token, 99_000_000n, 101_000_000n))
        .to.emit(registry, "PriceBoundsSet")
        .withArgs(token, 99_000_000n, 101_000_000n);
      expect((await registry.tokenConfig(token)).bounded).to.equal(true);
      await expect(registry.connect(admin).setPriceBounds(token, 0n, 0n))
        .to.emit(registry, "PriceBoundsSet")
        .withArgs(token, 0n, 0n);
      await expect(registry.connect(admin).setPriceBounds(outsider.address, 1n, 2n))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(outsider.address);
    });
  });

  describe("L2 sequencer uptime feed", function () {
    /** A sequencer feed answering `status` (0 up, 1 down) since `startedAt`. */
    async function sequencerFixture() {
      const f = await fixtures.deployFixture();
      const sequencer = await newFeed(0, 0n, "L2 Sequencer Uptime Status Feed");
      return { ...f, sequencer, sequencerAddress: await sequencer.getAddress() };
    }

    it("has none at first", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.sequencerUptimeFeed()).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await registry.MAX_GRACE_PERIOD()).to.equal(DAY);
    });

    it("refuses prices while the sequencer is down, for the grace period after it is back, and takes them after", async function () {
      const { registry, admin, sequencer, sequencerAddress, refreshFeeds, usdc } =
        await networkHelpers.loadFixture(sequencerFixture);
      await expect(registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, 3_600))
        .to.emit(registry, "SequencerUptimeFeedSet")
        .withArgs(sequencerAddress, 3_600);
      expect(await registry.sequencerUptimeFeed()).to.deep.equal([sequencerAddress, 3_600n]);

      const now = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 1n, now, now);
      const token = await usdc.getAddress();
      for (const call of [
        () => registry.price(ETH),
        () => registry.usdValue(token, USDC_UNIT),
        () => registry.quotePledge(ETH, 1n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(registry, "RegistrySequencerDown")
          .withArgs(sequencerAddress, 1n);
      }

      // Back up since `upSince`: refused up to and including upSince + grace.
      const upSince = now + 10n;
      await time.setNextBlockTimestamp(upSince);
      await sequencer.updateRoundData(3n, 0n, upSince, upSince);
      await time.increaseTo(upSince + 3_600n - 5n);
      await refreshFeeds(); // mines four blocks: now at upSince + 3,600 - 1
      for (const at of [upSince + 3_600n - 1n, upSince + 3_600n]) {
        if (at > BigInt(await time.latest())) await time.increaseTo(at);
        await expect(registry.usdValue(ETH, 1n))
          .to.be.revertedWithCustomError(registry, "RegistrySequencerGracePeriod")
          .withArgs(upSince, 3_600n, at);
      }
      await time.increaseTo(upSince + 3_601n);
      expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000n * USD);
      expect(await registry.quotePledge(token, USDC_UNIT)).to.equal(USD);
    });

    it("treats a round that never started, or started in the future, as just back up", async function () {
      const { registry, admin, sequencer, sequencerAddress } =
        await networkHelpers.loadFixture(sequencerFixture);
      await registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, 60);
      const now = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 0n, now, 0n);
      await expect(registry.usdValue(ETH, 1n))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerGracePeriod")
        .withArgs(0n, 60n, now + 1n);
      await sequencer.updateRoundData(3n, 0n, now, now + DAY);
      await expect(registry.usdValue(ETH, 1n))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerGracePeriod")
        .withArgs(now + DAY, 60n, now + 2n);
    });

    it("bounds the grace period to 1 second .. 1 day", async function () {
      const { registry, admin, sequencerAddress } =
        await networkHelpers.loadFixture(sequencerFixture);
      for (const grace of [0n, DAY + 1n]) {
        await expect(registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, grace))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidGracePeriod")
          .withArgs(grace, DAY);
      }
      for (const grace of [1n, DAY]) {
        await registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, grace);
        expect(await registry.sequencerUptimeFeed()).to.deep.equal([sequencerAddress, grace]);
      }
    });

    it("refuses a feed without code, without decimals(), or that answers no round", async function () {
      const { registry, admin, outsider, factory, wbtc } =
        await networkHelpers.loadFixture(deployed);
      for (const feed of [outsider.address, await factory.getAddress(), await wbtc.getAddress()]) {
        await expect(registry.connect(admin).setSequencerUptimeFeed(feed, 3_600))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidFeed")
          .withArgs(ethers.ZeroAddress, feed);
      }
      expect(await registry.sequencerUptimeFeed()).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("is removed with address(0), whatever grace period is passed, and prices flow again", async function () {
      const { registry, admin, sequencer, sequencerAddress } =
        await networkHelpers.loadFixture(sequencerFixture);
      await registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, 3_600);
      const now = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 1n, now, now);
      await expect(registry.usdValue(ETH, 1n)).to.be.revertedWithCustomError(
        registry,
        "RegistrySequencerDown",
      );
      await expect(registry.connect(admin).setSequencerUptimeFeed(ethers.ZeroAddress, 123))
        .to.emit(registry, "SequencerUptimeFeedSet")
        .withArgs(ethers.ZeroAddress, 0);
      expect(await registry.sequencerUptimeFeed()).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await registry.usdValue(ETH, 1n)).to.equal(3_000n);
    });

    it("checks the sequencer for a token listed after the feed was set", async function () {
      const { registry, admin, sequencer, sequencerAddress } =
        await networkHelpers.loadFixture(sequencerFixture);
      await registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, 3_600);
      const token = await ethers.deployContract("MockUSDC");
      const tokenAddress = await token.getAddress();
      await registry
        .connect(admin)
        .setAcceptedToken(tokenAddress, await (await newFeed(8, 10n ** 8n)).getAddress(), 3_600);
      const now = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 1n, now, now);
      await expect(registry.usdValue(tokenAddress, USDC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerDown")
        .withArgs(sequencerAddress, 1n);
    });
  });

  describe("pause", function () {
    it("pauses by the pauser: Paused event, paused() true", async function () {
      const { registry, pauser } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(pauser).pause())
        .to.emit(registry, "Paused")
        .withArgs(pauser.address);
      expect(await registry.paused()).to.equal(true);
    });

    it("unpauses by the pauser: Unpaused event, paused() false", async function () {
      const { registry, pauser } = await networkHelpers.loadFixture(deployed);
      await registry.connect(pauser).pause();
      await expect(registry.connect(pauser).unpause())
        .to.emit(registry, "Unpaused")
        .withArgs(pauser.address);
      expect(await registry.paused()).to.equal(false);
    });

    it("refuses pausing twice", async function () {
      const { registry, pauser } = await networkHelpers.loadFixture(deployed);
      await registry.connect(pauser).pause();
      await expect(registry.connect(pauser).pause()).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
    });

    it("refuses unpausing when not paused", async function () {
      const { registry, pauser } = await networkHelpers.loadFixture(deployed);
      await expect(registry.connect(pauser).unpause()).to.be.revertedWithCustomError(
        registry,
        "ExpectedPause",
      );
    });

    it("refuses quotePledge and activeSupplierStatus while paused, yet usdValue and price still answer", async function () {
      const { registry, pauser, supplier, usdc } = await networkHelpers.loadFixture(deployed);
      await registry.connect(pauser).pause();
      const token = await usdc.getAddress();
      await expect(registry.quotePledge(ETH, 10n ** 18n)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      await expect(registry.quotePledge(token, USDC_UNIT)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      await expect(registry.activeSupplierStatus(supplier.address)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      expect(await registry.usdValue(ETH, 10n ** 18n)).to.equal(3_000n * USD);
      expect(await registry.usdValue(token, USDC_UNIT)).to.equal(USD);
      expect((await registry.price(ETH))[0]).to.equal(PRICES.eth);
      expect(await registry.isVettedSupplier(supplier.address)).to.equal(true);
    });

    it("answers quotePledge and activeSupplierStatus again after unpausing", async function () {
      const { registry, pauser, supplier } = await networkHelpers.loadFixture(deployed);
      await registry.connect(pauser).pause();
      await registry.connect(pauser).unpause();
      expect(await registry.quotePledge(ETH, 10n ** 18n)).to.equal(3_000n * USD);
      expect(await registry.activeSupplierStatus(supplier.address)).to.equal(SupplierStatus.Active);
    });

    it("pauses quotes for a token listed while paused", async function () {
      const { registry, admin, pauser } = await networkHelpers.loadFixture(deployed);
      await registry.connect(pauser).pause();
      const token = await ethers.deployContract("MockWBTC");
      const feed = await newFeed(8, 50_000n * 10n ** 8n);
      const tokenAddress = await token.getAddress();
      await registry.connect(admin).setAcceptedToken(tokenAddress, await feed.getAddress(), 3_600);
      await expect(registry.quotePledge(tokenAddress, WBTC_UNIT)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      expect(await registry.usdValue(tokenAddress, WBTC_UNIT)).to.equal(50_000n * USD);
      await registry.connect(pauser).unpause();
      expect(await registry.quotePledge(tokenAddress, WBTC_UNIT)).to.equal(50_000n * USD);
    });

    it("keeps every token's copies of the pause and sequencer flags equal to the registry's, in every order of pause, unpause, sequencer on and off, list and re-list", async function () {
      this.timeout(300_000);
      // P toggles the pause, S toggles a sequencer feed that reports the sequencer down, L lists a
      // new token, R removes WBTC and re-lists it with a new feed.
      type Op = "P" | "S" | "L" | "R";
      const orders = new Set<string>();
      const permute = (rest: Op[], acc: Op[]) => {
        if (rest.length === 0) orders.add(acc.join(""));
        for (let i = 0; i < rest.length; i++) {
          permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, rest[i]]);
        }
      };
      permute(["P", "P", "S", "S", "L", "R"], []);
      expect(orders.size).to.equal(180);

      for (const order of orders) {
        const f = await networkHelpers.loadFixture(deployed);
        const { registry, admin, pauser, wbtc } = f;
        // Deployed inside the snapshot each time, so their addresses repeat; fine.
        const newToken = await ethers.deployContract("MockUSDC");
        const newTokenFeed = await newFeed(8, 10n ** 8n);
        const refeed = await newFeed(8, PRICES.btc);
        const down = await newFeed(0, 1n, "L2 Sequencer Uptime Status Feed");
        const downAddress = await down.getAddress();
        const wbtcAddress = await wbtc.getAddress();
        const newTokenAddress = await newToken.getAddress();
        const tracked = [ETH, await f.usdc.getAddress(), wbtcAddress];
        let sequencerOn = false;

        for (const [step, op] of [...order].entries()) {
          if (op === "P") {
            if (await registry.paused()) await registry.connect(pauser).unpause();
            else await registry.connect(pauser).pause();
          } else if (op === "S") {
            sequencerOn = !sequencerOn;
            await registry
              .connect(admin)
              .setSequencerUptimeFeed(sequencerOn ? downAddress : ethers.ZeroAddress, 3_600);
          } else if (op === "L") {
            await registry
              .connect(admin)
              .setAcceptedToken(newTokenAddress, await newTokenFeed.getAddress(), 3_600);
            tracked.push(newTokenAddress);
          } else {
            await registry.connect(admin).removeAcceptedToken(wbtcAddress);
            await registry
              .connect(admin)
              .setAcceptedToken(wbtcAddress, await refeed.getAddress(), 3_600);
          }

          const paused = await registry.paused();
          expect((await registry.sequencerUptimeFeed())[0] !== ethers.ZeroAddress).to.equal(
            sequencerOn,
          );
          for (const token of tracked) {
            const where = `order ${order}, after step ${step} (${op}), token ${token}`;
            if (sequencerOn) {
              await expect(registry.usdValue(token, 1_000n), where)
                .to.be.revertedWithCustomError(registry, "RegistrySequencerDown")
                .withArgs(downAddress, 1n);
            }
            if (paused) {
              await expect(
                registry.quotePledge(token, 1_000n),
                where,
              ).to.be.revertedWithCustomError(registry, "EnforcedPause");
            } else if (sequencerOn) {
              await expect(
                registry.quotePledge(token, 1_000n),
                where,
              ).to.be.revertedWithCustomError(registry, "RegistrySequencerDown");
            } else {
              expect(await registry.quotePledge(token, 1_000n), where).to.equal(
                await registry.usdValue(token, 1_000n),
              );
            }
          }
        }
      }
    });
  });

  describe("supportsInterface", function () {
    it("supports IRegistry, IAccessControl, IAccessControlDefaultAdminRules and IERC165", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      const registryInterface = (
        await ethers.getContractAt("IRegistry", await registry.getAddress())
      ).interface;
      const inherited = new Set(I_ACCESS_CONTROL.map((s) => ethers.id(s).slice(0, 10)));
      const own: string[] = [];
      registryInterface.forEachFunction((fn) => {
        if (!inherited.has(fn.selector)) own.push(fn.format("sighash"));
      });
      // IRegistry declares 35 functions of its own: 3 roles, 9 supplier, 6 verifier, 2 limits,
      // 12 token and price, 3 pause.
      expect(own.length).to.equal(35);
      const iRegistry = interfaceIdOf(own);
      const iAccessControl = interfaceIdOf(I_ACCESS_CONTROL);
      const iDefaultAdminRules = interfaceIdOf(I_ACCESS_CONTROL_DEFAULT_ADMIN_RULES);
      expect(iAccessControl).to.equal("0x7965db0b");
      expect(iDefaultAdminRules).to.equal("0x31498786");

      expect(await registry.supportsInterface(iRegistry)).to.equal(true);
      expect(await registry.supportsInterface(iAccessControl)).to.equal(true);
      expect(await registry.supportsInterface(iDefaultAdminRules)).to.equal(true);
      expect(await registry.supportsInterface("0x01ffc9a7")).to.equal(true);
    });

    it("does not claim 0xffffffff or an unrelated interface", async function () {
      const { registry } = await networkHelpers.loadFixture(deployed);
      expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
      // IERC20.
      expect(await registry.supportsInterface("0x36372b07")).to.equal(false);
    });
  });
});
