/** `npm run chain:stop`: stops the local chain that `npm run scenario` started. */
import { stopNode, LOCAL_RPC_URL } from "./lib/local-node.ts";

console.log(
  (await stopNode())
    ? `stopped the local chain at ${LOCAL_RPC_URL}`
    : "no local chain started by the scenario is running",
);
