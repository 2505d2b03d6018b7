import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";

import HandoverCoreModule from "./HandoverCore.js";

/** Role ids exactly as the registry defines them: `keccak256("VETTER_ROLE")` and so on. */
export const VETTER_ROLE = id("VETTER_ROLE");
export const ORGANIZER_ROLE = id("ORGANIZER_ROLE");
export const PAUSER_ROLE = id("PAUSER_ROLE");

/**
 * A Handover deployment whose admin is the deployer: the contracts of `HandoverCore`, then one
 * holder of each role. This is what local chains, tests and the Bithelp scenario deploy.
 *
 * The grants are sent by account 0, so they only succeed while account 0 is the registry's admin,
 * which it is unless `admin` is overridden. With a multisig admin, deploy `HandoverCore` instead
 * and let the multisig grant the roles (`grantRole`) and list tokens (`setAcceptedToken`).
 * Ignition builds a fixed list of transactions before it reads any parameter, so it cannot skip
 * the grants for a different admin, nor loop over a list of accounts: each role gets one holder
 * here, and further holders are granted afterwards by the admin.
 *
 * Parameters (module id "Handover", or under "$global"):
 * - `vetter`, `organizer`, `pauser`: who receives `VETTER_ROLE`, `ORGANIZER_ROLE`, `PAUSER_ROLE`.
 *   Default: the deployer (account 0).
 * - `admin` and `adminDelay` belong to "HandoverCore" (see there); `$global` reaches both modules.
 */
export default buildModule("Handover", (m) => {
  const { registry, procurement, campaignImplementation, factory } =
    m.useModule(HandoverCoreModule);

  const deployer = m.getAccount(0);
  const vetter = m.getParameter("vetter", deployer);
  const organizer = m.getParameter("organizer", deployer);
  const pauser = m.getParameter("pauser", deployer);

  m.call(registry, "grantRole", [VETTER_ROLE, vetter], { id: "GrantVetterRole", from: deployer });
  m.call(registry, "grantRole", [ORGANIZER_ROLE, organizer], {
    id: "GrantOrganizerRole",
    from: deployer,
  });
  m.call(registry, "grantRole", [PAUSER_ROLE, pauser], { id: "GrantPauserRole", from: deployer });

  return { registry, procurement, campaignImplementation, factory };
});
