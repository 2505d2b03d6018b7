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
 * code and at most the registry's `MAX_TOKEN_DECIMALS` decimals. On an L2 (chain type "op") it warns
 * when the registry has no sequencer uptime feed (`setSequencerUptimeFeed`), without which prices are
 * used even while the sequencer is down.
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

const FEED_ABI = [
  "function decimals() view returns (uint8)",
  "function description() view returns (string)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
];
const TOKEN_ABI = [
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
];

const { ethers, networkName, chainType } = await network.create();
const provider = ethers.provider;
const chainId = (await provider.getNetwork()).chainId;
const dryRun = process.env.HANDOVER_DRY_RUN === "1";

try {
  if (!(await main())) process.exitCode = 1;
} catch (error) {
  console.error(`error     ${error instanceof Error ? error.message : String(error)}`);
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

  const entries = parseEntries(await readJson(parametersPath, "parameters file"), parametersPath);
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
  const [sequencerFeed] = await registry.sequencerUptimeFeed();
  if (sequencerFeed !== ZeroAddress) {
    console.log(`sequencer ${sequencerFeed} (L2 sequencer uptime feed)`);
  } else if (String(chainType) === "op") {
    console.log(
      `warning   the registry has no L2 sequencer uptime feed: prices would be used while the sequencer is down; ` +
        `the admin sets one with setSequencerUptimeFeed(feed, gracePeriod)`,
    );
  }

  const now = BigInt(
    (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000),
  );
  let listed = 0;
  let unchanged = 0;
  let failed = 0;
  const forAdmin: { symbol: string; data: string }[] = [];

  for (const entry of entries) {
    const label = entry.symbol.padEnd(6);
    try {
      const [minAnswer, maxAnswer] = await registry.priceBounds(entry.token);
      const feed = await checkFeed(entry, provider, now, { minAnswer, maxAnswer });
      const tokenNote = `${await checkToken(entry, provider, maxTokenDecimals)}; feed "${feed.description}"${
        maxAnswer !== 0n ? `, bounds ${minAnswer}..${maxAnswer}` : ""
      }`;

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
    console.log(`\nTransactions for the admin ${admin} to submit (value 0), in order:`);
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
