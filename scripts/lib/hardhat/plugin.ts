/**
 * A Hardhat plugin of the project (registered in hardhat.config.ts) that makes every command that
 * reads configuration variables (RPC URLs, DEPLOYER_PRIVATE_KEY) work, or fail with a sentence,
 * where no person sits at a terminal: a deployment script, a cron job, CI.
 *
 * - Hardhat's keystore asks its password on the terminal. Without one (standard input not a TTY)
 *   Hardhat's readline waits on a closed input and Node exits with "Detected unsettled top-level
 *   await". Here the password is read from standard input when it is piped in (`printf '%s\n'
 *   "$PASSWORD" | npx hardhat …`), and a missing one is a sentence saying what to do.
 * - With `CI` (or another CI marker) set, hardhat-keystore never opens the keystore, and a variable
 *   that is only there is reported as HHE7 "not found… use a plugin like hardhat-keystore". Here the
 *   message says that the keystore was skipped because of CI, and how to pass the value.
 *
 * See docs/deploy.md, "Running without a terminal".
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

const plugin: HardhatPlugin = {
  id: "handover-non-interactive",
  hookHandlers: {
    configurationVariables: () => import("./configuration-variables.ts"),
    userInterruptions: () => import("./user-interruptions.ts"),
  },
};

export default plugin;
