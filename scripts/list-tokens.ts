/**
 * Lists a deployment's accepted tokens in its registry: for each entry of the parameters file's
 * `AcceptedTokens.tokens`, calls `setAcceptedToken(token, feed, maxStaleness)`, skipping the ones the
 * registry already holds with the same feed and staleness.
 *
 *   npx hardhat run scripts/list-tokens.ts --network sepolia
 *
 * `hardhat run` passes no arguments to a script, so the rest comes from the environment:
 * - HANDOVER_PARAMETERS: the parameters file. Default `ignition/parameters/<network name>.json`.
 * - HANDOVER_DEPLOYMENT_ID: the Ignition deployment id, if `--deployment-id` was given at deploy time.
 *   Default `chain-<chain id>`; the registry is `HandoverCore#Registry` in its deployed_addresses.json.
 * - HANDOVER_DRY_RUN=1: check everything and print what would be sent, send nothing.
 *
 * Before any transaction each entry is checked on-chain as the registry will check it: the feed has
 * code, reports the expected `description()` (when the file gives one) and a positive answer that is
 * neither older than `maxStaleness` nor dated in the future, and within the price bounds the registry
 * may already hold for the token; the token (other than `address(0)`, the chain's native coin) has
 * code and at most the registry's `MAX_TOKEN_DECIMALS` decimals. For each feed it also reads its last
 * rounds and prints how often it was updated, with a warning when `maxStaleness` is shorter than the
 * longest gap seen (pledges would be refused between updates) or far longer (stale prices accepted).
 *
 * The L2 sequencer uptime feed: when the parameters file has a `Sequencer` section with a `feed`
 * (Base: Chainlink's "L2 Sequencer Uptime Status Feed"), the script checks it (code, description, an
 * answer of 0 or 1) and sets it in the registry with `setSequencerUptimeFeed(feed, gracePeriod)`, so
 * that prices are refused while the sequencer is down and for `gracePeriod` seconds after. On an L2
 * (chain type "op") without one it warns.
 *
 * When the signer is not the registry's admin (the admin is a multisig), nothing is sent: the script
 * prints each `setAcceptedToken` transaction (to, data) for the multisig to submit.
 *
 * Prints one line per step; exits non-zero if any entry fails its checks or its transaction.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";
import { Contract, ZeroAddress, getAddress, type Provider } from "ethers";

import { sentenceOf } from "./lib/cli.ts";

/** One accepted token as written in the parameters file. */
interface TokenEntry {
  symbol: string;
  token: string;
  feed: string;
  description?: string;
  maxStaleness: number;
}

/** The registry's longest allowed staleness (`Registry.MAX_STALENESS_LIMIT`, 7 days). */
const MAX_STALENESS_LIMIT = 7 * 24 * 60 * 60;
/** The registry's longest allowed sequencer grace period (`Registry.MAX_GRACE_PERIOD`, 1 day). */
const MAX_GRACE_PERIOD = 24 * 60 * 60;

const FEED_ABI = [
  "function decimals() view returns (uint8)",
  "function description() view returns (string)",
  "function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
];
const TOKEN_ABI = [
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
];

const dryRun = process.env.HANDOVER_DRY_RUN === "1";
let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
let provider: Provider;
let networkName: string;
let chainType: string;
let chainId: bigint;

try {
  // Inside the try: a missing RPC URL or key, or a keystore with no terminal, is a sentence too.
  const connection = await network.create();
  ({ ethers, networkName } = connection);
  chainType = String(connection.chainType);
  provider = ethers.provider;
  chainId = (await provider.getNetwork()).chainId;
  if (!(await main())) process.exitCode = 1;
} catch (error) {
  console.error(`error     ${sentenceOf(error)}`);
  process.exitCode = 1;
}

