/**
 * The operator's command line: what the platform admin, a vetter and an organizer do, on any
 * network of hardhat.config.ts, without the dApp.
 *
 *   npm run ops -- <command> [--network <name>] [options]
 *
 * Commands (`npm run ops -- help` prints them with their options):
 *   status                               the deployment: contracts, admin, roles, limits, tokens, campaigns
 *   create-campaign <file.json>          an appeal from a JSON file (its metadata CID included)
 *   register-supplier | suspend-supplier | reinstate-supplier
 *   register-verifier | suspend-verifier | reinstate-verifier
 *   grant-role | revoke-role             vetter, organizer or pauser
 *   set-limits                           the platform's limits on new campaigns
 *   close-funding | close                an appeal's funding, or the appeal
 *   pause | unpause                      the whole platform
 *
 * Every write is checked before anything is signed: its input, the signer's role, then a simulation
 * that turns a refusal into a sentence. When the signer does not hold the role (the admin is a Safe,
 * the organizer is a multisig), or with --calldata, nothing is sent: the transaction (to, value 0,
 * data) is printed for the account that can send it, as scripts/list-tokens.ts does.
 *
 * It signs with the network's account (DEPLOYER_PRIVATE_KEY on real networks, from the environment
 * or Hardhat's keystore; the node's unlocked accounts on localhost), or with the key in another
 * configuration variable (--key-variable VETTER_PRIVATE_KEY). The deployment is the published one of
 * the chain (client/generated/deployments.ts), else ignition/deployments/chain-<id>, or
 * --deployment-id, or --registry and --factory; on the local chain, the one `npm start` wrote.
 *
 * Exit codes: 0 done (or the transaction printed for another signer); 1 the chain refused it;
 * 2 bad input or setup, nothing sent.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  formatUnits,
  getAddress,
  isAddress,
  keccak256,
  parseEventLogs,
  parseUnits,
  stringToHex,
  zeroAddress,
  type Address,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
} from "viem";

import { HandoverTxError, send, type Clients, type Sent } from "../client/actions.ts";
import { publishedDeployments } from "../client/deployments.ts";
import { describeError } from "../client/errors.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "../client/generated/abis.ts";
import { STATUS_NAMES, type CampaignParams } from "../client/ledger.ts";
import { runScript, UsageError } from "./lib/cli.ts";

const ROLES = {
  vetter: keccak256(stringToHex("VETTER_ROLE")),
  organizer: keccak256(stringToHex("ORGANIZER_ROLE")),
  pauser: keccak256(stringToHex("PAUSER_ROLE")),
} as const;
type RoleName = keyof typeof ROLES;
const PARTY_STATUS = ["not registered", "active", "suspended"];
const DAY = 86_400;

const HELP = `usage: npm run ops -- <command> [--network <name>] [options]

commands
  status
  create-campaign <file.json>
  register-supplier  --account 0x… --name "…" --country CC --dossier <file | 0x-hash>
  suspend-supplier   --account 0x… --reason "…"
  reinstate-supplier --account 0x…
  register-verifier  --account 0x… --name "…" --organization "…" --dossier <file | 0x-hash>
  suspend-verifier   --account 0x… --reason "…"
  reinstate-verifier --account 0x…
  grant-role         --role vetter|organizer|pauser --account 0x…
  revoke-role        --role vetter|organizer|pauser --account 0x…
  set-limits         [--max-funding-days N] [--max-procurement-days N] [--max-advance-percent P] [--min-threshold N]
  close-funding      --campaign 0x…
  close              --campaign 0x…
  pause | unpause

options
  --network <name>        a network of hardhat.config.ts (default localhost)
  --from <address|index>  which of the network's accounts signs (default the first)
  --key-variable <NAME>   sign with the key in this configuration variable instead (environment or keystore)
  --calldata              send nothing: print the transaction for a Safe or another signer
  --deployment-id <id>    the Ignition deployment (ignition/deployments/<id>/)
  --registry 0x… --factory 0x…   the contracts, when no deployment file names them

See docs/operations.md.`;

type Options = Record<string, string | boolean | undefined>;

function option(values: Options, name: string, what: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "")
    throw new UsageError(`--${name} is required: ${what}`);
  return value.trim();
}

function addressOption(values: Options, name: string, what: string): Address {
  const value = option(values, name, what);
  if (!isAddress(value, { strict: false }))
    throw new UsageError(
      `--${name} must be an address (0x followed by 40 hex digits), got "${value}"`,
    );
  try {
    return getAddress(value);
  } catch {
    throw new UsageError(
      `--${name} ${value} has a wrong checksum (mixed case that does not match): check it`,
    );
  }
}

/** A dossier: the keccak256 of a file's bytes, or a 32-byte hash given as is. */
function dossierHash(values: Options): Hex {
  const value = option(
    values,
    "dossier",
    "the due-diligence file (its keccak256 goes on chain) or its 0x hash",
  );
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return value as Hex;
  if (!existsSync(value))
    throw new UsageError(
      `--dossier "${value}" is neither a 0x-prefixed 32-byte hash nor a file that exists`,
    );
  return keccak256(readFileSync(value));
}

