import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '@paykit/spec';
import { signWebhook } from '@paykit/client/ten99policy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webhookExamples } from '../src/server/spec-examples.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

let sample: Sample;
beforeAll(async () => {
  sample = await startSample();
});
afterAll(() => sample?.close());

const [completed, cancelled] = webhookExamples().filter((e) => e.type !== 'payment.session.expired');
const eventIds = async (): Promise<string[]> =>
  (await sample.call('GET', '/api/webhooks/events')).json.events.map((e: { id: string }) => e.id);

async function deliver(rawBody: string, signature?: string, to: Sample = sample) {
  return to.call('POST', '/webhooks/1099policy', {
    rawBody,
    headers: { 'content-type': 'application/json', ...(signature ? { 'ten99policy-signature': signature } : {}) },
  });
}

describe('POST /webhooks/1099policy', () => {
  test('a correctly signed event is acknowledged and listed once, even when redelivered', async () => {
    const rawBody = JSON.stringify(completed!.payload);
    const signature = await signWebhook({ rawBody, secret: sample.config.ten99policy.webhookSecret });

    const first = await deliver(rawBody, signature);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true, duplicate: false });
    const again = await deliver(rawBody, signature);
    expect(again.json).toEqual({ received: true, duplicate: true });

    const { events } = (await sample.call('GET', '/api/webhooks/events')).json;
    expect(events.filter((e: { id: string }) => e.id === completed!.payload['id'])).toEqual([
      expect.objectContaining({
        type: 'payment.session.completed',
        sessionId: 'hps_9Yc2LmQ4',
        sessionStatus: 'completed',
      }),
    ]);
  });

  test('the raw bytes are verified: the same JSON with different spacing is refused', async () => {
    const rawBody = JSON.stringify(cancelled!.payload, null, 2);
    const signature = await signWebhook({ rawBody, secret: sample.config.ten99policy.webhookSecret });
    expect((await deliver(JSON.stringify(cancelled!.payload), signature)).status).toBe(400);
    expect(await eventIds()).not.toContain(cancelled!.payload['id']);
  });

  test.each([
    ['unsigned', async (body: string) => deliver(body), 'missing_header'],
    [
      'signed with another secret',
      async (body: string) => deliver(body, await signWebhook({ rawBody: body, secret: 'whsec_attacker' })),
      'bad_signature',
    ],
    ['with a malformed header', async (body: string) => deliver(body, 'v1=abc'), 'malformed_header'],
    [
      'signed ten minutes ago (a replay)',
      async (body: string) =>
        deliver(
          body,
          await signWebhook({
            rawBody: body,
            secret: sample.config.ten99policy.webhookSecret,
            timestamp: new Date(Date.now() - 600_000),
          }),
        ),
      'stale_timestamp',
    ],
  ])('a delivery %s gets 400 with the reason and is not listed', async (_name, send, reason) => {
    const payload = { ...cancelled!.payload, id: `evt_refused_${reason}` };
    const answer = await send(JSON.stringify(payload));
    expect(answer.status).toBe(400);
    expect(answer.json.error.reason).toBe(reason);
    expect(answer.json.error.message).toMatch(/^Webhook refused: /);
    expectNothingSecret(answer.text, sample.config);
    expect(await eventIds()).not.toContain(payload.id);
  });
});

/** A correctly signed delivery of `payload`, signed afresh as the vendor signs each redelivery. */
async function deliverSigned(payload: unknown, to: Sample = sample) {
  const rawBody = JSON.stringify(payload);
  return deliver(rawBody, await signWebhook({ rawBody, secret: to.config.ten99policy.webhookSecret }), to);
}

