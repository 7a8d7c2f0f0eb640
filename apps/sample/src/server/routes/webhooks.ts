import { Hono } from 'hono';
import { PaykitWebhookError, verifyWebhook, type WebhookEvent } from '@paykit/client/ten99policy';
import type { AppContext } from '../app.js';
import { bodyLimits, streamedBodyLimit, WEBHOOK_PATH } from '../http/request-rules.js';
import { redact } from '../redact.js';
import type { ReceivedEvent } from '../webhook-inbox.js';

/** 1099Policy's signed events: the only source of truth for how a session ended. */
export function webhookRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const limit = streamedBodyLimit(bodyLimits.webhook);

  routes.post(WEBHOOK_PATH, limit, async (c) => {
    // The signature covers the exact bytes sent: verify those, never a parsed and re-serialised body.
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    let event: WebhookEvent;
    try {
      event = await verifyWebhook({ rawBody, headers: c.req.raw.headers, secret: ctx.config.ten99policy.webhookSecret });
    } catch (error) {
      if (!(error instanceof PaykitWebhookError)) throw error;
      // Authentic, but of a type this app does not handle: acknowledge it so the vendor stops redelivering.
      if (error.reason === 'unknown_event') return c.json({ received: true, ignored: true });
      return c.json({ error: { message: redact(`Webhook refused: ${error.message}.`, ctx.config), reason: error.reason } }, 400);
    }
    const listed = ctx.inbox.add(received(event));
    return c.json({ received: true, duplicate: !listed });
  });

  routes.get('/api/webhooks/events', (c) => c.json({ events: ctx.inbox.list() }));
  return routes;
}

function received(event: WebhookEvent): ReceivedEvent {
  const session = event.data.object;
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    receivedAt: Date.now(),
    sessionId: session.id,
    sessionStatus: session.status,
  };
}
