/**
 * What every page must say before anything else: the network cannot be reached (with Retry), the
 * platform is paused, a token's price is stale or unusable (pledges in it are refused), and the
 * network's clock differs from the person's (dates on the pages are chain time).
 */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { tokenOf, useRegistryTokens, useTokens } from "../hooks/campaigns.ts";
import { useChainClient, useChainNow } from "../hooks/useChainClient.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { explainError } from "../lib/errors.ts";
import { formatDate, formatSpan } from "../lib/format.ts";
import { networkName } from "../lib/networkName.ts";

/** The network answers? (its block number, polled). */
export function useNetworkHealth() {
  const client = useChainClient();
  const { chainId } = useDeployment();
  return useQuery({
    queryKey: ["health", chainId],
    queryFn: () => client.getBlockNumber({ cacheTime: 0 }),
    refetchInterval: (query) => (query.state.error ? false : 15_000),
    retry: 1,
    retryDelay: 500,
  });
}

export function NetworkDown({ health }: { health: ReturnType<typeof useNetworkHealth> }) {
  const { t } = useTranslation();
  const { chain } = useDeployment();
  return (
    <div className="banner banner-warning" role="alert" data-testid="network-down">
      <p>
        <strong>{t("banner.unreachable", { network: networkName(chain) })}</strong>{" "}
        {t("banner.unreachableHelp")}
      </p>
      <button
        type="button"
        className="small"
        disabled={health.isFetching}
        onClick={() => void health.refetch()}
        data-testid="network-retry"
      >
        {health.isFetching ? t("common.retrying") : t("common.retry")}
      </button>
    </div>
  );
}

/** The platform's pause and the accepted tokens' prices, on every page. */
export function PlatformBanner() {
  const { t } = useTranslation();
  const registry = useRegistryTokens();
  const tokens = useTokens(registry.data?.tokens.map((r) => r.token));
  if (!registry.data) return null;
  const stale = registry.data.tokens.filter((r) => r.accepted && !r.price.ok);
  return (
    <>
      {registry.data.paused ? (
        <div className="banner banner-warning" role="status" data-testid="paused-banner">
          <strong>{t("banner.paused")}</strong> {t("banner.pausedHelp")}
        </div>
      ) : null}
      {stale.length ? (
        <div className="banner banner-warning" role="status" data-testid="stale-banner">
          <strong>
            {t("banner.stale", {
              tokens: stale.map((r) => tokenOf(tokens, r.token).symbol).join(", "),
            })}
          </strong>{" "}
          {stale.map((r) => (
            <span key={r.token}>{r.price.ok ? "" : explainError(r.price.error).sentence} </span>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** Says when the network's clock is not the person's (a local chain runs ahead after seeding). */
export function ChainClock() {
  const { t } = useTranslation();
  const now = useChainNow();
  if (now === undefined) return null;
  const wall = BigInt(Math.floor(Date.now() / 1000));
  const skew = now - wall;
  // A public chain's latest block is seconds old; an idle local chain's may be older, never ahead.
  if (skew < 600n && skew > -86_400n) return null;
  return (
    <p className="banner banner-info small-text" role="note" data-testid="chain-clock">
      {t(skew > 0n ? "banner.clockAhead" : "banner.clockBehind", {
        chain: formatDate(now),
        wall: formatDate(wall),
        span: formatSpan(skew),
      })}
    </p>
  );
}
