/**
 * Secret input (the keystore's password) without a terminal: read from standard input when it is
 * piped in, else a sentence that says how to run the command without one. With a terminal, Hardhat
 * asks as usual.
 */
import { createInterface } from "node:readline";

import { HardhatPluginError } from "hardhat/plugins";
import type { UserInterruptionHooks } from "hardhat/types/hooks";

import { fetching } from "./ci.ts";

let piped: Promise<string[]> | undefined;

/** Every line piped on standard input, read once (a second question gets the next line). */
function pipedLines(): Promise<string[]> {
  piped ??= new Promise((resolve) => {
    const lines: string[] = [];
    const rl = createInterface({ input: process.stdin, terminal: false });
    rl.on("line", (line) => lines.push(line));
    rl.on("close", () => resolve(lines));
  });
  return piped;
}
let consumed = 0;

export function noTerminalMessage(what: string, variable: string | undefined): string {
  const name = variable ?? "the configuration variable";
  return `${what} needs a password${variable ? ` to read ${variable}` : ""}, and there is no terminal to ask it on (standard input is not a TTY and nothing was piped in). Either pass ${name} as an environment variable (it then wins over the keystore), or pipe the keystore's password on standard input: printf '%s\\n' "$KEYSTORE_PASSWORD" | npx hardhat … . See docs/deploy.md, "Running without a terminal".`;
}

export default async (): Promise<Partial<UserInterruptionHooks>> => ({
  requestSecretInput: async (context, interruptor, inputDescription, next) => {
    if (process.stdin.isTTY) return next(context, interruptor, inputDescription);
    const lines = await pipedLines();
    const line = lines[consumed];
    if (line === undefined || line === "") {
      const what = interruptor === "hardhat-keystore" ? "Hardhat's keystore" : interruptor;
      throw new HardhatPluginError(
        "handover-non-interactive",
        noTerminalMessage(what, fetching.name),
      );
    }
    consumed++;
    return line;
  },
});
