/** The same test as Hardhat's (`@nomicfoundation/hardhat-utils/ci`), under which hardhat-keystore skips the keystore. */
export function ciMarker(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [
    "GITHUB_ACTIONS",
    "NOW",
    "DEPLOYMENT_ID",
    "CODEBUILD_BUILD_NUMBER",
    "CI",
    "CONTINUOUS_INTEGRATION",
    "BUILD_NUMBER",
    "RUN_ID",
  ].find((name) => env[name] !== undefined);
}

/** The configuration variable being fetched, for messages about the keystore's password. */
export const fetching: { name?: string } = {};
