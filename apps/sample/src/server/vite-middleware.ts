import { randomBytes } from 'node:crypto';
import type { RequestListener, Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import type { SampleConfig } from './config.js';
import { devPolicyRelaxation } from './http/security-headers.js';
import { SERVER_ROUTES } from './http/request-rules.js';
import type { MountedWeb } from './server.js';

const appRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Dev mode: Vite serves the page with hot reload on the same port as the API, as the built page is in production. */
export async function mountVite(server: Server, api: RequestListener, config: SampleConfig): Promise<MountedWeb> {
  // One nonce per dev server: Vite puts it on the inline preamble and the <style> elements it injects.
  const nonce = randomBytes(16).toString('base64');
  const vite = await createVite({
    root: appRoot,
    configFile: `${appRoot}vite.config.ts`,
    // The front door checks the Host of every HTTP request; Vite checks the HMR WebSocket's with the same list.
    server: { middlewareMode: { server }, hmr: { server }, allowedHosts: config.allowedHosts },
    html: { cspNonce: nonce },
    appType: 'spa',
  });
  server.once('close', () => void vite.close());
  return {
    listener: (req, res) => {
      if (SERVER_ROUTES.test(req.url ?? '/')) api(req, res);
      else vite.middlewares(req, res);
    },
    relaxPolicy: (host) => devPolicyRelaxation(nonce, host),
  };
}
