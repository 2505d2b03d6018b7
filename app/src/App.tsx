import { NetworkBanner } from "./components/NetworkBanner.tsx";
import { DevWalletPanel, WalletPanel } from "./components/WalletPanel.tsx";
import { useDeployment } from "./hooks/useDeployment.tsx";
import { href, useRoute } from "./lib/router.ts";
import { AdminPage } from "./pages/Admin.tsx";
import { AppealPage } from "./pages/Appeal.tsx";
import { AppealsPage } from "./pages/Appeals.tsx";
import { AuditPage } from "./pages/Audit.tsx";
import { OrganizerPage } from "./pages/Organizer.tsx";
import { SupplierPage } from "./pages/Supplier.tsx";
import { VerifierPage } from "./pages/Verifier.tsx";

const NAV = [
  ["appeals", "Appeals"],
  ["organizer", "Organizer"],
  ["supplier", "Supplier"],
  ["verifier", "Verifier"],
  ["admin", "Vetter & admin"],
  ["audit", "Audit"],
] as const;

function ChainPicker() {
  const { chainId, available, setChainId, chain } = useDeployment();
  if (available.length <= 1)
    return (
      <span className="chain-name" data-testid="chain-name">
        {chain.name}
      </span>
    );
  return (
    <label className="chain-picker">
      <span className="sr-only">Network</span>
      <select
        value={chainId}
        onChange={(e) => setChainId(Number(e.target.value))}
        data-testid="chain-picker"
      >
        {available.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const route = useRoute();
  const { deployment, loading, chain, error } = useDeployment();
  const active = route.page === "appeal" ? "appeals" : route.page;
  let page;
  if (loading) page = <p role="status">Loading the deployment…</p>;
  else if (!deployment)
    page = (
      <div className="card" role="alert" data-testid="no-deployment">
        <h2>No Handover deployment on {chain.name}</h2>
        <p>
          {chain.id === 31337
            ? "Start the local chain and its scenario (the start script writes app/public/local-deployment.json), then reload."
            : "Pick another network above."}
        </p>
        {error ? <p className="error-sentence">{error}</p> : null}
      </div>
    );
  else
    switch (route.page) {
      case "appeal":
        page = <AppealPage address={route.param} />;
        break;
      case "organizer":
        page = <OrganizerPage />;
        break;
      case "supplier":
        page = <SupplierPage />;
        break;
      case "verifier":
        page = <VerifierPage />;
        break;
      case "admin":
        page = <AdminPage />;
        break;
      case "audit":
        page = <AuditPage address={route.param} />;
        break;
      default:
        page = <AppealsPage />;
    }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <a href={href("appeals")}>Handover</a>
          <span className="tagline">medical supplies, paid on verified delivery</span>
        </div>
        <div className="top-right">
          <ChainPicker />
          <WalletPanel />
        </div>
        <nav aria-label="Main">
          {NAV.map(([key, label]) => (
            <a
              key={key}
              href={href(key)}
              aria-current={active === key ? "page" : undefined}
              data-testid={`nav-${key}`}
            >
              {label}
            </a>
          ))}
        </nav>
      </header>
      <NetworkBanner />
      <DevWalletPanel />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
