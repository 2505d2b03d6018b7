import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";

import HandoverModule from "./Handover.js";

/** ETH is listed in the registry as `address(0)`. */
export const ETH = ZeroAddress;

/**
 * A Handover deployment for local chains and tests: everything in `Handover`, plus mock tokens and
 * mock Chainlink USD feeds (8 decimals, like Chainlink's), each token listed in the registry.
 * Never deploy this to a public network: the mocks let anyone mint and set prices.
 *
 * The listings are sent by account 0, which must be the registry's admin (the default).
 * The feeds are fresh when deployed and stale `maxStaleness` seconds later: tests that move time
 * forward must push a new answer (`updateAnswer`) before pledging.
 *
 * Parameters (module id "LocalTokens"), all optional:
 * - `ethUsd`, `usdcUsd`, `usdtUsd`, `btcUsd`: initial answers with 8 decimals
 *   (defaults 3,000, 1, 1 and 60,000 USD).
 * - `maxStaleness`: seconds after which a price is refused. Default 3600.
 */
export default buildModule("LocalTokens", (m) => {
  const { registry, procurement, campaignImplementation, factory } = m.useModule(HandoverModule);

  const deployer = m.getAccount(0);
  const maxStaleness = m.getParameter("maxStaleness", 3_600n);

  const usdc = m.contract("MockUSDC", [], { id: "USDC" });
  const usdt = m.contract("MockUSDT", [], { id: "USDT" });
  const wbtc = m.contract("MockWBTC", [], { id: "WBTC" });

  const ethUsdFeed = m.contract(
    "MockV3Aggregator",
    [8, m.getParameter("ethUsd", 3_000n * 10n ** 8n), "ETH / USD"],
    { id: "EthUsdFeed" },
  );
  const usdcUsdFeed = m.contract(
    "MockV3Aggregator",
    [8, m.getParameter("usdcUsd", 10n ** 8n), "USDC / USD"],
    { id: "UsdcUsdFeed" },
  );
  const usdtUsdFeed = m.contract(
    "MockV3Aggregator",
    [8, m.getParameter("usdtUsd", 10n ** 8n), "USDT / USD"],
    { id: "UsdtUsdFeed" },
  );
  const btcUsdFeed = m.contract(
    "MockV3Aggregator",
    [8, m.getParameter("btcUsd", 60_000n * 10n ** 8n), "BTC / USD"],
    { id: "BtcUsdFeed" },
  );

  m.call(registry, "setAcceptedToken", [ETH, ethUsdFeed, maxStaleness], {
    id: "ListETH",
    from: deployer,
  });
  m.call(registry, "setAcceptedToken", [usdc, usdcUsdFeed, maxStaleness], {
    id: "ListUSDC",
    from: deployer,
  });
  m.call(registry, "setAcceptedToken", [usdt, usdtUsdFeed, maxStaleness], {
    id: "ListUSDT",
    from: deployer,
  });
  m.call(registry, "setAcceptedToken", [wbtc, btcUsdFeed, maxStaleness], {
    id: "ListWBTC",
    from: deployer,
  });

  return {
    registry,
    procurement,
    campaignImplementation,
    factory,
    usdc,
    usdt,
    wbtc,
    ethUsdFeed,
    usdcUsdFeed,
    usdtUsdFeed,
    btcUsdFeed,
  };
});
