import { bodyLimit } from 'hono/body-limit';

/**
 * What each route may be sent. The page's JSON bodies are a few hundred bytes and a 1099Policy event a few KiB, so
 * the limits are far above any real request and far below anything that would hurt the server.
 */

export const WEBHOOK_PATH = '/webhooks/1099policy';

/** The server's own routes; every other path is the page. */
export const SERVER_ROUTES = /^\/(api|webhooks)(\/|$)/;

export const bodyLimits = {
  /** The page's JSON calls to /api. */
  api: 16 * 1024,
  /** A 1099Policy event (the vendor's envelope around one session). */
  webhook: 256 * 1024,
} as const;

/** The most bytes a request to this route may carry; 0 for a route that takes no body. */
export function bodyLimitFor(method: string, path: string): number {
  if (method !== 'POST') return 0;
  if (path === WEBHOOK_PATH) return bodyLimits.webhook;
  if (path.startsWith('/api/')) return bodyLimits.api;
  return 0;
}

export function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** Stops reading a body (one sent without Content-Length) once it passes `maxSize`, and answers 413. */
export function streamedBodyLimit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('connection', 'close');
      return c.json(
        {
          error: {
            message: `The request body is larger than the ${formatBytes(maxSize)} that ${c.req.method} ${c.req.path} takes.`,
          },
        },
        413,
      );
    },
  });
}
