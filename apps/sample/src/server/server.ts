import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.js';
import type { SampleConfig } from './config.js';
import { frontDoor } from './http/front-door.js';
import { contentSecurityPolicy, stripeJsPolicy } from './http/security-headers.js';
import type { Vendors } from './vendors.js';

export interface RunningServer {
  /** The page's address, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

export interface MountedWeb {
  listener: RequestListener;
  /** What the page served this way needs beyond the production Content-Security-Policy, per request `Host`. */
  relaxPolicy?: (host: string) => Record<string, string[]>;
}

export interface ServerOptions {
  /** Built page to serve (production). */
  staticRoot?: string;
  /** Dev mode: wraps the API handler with one that serves the page (Vite middleware) on the same port. */
  mountWeb?: (server: Server, api: RequestListener, config: SampleConfig) => Promise<MountedWeb>;
  vendors?: Vendors;
}

/** Starts the sample on config.host:config.port (port 0 picks a free one) and resolves once it listens. */
export async function startServer(config: SampleConfig, options: ServerOptions = {}): Promise<RunningServer> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => handler(req, res));
  let selfUrl = '';

  const app = createApp({
    config,
    selfUrl: () => selfUrl,
    ...(options.staticRoot ? { staticRoot: options.staticRoot } : {}),
    ...(options.vendors ? { vendors: options.vendors } : {}),
  });
  const api = getRequestListener(app.fetch, { overrideGlobalObjects: false }) as RequestListener;
  const web: MountedWeb = options.mountWeb ? await options.mountWeb(server, api, config) : { listener: api };
  const stripeJs = stripeJsPolicy(config.stripeJsUrl);
  const productionPolicy = contentSecurityPolicy(stripeJs);
  const { relaxPolicy } = web;
  handler = frontDoor(web.listener, {
    allowedHosts: config.allowedHosts,
    contentSecurityPolicy: relaxPolicy
      ? (host) => contentSecurityPolicy(stripeJs, relaxPolicy(host))
      : () => productionPolicy,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // A server bound to every interface is still reachable on loopback, which is where the simulator posts.
  selfUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;

  return {
    url: selfUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
