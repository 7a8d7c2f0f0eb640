import { Hono } from 'hono';
import { signWebhook } from '@paykit/client/ten99policy';
import type { AppContext } from '../app.js';
import { optionalBoolean, readJsonObject, requiredString } from '../input.js';
import { BadInputError } from '../problems.js';
import { redact } from '../redact.js';
import { webhookExamples } from '../spec-examples.js';
import type { WebhookSendResult } from '../views.js';
import { WEBHOOK_PATH } from '../http/request-rules.js';

/**
 * Dev tools only (mounted when SAMPLE_DEV_TOOLS is on): plays the vendor's part in the webhook loop, so it
 * works offline. It posts over HTTP to this server's own endpoint, exactly as 1099Policy would.
 */
export function devRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  routes.post('/webhooks/send', async (c) => {
    const body = await readJsonObject(c, ['example', 'forged']);
    const key = requiredString(body, 'example', 'Example');
    const forged = optionalBoolean(body, 'forged', 'Forged');
    const example = webhookExamples().find((e) => e.key === key);
    if (!example) throw new BadInputError('Unknown webhook example; pick one from the list.');

    const rawBody = JSON.stringify(example.payload);
    const signature = await signWebhook({ rawBody, secret: ctx.config.ten99policy.webhookSecret });
    // A forgery: the signed event with its content changed afterwards, as an attacker replaying it would.
    const sentBody = forged
      ? JSON.stringify({ ...example.payload, id: `${String(example.payload['id'])}_forged` })
      : rawBody;

    const response = await fetch(`${ctx.selfUrl()}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ten99policy-signature': signature },
      body: sentBody,
    });
    const answer = (await response.json().catch(() => ({}))) as { duplicate?: boolean; error?: { message?: string } };
    return c.json(deliveryResult(example.type, String(example.payload['id']), response.status, answer, ctx));
  });

  // The sandbox's test clock: 31 minutes on, every pending 1099Policy session is past its 30-minute expiry, the
  // sandbox marks it expired and sends `payment.session.expired` to this server's webhook endpoint.
  routes.post('/clock/advance', async (c) => {
    await readJsonObject(c, []);
    const response = await fetch(`${ctx.config.ten99policy.baseUrl}/__paykit/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: EXPIRY_JUMP_SECONDS }),
      signal: AbortSignal.timeout(ctx.config.vendorTimeoutMs),
    }).catch(() => undefined);
    if (!response?.ok) {
      throw new BadInputError(
        "The 1099Policy mock has no test clock here: it answers only when it runs as the sandbox (`pnpm mock`'s default).",
      );
    }
    const { expired } = (await response.json()) as { expired?: unknown };
    const ids = Array.isArray(expired) ? expired.filter((id): id is string => typeof id === 'string') : [];
    return c.json({ expired: ids, minutes: EXPIRY_JUMP_SECONDS / 60 });
  });

  return routes;
}

/** One minute past 1099Policy's 30-minute session lifetime. */
const EXPIRY_JUMP_SECONDS = 31 * 60;

/** What the page shows about one simulated delivery, from how our own webhook endpoint answered it. */
function deliveryResult(
  type: string,
  id: string,
  status: number,
  answer: { duplicate?: boolean; error?: { message?: string } },
  ctx: AppContext,
): WebhookSendResult {
  if (status >= 200 && status < 300) {
    return answer.duplicate
      ? {
          status,
          listed: false,
          message: `Delivered ${type} (${id}) again: verified, and already listed once, so not listed twice.`,
        }
      : { status, listed: true, message: `Delivered ${type} (${id}): signature verified, event listed.` };
  }
  const reason = redact(answer.error?.message ?? 'It gave no reason.', ctx.config);
  return { status, listed: false, message: `The endpoint answered ${status}. ${reason} The event is not listed.` };
}
