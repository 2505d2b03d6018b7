import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import handoverNonInteractive from "./scripts/lib/hardhat/plugin.ts";

const require = createRequire(import.meta.url);

/**
 * The compiler comes from the npm `solc` package (pinned in package.json) so that nothing
 * is downloaded at build time. Keep `SOLC_VERSION` equal to that package's version.
 */
const SOLC_VERSION = "0.8.28";

type ChainType = "l1" | "op" | "generic";

/** A JSON-RPC network whose URL and deployer key are configuration variables. */
function liveNetwork(urlVariable: string, chainId: number | undefined, chainType: ChainType) {
  return {
    type: "http" as const,
    chainType,
    chainId,
    url: configVariable(urlVariable),
    accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
  };
}

/** CUSTOM_CHAIN_ID from the environment, if set; a malformed value stops Hardhat with a clear error. */
function customChainId(): number | undefined {
  const raw = process.env.CUSTOM_CHAIN_ID;
  if (raw === undefined || raw === "") return undefined;
  const chainId = Number(raw);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`CUSTOM_CHAIN_ID must be a positive integer, got "${raw}"`);
  }
  return chainId;
}

export default defineConfig({
  // The project's plugin comes last so that its hooks run first: it turns a missing configuration
  // variable and a keystore password with no terminal into sentences (docs/deploy.md).
  plugins: [hardhatToolboxMochaEthers, handoverNonInteractive],
  solidity: {
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          optimizer: { enabled: true, runs: 1_000 },
          evmVersion: "cancun",
        },
      },
      production: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          optimizer: { enabled: true, runs: 1_000 },
          evmVersion: "cancun",
        },
      },
    },
  },
  test: {
    solidity: {
      profiles: {
        // Quick enough for every local `npm test`.
        default: {
          fuzz: { runs: 256 },
          invariant: { runs: 48, depth: 40, failOnRevert: false },
        },
        // The heavier profile `.ci/run` selects with HARDHAT_TEST_PROFILE=ci.
        ci: {
          fuzz: { runs: 2_000 },
          invariant: { runs: 256, depth: 100, failOnRevert: false },
        },
      },
    },
  },
  networks: {
    // The embedded local chain `npm run scenario` (and `npm start`) run; HANDOVER_LOCAL_PORT moves it
    // so that tests can run beside a developer's chain.
    localhost: {
      type: "http",
      chainType: "l1",
      url: `http://127.0.0.1:${process.env.HANDOVER_LOCAL_PORT ?? "8545"}`,
    },
    hardhatMainnet: {
      type: "edr-simulated",
      chainType: "l1",
    },
    // Real networks. Every URL and key is a configuration variable, read only when the network is
    // used: from the environment variable of the same name, else from the keystore
    // (`npx hardhat keystore set SEPOLIA_RPC_URL`). The chain id is checked against the RPC's.
    sepolia: liveNetwork("SEPOLIA_RPC_URL", 11_155_111, "l1"),
    baseSepolia: liveNetwork("BASE_SEPOLIA_RPC_URL", 84_532, "op"),
    base: liveNetwork("BASE_RPC_URL", 8_453, "op"),
    celo: liveNetwork("CELO_RPC_URL", 42_220, "generic"),
    polygon: liveNetwork("POLYGON_RPC_URL", 137, "generic"),
    // Any other EVM chain. Hardhat needs a chain id as a plain number when it loads this file, so
    // it cannot come from the keystore: set CUSTOM_CHAIN_ID in the environment to have it checked
    // against the RPC's, or leave it unset to take whatever chain CUSTOM_RPC_URL serves.
    custom: liveNetwork("CUSTOM_RPC_URL", customChainId(), "generic"),
  },
  // Celo is not among Hardhat's built-in chains: Celoscan is served by Etherscan's V2 API
  // (one ETHERSCAN_API_KEY for every chain), and Celo has a public Blockscout instance.
  chainDescriptors: {
    42_220: {
      name: "Celo",
      chainType: "generic",
      blockExplorers: {
        etherscan: { name: "Celoscan", url: "https://celoscan.io" },
        blockscout: {
          name: "Celo Blockscout",
          url: "https://celo.blockscout.com",
          apiUrl: "https://celo.blockscout.com/api",
        },
      },
    },
  },
  verify: {
    // Etherscan V2: one key for Etherscan, Basescan, Polygonscan, Celoscan... Without it the
    // Etherscan step of `verify` fails and Blockscout and Sourcify still run.
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    // Public Blockscout instances need no key.
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
