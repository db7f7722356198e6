import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const server = process.env.CARTABLE_SERVER ?? 'http://localhost:4000';

/**
 * Cartable's font, self-hosted: the files of the @fontsource-variable/inter package (SIL OFL 1.1)
 * are served at `/identity/fonts/`, beside `public/identity/cartable.css` which declares them, so the
 * sign-in pages of the server use the very same files. Served by the dev server, copied by the build.
 */
function identityFonts(): Plugin {
  const packageDirectory = path.dirname(createRequire(import.meta.url).resolve('@fontsource-variable/inter/package.json'));
  const files = { 'inter-latin-wght-normal.woff2': 'files/inter-latin-wght-normal.woff2', 'LICENSE.txt': 'LICENSE' };
  return {
    name: 'cartable-identity-fonts',
    configureServer(devServer) {
      devServer.middlewares.use('/identity/fonts', (request, response, next) => {
        const source = files[path.posix.basename(request.url ?? '') as keyof typeof files];
        if (!source) return next();
        response.setHeader('Content-Type', source.endsWith('.woff2') ? 'font/woff2' : 'text/plain; charset=utf-8');
        response.end(readFileSync(path.join(packageDirectory, source)));
      });
    },
    generateBundle() {
      for (const [name, source] of Object.entries(files)) {
        this.emitFile({ type: 'asset', fileName: `identity/fonts/${name}`, source: readFileSync(path.join(packageDirectory, source)) });
      }
    },
  };
}

/**
 * The design system's CSS without the Marianne font: its terms reserve Marianne (like the Marianne block
 * and « République française ») to the State's services, and our customers are territorial bodies. Its
 * @font-face rules are dropped before Vite resolves their files, so no Marianne file is built or cached,
 * and where the design system names Marianne, Cartable's font is used.
 */
const withoutMarianne = {
  postcssPlugin: 'cartable-without-marianne',
  AtRule: {
    'font-face': (rule: { toString(): string; remove(): void }) => {
      if (/font-family:\s*["']?Marianne/.test(rule.toString())) rule.remove();
    },
  },
  Declaration: {
    'font-family': (declaration: { value: string }) => {
      if (declaration.value.includes('Marianne')) declaration.value = declaration.value.replace(/["']?Marianne["']?/g, '"Inter Variable"');
    },
  },
};

export default defineConfig({
  css: { postcss: { plugins: [withoutMarianne] } },
  plugins: [
    react(),
    identityFonts(),
    VitePWA({
      // Our own service worker (src/sw.ts): the precached shell, the navigation route, web push.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'Cartable — le cartable numérique des élus',
        short_name: 'Cartable',
        description: 'Les séances, ordres du jour et documents de toutes vos assemblées, à lire et annoter partout.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#005e6b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        // The app shell (scripts, styles, fonts, the pdf.js worker) works offline; data is kept by the app.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,woff2}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  resolve: {
    alias: {
      '@shared/text-quote': fileURLToPath(new URL('../server/src/body/annotations/text-quote.ts', import.meta.url)),
      '@shared/server-routes': fileURLToPath(new URL('../server/src/http/server-routes.ts', import.meta.url)),
    },
  },
  build: {
    target: 'es2023',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/realms', '/storage', '/app-config.json', '/live'].map((path) => [path, { target: server, changeOrigin: false }]),
    ),
  },
});
