/**
 * Runs the auditor (client/audit.ts) against the in-process Hardhat chain of a test, through a viem
 * public client over the connection's EIP-1193 provider: the same code path as `npm run audit`.
 */
import { expect } from "chai";
import { createPublicClient, custom, type Address, type PublicClient } from "viem";
import type { NetworkConnection } from "hardhat/types/network";

import { auditCampaign, type AuditResult } from "../../client/audit.ts";

export function auditor(connection: NetworkConnection) {
  // A new client for each audit, with no cache: tests revert the chain to snapshots between audits.
  const fresh = () =>
    createPublicClient({
      cacheTime: 0,
      transport: custom(connection.provider as never, { retryCount: 0 }),
    }) as PublicClient;

  const describe = (result: AuditResult) =>
    result.discrepancies
      .map(
        (d) => `${d.rule} [${d.scope}] expected ${d.expected}, found ${d.found} ${d.detail ?? ""}`,
      )
      .join("\n");

  return {
    audit: (campaign: string) => auditCampaign(fresh(), campaign as Address),

    /** The audit of `campaign` fails (the CLI would exit 1) and names `rule` for `scope`. */
    async expectBroken(campaign: string, rule: string, scope: RegExp) {
      const result = await auditCampaign(fresh(), campaign as Address);
      const match = result.discrepancies.find((d) => d.rule === rule && scope.test(d.scope));
      expect(match, `no ${rule} [${scope}] among:\n${describe(result)}`).to.not.equal(undefined);
      return { result, discrepancy: match! };
    },

    /** The audit of `campaign` finds nothing wrong, the promise included. */
    async expectReconciles(campaign: string) {
      const result = await auditCampaign(fresh(), campaign as Address);
      expect(result.discrepancies, describe(result)).to.deep.equal([]);
      expect(result.checks.filter((c) => c.rule.startsWith("promise-")).length).to.be.greaterThan(
        5,
      );
      return result;
    },
  };
}
