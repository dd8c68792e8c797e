import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
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

/**
 * index.html preloads the admin itself (src/root.tsx and the chunks it imports), which the page's first
 * script imports only after asking the hub who is signed in (src/boot.ts): the files download together
 * with that script instead of one round trip after it.
 */
function preloadRoot(): Plugin {
  return {
    name: 'fupin-preload-root',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const root = chunks.find((c) => c.facadeModuleId?.endsWith('/src/root.tsx'));
        if (!root) throw new Error('fupin-preload-root: no chunk for src/root.tsx');
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? []) visit(imported);
        };
        visit(root.fileName);
        // its styles too, which the page would otherwise ask for only when it imports root.tsx
        const styles = new Set(
          [...files].flatMap((file) => [...(chunks.find((c) => c.fileName === file)?.viteMetadata?.importedCss ?? [])]),
        );
        return [
          ...[...files]
            .filter((file) => !html.includes(`/${file}`))
            .map((file) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
              injectTo: 'head' as const,
            })),
          ...[...styles]
            .filter((file) => !html.includes(`/${file}`))
            .map((file) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), preloadRoot(), precompressPlugin(fileURLToPath(new URL('dist', import.meta.url)))],
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
            // Vite's preload helper on its own: the page's first script (src/boot.ts) uses it to import the
            // rest, and must not wait for a vendor chunk it would otherwise be put in
            { name: 'preload', test: /^\0?vite[\\/]preload-helper/, priority: 40 },
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