/** Checks and lists every entry; returns false when any entry failed. */
async function main(): Promise<boolean> {
  const parametersPath =
    process.env.HANDOVER_PARAMETERS ?? path.join("ignition", "parameters", `${networkName}.json`);
  const deploymentId = process.env.HANDOVER_DEPLOYMENT_ID ?? `chain-${chainId}`;
  const addressesPath = path.join(
    "ignition",
    "deployments",
    deploymentId,
    "deployed_addresses.json",
  );

  console.log(`network   ${networkName} (chain ${chainId})${dryRun ? ", dry run" : ""}`);
  console.log(`tokens    ${parametersPath}`);

  const parameters = await readJson(parametersPath, "parameters file");
  const entries = parseEntries(parameters, parametersPath);
  const addresses = (await readJson(addressesPath, "deployment")) as Record<string, unknown>;
  const registryAddress = addresses["HandoverCore#Registry"];
  if (typeof registryAddress !== "string") {
    throw new Error(
      `${addressesPath} has no "HandoverCore#Registry": was HandoverCore deployed here?`,
    );
  }
  if ((await provider.getCode(registryAddress)) === "0x") {
    throw new Error(
      `no contract at ${registryAddress} on chain ${chainId}: wrong network or deployment id?`,
    );
  }
  const registry = await ethers.getContractAt("Registry", registryAddress);
  const [signer] = await ethers.getSigners();
  const admin = await registry.defaultAdmin();
  const signerIsAdmin = await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), signer.address);
  console.log(`registry  ${registryAddress}`);
  console.log(`admin     ${admin}${signerIsAdmin ? " (the signer)" : ""}`);
  if (!signerIsAdmin) {
    console.log(
      `signer    ${signer.address} is not the registry admin: nothing will be sent; the admin ` +
        `must submit the transactions printed below`,
    );
  }

  const maxTokenDecimals = Number(await registry.MAX_TOKEN_DECIMALS());
  const forAdmin: { symbol: string; data: string }[] = [];
  const sequencer = parseSequencer(parameters, parametersPath);
  const [sequencerFeed, sequencerGrace] = await registry.sequencerUptimeFeed();
  let sequencerFailed = false;
  if (sequencer?.feed) {
    try {
      const answer = await checkSequencerFeed(sequencer, provider);
      if (sequencerFeed === sequencer.feed && Number(sequencerGrace) === sequencer.gracePeriod) {
        console.log(
          `sequencer unchanged  ${sequencer.feed} (sequencer ${answer === 0n ? "up" : "DOWN"}), grace period ${sequencer.gracePeriod} s`,
        );
      } else {
        const data = registry.interface.encodeFunctionData("setSequencerUptimeFeed", [
          sequencer.feed,
          sequencer.gracePeriod,
        ]);
        if (dryRun || !signerIsAdmin) {
          console.log(
            `sequencer to set  ${sequencer.feed} (sequencer ${answer === 0n ? "up" : "DOWN"}), grace period ${sequencer.gracePeriod} s`,
          );
          forAdmin.push({ symbol: "SEQ", data });
        } else {
          const tx = await registry.setSequencerUptimeFeed(sequencer.feed, sequencer.gracePeriod);
          const receipt = await tx.wait();
          if (receipt === null || receipt.status !== 1)
            throw new Error(`transaction ${tx.hash} failed`);
          console.log(
            `sequencer set  ${sequencer.feed}, grace period ${sequencer.gracePeriod} s  tx ${tx.hash}`,
          );
        }
      }
    } catch (error) {
      console.log(`sequencer FAILED  ${sentenceOf(error)}`);
      sequencerFailed = true;
    }
  } else if (sequencerFeed !== ZeroAddress) {
    console.log(
      `sequencer ${sequencerFeed} (L2 sequencer uptime feed), grace period ${sequencerGrace} s`,
    );
  } else if (chainType === "op") {
    console.log(
      `warning   the registry has no L2 sequencer uptime feed${sequencer?.none ? ` (${sequencer.none})` : ""}: prices would be used while the sequencer is down; ` +
        `add a "Sequencer" section with the feed to ${parametersPath} where one exists (FEEDS.md)`,
    );
  }

  const now = BigInt(
    (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000),
  );
  let listed = 0;
  let unchanged = 0;
  let failed = sequencerFailed ? 1 : 0;

  for (const entry of entries) {
    const label = entry.symbol.padEnd(6);
    try {
      const [minAnswer, maxAnswer] = await registry.priceBounds(entry.token);
      const feed = await checkFeed(entry, provider, now, { minAnswer, maxAnswer });
      const cadence = await observeUpdates(entry, provider, now);
      if (cadence.warning) console.log(`warning   ${entry.symbol}: ${cadence.warning}`);
      const tokenNote = `${await checkToken(entry, provider, maxTokenDecimals)}; feed "${feed.description}"${
        maxAnswer !== 0n ? `, bounds ${minAnswer}..${maxAnswer}` : ""
      }${cadence.note ? `; ${cadence.note}` : ""}`;

      const current = await registry.tokenConfig(entry.token);
      if (
        current.accepted &&
        current.feed === entry.feed &&
        current.maxStaleness === BigInt(entry.maxStaleness) &&
        current.feedDecimals === BigInt(feed.decimals)
      ) {
        console.log(`${label} unchanged  token ${entry.token}  feed ${entry.feed}  (${tokenNote})`);
        unchanged++;
        continue;
      }
      const [action, done] =
        current.feed === ZeroAddress ? ["list", "listed"] : ["update", "updated"];
      const data = registry.interface.encodeFunctionData("setAcceptedToken", [
        entry.token,
        entry.feed,
        entry.maxStaleness,
      ]);
      if (dryRun || !signerIsAdmin) {
        console.log(
          `${label} to ${action}  token ${entry.token}  feed ${entry.feed}  maxStaleness ${entry.maxStaleness}s  (${tokenNote})`,
        );
        forAdmin.push({ symbol: entry.symbol, data });
        continue;
      }
      const tx = await registry.setAcceptedToken(entry.token, entry.feed, entry.maxStaleness);
      const receipt = await tx.wait();
      if (receipt === null || receipt.status !== 1) {
        throw new Error(`transaction ${tx.hash} failed`);
      }
      console.log(
        `${label} ${done}  token ${entry.token}  feed ${entry.feed}  maxStaleness ${entry.maxStaleness}s  tx ${tx.hash}`,
      );
      listed++;
    } catch (error) {
      console.log(`${label} FAILED  ${error instanceof Error ? error.message : String(error)}`);
      failed++;
    }
  }

  // Tokens the registry accepts that the file does not mention are left alone, but shown.
  const inFile = new Set(entries.map((entry) => entry.token));
  for (const token of await registry.listedTokens()) {
    if (!inFile.has(token) && (await registry.isAcceptedToken(token))) {
      console.log(
        `note   ${token} is accepted by the registry but not in ${parametersPath} (left as is)`,
      );
    }
  }

  if (forAdmin.length > 0 && !dryRun) {
    console.log(
      `\nTransactions for the admin ${admin} to submit (value 0), in order (SEQ: the sequencer feed):`,
    );
    for (const { symbol, data } of forAdmin) {
      console.log(`${symbol.padEnd(6)} to ${registryAddress}  data ${data}`);
    }
  }

  const pending = forAdmin.length;
  console.log(
    `\nsummary   ${listed} sent, ${unchanged} unchanged, ${pending} ${
      dryRun ? "would be sent" : "left for the admin"
    }, ${failed} failed`,
  );
  return failed === 0;
}

