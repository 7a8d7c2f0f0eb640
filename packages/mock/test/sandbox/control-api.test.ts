import { verifyWebhook } from '@paykit/client/ten99policy';
import { describe, expect, it } from 'vitest';
import { call, json } from '../support/http.js';
import { startHarness, startReceiver } from './support.js';

const SECRET = 'whsec_control_test';
const ten99Create = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return?tab=card' };

const post = (url: string, body?: unknown) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const submit = (url: string, action: string) =>
  call(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action, card: '4242 4242 4242 4242' }).toString(),
  });

describe('hosted pages', () => {
  it('1099Policy: the url opens a form that saves the card, redirects to return_url with hps_id and status, once', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', { webhooks: { urls: [receiver.url], secret: SECRET } });
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;

    const page = await call(session.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<form method="post">');
    expect(page.text).not.toMatch(/<script/i);

    const done = await submit(session.url, 'complete');
    expect(done.status).toBe(303);
    const location = new URL(done.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example.com/billing/return');
    expect(Object.fromEntries(location.searchParams)).toEqual({ tab: 'card', hps_id: session.id, status: 'completed' });

    const [delivery] = await receiver.waitFor(1);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event).toMatchObject({
      type: 'payment.session.completed',
      data: { object: { id: session.id, status: 'completed' } },
    });
    expect((event.data.object as any).completed_at).toEqual(expect.any(Number));

    expect((await call(session.url)).status).toBe(410);
    expect((await submit(session.url, 'cancel')).status).toBe(410);
  });

  it('1099Policy: cancelling on the page cancels the session and says so in the redirect', async () => {
    const harness = await startHarness('ten99policy');
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    const done = await submit(session.url, 'cancel');
    expect(new URL(done.headers.get('location')!).searchParams.get('status')).toBe('cancelled');
    expect(harness.sandbox.sessions.get(session.id)!.phase).toBe('cancelled');
  });

  it('Connect: the hosted checkout pays to returnUrl or cancels to cancelUrl', async () => {
    const harness = await startHarness('connect');
    const body = {
      orderId: 'o-1',
      paymentProvider: 'STRIPE',
      hosted: true,
      returnUrl: 'https://shop.example.com/ok',
      cancelUrl: 'https://shop.example.com/cart',
    };
    const paid = (await harness.call('createPaymentSession', { body })).body as Record<string, any>;
    const left = (await harness.call('createPaymentSession', { body })).body as Record<string, any>;

    expect((await submit(paid.provider.url, 'complete')).headers.get('location')).toBe(body.returnUrl);
    expect((await submit(left.provider.url, 'cancel')).headers.get('location')).toBe(body.cancelUrl);
    const read = async (id: string) =>
      ((await harness!.call('getPaymentSession', { pathParams: { paymentSessionId: id } })).body as any).status;
    expect([await read(paid.paymentSessionId), await read(left.paymentSessionId)]).toEqual(['COMPLETED', 'FAILED']);
  });

  it('expires a page after 30 minutes of mock time and refuses unknown tokens without echoing them', async () => {
    const harness = await startHarness('connect');
    const body = {
      orderId: 'o-2',
      paymentProvider: 'STRIPE',
      hosted: true,
      returnUrl: 'https://s.example.com/a',
      cancelUrl: 'https://s.example.com/b',
    };
    const session = (await harness.call('createPaymentSession', { body })).body as Record<string, any>;
    harness.sandbox.advance(30 * 60);
    const expired = await call(session.provider.url);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('expired');

    const unknown = await call(`${harness.url}/__paykit/pages/test_not_a_real_token`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).not.toContain('test_not_a_real_token');
    expect((await submit(`${harness.url}/__paykit/pages/x`, 'explode')).status).toBe(404);
  });

  it('says why a link no longer works once its session was cancelled through the API', async () => {
    const harness = await startHarness('ten99policy');
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    await harness.call('cancelPaymentSession', { pathParams: { session: session.id } });
    const page = await call(session.url);
    expect(page.status).toBe(410);
    expect(page.text).toContain('no longer works: the session is cancelled');
  });

  it('answers 400 for a form without a known action', async () => {
    const harness = await startHarness('ten99policy');
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    const answer = await submit(session.url, 'explode');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('action');
    expect(harness.sandbox.sessions.get(session.id)!.phase).toBe('pending');
  });
});

