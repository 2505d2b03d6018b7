/**
 * `npm run ops` (scripts/ops.ts) against a local chain served over HTTP, signing as on a real network
 * (`--network custom`, the RPC URL and the key as configuration variables from the environment; the
 * command runs in this process, test/scripts/noninteractive.ts runs it as a process): each command changes what it says on chain, refuses bad input with exit 2 and sends
 * nothing, prints the transaction for the role's holder (a Safe) when the signer lacks the role, and
 * turns the chain's refusals into sentences (exit 1).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { HDNodeWallet, Interface, Mnemonic, keccak256 } from "ethers";
import { network } from "hardhat";

import { sentenceOf, UsageError } from "../../scripts/lib/cli.ts";
import { main } from "../../scripts/ops.ts";
import { makeFixtures, DAY, ETH, PartyStatus, Status, USD } from "../helpers/fixtures.js";
import { ProviderProxy } from "../proxy/provider-proxy.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { deployFixture } = makeFixtures(connection);
const MNEMONIC = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
/** The private key of Hardhat's default account `i` (the fixtures' signers). */
const key = (i: number) => HDNodeWallet.fromMnemonic(MNEMONIC, `m/44'/60'/0'/0/${i}`).privateKey;
const ADMIN = 0;
const ORGANIZER = 1;
const VETTER = 2;
const PAUSER = 3;
const OUTSIDER = 10;

type Run = { code: number; stdout: string; stderr: string };

