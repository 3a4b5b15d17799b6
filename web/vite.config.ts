import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The bundle's script blocks rendering (`blocking="render"`) until it has run: it applies the
 * theme chosen in the account menu (web/src/theme.ts) before the first frame, which is then never
 * in the other scheme's colours. The page's Content-Security-Policy refuses an inline script,
 * the usual place for this. Vite writes the entry's tag itself, without the attributes of
 * index.html's; this adds it to the tag it wrote.
 */
const renderBlockingEntry: Plugin = {
  name: 'roster-render-blocking-entry',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html) => {
      const tag = /<script type="module" crossorigin src=/g;
      if (html.match(tag)?.length !== 1) throw new Error('index.html: expected one entry script to make render-blocking');
      return html.replace(tag, '<script type="module" crossorigin blocking="render" src=');
    },
  },
};

/** Built by `npm run build` (`vite build web`) into web/dist, which the server serves at `/`. */
export default defineConfig({
  plugins: [react(), renderBlockingEntry],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
