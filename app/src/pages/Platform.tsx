/**
 * The platform page: what every appeal raised, spent (paid to suppliers), refunded, and the units
 * ordered and verified delivered, in total and by token (amounts in tokens beside their USD), by
 * appeal, by supplier, by beneficiary and by country, from the indexer (`platformTotals`). Names
 * sit beside addresses: suppliers' from the registry, beneficiaries' as their appeals' metadata states
 * them (fetched by CID and verified). Countries: the indexer's when a metadata step filled them, else
 * each beneficiary's stated country. When the indexer is not the source (none, unreachable, behind or
 * of another deployment), the same totals are computed from the chain's views of every appeal
 * (lib/platformTotals.ts, by the indexer's definitions); donors, pledges and cancelled USD, which only
 * events give, are then left out and the page says so.
 */
import { useQueries } from "@tanstack/react-query";
import { Fragment, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { getAddress, type Address } from "viem";

import { NameBook } from "../../../client/names.ts";
import {
  beneficiaryMetadata,
  platformTotals,
  tokenList,
  tokenTotalsUsd,
} from "../../../indexer/queries.ts";
import { Party, Section, TableWrap } from "../components/common.tsx";
import {
  tokensReady,
  useAllCampaigns,
  useSuppliers,
  useTokens,
  useWithdrawables,
} from "../hooks/campaigns.ts";
import { useGateways } from "../hooks/useMetadata.ts";
import { useDeployment } from "../hooks/useDeployment.tsx";
import { t } from "../i18n/index.ts";
import { contentLib, fetchContent, isIpfsUri } from "../lib/content.ts";
import { explainError } from "../lib/errors.ts";
import { formatBalance, formatUnitsCount, formatUsd } from "../lib/format.ts";
import { useIndexed } from "../lib/indexerHooks.ts";
import { SourceNote } from "../lib/indexerSource.tsx";
import { intlLocale } from "../lib/locale.ts";
import { networkName } from "../lib/networkName.ts";
import {
  owedReads,
  platformTotalsFromChain,
  type ChainAppeal,
  type ChainTotals,
} from "../lib/platformTotals.ts";
import { href } from "../lib/router.ts";

const TOP = 20;

/** A country's name in the chosen language beside its code ("Ghana (GH)"), or the code alone. */
function countryName(code: string) {
  try {
    const name = new Intl.DisplayNames([intlLocale()], { type: "region" }).of(code.toUpperCase());
    return name && name !== code.toUpperCase() ? `${name} (${code.toUpperCase()})` : code;
  } catch {
    return code;
  }
}

type Totals = {
  appeals: number;
  raisedUsd: bigint;
  spentUsd: bigint;
  refundedUsd: bigint;
  unitsOrdered: bigint;
  unitsVerified: bigint;
};

type PlatformData = {
  totals: ChainTotals;
  tokens: { address: Address; symbol: string; decimals: number }[];
  usd: Awaited<ReturnType<typeof tokenTotalsUsd>>;
  beneficiaries: { beneficiary: Address; metadataURI: string }[];
};

/**
 * The platform's totals from the chain, when `enabled` (the indexer is not the source): every appeal's
 * summary, books and orders (the factory's campaigns in batches of 200), the registry's suppliers and
 * what each can withdraw where it earned, then `platformTotalsFromChain`.
 */
function useChainTotals(enabled: boolean) {
  const every = useAllCampaigns(enabled);
  const suppliers = useSuppliers(enabled);
  const appeals = useMemo(
    () =>
      every.data?.map((c, index): ChainAppeal => ({
        address: c.address,
        index,
        beneficiary: c.params.beneficiary,
        unitName: c.params.unitName,
        metadataURI: c.params.metadataURI,
        books: c.books,
        orders: c.orders,
      })),
    [every.data],
  );
  const reads = useMemo(() => (appeals ? owedReads(appeals) : undefined), [appeals]);
  const owed = useWithdrawables(enabled ? reads : undefined);
  const tokenAddresses = useMemo(
    () => [...new Set((appeals ?? []).flatMap((a) => Object.keys(a.books) as Address[]))],
    [appeals],
  );
  const tokens = useTokens(enabled ? tokenAddresses : undefined);
  const data = useMemo((): PlatformData | undefined => {
    if (!enabled || !appeals || !suppliers.data || !owed.data) return undefined;
    if (!tokensReady(tokens, tokenAddresses)) return undefined;
    const figures = platformTotalsFromChain({
      appeals,
      suppliers: suppliers.data.map((s) => ({
        address: s.address,
        name: s.name,
        country: s.country,
        status: Number(s.status),
      })),
      owed: owed.data,
      top: TOP,
    });
    return { ...figures, tokens: [...tokens.values()] };
  }, [enabled, appeals, suppliers.data, owed.data, tokens, tokenAddresses]);
  return { data, error: every.error ?? suppliers.error ?? owed.error ?? undefined };
}

/** What the metadata of each of `uris` says: title, beneficiary's name and country (verified by CID). */
function useStated(uris: string[]) {
  const gateways = useGateways();
  const results = useQueries({
    queries: uris.map((uri) => ({
      queryKey: ["platform-metadata", uri, gateways.join(",")],
      enabled: isIpfsUri(uri) && gateways.length > 0,
      staleTime: Infinity,
      retry: false,
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const got = await fetchContent(uri, gateways, signal);
        const { parseAppealMetadata } = await contentLib();
        const m = parseAppealMetadata(got.bytes);
        return { title: m.title, name: m.beneficiary.name, country: m.beneficiary.country };
      },
    })),
  });
  return new Map(uris.map((uri, i) => [uri, results[i]?.data]));
}

