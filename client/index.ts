/** The Handover TypeScript client: ABIs, addresses, typed reads and writes, ledger reconstruction. */
export * from "./generated/abis.ts";
export { deployments } from "./generated/deployments.ts";
export * from "./actions.ts";
export * from "./audit.ts";
export * from "./errors.ts";
export * from "./ledger.ts";
export * from "./logs.ts";
export * from "./report.ts";
export * from "./rpc.ts";
