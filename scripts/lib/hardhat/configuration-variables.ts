/**
 * Configuration variables that cannot be found become a sentence that says where Hardhat looked and
 * what to do, instead of HHE7's suggestion to use the keystore (which CI mode skips).
 */
import { HardhatPluginError } from "hardhat/plugins";
import type { ConfigurationVariableHooks } from "hardhat/types/hooks";

import { ciMarker, fetching } from "./ci.ts";

/** HHE7, "Configuration Variable not found". */
function isNotFound(error: unknown): boolean {
  const e = error as { errorCode?: unknown; pluginId?: unknown };
  return e?.errorCode === "HHE7" && e.pluginId === undefined;
}

export function notFoundMessage(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const ci = ciMarker(env);
  if (ci !== undefined) {
    return `${name} is not set. ${ci} is set in this environment, so Hardhat treats this as CI and never opens its keystore: pass ${name} as an environment variable (from your CI's secret store), or, on a machine where the keystore holds it, run without ${ci} (env -u ${ci} …). See docs/deploy.md.`;
  }
  return `${name} is not set: it is neither an environment variable nor in Hardhat's keystore. Store it with \`npx hardhat keystore set ${name}\`, or export ${name}=… for this command. See docs/deploy.md.`;
}

export default async (): Promise<Partial<ConfigurationVariableHooks>> => ({
  fetchValue: async (context, variable, next) => {
    const previous = fetching.name;
    fetching.name = variable.name;
    try {
      return await next(context, variable);
    } catch (error) {
      if (isNotFound(error))
        throw new HardhatPluginError("handover-non-interactive", notFoundMessage(variable.name));
      throw error;
    } finally {
      fetching.name = previous;
    }
  },
});
