import { Hono } from 'hono';
import { CheckoutReturns } from '../checkout-returns.js';
import type { PaymentProfileSession, PaymentSession } from '@paykit/client/connect';
import type { AppContext } from '../app.js';
import { optionalBoolean, optionalString, readJsonObject, requiredString } from '../input.js';
import { vendorCall } from '../vendor-call.js';
import { maskSecret, type ConnectPaymentSessionView, type ConnectProfileSessionView } from '../views.js';

function paymentSessionView(session: PaymentSession): ConnectPaymentSessionView {
  const common = {
    id: session.paymentSessionId,
    orderId: session.orderId,
    status: session.status,
    paymentProvider: session.paymentProvider,
  };
  return session.hosted
    ? { ...common, kind: 'hosted', checkoutUrl: session.provider.url }
    : {
        ...common,
        kind: 'embedded',
        publishableKey: session.provider.publishableKey,
        clientSecretMasked: maskSecret(session.provider.clientSecret),
        paymentIntentId: session.provider.paymentIntentId,
      };
}

function profileSessionView(session: PaymentProfileSession): ConnectProfileSessionView {
  const stripe = session.providers.stripe;
  return {
    id: session.paymentProfileSessionId,
    orderId: session.orderId,
    status: session.status,
    paymentProvider: session.paymentProvider,
    ...(stripe
      ? {
          stripe: {
            publishableKey: stripe.publishableKey,
            clientSecretMasked: maskSecret(stripe.clientSecret),
            setupIntentId: stripe.setupIntentId,
          },
        }
      : {}),
  };
}

/** Telness Connect: look up payment sessions; start and cancel payment profile sessions. */
export function connectRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const client = ctx.vendors.connect;
  const steer = (operationId: string, headers: Headers) =>
    ctx.steering?.headersFor('connect', operationId, headers) ?? {};
  const returns = new CheckoutReturns();

  const lookUp = async (id: string, requestHeaders: Headers) => {
    const headers = steer('getPaymentSession', requestHeaders);
    const session = await vendorCall('connect', () =>
      client.GET('/payment-sessions/{paymentSessionId}', { params: { path: { paymentSessionId: id } }, headers }),
    );
    return paymentSessionView(session);
  };

  routes.get('/payment-sessions/:id', async (c) => {
    return c.json({ session: await lookUp(c.req.param('id'), c.req.raw.headers) });
  });

  // The page a hosted checkout returns to asks which session its `ref` stands for, and gets it as Connect has it.
  routes.get('/checkout-returns/:ref', async (c) => {
    const id = returns.sessionId(c.req.param('ref'));
    if (id === undefined) {
      const message =
        'This server does not know that checkout (it was started more than a day ago, or before the server restarted). Look the session up by its id.';
      return c.json({ error: { message } }, 404);
    }
    return c.json({ session: await lookUp(id, c.req.raw.headers) });
  });

  routes.post('/payment-sessions', async (c) => {
    const body = await readJsonObject(c, ['orderId', 'hosted']);
    const orderId = requiredString(body, 'orderId', 'Order id');
    const hosted = optionalBoolean(body, 'hosted', 'Hosted');
    // A hosted checkout sends the customer back to this page (on the host the browser used: the front door checked it),
    // with a reference this server maps to the session once Connect has named it.
    const page = new URL('/', c.req.url).href;
    const ref = returns.newRef();
    const headers = steer('createPaymentSession', c.req.raw.headers);
    const session = await vendorCall('connect', () =>
      client.POST('/payment-sessions', {
        body: hosted
          ? {
              orderId,
              paymentProvider: 'STRIPE',
              hosted: true,
              returnUrl: `${page}?checkout=paid&ref=${ref}`,
              cancelUrl: `${page}?checkout=cancelled&ref=${ref}`,
            }
          : { orderId, paymentProvider: 'STRIPE' },
        headers,
      }),
    );
    if (hosted) returns.remember(ref, session.paymentSessionId);
    const view = paymentSessionView(session);
    // The embedded checkout's widget needs the client secret, in the browser that started it, once (as Stripe's).
    const created = session.hosted ? view : { ...view, clientSecret: session.provider.clientSecret };
    return c.json({ session: created }, 201);
  });

  routes.post('/profile-sessions', async (c) => {
    const body = await readJsonObject(c, ['orderId']);
    const orderId = requiredString(body, 'orderId', 'Order id');
    const headers = steer('createPaymentProfileSession', c.req.raw.headers);
    const session = await vendorCall('connect', () =>
      client.POST('/payment-profiles/sessions', {
        body: { orderId, paymentProvider: 'STRIPE', metadata: { source: 'paykit_sample' } },
        headers,
      }),
    );
    return c.json({ session: profileSessionView(session) }, 201);
  });

  routes.post('/profile-sessions/:id/cancel', async (c) => {
    const body = await readJsonObject(c, ['reason']);
    const reason = optionalString(body, 'reason', 'Reason');
    const headers = steer('cancelPaymentProfileSession', c.req.raw.headers);
    const session = await vendorCall('connect', () =>
      client.POST('/payment-profiles/sessions/{paymentProfileSessionId}/cancel', {
        params: { path: { paymentProfileSessionId: c.req.param('id') } },
        body: reason ? { reason } : {},
        headers,
      }),
    );
    return c.json({ session: profileSessionView(session) });
  });

  return routes;
}
