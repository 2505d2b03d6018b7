/// <reference types="vitest/config" />
import path from "node:path";
import { fileURLToPath } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.HANDOVER_APP_PORT ?? process.env.PORT ?? 5173);

/**
 * The dApp. `npm run app:dev` serves it (port from HANDOVER_APP_PORT), `npm run app:build` writes
 * the static bundle to app/dist. It imports the shared client from ../client (with .ts extensions).
 */
export default defineConfig({
  root: here,
  base: "./",
  plugins: [react()],
  server: { host: "127.0.0.1", port, strictPort: true, fs: { allow: [path.resolve(here, "..")] } },
  preview: { host: "127.0.0.1", port, strictPort: true },
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: {
      output: {
        // Vendor code in its own long-cached chunks; the app chunk changes most.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "wagmi",
              test: /node_modules[\\/](wagmi|@wagmi|@tanstack|mipd|zustand|use-sync-external-store)[\\/]/,
            },
            {
              name: "viem",
              test: /node_modules[\\/](viem|ox|abitype|@noble|@scure|@adraffy)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    root: here,
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
  },
});