function Amounts({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** Columns every grouping shares: appeals, raised, spent, refunded, units ordered and verified. */
function totalCells(r: Totals) {
  return (
    <>
      <td>{formatUnitsCount(r.appeals)}</td>
      <td>{formatUsd(r.raisedUsd)}</td>
      <td>{formatUsd(r.spentUsd)}</td>
      <td>{formatUsd(r.refundedUsd)}</td>
      <td>{formatUnitsCount(r.unitsOrdered)}</td>
      <td>{formatUnitsCount(r.unitsVerified)}</td>
    </>
  );
}

function TotalHeads() {
  return (
    <>
      <th scope="col">{t("platform.appeals")}</th>
      <th scope="col">{t("platform.raised")}</th>
      <th scope="col">{t("platform.spent")}</th>
      <th scope="col">{t("platform.refunded")}</th>
      <th scope="col">{t("platform.unitsOrdered")}</th>
      <th scope="col">{t("platform.unitsVerified")}</th>
    </>
  );
}

export function PlatformPage() {
  useTranslation();
  const { chainId, chain } = useDeployment();
  const indexed = useIndexed(["platform"], async (db) => {
    const [totals, tokens, usd, beneficiaries] = await Promise.all([
      platformTotals(db, { chainId, top: TOP }),
      tokenList(db, { chainId }),
      tokenTotalsUsd(db, { chainId }),
      beneficiaryMetadata(db, { chainId }),
    ]);
    return { totals, tokens, usd, beneficiaries };
  });
  const fromChain = useChainTotals(indexed.mode === "rpc");
  const data: PlatformData | undefined =
    indexed.mode === "indexer" ? indexed.data : indexed.mode === "rpc" ? fromChain.data : undefined;
  const uris = useMemo(
    () => [
      ...new Set([
        ...(data?.totals.byAppeal ?? []).map((a) => a.metadataURI),
        ...(data?.beneficiaries ?? []).map((b) => b.metadataURI),
      ]),
    ],
    [data],
  );
  const stated = useStated(uris);
  const names = useMemo(() => {
    const book = new NameBook();
    for (const s of data?.totals.bySupplier ?? [])
      book.set(s.supplier, { name: s.name, detail: s.country || undefined, source: "supplier" });
    for (const b of data?.beneficiaries ?? []) {
      const name = stated.get(b.metadataURI)?.name;
      if (name) book.set(b.beneficiary, { name, source: "metadata" });
    }
    return book;
  }, [data, stated]);

  // By country: the indexer's when it has countries, else each beneficiary's stated country.
  const byCountry = useMemo(() => {
    if (!data) return [];
    if (data.totals.byCountry.some((c) => c.country !== null)) return data.totals.byCountry;
    const countryOf = new Map(
      data.beneficiaries.map((b) => [
        b.beneficiary.toLowerCase(),
        stated.get(b.metadataURI)?.country ?? null,
      ]),
    );
    const groups = new Map<string | null, Totals & { country: string | null }>();
    for (const b of data.totals.byBeneficiary) {
      const country = countryOf.get(b.beneficiary.toLowerCase()) ?? null;
      const g = groups.get(country) ?? {
        country,
        appeals: 0,
        raisedUsd: 0n,
        spentUsd: 0n,
        refundedUsd: 0n,
        unitsOrdered: 0n,
        unitsVerified: 0n,
      };
      g.appeals += b.appeals;
      g.raisedUsd += b.raisedUsd;
      g.spentUsd += b.spentUsd;
      g.refundedUsd += b.refundedUsd;
      g.unitsOrdered += b.unitsOrdered;
      g.unitsVerified += b.unitsVerified;
      groups.set(country, g);
    }
    return [...groups.values()].sort((a, b) => (a.raisedUsd > b.raisedUsd ? -1 : 1));
  }, [data, stated]);

  const tokenInfo = (a: Address) =>
    data?.tokens.find((x) => x.address.toLowerCase() === a.toLowerCase()) ?? {
      address: a,
      symbol: a.slice(0, 8),
      decimals: 18,
    };
  const usdOf = (a: Address) => data?.usd.find((x) => x.token.toLowerCase() === a.toLowerCase());
  const withUsd = (amount: bigint, token: Address, usd?: bigint) => {
    const info = tokenInfo(token);
    const text = formatBalance(amount, info.decimals, info.symbol);
    return usd === undefined
      ? text
      : t("platform.amountWithUsd", { amount: text, usd: formatUsd(usd) });
  };
  const total = data?.totals.total;

  return (
    <div>
      <h1>{t("platform.title")}</h1>
      <p className="muted">{t("platform.intro", { network: networkName(chain) })}</p>
      <SourceNote mode={indexed.mode} source={indexed.source} block={indexed.block} />
      {indexed.mode === "rpc" && fromChain.error ? (
        <p className="banner banner-warning" role="alert" data-testid="platform-chain-error">
          {t("platform.chainFailed", { reason: explainError(fromChain.error).sentence })}
        </p>
      ) : null}
      {indexed.mode === "pending" ? <p role="status">{t("platform.loading")}</p> : null}
      {indexed.mode === "rpc" && !data && !fromChain.error ? (
        <p role="status" data-testid="platform-chain-loading">
          {t("platform.loadingChain")}
        </p>
      ) : null}
      {data ? (
        <>
          <Section title={t("platform.totals")}>
            {total ? (
              <div data-testid="platform-totals">
                <Amounts
                  rows={(
                    [
                      [t("platform.raised"), formatUsd(total.raisedUsd)],
                      [t("platform.spent"), formatUsd(total.spentUsd)],
                      [t("platform.refunded"), formatUsd(total.refundedUsd)],
                      [t("platform.withdrawn"), formatUsd(total.withdrawnUsd)],
                      [
                        t("platform.cancelled"),
                        total.cancelledUsd === undefined
                          ? undefined
                          : formatUsd(total.cancelledUsd),
                      ],
                      [t("platform.unitsOrdered"), formatUnitsCount(total.unitsOrdered)],
                      [t("platform.unitsVerified"), formatUnitsCount(total.unitsVerified)],
                      [t("platform.unitsPaid"), formatUnitsCount(total.unitsPaid)],
                      [t("platform.appeals"), formatUnitsCount(total.appeals)],
                      [
                        t("platform.donors"),
                        total.donors === undefined ? undefined : formatUnitsCount(total.donors),
                      ],
                      [
                        t("platform.pledges"),
                        total.pledges === undefined ? undefined : formatUnitsCount(total.pledges),
                      ],
                      [
                        t("platform.orders"),
                        t("platform.ordersValue", {
                          total: formatUnitsCount(total.orders),
                          open: formatUnitsCount(total.openOrders),
                        }),
                      ],
                    ] as [string, string | undefined][]
                  ).filter((row): row is [string, string] => row[1] !== undefined)}
                />
                {total.donors === undefined ? (
                  <p className="muted small-text" data-testid="platform-events-only">
                    {t("platform.eventsOnly")}
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="muted">{t("platform.none")}</p>
            )}
          </Section>

          <Section title={t("platform.byToken")}>
            <TableWrap label={t("platform.byToken")}>
              <table data-testid="platform-by-token">
                <thead>
                  <tr>
                    <th scope="col">{t("platform.token")}</th>
                    <th scope="col">{t("platform.pledged")}</th>
                    <th scope="col">{t("platform.earned")}</th>
                    <th scope="col">{t("platform.refunded")}</th>
                    <th scope="col">{t("platform.withdrawn")}</th>
                    <th scope="col">{t("platform.reserved")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.totals.byToken.map((r) => {
                    const usd = usdOf(r.token);
                    return (
                      <tr key={r.token} data-token={tokenInfo(r.token).symbol}>
                        <th scope="row">{tokenInfo(r.token).symbol}</th>
                        <td>{withUsd(r.pledged - r.cancelled, r.token, usd?.pledgedUsd)}</td>
                        <td>{withUsd(r.earned, r.token, usd?.earnedUsd)}</td>
                        <td>{withUsd(r.refunded, r.token, usd?.refundedUsd)}</td>
                        <td>{withUsd(r.withdrawn, r.token, usd?.withdrawnUsd)}</td>
                        <td>{withUsd(r.reserved, r.token)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          </Section>

          <Section title={t("platform.byAppeal", { n: formatUnitsCount(TOP) })}>
            <TableWrap label={t("platform.byAppeal", { n: formatUnitsCount(TOP) })}>
              <table data-testid="platform-by-appeal">
                <thead>
                  <tr>
                    <th scope="col">{t("platform.appeal")}</th>
                    <th scope="col">{t("platform.beneficiary")}</th>
                    <th scope="col">{t("platform.raised")}</th>
                    <th scope="col">{t("platform.spent")}</th>
                    <th scope="col">{t("platform.refunded")}</th>
                    <th scope="col">{t("platform.unitsOrdered")}</th>
                    <th scope="col">{t("platform.unitsVerified")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.totals.byAppeal.map((a) => (
                    <tr key={a.appeal} data-appeal={a.appeal.toLowerCase()}>
                      <td>
                        <a href={href("appeal", getAddress(a.appeal))}>
                          {a.title ?? stated.get(a.metadataURI)?.title ?? a.unitName}
                        </a>
                      </td>
                      <td>
                        <Party address={getAddress(a.beneficiary)} names={names} chain={chain} />
                      </td>
                      <td>{formatUsd(a.raisedUsd)}</td>
                      <td>{formatUsd(a.spentUsd)}</td>
                      <td>{formatUsd(a.refundedUsd)}</td>
                      <td>{formatUnitsCount(a.unitsOrdered)}</td>
                      <td>{formatUnitsCount(a.unitsVerified)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </Section>

          <Section title={t("platform.bySupplier")}>
            <TableWrap label={t("platform.bySupplier")}>
              <table data-testid="platform-by-supplier">
                <thead>
                  <tr>
                    <th scope="col">{t("platform.supplier")}</th>
                    <th scope="col">{t("platform.orders")}</th>
                    <th scope="col">{t("platform.unitsOrdered")}</th>
                    <th scope="col">{t("platform.unitsVerified")}</th>
                    <th scope="col">{t("platform.earned")}</th>
                    <th scope="col">{t("platform.withdrawn")}</th>
                    <th scope="col">{t("platform.owed")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.totals.bySupplier.map((s) => (
                    <tr key={s.supplier} data-supplier={s.supplier.toLowerCase()}>
                      <td>
                        <Party address={getAddress(s.supplier)} names={names} chain={chain} />
                      </td>
                      <td>
                        {t("platform.ordersValue", {
                          total: formatUnitsCount(s.ordersTotal),
                          open: formatUnitsCount(s.ordersOpen),
                        })}
                      </td>
                      <td>{formatUnitsCount(s.unitsOrdered)}</td>
                      <td>{formatUnitsCount(s.unitsVerified)}</td>
                      <td>{formatUsd(s.earnedUsd)}</td>
                      <td>{formatUsd(s.withdrawnUsd)}</td>
                      <td>{formatUsd(s.owedUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </Section>

          <Section title={t("platform.byBeneficiary")}>
            <TableWrap label={t("platform.byBeneficiary")}>
              <table data-testid="platform-by-beneficiary">
                <thead>
                  <tr>
                    <th scope="col">{t("platform.beneficiary")}</th>
                    <TotalHeads />
                  </tr>
                </thead>
                <tbody>
                  {data.totals.byBeneficiary.map((b) => (
                    <tr key={b.beneficiary} data-beneficiary={b.beneficiary.toLowerCase()}>
                      <td>
                        <Party address={getAddress(b.beneficiary)} names={names} chain={chain} />
                      </td>
                      {totalCells(b)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </Section>

          <Section title={t("platform.byCountry")}>
            <p className="muted small-text">{t("platform.countryFromMetadata")}</p>
            <TableWrap label={t("platform.byCountry")}>
              <table data-testid="platform-by-country">
                <thead>
                  <tr>
                    <th scope="col">{t("platform.country")}</th>
                    <TotalHeads />
                  </tr>
                </thead>
                <tbody>
                  {byCountry.map((c) => (
                    <tr key={c.country ?? "-"} data-country={c.country ?? ""}>
                      <th scope="row">
                        {c.country ? countryName(c.country) : t("platform.notStated")}
                      </th>
                      {totalCells(c)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </Section>
        </>
      ) : null}
    </div>
  );
}
