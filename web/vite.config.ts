import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Built by `npm run build` (`vite build web`) into web/dist, which the server serves at `/`. */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
