// Builds the dashboard into dist/web, which `waferline serve` serves at /. Everything it needs, the
// atlas files included, is bundled as assets: the dashboard works offline.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // Atlas JSON stays a separate file, fetched once, instead of being inlined into the script.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
});
