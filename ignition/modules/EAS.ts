import { createRequire } from "node:module";

import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const require = createRequire(import.meta.url);
/**
 * The npm package's own build artifacts (EAS compiles them with solc 0.8.29), deployed as they are:
 * no second compiler in this project. Live networks that have EAS already (Ethereum, Sepolia, Base,
 * Base Sepolia, Optimism, Celo, Polygon…) use the predeployed contracts: see client/attest.ts.
 */
const schemaRegistryArtifact = require("@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json");
const easArtifact = require("@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json");

/**
 * The Ethereum Attestation Service for local chains and tests: SchemaRegistry, then EAS bound to
 * it. Auditors publish their verdicts through it (`npm run audit -- … --attest`).
 */
export default buildModule("EAS", (m) => {
  const schemaRegistry = m.contract("SchemaRegistry", schemaRegistryArtifact, []);
  const eas = m.contract("EAS", easArtifact, [schemaRegistry]);
  return { schemaRegistry, eas };
});
