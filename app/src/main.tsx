import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";

import { App } from "./App.tsx";
import { DeploymentProvider } from "./hooks/useDeployment.tsx";
import "./styles.css";
import { config } from "./wagmi.ts";

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 4_000, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <DeploymentProvider>
          <App />
        </DeploymentProvider>
      </QueryClientProvider>
    </WagmiProvider>
  </StrictMode>,
);