describe('control API', () => {
  it('lists its routes and the clock at /__paykit/', async () => {
    const harness = await startHarness('ten99policy');
    const index = json(await call(`${harness.url}/__paykit/`));
    expect(index).toMatchObject({ api: 'ten99policy', clock: { offsetSeconds: 0 } });
    expect((index.routes as string[]).some((route) => route.includes('/__paykit/clock/advance'))).toBe(true);
  });

  it('lists sessions with their state and vendor view, never the secret url', async () => {
    const harness = await startHarness('ten99policy');
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    const listed = await call(`${harness.url}/__paykit/sessions`);
    expect(listed.text).not.toContain(new URL(session.url).pathname);
    expect(json(listed).sessions).toEqual([
      expect.objectContaining({
        id: session.id,
        kind: 'paymentSession',
        state: 'pending',
        status: 'pending',
        hostedPage: 'unused',
      }),
    ]);
    const one = json(await call(`${harness.url}/__paykit/sessions/${session.id}`));
    expect(one.object).toMatchObject({ id: session.id, status: 'pending' });
    expect((await call(`${harness.url}/__paykit/sessions/hps_nope`)).status).toBe(404);
  });

  it('lists a Connect hosted session without its page URL (Connect shows it in every read)', async () => {
    const harness = await startHarness('connect');
    const created = (
      await harness.call('createPaymentSession', {
        body: {
          orderId: 'o',
          paymentProvider: 'STRIPE',
          hosted: true,
          returnUrl: 'https://a.example/ok',
          cancelUrl: 'https://a.example/back',
        },
      })
    ).body as any;
    const pagePath = new URL(created.provider.url).pathname;
    const listed = await call(`${harness.url}/__paykit/sessions`);
    expect(listed.text).not.toContain(pagePath);
    expect((json(listed) as any).sessions[0]).toMatchObject({
      hostedPage: 'unused',
      object: { hosted: true, provider: {} },
    });
    expect((await call(`${harness.url}/__paykit/sessions/${created.paymentSessionId}`)).text).not.toContain(pagePath);
  });

  it('shows each webhook receiver without its query, which may carry a token', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', {
      webhooks: { urls: [`${receiver.url}?token=tok_do_not_show`], secret: SECRET },
    });
    await harness.call('createPaymentSession', { body: ten99Create });
    await post(`${harness.url}/__paykit/clock/advance`, { seconds: 1801 });
    await receiver.waitFor(1);
    const events = await call(`${harness.url}/__paykit/events`);
    expect(events.text).not.toContain('tok_do_not_show');
    const [event] = (json(events) as any).events;
    expect(event.deliveries[0].url).toBe(receiver.url);
    const resent = await post(`${harness.url}/__paykit/events/${event.id}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.text).not.toContain('tok_do_not_show');
  });

  it('refuses a malformed body or path with a 400 that names the problem without quoting the body', async () => {
    const harness = await startHarness('connect');
    const malformed = await call(`${harness.url}/__paykit/clock/advance`, {
      method: 'POST',
      body: '{"seconds": 60, "note": "kept_private',
    });
    expect(malformed.status).toBe(400);
    expect(json(malformed).detail).toMatch(
      /^The body is not valid JSON: Unexpected .* at line 1, column \d+ \(position \d+\): .*\.$/,
    );
    expect(malformed.text).not.toContain('kept_private');
    const badEscape = await call(`${harness.url}/__paykit/sessions/%zz`);
    expect(badEscape.status).toBe(400);
    expect(json(badEscape).detail).toBe('A segment of the path has a bad %-escape.');
  });

  it('moves a session to a state, refusing unknown states and final sessions with the reason', async () => {
    const harness = await startHarness('connect');
    const { paymentSessionId: id } = (
      await harness.call('createPaymentSession', { body: { orderId: 'o', paymentProvider: 'STRIPE' } })
    ).body as any;
    const moved = await post(`${harness.url}/__paykit/sessions/${id}/state`, { state: 'completed' });
    expect(moved.status).toBe(200);
    expect(json(moved)).toMatchObject({ state: 'completed', status: 'COMPLETED', object: { status: 'COMPLETED' } });

    const final = await post(`${harness.url}/__paykit/sessions/${id}/state`, { state: 'failed' });
    expect(final.status).toBe(409);
    expect(json(final).detail).toContain('final');
    const bad = await post(`${harness.url}/__paykit/sessions/${id}/state`, { state: 'done' });
    expect(bad.status).toBe(400);
    expect(json(bad).detail).toContain('state must be one of');
    const malformed = await call(`${harness.url}/__paykit/sessions/${id}/state`, { method: 'POST', body: '{"state":' });
    expect(malformed.status).toBe(400);
  });

  it('refuses a state the vendor does not have', async () => {
    const harness = await startHarness('ten99policy');
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    const answer = await post(`${harness.url}/__paykit/sessions/${session.id}/state`, { state: 'requires_action' });
    expect(answer.status).toBe(409);
    expect(json(answer).detail).toContain('pending, completed, cancelled, expired');
  });

  it('advances the clock, expiring sessions and logging their events; resends one; resets everything', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', { webhooks: { urls: [receiver.url], secret: SECRET } });
    const session = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;

    expect((await post(`${harness.url}/__paykit/clock/advance`, { seconds: -1 })).status).toBe(400);
    const advanced = json(await post(`${harness.url}/__paykit/clock/advance`, { seconds: 1801 }));
    expect(advanced).toMatchObject({ expired: [session.id], clock: { offsetSeconds: 1801 } });
    await receiver.waitFor(1);

    const events = json(await call(`${harness.url}/__paykit/events`)).events as any[];
    expect(events).toEqual([expect.objectContaining({ type: 'payment.session.expired', objectId: session.id })]);
    const resent = await post(`${harness.url}/__paykit/events/${events[0].id}/resend`);
    expect(resent.status).toBe(202);
    const [first, second] = await receiver.waitFor(2);
    expect(second!.rawBody).toBe(first!.rawBody);
    expect((await post(`${harness.url}/__paykit/events/evt_nope/resend`)).status).toBe(404);

    const reset = json(await post(`${harness.url}/__paykit/reset`));
    expect(reset).toMatchObject({ reset: true, clock: { offsetSeconds: 0 } });
    expect(json(await call(`${harness.url}/__paykit/sessions`)).sessions).toEqual([]);
    expect(json(await call(`${harness.url}/__paykit/events`)).events).toEqual([]);
  });

  it('answers an unknown control route with a 404 problem pointing at the index', async () => {
    const harness = await startHarness('connect');
    const answer = await call(`${harness.url}/__paykit/nothing-here`);
    expect(answer.status).toBe(404);
    expect(json(answer).detail).toContain('GET /__paykit/ lists them');
  });
});