// ───────────────────────────── the network and the deployment ─────────────────────────────

type Context = {
  chainId: number;
  networkName: string;
  publicClient: PublicClient;
  clients: Clients;
  signer: Address;
  registry: Address;
  factory: Address;
  deployment: string;
  startBlock: bigint;
  calldataOnly: boolean;
};

async function connect(values: Options): Promise<Context & { close: () => Promise<void> }> {
  const { network } = await import("hardhat");
  const { configVariable } = await import("hardhat/config");
  const networkName = typeof values.network === "string" ? values.network : "localhost";
  const keyVariable =
    typeof values["key-variable"] === "string" ? values["key-variable"] : undefined;
  if (keyVariable !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(keyVariable))
    throw new UsageError(
      `--key-variable must be a configuration variable's name (like VETTER_PRIVATE_KEY), got "${keyVariable}"`,
    );
  let connection;
  try {
    connection = await network.create({
      network: networkName,
      ...(keyVariable ? { override: { accounts: [configVariable(keyVariable)] } } : {}),
    });
  } catch (error) {
    const e = error as { errorCode?: string; message?: string };
    if (e.errorCode === "HHE706" || /network .* not found|not defined/i.test(e.message ?? ""))
      throw new UsageError(
        `there is no network "${networkName}" in hardhat.config.ts (localhost, sepolia, baseSepolia, base, celo, polygon, custom)`,
      );
    throw error;
  }
  const provider = connection.provider as unknown as EIP1193Provider;
  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const accounts = (await provider.request({ method: "eth_accounts" })) as Address[];
  const publicClient = createPublicClient({
    transport: custom(provider),
    pollingInterval: 200,
  }) as PublicClient;

  let signer: Address;
  const from = values.from;
  if (typeof from === "string" && /^\d+$/.test(from)) {
    if (!accounts[Number(from)])
      throw new UsageError(
        `--from ${from}: the network ${networkName} has ${accounts.length} account(s)`,
      );
    signer = getAddress(accounts[Number(from)]);
  } else if (typeof from === "string") {
    if (!isAddress(from, { strict: false }))
      throw new UsageError(`--from must be an address or an index, got "${from}"`);
    const found = accounts.find((a) => a.toLowerCase() === from.toLowerCase());
    if (!found)
      throw new UsageError(
        `--from ${from} is not one of the network's accounts (${accounts.join(", ") || "none"}); set its key with --key-variable`,
      );
    signer = getAddress(found);
  } else {
    if (accounts.length === 0)
      throw new UsageError(
        `the network ${networkName} has no account to sign with: set DEPLOYER_PRIVATE_KEY (or --key-variable NAME)`,
      );
    signer = getAddress(accounts[0]);
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const walletClient = createWalletClient({ account: signer, chain, transport: custom(provider) });
  const clients = { publicClient, walletClient } as unknown as Clients;

  const located = locateDeployment(values, chainId);
  for (const [name, address] of [
    ["registry", located.registry],
    ["factory", located.factory],
  ] as const) {
    const code = await publicClient.getCode({ address });
    if (!code || code === "0x")
      throw new UsageError(
        `no contract at the ${name} ${address} on chain ${chainId} (from ${located.deployment}): wrong network, or a deployment of another chain`,
      );
  }
  return {
    chainId,
    networkName,
    publicClient,
    clients,
    signer,
    ...located,
    calldataOnly: values.calldata === true,
    close: () => connection.close(),
  };
}

/** Where the registry and factory are: flags, an Ignition deployment, the published ones, the local chain's file. */
function locateDeployment(values: Options, chainId: number) {
  if (values.registry !== undefined || values.factory !== undefined) {
    return {
      registry: addressOption(values, "registry", "the registry's address"),
      factory: addressOption(values, "factory", "the factory's address"),
      deployment: "--registry and --factory",
      startBlock: 0n,
    };
  }
  const id =
    typeof values["deployment-id"] === "string"
      ? values["deployment-id"]
      : process.env.HANDOVER_DEPLOYMENT_ID;
  if (id === undefined) {
    const published = publishedDeployments(chainId);
    const chosen =
      published.find((d) => d.deploymentId === `chain-${chainId}`) ??
      (published.length === 1 ? published[0] : undefined);
    if (chosen)
      return {
        registry: chosen.registry,
        factory: chosen.factory,
        deployment: `deployment ${chosen.deploymentId}`,
        startBlock: chosen.startBlock,
      };
    if (published.length > 1)
      throw new UsageError(
        `chain ${chainId} has several deployments (${published.map((d) => d.deploymentId).join(", ")}): choose one with --deployment-id`,
      );
  }
  const deploymentId = id ?? `chain-${chainId}`;
  const file = path.join("ignition", "deployments", deploymentId, "deployed_addresses.json");
  if (existsSync(file)) {
    const addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, Address>;
    if (!addresses["HandoverCore#Registry"] || !addresses["HandoverCore#CampaignFactory"])
      throw new UsageError(
        `${file} has no HandoverCore#Registry and HandoverCore#CampaignFactory: was HandoverCore deployed there?`,
      );
    return {
      registry: getAddress(addresses["HandoverCore#Registry"]),
      factory: getAddress(addresses["HandoverCore#CampaignFactory"]),
      deployment: `deployment ${deploymentId}`,
      startBlock: 0n,
    };
  }
  const local = path.join("app", "public", "local-deployment.json");
  if (chainId === 31337 && id === undefined && existsSync(local)) {
    const record = JSON.parse(readFileSync(local, "utf8")) as {
      contracts: Record<string, Address>;
      startBlock?: string;
    };
    return {
      registry: getAddress(record.contracts.registry),
      factory: getAddress(record.contracts.factory),
      deployment: local,
      startBlock: BigInt(record.startBlock ?? 0),
    };
  }
  throw new UsageError(
    `no deployment of chain ${chainId} found (${file} does not exist): deploy first (docs/deploy.md), or pass --deployment-id <id>, or --registry and --factory`,
  );
}

// ───────────────────────────── sending, or printing for another signer ─────────────────────────────

type Write = {
  what: string;
  address: Address;
  abi: typeof registryAbi | typeof campaignFactoryAbi | typeof campaignAbi;
  functionName: string;
  args?: readonly unknown[];
  /** Who may send it, when the signer may not: printed with the calldata. */
  needs?: { holder: string; has: boolean };
};

/** Prints the transaction for whoever holds the role; returns 0. */
function printForSigner(ctx: Context, write: Write, why: string): number {
  const data = (encodeFunctionData as (request: unknown) => Hex)({
    abi: write.abi,
    functionName: write.functionName,
    args: write.args,
  });
  console.log(`not sent: ${why}`);
  console.log(
    `transaction for ${write.needs?.holder ?? "the account that may send it"} to submit (in a Safe: Transaction Builder, custom data):`,
  );
  console.log(`  to     ${write.address}`);
  console.log(`  value  0`);
  console.log(`  data   ${data}`);
  console.log(`  what   ${write.what}`);
  void ctx;
  return 0;
}

async function execute(ctx: Context, write: Write): Promise<{ code: number; sent?: Sent }> {
  if (ctx.calldataOnly) return { code: printForSigner(ctx, write, "--calldata was given") };
  if (write.needs && !write.needs.has)
    return {
      code: printForSigner(ctx, write, `the signer ${ctx.signer} is not ${write.needs.holder}`),
    };
  try {
    const sent = await send(ctx.clients, {
      address: write.address,
      abi: write.abi,
      functionName: write.functionName,
      args: write.args,
    });
    console.log(`${write.what}  tx ${sent.hash}  block ${sent.receipt.blockNumber}`);
    return { code: 0, sent };
  } catch (error) {
    const [name, sentence] =
      error instanceof HandoverTxError
        ? [error.errorName, error.message]
        : [describeError(error).name, describeError(error).sentence];
    const known = name && !["Unknown", "Error", "Reverted"].includes(name);
    console.error(`refused: ${write.what}: ${sentence}${known ? ` (${name})` : ""}`);
    return { code: 1 };
  }
}

const readRegistry = <T>(ctx: Context, functionName: string, args: readonly unknown[] = []) =>
  ctx.publicClient.readContract({
    address: ctx.registry,
    abi: registryAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;

async function hasRole(ctx: Context, role: Hex) {
  return readRegistry<boolean>(ctx, "hasRole", [role, ctx.signer]);
}

async function roleHolder(ctx: Context, role: RoleName | "admin") {
  if (role === "admin") {
    const admin = await readRegistry<Address>(ctx, "defaultAdmin");
    return {
      holder: `the registry's admin (${admin})`,
      has: admin.toLowerCase() === ctx.signer.toLowerCase(),
    };
  }
  return { holder: `a holder of ${role.toUpperCase()}_ROLE`, has: await hasRole(ctx, ROLES[role]) };
}

// ───────────────────────────── commands ─────────────────────────────

type Party = { status: number; name: string; country?: string; organization?: string };

async function partyCommand(ctx: Context, command: string, values: Options) {
  const kind = command.endsWith("supplier") ? "supplier" : "verifier";
  const account = addressOption(values, "account", `the ${kind}'s address`);
  const party = await readRegistry<Party>(ctx, kind, [account]);
  const status = PARTY_STATUS[party.status];
  const needs = await roleHolder(ctx, "vetter");
  const Kind = kind[0].toUpperCase() + kind.slice(1);
  if (command.startsWith("register")) {
    const name = option(values, "name", `the ${kind}'s name as people should read it`);
    const dossier = dossierHash(values);
    if (party.status !== 0)
      throw new UsageError(
        `${account} is already a registered ${kind} ("${party.name}", ${status}): nothing to register`,
      );
    if (kind === "supplier") {
      const country = option(values, "country", "the supplier's ISO 3166 country code, e.g. NG");
      if (!/^[A-Z]{2}$/.test(country))
        throw new UsageError(`--country must be two capital letters (ISO 3166), got "${country}"`);
      return execute(ctx, {
        what: `registered supplier ${name} (${country}) at ${account}, dossier ${dossier}`,
        address: ctx.registry,
        abi: registryAbi,
        functionName: "registerSupplier",
        args: [account, name, country, dossier],
        needs,
      });
    }
    const organization = option(values, "organization", "the organization the verifier answers to");
    return execute(ctx, {
      what: `registered verifier ${name} (${organization}) at ${account}, dossier ${dossier}`,
      address: ctx.registry,
      abi: registryAbi,
      functionName: "registerVerifier",
      args: [account, name, organization, dossier],
      needs,
    });
  }
  if (command.startsWith("suspend")) {
    const reason = option(values, "reason", "why, in a sentence (it is recorded on chain)");
    if (party.status !== 1)
      throw new UsageError(`${account} is not an active ${kind} (${status}): nothing to suspend`);
    return execute(ctx, {
      what: `suspended ${kind} ${party.name} at ${account}: ${reason}`,
      address: ctx.registry,
      abi: registryAbi,
      functionName: `suspend${Kind}`,
      args: [account, reason],
      needs,
    });
  }
  if (party.status !== 2)
    throw new UsageError(`${account} is not a suspended ${kind} (${status}): nothing to reinstate`);
  return execute(ctx, {
    what: `reinstated ${kind} ${party.name} at ${account}`,
    address: ctx.registry,
    abi: registryAbi,
    functionName: `reinstate${Kind}`,
    args: [account],
    needs,
  });
}

async function roleCommand(ctx: Context, command: string, values: Options) {
  const role = option(values, "role", "vetter, organizer or pauser");
  if (role === "admin")
    throw new UsageError(
      "the admin role moves by a two-step transfer, not grant-role: the admin calls beginDefaultAdminTransfer(new admin), the new admin acceptDefaultAdminTransfer() after the delay (docs/deploy.md, A multisig admin)",
    );
  if (!(role in ROLES))
    throw new UsageError(`--role must be vetter, organizer or pauser, got "${role}"`);
  const account = addressOption(values, "account", "who receives or loses the role");
  const id = ROLES[role as RoleName];
  const holds = await readRegistry<boolean>(ctx, "hasRole", [id, account]);
  const grant = command === "grant-role";
  if (grant === holds)
    throw new UsageError(
      `${account} ${holds ? "already holds" : "does not hold"} ${role.toUpperCase()}_ROLE: nothing to do`,
    );
  return execute(ctx, {
    what: `${grant ? "granted" : "revoked"} ${role.toUpperCase()}_ROLE ${grant ? "to" : "from"} ${account}`,
    address: ctx.registry,
    abi: registryAbi,
    functionName: grant ? "grantRole" : "revokeRole",
    args: [id, account],
    needs: await roleHolder(ctx, "admin"),
  });
}

type Limits = {
  maxFundingWindow: number;
  maxProcurementWindow: number;
  maxAdvanceBps: number;
  minThreshold: number;
};

async function setLimits(ctx: Context, values: Options) {
  const current = await readRegistry<Limits>(ctx, "limits");
  /** The option's value times `scale`, or the current value when the option is absent. */
  const value = (name: string, current: number, scale: number) => {
    const given = values[name];
    if (given === undefined) return current;
    if (typeof given !== "string" || !/^\d+(\.\d+)?$/.test(given))
      throw new UsageError(`--${name} must be a number, got "${given}"`);
    return Math.round(Number(given) * scale);
  };
  const next: Limits = {
    maxFundingWindow: value("max-funding-days", current.maxFundingWindow, DAY),
    maxProcurementWindow: value("max-procurement-days", current.maxProcurementWindow, DAY),
    maxAdvanceBps: value("max-advance-percent", current.maxAdvanceBps, 100),
    minThreshold: value("min-threshold", current.minThreshold, 1),
  };
  const show = (l: Limits) =>
    `funding ≤ ${l.maxFundingWindow / DAY} days, procurement ≤ ${l.maxProcurementWindow / DAY} days, advances ≤ ${l.maxAdvanceBps / 100}%, at least ${l.minThreshold} verifiers`;
  if (JSON.stringify(next) === JSON.stringify(current))
    throw new UsageError(
      `the limits are already ${show(current)}: nothing to change (pass --max-funding-days, --max-procurement-days, --max-advance-percent or --min-threshold)`,
    );
  return execute(ctx, {
    what: `set the limits on new campaigns: ${show(next)} (were ${show(current)})`,
    address: ctx.registry,
    abi: registryAbi,
    functionName: "setLimits",
    args: [next],
    needs: await roleHolder(ctx, "admin"),
  });
}

async function campaignCommand(ctx: Context, command: string, values: Options) {
  const campaign = addressOption(values, "campaign", "the appeal's address");
  const isCampaign = await ctx.publicClient.readContract({
    address: ctx.factory,
    abi: campaignFactoryAbi,
    functionName: "isCampaign",
    args: [campaign],
  });
  if (!isCampaign)
    throw new UsageError(
      `${campaign} is not a campaign of the factory ${ctx.factory} on chain ${ctx.chainId}`,
    );
  const organizer = await ctx.publicClient.readContract({
    address: campaign,
    abi: campaignAbi,
    functionName: "organizer",
  });
  const isOrganizer = organizer.toLowerCase() === ctx.signer.toLowerCase();
  const write: Write = {
    what:
      command === "close"
        ? `closed the appeal ${campaign}`
        : `closed funding of the appeal ${campaign}`,
    address: campaign,
    abi: campaignAbi,
    functionName: command === "close" ? "close" : "closeFunding",
    args: [],
  };
  if (!isOrganizer && !ctx.calldataOnly) {
    // Anyone may close after the procurement deadline: let the chain decide, and print for the
    // organizer only when it refuses because of who is asking.
    try {
      await ctx.publicClient.simulateContract({ ...write, account: ctx.signer } as never);
    } catch (error) {
      if (describeError(error).name === "CampaignNotOrganizer")
        return {
          code: printForSigner(
            ctx,
            { ...write, needs: { holder: `the appeal's organizer (${organizer})`, has: false } },
            `the signer ${ctx.signer} is not the appeal's organizer`,
          ),
        };
    }
  }
  const done = await execute(ctx, write);
  if (done.sent) {
    const status = await ctx.publicClient.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "status",
    });
    console.log(`the appeal is now ${STATUS_NAMES[status]}`);
  }
  return done;
}

async function pauseCommand(ctx: Context, command: string) {
  const paused = await readRegistry<boolean>(ctx, "paused");
  if (paused === (command === "pause"))
    throw new UsageError(`the platform is ${paused ? "already" : "not"} paused: nothing to do`);
  return execute(ctx, {
    what:
      command === "pause"
        ? "paused the platform (pledges, orders and payouts stop; refunds and confirmations go on)"
        : "lifted the pause",
    address: ctx.registry,
    abi: registryAbi,
    functionName: command,
    args: [],
    needs: await roleHolder(ctx, "pauser"),
  });
}

// ───────────────────────────── create-campaign ─────────────────────────────

/** The JSON file of create-campaign (docs/operations.md). */
type CampaignFile = {
  beneficiary?: unknown;
  goalUsd?: unknown;
  targetUnits?: unknown;
  unitName?: unknown;
  fundingDays?: unknown;
  deadline?: unknown;
  procurementDays?: unknown;
  procurementDeadline?: unknown;
  deliveryGraceDays?: unknown;
  maxAdvancePercent?: unknown;
  threshold?: unknown;
  allOrNothing?: unknown;
  tokens?: unknown;
  verifiers?: unknown;
  metadataCid?: unknown;
  metadataURI?: unknown;
};

/** A CID as IPFS writes it: v0 (Qm…, base58btc) or v1 in base32 (b…). */
const CID = /^(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{50,})$/;

async function readCampaignFile(
  ctx: Context,
  file: string,
): Promise<{ params: CampaignParams; lines: string[] }> {
  if (!existsSync(file))
    throw new UsageError(
      `${file} does not exist: pass the appeal's JSON file (docs/operations.md has an example)`,
    );
  let raw: CampaignFile;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as CampaignFile;
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const need = <T>(ok: boolean, value: T, problem: string): T => {
    if (!ok) problems.push(problem);
    return value;
  };
  const now = (await ctx.publicClient.getBlock()).timestamp;
  const limits = await readRegistry<Limits>(ctx, "limits");

  const beneficiary = need(
    typeof raw.beneficiary === "string" && isAddress(raw.beneficiary, { strict: false }),
    String(raw.beneficiary),
    `beneficiary must be an address, got ${JSON.stringify(raw.beneficiary)}`,
  );
  let goalUsd = 0n;
  try {
    goalUsd = parseUnits(String(raw.goalUsd), 18);
    need(goalUsd > 0n, 0, `goalUsd must be more than 0, got ${raw.goalUsd}`);
  } catch {
    problems.push(
      `goalUsd must be an amount in US dollars like "100000" or 2500.50, got ${JSON.stringify(raw.goalUsd)}`,
    );
  }
  const targetUnits = need(
    Number.isSafeInteger(raw.targetUnits) && (raw.targetUnits as number) > 0,
    BigInt((raw.targetUnits as number) || 0),
    `targetUnits must be a whole number above 0, got ${JSON.stringify(raw.targetUnits)}`,
  );
  const unitName = need(
    typeof raw.unitName === "string" && raw.unitName.trim() !== "",
    String(raw.unitName ?? ""),
    `unitName must name what is bought, e.g. "surgical masks"`,
  );

  const when = (absolute: unknown, days: unknown, from: bigint, label: string): bigint => {
    if (absolute !== undefined) {
      const t = Date.parse(String(absolute));
      if (Number.isNaN(t))
        problems.push(
          `${label} must be a date like "2026-07-01T00:00:00Z", got ${JSON.stringify(absolute)}`,
        );
      return BigInt(Math.floor(t / 1000) || 0);
    }
    if (typeof days !== "number" || !(days > 0)) {
      problems.push(
        `${label}: give ${label === "deadline" ? "fundingDays" : "procurementDays"} (days, a number above 0) or ${label} (a date)`,
      );
      return 0n;
    }
    return from + BigInt(Math.round(days * DAY));
  };
  const deadline = when(raw.deadline, raw.fundingDays, now, "deadline");
  const procurementDeadline = when(
    raw.procurementDeadline,
    raw.procurementDays,
    deadline,
    "procurementDeadline",
  );
  if (deadline && deadline <= now)
    problems.push(
      `the funding deadline ${new Date(Number(deadline) * 1000).toISOString()} is not after the chain's time (${new Date(Number(now) * 1000).toISOString()})`,
    );
  if (deadline && deadline - now > BigInt(limits.maxFundingWindow))
    problems.push(
      `funding would last ${Number(deadline - now) / DAY} days, more than the platform's limit of ${limits.maxFundingWindow / DAY}`,
    );
  if (procurementDeadline && procurementDeadline <= deadline)
    problems.push("the procurement deadline must come after the funding deadline");
  if (
    procurementDeadline &&
    deadline &&
    procurementDeadline - deadline > BigInt(limits.maxProcurementWindow)
  )
    problems.push(
      `procurement would last ${Number(procurementDeadline - deadline) / DAY} days, more than the platform's limit of ${limits.maxProcurementWindow / DAY}`,
    );
  const graceDays = raw.deliveryGraceDays ?? 7;
  const deliveryGracePeriod = need(
    typeof graceDays === "number" && graceDays >= 0,
    BigInt(Math.round(Number(graceDays) * DAY)),
    `deliveryGraceDays must be a number of days, got ${JSON.stringify(raw.deliveryGraceDays)}`,
  );
  const advance = raw.maxAdvancePercent ?? 0;
  const maxAdvanceBps = need(
    typeof advance === "number" && advance >= 0 && advance * 100 <= limits.maxAdvanceBps,
    BigInt(Math.round(Number(advance) * 100)),
    `maxAdvancePercent must be 0..${limits.maxAdvanceBps / 100} (the platform's ceiling), got ${JSON.stringify(raw.maxAdvancePercent)}`,
  );
  const allOrNothing = need(
    typeof raw.allOrNothing === "boolean",
    raw.allOrNothing === true,
    "allOrNothing must be true (refund everyone if the goal is missed) or false (keep what is raised)",
  );

  // Tokens: the registry's accepted ones, by symbol (ETH is the native coin) or address.
  const listed = await readRegistry<Address[]>(ctx, "listedTokens");
  const symbols = new Map<string, Address>();
  for (const token of listed) {
    const accepted = await readRegistry<boolean>(ctx, "isAcceptedToken", [token]);
    if (!accepted) continue;
    const symbol =
      token === zeroAddress
        ? "ETH"
        : await ctx.publicClient.readContract({
            address: token,
            abi: erc20Abi,
            functionName: "symbol",
          });
    symbols.set(symbol.toUpperCase(), token);
  }
  const tokens: Address[] = [];
  if (!Array.isArray(raw.tokens) || raw.tokens.length === 0)
    problems.push(
      `tokens must list accepted tokens by symbol or address: ${[...symbols.keys()].join(", ")}`,
    );
  else
    for (const t of raw.tokens) {
      const text = String(t);
      const address = isAddress(text, { strict: false })
        ? getAddress(text)
        : symbols.get(text.toUpperCase());
      if (!address || ![...symbols.values()].includes(address))
        problems.push(
          `token ${text} is not accepted by the registry (accepted: ${[...symbols.keys()].join(", ")})`,
        );
      else if (tokens.includes(address)) problems.push(`token ${text} is listed twice`);
      else tokens.push(address);
    }

  const verifiers: Address[] = [];
  if (!Array.isArray(raw.verifiers) || raw.verifiers.length === 0)
    problems.push("verifiers must list the registered verifiers' addresses");
  else
    for (const v of raw.verifiers) {
      if (!isAddress(String(v), { strict: false })) {
        problems.push(`verifier ${JSON.stringify(v)} is not an address`);
        continue;
      }
      const address = getAddress(String(v));
      const party = await readRegistry<Party>(ctx, "verifier", [address]);
      if (party.status !== 1)
        problems.push(
          `verifier ${address} is ${PARTY_STATUS[party.status]} in the registry: only active registered verifiers can confirm deliveries`,
        );
      if (address.toLowerCase() === ctx.signer.toLowerCase())
        problems.push(
          `verifier ${address} is the organizer signing: verification must be independent`,
        );
      verifiers.push(address);
    }
  const threshold = need(
    Number.isInteger(raw.threshold) &&
      (raw.threshold as number) >= limits.minThreshold &&
      (raw.threshold as number) <= verifiers.length,
    BigInt((raw.threshold as number) || 0),
    `threshold must be ${limits.minThreshold}..${Math.max(verifiers.length, limits.minThreshold)} (at least the platform's minimum, at most the number of verifiers), got ${JSON.stringify(raw.threshold)}`,
  );

  let metadataURI = "";
  if (raw.metadataCid !== undefined) {
    const cid = String(raw.metadataCid);
    if (!CID.test(cid))
      problems.push(
        `metadataCid must be an IPFS CID (v0 Qm… or v1 b…), got ${JSON.stringify(raw.metadataCid)}`,
      );
    metadataURI = `ipfs://${cid}`;
  } else if (typeof raw.metadataURI === "string" && raw.metadataURI !== "") {
    metadataURI = raw.metadataURI;
    const cid = /^ipfs:\/\/(.+)$/.exec(metadataURI)?.[1];
    if (cid !== undefined && !CID.test(cid.split("/")[0]))
      problems.push(`metadataURI ${metadataURI} does not hold a valid IPFS CID`);
  } else
    problems.push(
      "metadataCid (the CID of the appeal's story, photos and documents on IPFS) is required",
    );

  if (problems.length > 0)
    throw new UsageError(
      `${file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was sent:\n  - ${problems.join("\n  - ")}`,
    );
  const params: CampaignParams = {
    beneficiary: getAddress(beneficiary),
    goalUsd,
    targetUnits,
    deadline,
    procurementDeadline,
    deliveryGracePeriod,
    maxAdvanceBps: Number(maxAdvanceBps),
    threshold: Number(threshold),
    allOrNothing,
    tokens,
    verifiers,
    unitName,
    metadataURI,
  } as unknown as CampaignParams;
  const names = [...symbols.entries()];
  const lines = [
    `goal $${Number(formatUnits(goalUsd, 18)).toLocaleString("en-US")} for ${targetUnits.toLocaleString("en-US")} ${unitName} (${allOrNothing ? "all or nothing" : "keep what is raised"})`,
    `funding until ${new Date(Number(deadline) * 1000).toISOString()}, procurement until ${new Date(Number(procurementDeadline) * 1000).toISOString()}`,
    `tokens ${tokens.map((t) => names.find(([, a]) => a === t)?.[0] ?? t).join(", ")}; ${threshold} of ${verifiers.length} verifiers; advances up to ${Number(maxAdvanceBps) / 100}%`,
    `metadata ${metadataURI}`,
  ];
  return { params, lines };
}

async function createCampaignCommand(ctx: Context, file: string | undefined) {
  if (!file)
    throw new UsageError(
      "create-campaign needs the appeal's JSON file: npm run ops -- create-campaign appeal.json",
    );
  const { params, lines } = await readCampaignFile(ctx, file);
  for (const line of lines) console.log(`  ${line}`);
  const done = await execute(ctx, {
    what: `created the appeal "${params.unitName}"`,
    address: ctx.factory,
    abi: campaignFactoryAbi,
    functionName: "createCampaign",
    args: [params],
    needs: await roleHolder(ctx, "organizer"),
  });
  if (done.sent) {
    const [created] = parseEventLogs({
      abi: campaignFactoryAbi,
      eventName: "CampaignCreated",
      logs: done.sent.receipt.logs,
    });
    console.log(
      `appeal ${created.args.campaign} (index ${created.args.index}), created in block ${done.sent.receipt.blockNumber}`,
    );
    console.log(
      `audit it: npm run audit -- --rpc <RPC URL> --campaign ${created.args.campaign} --from-block ${done.sent.receipt.blockNumber}`,
    );
  }
  return done;
}

// ───────────────────────────── status ─────────────────────────────

async function status(ctx: Context) {
  const [admin, paused, limits, sequencer, listed, count] = await Promise.all([
    readRegistry<Address>(ctx, "defaultAdmin"),
    readRegistry<boolean>(ctx, "paused"),
    readRegistry<Limits>(ctx, "limits"),
    readRegistry<readonly [Address, number]>(ctx, "sequencerUptimeFeed"),
    readRegistry<Address[]>(ctx, "listedTokens"),
    ctx.publicClient.readContract({
      address: ctx.factory,
      abi: campaignFactoryAbi,
      functionName: "campaignCount",
    }),
  ]);
  const roles = await Promise.all(
    (["admin", ...Object.keys(ROLES)] as const).map(async (r) =>
      (
        r === "admin"
          ? admin.toLowerCase() === ctx.signer.toLowerCase()
          : await hasRole(ctx, ROLES[r as RoleName])
      )
        ? r
        : undefined,
    ),
  );
  console.log(`network    ${ctx.networkName} (chain ${ctx.chainId}), ${ctx.deployment}`);
  console.log(`registry   ${ctx.registry}${paused ? "  PAUSED" : ""}`);
  console.log(`factory    ${ctx.factory}, ${count} appeal${count === 1n ? "" : "s"}`);
  console.log(`admin      ${admin}`);
  console.log(`signer     ${ctx.signer}: ${roles.filter(Boolean).join(", ") || "no role"}`);
  console.log(
    `limits     funding ≤ ${limits.maxFundingWindow / DAY} days, procurement ≤ ${limits.maxProcurementWindow / DAY} days, advances ≤ ${limits.maxAdvanceBps / 100}%, at least ${limits.minThreshold} verifiers`,
  );
  console.log(
    `sequencer  ${sequencer[0] === zeroAddress ? "no L2 sequencer uptime feed" : `${sequencer[0]}, grace period ${sequencer[1]} s`}`,
  );
  for (const token of listed) {
    const config = await readRegistry<{ feed: Address; maxStaleness: number; accepted: boolean }>(
      ctx,
      "tokenConfig",
      [token],
    );
    const symbol =
      token === zeroAddress
        ? "ETH (native)"
        : await ctx.publicClient.readContract({
            address: token,
            abi: erc20Abi,
            functionName: "symbol",
          });
    console.log(
      `token      ${symbol} ${token}  feed ${config.feed}  maxStaleness ${config.maxStaleness} s${config.accepted ? "" : "  (removed)"}`,
    );
  }
  const shown = count > 5n ? 5n : count;
  for (let i = count - shown; i < count; i++) {
    const campaign = await ctx.publicClient.readContract({
      address: ctx.factory,
      abi: campaignFactoryAbi,
      functionName: "campaignAt",
      args: [i],
    });
    const [st, params] = await Promise.all([
      ctx.publicClient.readContract({
        address: campaign,
        abi: campaignAbi,
        functionName: "status",
      }),
      ctx.publicClient.readContract({
        address: campaign,
        abi: campaignAbi,
        functionName: "params",
      }),
    ]);
    console.log(
      `appeal #${i}  ${campaign}  ${STATUS_NAMES[st]}  ${params.targetUnits.toLocaleString("en-US")} ${params.unitName}`,
    );
  }
  return { code: 0 };
}

// ───────────────────────────── main ─────────────────────────────

const COMMANDS = [
  "status",
  "create-campaign",
  "register-supplier",
  "suspend-supplier",
  "reinstate-supplier",
  "register-verifier",
  "suspend-verifier",
  "reinstate-verifier",
  "grant-role",
  "revoke-role",
  "set-limits",
  "close-funding",
  "close",
  "pause",
  "unpause",
];

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        network: { type: "string" },
        from: { type: "string" },
        "key-variable": { type: "string" },
        calldata: { type: "boolean" },
        "deployment-id": { type: "string" },
        registry: { type: "string" },
        factory: { type: "string" },
        account: { type: "string" },
        name: { type: "string" },
        country: { type: "string" },
        organization: { type: "string" },
        dossier: { type: "string" },
        reason: { type: "string" },
        role: { type: "string" },
        campaign: { type: "string" },
        "max-funding-days": { type: "string" },
        "max-procurement-days": { type: "string" },
        "max-advance-percent": { type: "string" },
        "min-threshold": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${HELP}`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    console.log(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"\n${HELP}`);
  if (command !== "create-campaign" && rest.length > 0)
    throw new UsageError(`unexpected argument "${rest[0]}" for ${command}`);

  const ctx = await connect(values as Options);
  try {
    const v = values as Options;
    let done: { code: number };
    if (command === "status") done = await status(ctx);
    else if (command === "create-campaign") done = await createCampaignCommand(ctx, rest[0]);
    else if (command.endsWith("supplier") || command.endsWith("verifier"))
      done = await partyCommand(ctx, command, v);
    else if (command.endsWith("role")) done = await roleCommand(ctx, command, v);
    else if (command === "set-limits") done = await setLimits(ctx, v);
    else if (command === "close" || command === "close-funding")
      done = await campaignCommand(ctx, command, v);
    else done = await pauseCommand(ctx, command);
    return done.code;
  } finally {
    await ctx.close();
  }
}

// Run as a script; imported (the tests), it only exports main().
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await runScript(() => main(process.argv.slice(2)));
