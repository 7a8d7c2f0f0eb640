import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (src/server) serves dist/web in production and mounts Vite as middleware in dev,
// so the page and its API always share one origin and the browser never needs CORS or keys.
export default defineConfig({
  plugins: [react()],
  appType: 'spa',
  build: { outDir: 'dist/web', emptyOutDir: true },
});
