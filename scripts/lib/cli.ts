/**
 * What the operator scripts share so that each ends with a sentence, never a stack trace: the
 * sentence for any error they meet (Hardhat's, the provider's, a refused transaction's), and a
 * runner that prints it and sets the exit code.
 */
import { HandoverTxError } from "../../client/actions.ts";
import { rpcFaultOf } from "../../client/rpc.ts";

/** Bad input or setup: the script says what was wrong and how to fix it (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The one sentence that says what went wrong. */
export function sentenceOf(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  const fault = rpcFaultOf(error);
  if (fault) return fault.shortMessage;
  if (error instanceof HandoverTxError) return error.message;
  const e = error as {
    errorCode?: string;
    formattedMessage?: string;
    shortMessage?: string;
    details?: string;
    message?: string;
    code?: string;
    cause?: { code?: string };
  };
  // Hardhat's own errors (HHE…) and plugins' carry a formatted message without the code.
  if (typeof e?.errorCode === "string" && typeof e.formattedMessage === "string")
    return `${e.formattedMessage} (${e.errorCode})`;
  if (e?.shortMessage) {
    const details = e.details && !e.shortMessage.includes(e.details) ? `: ${e.details}` : "";
    return `${e.shortMessage}${details}`.split("\n")[0];
  }
  const code = e?.cause?.code ?? e?.code;
  if (code === "ECONNREFUSED")
    return "the RPC endpoint refused the connection: check the network's RPC URL and that the node is running";
  return String(e?.message ?? error).split("\n")[0];
}

/**
 * Runs a script's main function: its return value (or 0) is the exit code; a `UsageError` exits 2,
 * anything else 1, each with its sentence on standard error.
 */
export async function runScript(main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    console.error(`error: ${sentenceOf(error)}`);
    // Setup the operator must fix (a missing key, no terminal for the keystore) is bad input too.
    const setup = (error as { pluginId?: string })?.pluginId === "handover-non-interactive";
    process.exitCode = error instanceof UsageError || setup ? 2 : 1;
  }
}
