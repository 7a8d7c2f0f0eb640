import { Hono } from 'hono';
import { PaykitWebhookError, verifyWebhook, type WebhookEvent } from '@paykit/client/ten99policy';
import type { AppContext } from '../app.js';
import { bodyLimits, streamedBodyLimit, WEBHOOK_PATH } from '../http/request-rules.js';
import { redact } from '../redact.js';
import type { ReceivedEvent } from '../views.js';

/** How many events the page lists. */
const LISTED = 50;

/** 1099Policy's signed events: the only source of truth for how a session ended. */
export function webhookRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const limit = streamedBodyLimit(bodyLimits.webhook);

  routes.post(WEBHOOK_PATH, limit, async (c) => {
    // The signature covers the exact bytes sent: verify those, never a parsed and re-serialised body.
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    let event: WebhookEvent;
    try {
      event = await verifyWebhook({
        rawBody,
        headers: c.req.raw.headers,
        secret: ctx.config.ten99policy.webhookSecret,
      });
    } catch (error) {
      if (!(error instanceof PaykitWebhookError)) throw error;
      // Authentic, but of a type this app does not handle: acknowledge it so the vendor stops redelivering.
      if (error.reason === 'unknown_event') return c.json({ received: true, ignored: true });
      return c.json(
        { error: { message: redact(`Webhook refused: ${error.message}.`, ctx.config), reason: error.reason } },
        400,
      );
    }
    // Vendors redeliver (with a fresh signature each time): an id processed before is acknowledged, not redone.
    // A failure to record it is a 500, so the vendor delivers it again later.
    const processed = await ctx.webhookLog.record(receivedEvent(event, Date.now()));
    return c.json({ received: true, duplicate: !processed });
  });

  routes.get('/api/webhooks/events', (c) => c.json({ events: ctx.webhookLog.recent(LISTED) }));
  return routes;
}

/**
 * What is kept and shown of a verified event. Signed is not the same as well-formed: whatever `data.object`
 * holds, only short strings are taken from it, so no event can break the list or the page that renders it.
 */
function receivedEvent(event: WebhookEvent, receivedAt: number): ReceivedEvent {
  const session: unknown = (event as { data?: { object?: unknown } }).data?.object;
  const field = (name: string, max: number): string | undefined => {
    const value =
      typeof session === 'object' && session !== null ? (session as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' && value.length <= max ? value : undefined;
  };
  const sessionId = field('id', 200);
  const sessionStatus = field('status', 50);
  return {
    id: String(event.id),
    type: String(event.type),
    created: Number.isFinite(event.created) ? event.created : 0,
    receivedAt,
    ...(sessionId ? { sessionId } : {}),
    ...(sessionStatus ? { sessionStatus } : {}),
  };
}