// ───────────────────────────── helpers ─────────────────────────────

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(
      what === "deployment"
        ? `no deployment at ${file}: deploy first (npx hardhat ignition deploy ... --network ${networkName}), or set HANDOVER_DEPLOYMENT_ID`
        : `no ${what} at ${file}: set HANDOVER_PARAMETERS to its path`,
    );
  }
  return JSON.parse(text) as unknown;
}

/** Validates the `AcceptedTokens` section and returns its entries with checksummed addresses. */
function parseEntries(parameters: unknown, file: string): TokenEntry[] {
  const section = (parameters as { AcceptedTokens?: { chainId?: unknown; tokens?: unknown } })
    ?.AcceptedTokens;
  if (section === undefined || !Array.isArray(section.tokens)) {
    throw new Error(`${file} has no "AcceptedTokens": { "tokens": [...] } section`);
  }
  if (section.chainId !== undefined && BigInt(section.chainId as number) !== chainId) {
    throw new Error(`${file} is for chain ${section.chainId}, but the network is chain ${chainId}`);
  }
  const seen = new Set<string>();
  return section.tokens.map((raw: unknown, index: number) => {
    const where = `${file}: AcceptedTokens.tokens[${index}]`;
    const item = raw as Partial<TokenEntry>;
    if (typeof item.symbol !== "string" || item.symbol === "")
      throw new Error(`${where}: no symbol`);
    if (typeof item.token !== "string" || typeof item.feed !== "string") {
      throw new Error(`${where} (${item.symbol}): token and feed must be addresses`);
    }
    // getAddress rejects a mixed-case address whose checksum is wrong (a likely typo).
    const token = getAddress(item.token);
    const feed = getAddress(item.feed);
    if (feed === ZeroAddress)
      throw new Error(`${where} (${item.symbol}): the feed is the zero address`);
    const maxStaleness = item.maxStaleness;
    if (
      typeof maxStaleness !== "number" ||
      !Number.isInteger(maxStaleness) ||
      maxStaleness <= 0 ||
      maxStaleness > MAX_STALENESS_LIMIT
    ) {
      throw new Error(
        `${where} (${item.symbol}): maxStaleness must be 1..${MAX_STALENESS_LIMIT} seconds`,
      );
    }
    if (item.description !== undefined && typeof item.description !== "string") {
      throw new Error(`${where} (${item.symbol}): description must be a string`);
    }
    if (seen.has(token))
      throw new Error(`${where} (${item.symbol}): token ${token} is listed twice`);
    seen.add(token);
    return { symbol: item.symbol, token, feed, description: item.description, maxStaleness };
  });
}

