import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { WagmiProvider } from "wagmi";

import { App } from "./App.tsx";
import { DeploymentProvider } from "./hooks/useDeployment.tsx";
import { i18n, ready } from "./i18n/index.ts";
import "./styles.css";
import { config } from "./wagmi.ts";

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 4_000, refetchOnWindowFocus: false, retry: 2 } },
});

// The person's language first (French and Chinese are loaded on demand): no flash of English.
await ready;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <DeploymentProvider>
            <App />
          </DeploymentProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </I18nextProvider>
  </StrictMode>,
);
