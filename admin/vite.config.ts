import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import { precompressPlugin } from './scripts/precompress.mjs';

// Pinned to this folder so the config behaves the same whether vite runs here, from the repo root, or from
// scripts/build-once.mjs.
const root = fileURLToPath(new URL('.', import.meta.url));

// The hub (pnpm hub serve) answers GraphQL and health checks; in development Vite serves the UI and forwards
// those two paths, so the session cookie stays same-origin exactly as in production.
const hubUrl = process.env.HUB_URL ?? 'http://localhost:4000';
const proxy: Record<string, ProxyOptions> = {
  '/graphql': { target: hubUrl },
  '/healthz': { target: hubUrl },
};

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompressPlugin(fileURLToPath(new URL('dist', import.meta.url)))],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // react-admin + MUI are large but change rarely: separate chunks keep the browser's cache warm
    // across releases of the app code (the hub serves /assets/* as immutable).
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'mui', test: /node_modules[\\/](@mui[\\/](?!x-)|@emotion[\\/])/, priority: 20 },
            // the charting library, below MUI so the parts it shares stay there: only the dashboard's cards
            // load it, after the greeting
            { name: 'charts', test: /node_modules[\\/]@mui[\\/]x-/, priority: 15 },
            { name: 'react-admin', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
