import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { SampleConfig } from './config.js';
import { bodyLimits, streamedBodyLimit } from './http/request-rules.js';
import { failureResponse } from './problems.js';
import { connectRoutes } from './routes/connect.js';
import { devRoutes } from './routes/dev.js';
import { publicConfig } from './routes/public-config.js';
import { ten99policyRoutes } from './routes/ten99policy.js';
import { webhookRoutes } from './routes/webhooks.js';
import { Steering } from './steering.js';
import { createVendors, type Vendors } from './vendors.js';
import { WebhookLog } from './webhook-log.js';

export interface AppOptions {
  config: SampleConfig;
  /** Absolute path of the built page (dist/web); omitted in dev, where Vite serves it. */
  staticRoot?: string;
  /** This server's own base URL, once it listens: the webhook simulator posts to it like the vendor would. */
  selfUrl: () => string;
  vendors?: Vendors;
  webhookLog?: WebhookLog;
}

export interface AppContext {
  config: SampleConfig;
  vendors: Vendors;
  webhookLog: WebhookLog;
  steering: Steering | null;
  selfUrl: () => string;
}

export function createApp(options: AppOptions): Hono {
  const ctx: AppContext = {
    config: options.config,
    vendors: options.vendors ?? createVendors(options.config),
    webhookLog: options.webhookLog ?? new WebhookLog(join(options.config.dataDir, 'webhook-events.jsonl')),
    steering: options.config.devTools ? new Steering(options.config) : null,
    selfUrl: options.selfUrl,
  };

  const app = new Hono();
  app.onError((error, c) => failureResponse(c, error, ctx.config));
  // Only the page's own fetch() can send JSON here: a cross-site form or no-cors request cannot, and a
  // cross-site fetch with this content type needs a CORS preflight this server never grants.
  app.post('/api/*', async (c, next) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ error: { message: 'Send a JSON body (content-type: application/json).' } }, 415);
    }
    await next();
  });
  // The front door refuses a declared length over the limit; this counts the bytes of a chunked body as they come.
  app.post('/api/*', streamedBodyLimit(bodyLimits.api));
  app.get('/api/config', (c) => c.json(publicConfig(ctx)));
  app.route('/api/ten99policy', ten99policyRoutes(ctx));
  app.route('/api/connect', connectRoutes(ctx));
  app.route('/', webhookRoutes(ctx));
  if (ctx.steering) app.route('/api/dev', devRoutes(ctx));
  app.all('/api/*', (c) => c.json({ error: { message: `There is no ${c.req.method} ${c.req.path} here.` } }, 404));

  if (options.staticRoot) {
    app.use('/*', serveStatic({ root: options.staticRoot }));
    // A single-page app: any other page path gets the page itself; a missing file stays a 404.
    const page = serveStatic({ root: options.staticRoot, path: 'index.html' });
    app.use('/*', async (c, next) => {
      if (c.req.method !== 'GET' || /\.[a-z0-9]+$/i.test(c.req.path)) return next();
      return page(c, next);
    });
  }
  return app;
}
