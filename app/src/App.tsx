import { useTranslation } from "react-i18next";

import {
  ChainClock,
  NetworkDown,
  PlatformBanner,
  useNetworkHealth,
} from "./components/Banners.tsx";
import { LanguagePicker } from "./components/LanguagePicker.tsx";
import { NetworkBanner } from "./components/NetworkBanner.tsx";
import { PendingTransactions, Toasts } from "./components/Toasts.tsx";
import { DevWalletPanel, WalletPanel } from "./components/WalletPanel.tsx";
import { useDeployment } from "./hooks/useDeployment.tsx";
import type { MessageKey } from "./i18n/index.ts";
import { DeploymentFormatError } from "./lib/deployment.ts";
import { explainError } from "./lib/errors.ts";
import { say } from "./lib/message.ts";
import { networkName } from "./lib/networkName.ts";
import { href, useRoute, type Route } from "./lib/router.ts";
import { AdminPage } from "./pages/Admin.tsx";
import { AppealPage } from "./pages/Appeal.tsx";
import { AppealsPage } from "./pages/Appeals.tsx";
import { AuditPage } from "./pages/Audit.tsx";
import { GivingPage } from "./pages/Giving.tsx";
import { OrganizerPage } from "./pages/Organizer.tsx";
import { PlatformPage } from "./pages/Platform.tsx";
import { ReceiptPage } from "./pages/Receipt.tsx";
import { SupplierPage } from "./pages/Supplier.tsx";
import { VerifierPage } from "./pages/Verifier.tsx";

const NAV: readonly (readonly [string, MessageKey])[] = [
  ["appeals", "nav.appeals"],
  ["giving", "nav.giving"],
  ["organizer", "nav.organizer"],
  ["supplier", "nav.supplier"],
  ["verifier", "nav.verifier"],
  ["admin", "nav.admin"],
  ["audit", "nav.audit"],
  ["platform", "platform.title"],
];

/** Why the local deployment could not be read, in the chosen language. */
const deploymentError = (error: unknown) =>
  error instanceof DeploymentFormatError ? say(error.reason) : explainError(error).sentence;

function ChainPicker() {
  const { t } = useTranslation();
  const { chainId, available, setChainId, chain } = useDeployment();
  if (available.length <= 1)
    return (
      <span className="chain-name" data-testid="chain-name">
        {networkName(chain)}
      </span>
    );
  return (
    <label className="chain-picker">
      <span className="sr-only">{t("header.network")}</span>
      <select
        value={chainId}
        onChange={(e) => setChainId(Number(e.target.value))}
        data-testid="chain-picker"
      >
        {available.map((c) => (
          <option key={c.id} value={c.id}>
            {networkName(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { deployment, loading, chain, error } = useDeployment();
  const health = useNetworkHealth();
  if (loading) return <p role="status">{t("app.loadingDeployment")}</p>;
  if (!deployment)
    return (
      <div className="card" role="alert" data-testid="no-deployment">
        <h1>{t("app.noDeployment", { network: networkName(chain) })}</h1>
        <p>{chain.id === 31337 ? t("app.startLocal") : t("app.pickAnother")}</p>
        {error ? <p className="error-sentence">{deploymentError(error)}</p> : null}
      </div>
    );
  if (health.error && health.data === undefined) return <NetworkDown health={health} />;
  switch (route.page) {
    case "appeal":
      return <AppealPage address={route.param} />;
    case "organizer":
      return <OrganizerPage />;
    case "supplier":
      return <SupplierPage />;
    case "verifier":
      return <VerifierPage />;
    case "admin":
      return <AdminPage />;
    case "audit":
      return <AuditPage address={route.param} />;
    case "giving":
      return <GivingPage />;
    case "receipt":
      return <ReceiptPage campaign={route.param} donor={route.param2} />;
    case "platform":
      return <PlatformPage />;
    default:
      return <AppealsPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const { deployment } = useDeployment();
  const health = useNetworkHealth();
  const active =
    route.page === "appeal" ? "appeals" : route.page === "receipt" ? "giving" : route.page;
  return (
    <>
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="top">
        <div className="brand">
          <a href={href("appeals")}>Handover</a>
          <span className="tagline">{t("app.tagline")}</span>
        </div>
        <div className="top-right">
          <LanguagePicker />
          <ChainPicker />
          <WalletPanel />
        </div>
        <nav aria-label={t("nav.label")}>
          <ul>
            {NAV.map(([key, label]) => (
              <li key={key}>
                <a
                  href={href(key)}
                  aria-current={active === key ? "page" : undefined}
                  data-testid={`nav-${key}`}
                >
                  {t(label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <section className="banners" aria-label={t("app.notices")}>
        <NetworkBanner />
        {deployment && health.data !== undefined ? <PlatformBanner /> : null}
        {deployment && health.data !== undefined ? <ChainClock /> : null}
        {deployment && health.error && health.data !== undefined ? (
          <NetworkDown health={health} />
        ) : null}
      </section>
      <DevWalletPanel />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <Toasts />
      <PendingTransactions />
    </>
  );
}
