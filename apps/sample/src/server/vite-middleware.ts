import type { RequestListener, Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';

const appRoot = fileURLToPath(new URL('../../', import.meta.url));
const apiPaths = /^\/(api|webhooks)(\/|$)/;

/** Dev mode: Vite serves the page with hot reload on the same port as the API, as the built page is in production. */
export async function mountVite(server: Server, api: RequestListener): Promise<RequestListener> {
  const vite = await createVite({
    root: appRoot,
    configFile: `${appRoot}vite.config.ts`,
    server: { middlewareMode: { server }, hmr: { server } },
    appType: 'spa',
  });
  server.once('close', () => void vite.close());
  return (req, res) => {
    if (apiPaths.test(req.url ?? '/')) api(req, res);
    else vite.middlewares(req, res);
  };
}
