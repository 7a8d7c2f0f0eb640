import { Hono } from 'hono';
import type { PaymentSession, PaymentSessionWithUrl } from '@paykit/client/ten99policy';
import type { AppContext } from '../app.js';
import { readJsonObject, requiredString } from '../input.js';
import { vendorCall } from '../vendor-call.js';
import type { Ten99SessionView } from '../views.js';

/** The single-use `url` is passed on only where asked: to the browser that just created the session. */
function view(session: PaymentSession | PaymentSessionWithUrl, withUrl: boolean): Ten99SessionView {
  const url = 'url' in session && typeof session.url === 'string' ? session.url : undefined;
  return {
    id: session.id,
    contractorId: session.contractor_id,
    status: session.status,
    returnUrl: session.return_url,
    created: session.created,
    expiresAt: session.expires_at,
    cancelledAt: session.cancelled_at ?? null,
    completedAt: session.completed_at ?? null,
    ...(withUrl && url ? { url } : {}),
  };
}

/** 1099Policy: start and cancel the hosted "add a card" session of a contractor. */
export function ten99policyRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const client = ctx.vendors.ten99policy;
  const steer = (operationId: string, headers: Headers) =>
    ctx.steering?.headersFor('ten99policy', operationId, headers) ?? {};

  routes.post('/sessions', async (c) => {
    const body = await readJsonObject(c, ['contractor', 'returnUrl']);
    const contractor = requiredString(body, 'contractor', 'Contractor id');
    const returnUrl = requiredString(body, 'returnUrl', 'Return URL');
    const headers = steer('createPaymentSession', c.req.raw.headers);
    const session = await vendorCall('ten99policy', () =>
      client.POST('/api/v1/payment/sessions', { body: { contractor, return_url: returnUrl }, headers }),
    );
    return c.json({ session: view(session, true) }, 201);
  });

  routes.post('/sessions/:id/cancel', async (c) => {
    // Nothing to send but the id; a malformed or unexpected body is refused, never ignored on the way to the vendor.
    await readJsonObject(c, []);
    const headers = steer('cancelPaymentSession', c.req.raw.headers);
    const session = await vendorCall('ten99policy', () =>
      client.POST('/api/v1/payment/sessions/{session}/cancel', {
        params: { path: { session: c.req.param('id') } },
        headers,
      }),
    );
    return c.json({ session: view(session, false) });
  });

  return routes;
}