describe("npm run ops: the operator's command line", function () {
  this.timeout(60_000);
  let f: Awaited<ReturnType<typeof deployFixture>>;
  let proxy: ProviderProxy;
  let tmp: string;

  before(async function () {
    f = await deployFixture();
    proxy = new ProviderProxy((args) => connection.provider.request(args));
    await proxy.listen();
    tmp = mkdtempSync(path.join(os.tmpdir(), "handover-ops-"));
  });
  after(async function () {
    await proxy?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await connection.close();
  });

  /**
   * `npm run ops -- <args>` signed by account `signer`, against this test's chain: scripts/ops.ts's
   * main() in this process (a process per command cost 40 s), its console captured, its exit code as
   * the script would set it. The signer's key is a configuration variable of its own
   * (--key-variable), read from the environment like DEPLOYER_PRIVATE_KEY on a real network.
   */
  async function ops(signer: number, ...args: string[]): Promise<Run> {
    const variable = `OPS_TEST_KEY_${signer}`;
    process.env[variable] = key(signer);
    process.env.CUSTOM_RPC_URL = proxy.url;
    const stdout: string[] = [];
    const stderr: string[] = [];
    const { log, error } = console;
    console.log = (...parts: unknown[]) => stdout.push(parts.join(" "));
    console.error = (...parts: unknown[]) => stderr.push(parts.join(" "));
    let code: number;
    try {
      code = await main([
        "--network",
        "custom",
        "--registry",
        await f.registry.getAddress(),
        "--factory",
        await f.factory.getAddress(),
        "--key-variable",
        variable,
        ...args, // last: an option given here wins over the defaults above
      ]);
    } catch (failure) {
      stderr.push(`error: ${sentenceOf(failure)}`);
      code = failure instanceof UsageError ? 2 : 1;
    } finally {
      console.log = log;
      console.error = error;
    }
    return { code, stdout: stdout.join("\n") + "\n", stderr: stderr.join("\n") + "\n" };
  }
  /** Runs the commands one after the other (they share this process's console). */
  async function inSequence(commands: (() => Promise<Run>)[]): Promise<Run[]> {
    const runs: Run[] = [];
    for (const command of commands) runs.push(await command());
    return runs;
  }
  const expectCode = (run: Run, code: number) =>
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(code);
  const registryInterface = () => new Interface(f.registry.interface.fragments);
  /** The calldata a refused-for-the-role command printed, decoded with the registry's ABI. */
  const printed = (run: Run) => {
    const to = /^ {2}to {5}(0x[0-9a-fA-F]{40})$/m.exec(run.stdout)?.[1];
    const data = /^ {2}data {3}(0x[0-9a-fA-F]+)$/m.exec(run.stdout)?.[1];
    expect(to, run.stdout).to.not.equal(undefined);
    return { to: to!, data: data! };
  };

  it("status: the deployment, the admin, the signer's roles, limits and tokens", async function () {
    const run = await ops(VETTER, "status");
    expectCode(run, 0);
    expect(run.stdout).to.include(`registry   ${await f.registry.getAddress()}`);
    expect(run.stdout).to.include(`admin      ${f.admin.address}`);
    expect(run.stdout).to.include(`signer     ${f.vetter.address}: vetter`);
    expect(run.stdout).to.include(
      "limits     funding ≤ 90 days, procurement ≤ 365 days, advances ≤ 30%, at least 2 verifiers",
    );
    expect(run.stdout).to.match(
      /^token {6}ETH \(native\) 0x0{40} {2}feed 0x[0-9a-fA-F]{40} {2}maxStaleness 3600 s$/m,
    );
    expect(run.stdout).to.match(/^token {6}USDC 0x/m);
  });

  describe("suppliers and verifiers (the vetter)", function () {
    it("registers a supplier with its dossier's hash, suspends it with a reason, reinstates it", async function () {
      const supplier = ethers.Wallet.createRandom().address;
      const dossier = path.join(tmp, "dossier.pdf");
      writeFileSync(dossier, "licence, EN 14683 Type IIR certificates, ISO 13485");
      const registered = await ops(
        VETTER,
        "register-supplier",
        "--account",
        supplier,
        "--name",
        "Accra Medical Ltd",
        "--country",
        "GH",
        "--dossier",
        dossier,
      );
      expectCode(registered, 0);
      expect(registered.stdout).to.match(
        new RegExp(
          `^registered supplier Accra Medical Ltd \\(GH\\) at ${supplier}, dossier 0x[0-9a-f]{64} {2}tx 0x[0-9a-f]{64} {2}block \\d+$`,
          "m",
        ),
      );
      const onChain = await f.registry.supplier(supplier);
      expect([onChain.status, onChain.name, onChain.country, onChain.dossierHash]).to.deep.equal([
        BigInt(PartyStatus.Active),
        "Accra Medical Ltd",
        "GH",
        keccak256(Buffer.from("licence, EN 14683 Type IIR certificates, ISO 13485")),
      ]);

      const suspended = await ops(
        VETTER,
        "suspend-supplier",
        "--account",
        supplier,
        "--reason",
        "certificate withdrawn by the notified body",
      );
      expectCode(suspended, 0);
      expect(await f.registry.supplierStatus(supplier)).to.equal(BigInt(PartyStatus.Suspended));
      const again = await ops(
        VETTER,
        "suspend-supplier",
        "--account",
        supplier,
        "--reason",
        "twice",
      );
      expectCode(again, 2);
      expect(again.stderr).to.include(
        `error: ${supplier} is not an active supplier (suspended): nothing to suspend`,
      );

      expectCode(await ops(VETTER, "reinstate-supplier", "--account", supplier), 0);
      expect(await f.registry.supplierStatus(supplier)).to.equal(BigInt(PartyStatus.Active));
    });

    it("registers a verifier from a 0x dossier hash", async function () {
      const verifier = ethers.Wallet.createRandom().address;
      const hash = ethers.id("UN country office, Accra: registration");
      const run = await ops(
        VETTER,
        "register-verifier",
        "--account",
        verifier,
        "--name",
        "UN country office, Accra",
        "--organization",
        "United Nations",
        "--dossier",
        hash,
      );
      expectCode(run, 0);
      const onChain = await f.registry.verifier(verifier);
      expect([
        onChain.status,
        onChain.name,
        onChain.organization,
        onChain.dossierHash,
      ]).to.deep.equal([
        BigInt(PartyStatus.Active),
        "UN country office, Accra",
        "United Nations",
        hash,
      ]);
    });

    it("prints the transaction for a holder of VETTER_ROLE when the signer is not one, and sends nothing", async function () {
      const supplier = ethers.Wallet.createRandom().address;
      const hash = ethers.id("dossier");
      const run = await ops(
        OUTSIDER,
        "register-supplier",
        "--account",
        supplier,
        "--name",
        "QuickMask",
        "--country",
        "AE",
        "--dossier",
        hash,
      );
      expectCode(run, 0);
      const signers = await ethers.getSigners();
      expect(run.stdout).to.include(
        `not sent: the signer ${signers[OUTSIDER].address} is not a holder of VETTER_ROLE`,
      );
      const { to, data } = printed(run);
      expect(to).to.equal(await f.registry.getAddress());
      const call = registryInterface().parseTransaction({ data })!;
      expect(call.name).to.equal("registerSupplier");
      expect([...call.args]).to.deep.equal([supplier, "QuickMask", "AE", hash]);
      expect(await f.registry.supplierStatus(supplier)).to.equal(BigInt(PartyStatus.None));
    });

    it("refuses bad input with exit 2 and sends nothing", async function () {
      const [badAddress, badCountry, noDossier] = await inSequence([
        () =>
          ops(
            VETTER,
            "register-supplier",
            "--account",
            "0x1234",
            "--name",
            "X",
            "--country",
            "GH",
            "--dossier",
            ethers.id("d"),
          ),
        () =>
          ops(
            VETTER,
            "register-supplier",
            "--account",
            ethers.Wallet.createRandom().address,
            "--name",
            "X",
            "--country",
            "Ghana",
            "--dossier",
            ethers.id("d"),
          ),
        () =>
          ops(
            VETTER,
            "register-supplier",
            "--account",
            ethers.Wallet.createRandom().address,
            "--name",
            "X",
            "--country",
            "GH",
            "--dossier",
            path.join(tmp, "missing.pdf"),
          ),
      ]);
      for (const run of [badAddress, badCountry, noDossier]) expectCode(run, 2);
      expect(badAddress.stderr).to.include(
        'error: --account must be an address (0x followed by 40 hex digits), got "0x1234"',
      );
      expect(badCountry.stderr).to.include(
        'error: --country must be two capital letters (ISO 3166), got "Ghana"',
      );
      expect(noDossier.stderr).to.include(
        "is neither a 0x-prefixed 32-byte hash nor a file that exists",
      );
    });
  });

  describe("roles and limits (the admin)", function () {
    it("grants and revokes ORGANIZER_ROLE; a non-admin gets the transaction for the admin", async function () {
      const account = ethers.Wallet.createRandom().address;
      const role = ethers.id("ORGANIZER_ROLE");
      const byOutsider = await ops(
        OUTSIDER,
        "grant-role",
        "--role",
        "organizer",
        "--account",
        account,
      );
      expectCode(byOutsider, 0);
      expect(byOutsider.stdout).to.include(`is not the registry's admin (${f.admin.address})`);
      const call = registryInterface().parseTransaction({ data: printed(byOutsider).data })!;
      expect([call.name, ...call.args]).to.deep.equal(["grantRole", role, account]);
      expect(await f.registry.hasRole(role, account)).to.equal(false);

      const granted = await ops(ADMIN, "grant-role", "--role", "organizer", "--account", account);
      expectCode(granted, 0);
      expect(granted.stdout).to.match(
        new RegExp(`^granted ORGANIZER_ROLE to ${account} {2}tx 0x`, "m"),
      );
      expect(await f.registry.hasRole(role, account)).to.equal(true);
      expectCode(await ops(ADMIN, "revoke-role", "--role", "organizer", "--account", account), 0);
      expect(await f.registry.hasRole(role, account)).to.equal(false);

      const admin = await ops(ADMIN, "grant-role", "--role", "admin", "--account", account);
      expectCode(admin, 2);
      expect(admin.stderr).to.include("the admin role moves by a two-step transfer");
    });

    it("sets the limits it is given and keeps the others; the chain's refusal of an out-of-bounds one is a sentence (exit 1)", async function () {
      const run = await ops(
        ADMIN,
        "set-limits",
        "--max-funding-days",
        "60",
        "--max-advance-percent",
        "25",
      );
      expectCode(run, 0);
      expect(run.stdout).to.include(
        "set the limits on new campaigns: funding ≤ 60 days, procurement ≤ 365 days, advances ≤ 25%, at least 2 verifiers (were funding ≤ 90 days, procurement ≤ 365 days, advances ≤ 30%, at least 2 verifiers)",
      );
      const limits = await f.registry.limits();
      expect([
        limits.maxFundingWindow,
        limits.maxProcurementWindow,
        limits.maxAdvanceBps,
        limits.minThreshold,
      ]).to.deep.equal([60n * DAY, 365n * DAY, 2_500n, 2n]);

      const tooLong = await ops(ADMIN, "set-limits", "--max-funding-days", "400");
      expectCode(tooLong, 1);
      expect(tooLong.stderr, tooLong.stderr).to.match(
        /^refused: set the limits on new campaigns: .*\(RegistryInvalidLimit\)$/m,
      );
      expect((await f.registry.limits()).maxFundingWindow).to.equal(60n * DAY);
      // Back to the defaults for what follows.
      expectCode(
        await ops(ADMIN, "set-limits", "--max-funding-days", "90", "--max-advance-percent", "30"),
        0,
      );
    });
  });

  describe("appeals (the organizer)", function () {
    const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    let campaign: string;

    it("creates an appeal from a JSON file: parameters on chain as written, deadlines from the chain's time", async function () {
      const file = path.join(tmp, "appeal.json");
      const [v1, v2, v3] = f.verifiers;
      writeFileSync(
        file,
        JSON.stringify({
          beneficiary: f.outsider.address,
          goalUsd: "5000",
          targetUnits: 20000,
          unitName: "surgical masks",
          fundingDays: 14,
          procurementDays: 120,
          deliveryGraceDays: 7,
          maxAdvancePercent: 20,
          threshold: 2,
          allOrNothing: true,
          tokens: ["ETH", "usdc"],
          verifiers: [v1.address, v2.address, v3.address],
          metadataCid: CID,
        }),
      );
      const before = await f.factory.campaignCount();
      const run = await ops(ORGANIZER, "create-campaign", file);
      expectCode(run, 0);
      const created = /^appeal (0x[0-9a-fA-F]{40}) \(index (\d+)\), created in block (\d+)$/m.exec(
        run.stdout,
      );
      expect(created, run.stdout).to.not.equal(null);
      campaign = created![1];
      expect(BigInt(created![2])).to.equal(before);
      expect(await f.factory.campaignAt(before)).to.equal(campaign);
      const c = await ethers.getContractAt("Campaign", campaign);
      const params = await c.params();
      const block = await ethers.provider.getBlock(Number(created![3]));
      // Deadlines count from the chain's time when the file was read (one block before creation, here).
      expect(params.deadline - BigInt(block!.timestamp)).to.be.within(14n * DAY - 5n, 14n * DAY);
      expect(params.procurementDeadline - params.deadline).to.equal(120n * DAY);
      expect([
        params.goalUsd,
        params.targetUnits,
        params.maxAdvanceBps,
        params.threshold,
        params.allOrNothing,
        params.unitName,
        params.metadataURI,
      ]).to.deep.equal([
        5_000n * USD,
        20_000n,
        2_000n,
        2n,
        true,
        "surgical masks",
        `ipfs://${CID}`,
      ]);
      expect([...params.tokens]).to.deep.equal([ETH, await f.usdc.getAddress()]);
      expect(await c.organizer()).to.equal(f.organizer.address);
    });

    it("lists every problem of a bad file, exits 2 and creates nothing", async function () {
      const file = path.join(tmp, "bad.json");
      writeFileSync(
        file,
        JSON.stringify({
          beneficiary: "nobody",
          goalUsd: "lots",
          targetUnits: 0,
          unitName: "masks",
          fundingDays: 200,
          procurementDays: 120,
          maxAdvancePercent: 50,
          threshold: 5,
          allOrNothing: "yes",
          tokens: ["ETH", "DOGE"],
          verifiers: [f.organizer.address],
          metadataCid: "not-a-cid",
        }),
      );
      const before = await f.factory.campaignCount();
      const run = await ops(ORGANIZER, "create-campaign", file);
      expectCode(run, 2);
      for (const problem of [
        'beneficiary must be an address, got "nobody"',
        'goalUsd must be an amount in US dollars like "100000" or 2500.50, got "lots"',
        "targetUnits must be a whole number above 0, got 0",
        "funding would last 200 days, more than the platform's limit of 90",
        "maxAdvancePercent must be 0..30 (the platform's ceiling), got 50",
        "allOrNothing must be true (refund everyone if the goal is missed) or false (keep what is raised)",
        "token DOGE is not accepted by the registry (accepted: ETH, USDC, USDT, WBTC)",
        `verifier ${f.organizer.address} is not registered in the registry: only active registered verifiers can confirm deliveries`,
        `verifier ${f.organizer.address} is the organizer signing: verification must be independent`,
        "threshold must be 2..2 (at least the platform's minimum, at most the number of verifiers), got 5",
        'metadataCid must be an IPFS CID (v0 Qm… or v1 b…), got "not-a-cid"',
      ])
        expect(run.stderr, run.stderr).to.include(`  - ${problem}`);
      expect(run.stderr).to.match(/has 11 problems; nothing was sent:/);
      expect(await f.factory.campaignCount()).to.equal(before);
    });

    it("closes funding once the goal is met; a non-organizer gets the transaction for the organizer", async function () {
      const c = await ethers.getContractAt("Campaign", campaign);
      await c.connect(f.donors[0]).pledgeETH({ value: ethers.parseEther("2") }); // $6,000 of $5,000
      const byVetter = await ops(VETTER, "close-funding", "--campaign", campaign);
      expectCode(byVetter, 0);
      expect(byVetter.stdout).to.include(
        `not sent: the signer ${f.vetter.address} is not the appeal's organizer`,
      );
      expect(byVetter.stdout).to.include(
        `transaction for the appeal's organizer (${f.organizer.address}) to submit`,
      );
      expect(printed(byVetter).data).to.equal(c.interface.encodeFunctionData("closeFunding"));
      expect(await c.status()).to.equal(BigInt(Status.Funding));

      const run = await ops(ORGANIZER, "close-funding", "--campaign", campaign);
      expectCode(run, 0);
      expect(run.stdout).to.include("the appeal is now Procurement");
      expect(await c.status()).to.equal(BigInt(Status.Procurement));
    });

    it("closes the appeal (no order open), and says why when the chain refuses", async function () {
      const c = await ethers.getContractAt("Campaign", campaign);
      const run = await ops(ORGANIZER, "close", "--campaign", campaign);
      expectCode(run, 0);
      expect(run.stdout).to.include("the appeal is now Closed");
      expect(await c.status()).to.equal(BigInt(Status.Closed));
      const again = await ops(ORGANIZER, "close-funding", "--campaign", campaign);
      expectCode(again, 1);
      expect(again.stderr, again.stderr).to.match(
        /^refused: closed funding of the appeal 0x[0-9a-fA-F]{40}: .+\(Campaign\w+\)$/m,
      );
    });

    it("refuses an address that is not one of the factory's appeals", async function () {
      const run = await ops(ORGANIZER, "close", "--campaign", await f.registry.getAddress());
      expectCode(run, 2);
      expect(run.stderr).to.include("is not a campaign of the factory");
    });
  });

  describe("the platform (the pauser) and --calldata", function () {
    it("pauses and lifts the pause", async function () {
      expectCode(await ops(PAUSER, "pause"), 0);
      expect(await f.registry.paused()).to.equal(true);
      expectCode(await ops(PAUSER, "unpause"), 0);
      expect(await f.registry.paused()).to.equal(false);
    });

    it("--calldata prints the transaction even for a signer that holds the role", async function () {
      const run = await ops(PAUSER, "pause", "--calldata");
      expectCode(run, 0);
      expect(run.stdout).to.include("not sent: --calldata was given");
      expect(printed(run).data).to.equal(f.registry.interface.encodeFunctionData("pause"));
      expect(await f.registry.paused()).to.equal(false);
    });

    it("an unknown command or network is a sentence with exit 2", async function () {
      const [command, net] = await inSequence([
        () => ops(ADMIN, "launch"),
        () => ops(ADMIN, "status", "--network", "mainnet"),
      ]);
      expectCode(command, 2);
      expect(command.stderr).to.include('error: unknown command "launch"');
      expectCode(net, 2);
      expect(net.stderr).to.include('error: there is no network "mainnet" in hardhat.config.ts');
      void networkHelpers;
    });
  });
});
