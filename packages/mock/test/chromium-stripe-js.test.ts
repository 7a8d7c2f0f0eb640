import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { FOREIGN_NAME, openChromium, type Chromium } from './support/chromium.js';
import { rawCall } from './support/raw-http.js';

// The Stripe.js stand-in in a real browser, across the browser boundary: an app's page on `localhost` (cross-site to
// the mock's 127.0.0.1) loads it with <script src>, as it would js.stripe.com, and pays; a page of another site
// (`evil.test`, resolved to this machine) may load the script too, but what it asks the mock is refused, and the
// session stays as it was.

let site: Server;
let sitePort: number;
let connect: Mock;
let browser: Chromium;

beforeAll(async () => {
  // A page that loads the script named in its query, and has an element to mount the card form into.
  site = createServer((req, res) => {
    const script = new URL(req.url ?? '/', 'http://site.invalid').searchParams.get('script') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>checkout</title><script src="${script.replace(/"/g, '')}"></script></head>` +
        '<body><div id="payment-element"></div></body></html>',
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
  connect = await startMock({ api: 'connect' });
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
  await connect?.stop();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

async function createEmbedded(): Promise<{ id: string; clientSecret: string; publishableKey: string }> {
  const answer = await rawCall(`${connect.url}/payment-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
    body: JSON.stringify({ orderId: 'order-1', paymentProvider: 'STRIPE' }),
  });
  const body = JSON.parse(answer.text);
  return { id: body.paymentSessionId, ...body.provider };
}

const sessionStatus = async (id: string): Promise<string> =>
  JSON.parse((await rawCall(`${connect.url}/payment-sessions/${id}`, { headers: { 'x-api-key': 'k' } })).text).status;

/** Opens the page on `host`, mounts the card form for the session and types a card into it. */
async function mountAndType(host: string, session: { clientSecret: string; publishableKey: string }): Promise<Page> {
  const page = await browser.context.newPage();
  const script = `${connect.url}/__paykit/stripe.js`;
  await page.goto(`http://${host}:${sitePort}/?script=${encodeURIComponent(script)}`);
  await page.evaluate(
    ([key, secret]) => {
      const stripe = (window as any).Stripe(key);
      const elements = stripe.elements({ clientSecret: secret });
      elements.create('payment').mount('#payment-element');
      (window as any).checkout = { stripe, elements };
    },
    [session.publishableKey, session.clientSecret] as const,
  );
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  return page;
}

/** `stripe.confirmPayment` as an app calls it, in the page; what it resolves to, as JSON. */
const confirmInPage = (page: Page): Promise<Record<string, any>> =>
  page.evaluate(async () => {
    const { stripe, elements } = (window as any).checkout;
    return stripe.confirmPayment({ elements, confirmParams: { return_url: location.href }, redirect: 'if_required' });
  });

describe('the Stripe.js stand-in in Chromium', () => {
  it('a page on localhost loads it cross-site from 127.0.0.1 and pays with 4242: COMPLETED', async () => {
    const session = await createEmbedded();
    const page = await mountAndType('localhost', session);
    const result = await confirmInPage(page);
    expect(result.paymentIntent).toMatchObject({ status: 'succeeded', object: 'payment_intent' });
    expect(await sessionStatus(session.id)).toBe('COMPLETED');
    const retrieved = await page.evaluate(
      (secret) => (window as any).checkout.stripe.retrievePaymentIntent(secret),
      session.clientSecret,
    );
    expect(retrieved.paymentIntent.status).toBe('succeeded');
    await page.close();
  });

  it("another site's page may load the script, but cannot confirm a session through the mock", async () => {
    const session = await createEmbedded();
    const page = await mountAndType(FOREIGN_NAME, session);
    const result = await confirmInPage(page);
    expect(result.error).toMatchObject({ type: 'api_connection_error' });
    expect(await sessionStatus(session.id)).toBe('PENDING');
    await page.close();
  });
});