describe('redeliveries', () => {
  test('an event redelivered after 50 others is recognised and not processed again', async () => {
    const first = { ...completed!.payload, id: 'evt_before_fifty_others' };
    expect((await deliverSigned(first)).json).toEqual({ received: true, duplicate: false });
    for (let i = 0; i < 50; i += 1) {
      expect((await deliverSigned({ ...cancelled!.payload, id: `evt_other_${i}` })).json.duplicate).toBe(false);
    }
    expect((await deliverSigned(first)).json).toEqual({ received: true, duplicate: true });
  });

  test('an event redelivered after a restart is recognised and not processed again; the list survives too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paykit-sample-restart-'));
    try {
      const event = { ...completed!.payload, id: 'evt_before_restart' };
      const before = await startSample({ SAMPLE_DATA_DIR: dataDir });
      try {
        expect((await deliverSigned(event, before)).json).toEqual({ received: true, duplicate: false });
      } finally {
        await before.close();
      }
      const after = await startSample({ SAMPLE_DATA_DIR: dataDir });
      try {
        expect((await deliverSigned(event, after)).json).toEqual({ received: true, duplicate: true });
        const { events } = (await after.call('GET', '/api/webhooks/events')).json;
        expect(events.map((e: { id: string }) => e.id)).toEqual(['evt_before_restart']);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a signed event whose data.object is malformed', () => {
  /** 30,000 levels deep (180 kB, under the 256 KiB limit): JSON.stringify overflows its stack on it. */
  const deep = `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`;

  test.each([
    [
      'a deeply nested session id',
      'evt_malformed_deep',
      (id: string) =>
        `{"id":"${id}","type":"payment.session.completed","created":1706745620,"data":{"object":{"id":${deep},"status":{"s":["completed"]}}}}`,
    ],
    [
      'a session that is a string',
      'evt_malformed_string',
      (id: string) =>
        `{"id":"${id}","type":"payment.session.completed","created":1706745620,"data":{"object":"hps_x"}}`,
    ],
    [
      'a session id that is a number and a status of 10 kB',
      'evt_malformed_types',
      (id: string) =>
        `{"id":"${id}","type":"payment.session.expired","created":1706745620,"data":{"object":{"id":42,"status":"${'x'.repeat(10_000)}"}}}`,
    ],
  ])('(%s) never breaks the event list', async (_name, id, body) => {
    const rawBody = body(id);
    const answer = await deliver(
      rawBody,
      await signWebhook({ rawBody, secret: sample.config.ten99policy.webhookSecret }),
    );
    // Signed, but not the event the spec describes: verifyWebhook's schema check refuses it, by reason.
    expect(answer.status).toBe(400);
    expect(answer.json.error.reason).toBe('malformed_payload');
    const list = await sample.call('GET', '/api/webhooks/events');
    expect(list.status).toBe(200);
    for (const event of list.json.events as Array<Record<string, unknown>>) {
      for (const field of ['sessionId', 'sessionStatus']) {
        if (field in event)
          expect(typeof event[field] === 'string' && (event[field] as string).length <= 200).toBe(true);
      }
    }
    expect((list.json.events as Array<{ id: string }>).find((e) => e.id === id)).toBeUndefined();
  });
});

describe('the dev webhook simulator', () => {
  test("offers exactly the spec's webhook examples", async () => {
    const bundle = JSON.parse(readFileSync(bundlePath('ten99policy'), 'utf8'));
    const types = Object.keys(bundle.webhooks).sort();
    const offered = (await sample.call('GET', '/api/config')).json.devTools.webhookExamples as Array<{ type: string }>;
    expect([...new Set(offered.map((e) => e.type))].sort()).toEqual(types);
  });

  test('signs an example, posts it to the endpoint over HTTP, and the event is listed', async () => {
    const expired = webhookExamples().find((e) => e.type === 'payment.session.expired')!;
    const answer = await sample.call('POST', '/api/dev/webhooks/send', { body: { example: expired.key } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: 200,
      listed: true,
      message: `Delivered payment.session.expired (${expired.payload['id']}): signature verified, event listed.`,
    });
    expect(await eventIds()).toContain(expired.payload['id']);
  });

  test('a forged delivery (altered after signing) is refused and not listed', async () => {
    const answer = await sample.call('POST', '/api/dev/webhooks/send', {
      body: { example: cancelled!.key, forged: true },
    });
    expect(answer.json.status).toBe(400);
    expect(answer.json.listed).toBe(false);
    expect(answer.json.message).toMatch(
      /^The endpoint answered 400\. Webhook refused: No v1 signature matches .*\. The event is not listed\.$/,
    );
    expect(await eventIds()).not.toContain(`${cancelled!.payload['id']}_forged`);
    expectNothingSecret(answer.text, sample.config);
  });
});
