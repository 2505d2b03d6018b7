import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/**
 * The compiler comes from the npm `solc` package (pinned in package.json) so that nothing
 * is downloaded at build time. Keep `SOLC_VERSION` equal to that package's version.
 */
const SOLC_VERSION = "0.8.28";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
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
    hardhatMainnet: {
      type: "edr-simulated",
      chainType: "l1",
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});
