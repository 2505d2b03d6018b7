import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The contracts of one Handover deployment, and nothing that needs the admin's signature, so it
 * deploys the same way whoever the admin is (the deployer locally, a multisig in production).
 *
 * Parameters (module id "HandoverCore", or under "$global"):
 * - `admin`: the registry's `DEFAULT_ADMIN_ROLE` holder. Default: the deployer (account 0).
 *   In production pass the platform multisig; it then grants the roles and lists the tokens.
 * - `adminDelay`: seconds an admin transfer must wait (`AccessControlDefaultAdminRules`).
 *   Default 0, for local chains and tests. Production should use at least 2 days: 172800.
 *
 * Deploys `Registry(admin, adminDelay)` (with the default limits: 90 days of funding, 365 of
 * procurement, a 30% advance ceiling, at least 2 verifiers; the admin changes them with `setLimits`),
 * the `CampaignProcurement` module (orders, deliveries and close, which every campaign runs by
 * DELEGATECALL), the `Campaign` implementation that every campaign clones (its constructor disables
 * initializers), and `CampaignFactory(registry, implementation)`.
 */
export default buildModule("HandoverCore", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const adminDelay = m.getParameter("adminDelay", 0n);

  const registry = m.contract("Registry", [admin, adminDelay]);
  const procurement = m.contract("CampaignProcurement", [registry]);
  const campaignImplementation = m.contract("Campaign", [registry, procurement], {
    id: "CampaignImplementation",
  });
  const factory = m.contract("CampaignFactory", [registry, campaignImplementation]);

  return { registry, procurement, campaignImplementation, factory };
});