/** Checks the feed is a live Chainlink-style USD feed for this entry; returns its decimals and description. */
async function checkFeed(
  entry: TokenEntry,
  provider: Provider,
  now: bigint,
  bounds: { minAnswer: bigint; maxAnswer: bigint },
): Promise<{ decimals: number; description: string }> {
  if ((await provider.getCode(entry.feed)) === "0x") {
    throw new Error(`no contract at feed ${entry.feed}`);
  }
  const feed = new Contract(entry.feed, FEED_ABI, provider);
  const [description, decimals, round] = await Promise.all([
    feed.description() as Promise<string>,
    feed.decimals() as Promise<bigint>,
    feed.latestRoundData() as Promise<[bigint, bigint, bigint, bigint, bigint]>,
  ]);
  if (entry.description !== undefined && description !== entry.description) {
    throw new Error(
      `feed ${entry.feed} describes itself as "${description}", expected "${entry.description}"`,
    );
  }
  const [, answer, , updatedAt] = round;
  if (answer <= 0n) throw new Error(`feed ${entry.feed} ("${description}") answers ${answer}`);
  if (updatedAt > now) {
    throw new Error(
      `feed ${entry.feed} ("${description}") dates its answer at ${updatedAt}, after the latest block (${now}): ` +
        `the registry refuses future-dated rounds (RegistryFuturePrice)`,
    );
  }
  // Bounds the admin set for this token (setPriceBounds) stay when the token is listed again.
  if (bounds.maxAnswer !== 0n && (answer < bounds.minAnswer || answer > bounds.maxAnswer)) {
    throw new Error(
      `feed ${entry.feed} ("${description}") answers ${answer}, outside the registry's bounds ` +
        `${bounds.minAnswer}..${bounds.maxAnswer} for this token: every pledge would revert with RegistryPriceOutOfBounds`,
    );
  }
  const age = now - updatedAt;
  if (age > BigInt(entry.maxStaleness)) {
    throw new Error(
      `feed ${entry.feed} ("${description}") last updated ${age}s ago, more than maxStaleness ` +
        `${entry.maxStaleness}s: every pledge would revert with RegistryStalePrice`,
    );
  }
  return { decimals: Number(decimals), description };
}

/** Checks the token has code and decimals the registry accepts (nothing to check for the native coin); describes it. */
async function checkToken(
  entry: TokenEntry,
  provider: Provider,
  maxDecimals: number,
): Promise<string> {
  if (entry.token === ZeroAddress) return "native coin, 18 decimals";
  if ((await provider.getCode(entry.token)) === "0x") {
    throw new Error(`no contract at token ${entry.token}`);
  }
  const token = new Contract(entry.token, TOKEN_ABI, provider);
  const [symbol, decimals] = await Promise.all([
    (token.symbol() as Promise<string>).catch(() => "?"),
    token.decimals() as Promise<bigint>,
  ]);
  if (decimals > BigInt(maxDecimals)) {
    throw new Error(
      `token ${entry.token} (${symbol}) has ${decimals} decimals, more than the registry's ${maxDecimals} (RegistryTooManyDecimals)`,
    );
  }
  return `${symbol}, ${decimals} decimals`;
}

/** The `Sequencer` section of a parameters file: the L2 sequencer uptime feed, or why there is none. */
interface SequencerEntry {
  feed?: string;
  description?: string;
  gracePeriod: number;
  /** Why the network has none (the file says so), for the warning. */
  none?: string;
}

function parseSequencer(parameters: unknown, file: string): SequencerEntry | undefined {
  const section = (parameters as { Sequencer?: Record<string, unknown> })?.Sequencer;
  if (section === undefined) return undefined;
  if (section.feed === null || section.feed === undefined)
    return { gracePeriod: 0, none: typeof section.none === "string" ? section.none : undefined };
  if (typeof section.feed !== "string")
    throw new Error(`${file}: Sequencer.feed must be an address`);
  const grace = section.gracePeriod;
  if (
    typeof grace !== "number" ||
    !Number.isInteger(grace) ||
    grace <= 0 ||
    grace > MAX_GRACE_PERIOD
  )
    throw new Error(`${file}: Sequencer.gracePeriod must be 1..${MAX_GRACE_PERIOD} seconds`);
  return {
    feed: getAddress(section.feed),
    description: typeof section.description === "string" ? section.description : undefined,
    gracePeriod: grace,
  };
}

/** Checks the sequencer uptime feed the way the registry will use it; returns its answer (0 up, 1 down). */
async function checkSequencerFeed(entry: SequencerEntry, provider: Provider): Promise<bigint> {
  const feed = entry.feed!;
  if ((await provider.getCode(feed)) === "0x")
    throw new Error(`no contract at the sequencer feed ${feed}`);
  const contract = new Contract(feed, FEED_ABI, provider);
  const [description, round] = await Promise.all([
    contract.description() as Promise<string>,
    contract.latestRoundData() as Promise<[bigint, bigint, bigint, bigint, bigint]>,
  ]);
  if (entry.description !== undefined && description !== entry.description)
    throw new Error(
      `the sequencer feed ${feed} describes itself as "${description}", expected "${entry.description}"`,
    );
  const answer = round[1];
  if (answer !== 0n && answer !== 1n)
    throw new Error(
      `the sequencer feed ${feed} ("${description}") answers ${answer}: a sequencer uptime feed answers 0 (up) or 1 (down)`,
    );
  return answer;
}

/**
 * How often the feed was updated, from its last rounds (Chainlink round ids count up within a phase),
 * against the entry's maxStaleness: the real heartbeat, measured, where the documentation's could not
 * be confirmed.
 */
async function observeUpdates(
  entry: TokenEntry,
  provider: Provider,
  now: bigint,
): Promise<{ note?: string; warning?: string }> {
  const feed = new Contract(entry.feed, FEED_ABI, provider);
  const [roundId, , , updatedAt] = (await feed.latestRoundData()) as [
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const times: bigint[] = [updatedAt];
  const phaseStart = (roundId >> 64n) << 64n;
  for (let back = 1n; back <= 8n && roundId - back > phaseStart; back++) {
    try {
      const round = (await feed.getRoundData(roundId - back)) as [bigint, bigint, bigint, bigint];
      if (round[3] === 0n) break;
      times.push(round[3]);
    } catch {
      break; // an older round this feed no longer serves
    }
  }
  if (times.length < 2) return { note: `last update ${now - updatedAt} s ago` };
  let longest = now - times[0];
  for (let i = 1; i < times.length; i++)
    if (times[i - 1] - times[i] > longest) longest = times[i - 1] - times[i];
  const note = `updated every ≤ ${longest} s over its last ${times.length} rounds`;
  if (BigInt(entry.maxStaleness) < longest)
    return {
      note,
      warning: `maxStaleness ${entry.maxStaleness} s is shorter than the ${longest} s this feed went without an update: pledges would be refused between updates`,
    };
  if (BigInt(entry.maxStaleness) > 4n * longest && longest >= 60n)
    return {
      note,
      warning: `maxStaleness ${entry.maxStaleness} s is over four times the longest gap seen (${longest} s): check the feed's heartbeat on data.chain.link and tighten it`,
    };
  return { note };
}
