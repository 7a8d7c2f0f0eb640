import { describe, expect, it, vi } from 'vitest';
import { call, json as parsed } from '../support/http.js';
import { startHarness, startReceiver } from './support.js';

const create = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' };
const ORIGIN = 'http://127.0.0.1:4011';
// A control-API answer, read as the test expects it to be.
const json = (answer: Parameters<typeof parsed>[0]) => parsed(answer) as Record<string, any>;

/**
 * Sessions behind the five early ones: as many as a sandbox keeps by default. The work is counted (`visited`), never
 * timed, so a walk to the cursor or a scan for due sessions shows as tens of thousands of visits here as it would at
 * a million (the README's figures at a million sessions were measured apart; creating a million took 10 s alone).
 */
const MANY = 100_000;

describe('sandbox state at the default cap of sessions', () => {
  it('a control-API page and an expiry tick each touch only what they return', async () => {
    const harness = await startHarness('ten99policy', { limits: { sessions: 2 * MANY } });
    const { sessions } = harness.sandbox;
    const early = Array.from({ length: 5 }, () => sessions.create('paymentSession', create, ORIGIN).id);
    harness.sandbox.advance(20 * 60);
    for (let i = 0; i < MANY; i++) sessions.create('paymentSession', create, ORIGIN);
    expect(sessions.size).toBe(MANY + 5);

    let before = sessions.visited;
    const first = json(await call(`${harness.url}/__paykit/sessions?limit=100`));
    expect(first.sessions).toHaveLength(100);
    expect(first.total).toBe(MANY + 5);
    expect(sessions.visited - before).toBe(100);

    // Deep into the list: the cursor is found by binary search, not by walking to it.
    const middle = sessions.page(0, MANY / 2).next as number;
    before = sessions.visited;
    const deep = json(await call(`${harness.url}/__paykit/sessions?limit=100&cursor=${cursorAfter(middle)}`));
    expect(deep.sessions).toHaveLength(100);
    expect(sessions.visited - before).toBe(100);
    const next = json(await call(`${harness.url}${deep.next}`));
    expect(next.sessions[0].id).not.toBe(deep.sessions[99].id);

    // 11 minutes later only the five early sessions are due: the tick looks at those five.
    harness.sandbox.advance(11 * 60, { expire: false });
    before = sessions.visited;
    harness.sandbox.sweep();
    expect(sessions.visited - before).toBe(5);
    expect(early.map((id) => sessions.get(id)?.phase)).toEqual(Array(5).fill('expired'));

    // And a tick with nothing due looks at nothing.
    before = sessions.visited;
    harness.sandbox.sweep();
    expect(sessions.visited - before).toBe(0);
  });
});

/**
 * The cursor a page ending after session number `seq` of the control account (the harness's calls send no key)
 * hands out (the format is the control API's own).
 */
function cursorAfter(seq: number): string {
  return Buffer.from(`sessions:acct_control:${seq}`, 'latin1').toString('base64url');
}

describe('sandbox caps', () => {
  it('forgets the oldest finished sessions first, then the oldest open, logged once per sweep', async () => {
    const lines: string[] = [];
    const harness = await startHarness('ten99policy', { limits: { sessions: 3 }, log: (line) => lines.push(line) });
    const { sessions } = harness.sandbox;
    const ids = Array.from({ length: 5 }, () => sessions.create('paymentSession', create, ORIGIN).id);
    sessions.move(sessions.get(ids[3]!)!, 'completed');
    sessions.move(sessions.get(ids[1]!)!, 'cancelled');
    harness.sandbox.sweep();
    expect(sessions.all().map((session) => session.id)).toEqual([ids[0], ids[2], ids[4]]);

    sessions.create('paymentSession', create, ORIGIN);
    harness.sandbox.sweep();
    expect(sessions.all().map((session) => session.id)).not.toContain(ids[0]);
    expect(sessions.size).toBe(3);
    expect(lines).toEqual([
      'state: forgot 2 sessions over their cap of 3 (the oldest finished first)',
      'state: forgot 1 sessions over their cap of 3 (the oldest finished first)',
    ]);
  });

  it('forgets idempotency keys beyond their cap, oldest first: a forgotten key makes a new session', async () => {
    const harness = await startHarness('ten99policy', { limits: { idempotencyKeys: 2 } });
    const createWith = async (key: string) =>
      ((await harness.call('createPaymentSession', { body: create, headers: { 'idempotency-key': key } })).body as any)
        .id as string;
    const [a, b, c] = [await createWith('k-a'), await createWith('k-b'), await createWith('k-c')];
    harness.sandbox.sweep();
    expect(await createWith('k-c')).toBe(c);
    expect(await createWith('k-b')).toBe(b);
    expect(await createWith('k-a')).not.toBe(a);
  });

  it('keeps at most the cap of webhook events, the oldest finished forgotten first', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', {
      limits: { events: 2 },
      webhooks: { urls: [receiver.url], secret: 'whsec_caps' },
    });
    const { sessions } = harness.sandbox;
    const ids = Array.from({ length: 3 }, () => sessions.create('paymentSession', create, ORIGIN).id);
    for (const id of ids) sessions.move(sessions.get(id)!, 'cancelled');
    await harness.sandbox.webhooks!.settled();
    harness.sandbox.sweep();
    const listed = json(await call(`${harness.url}/__paykit/events`));
    expect(listed.events.map((event: { objectId: string }) => event.objectId)).toEqual([ids[1], ids[2]]);
    expect(listed.total).toBe(2);
  });
});

describe('clock/advance past many expiries', () => {
  it('flips 250 sessions itself, says more are expiring, and the expiry job flips the rest moments later', async () => {
    const harness = await startHarness('ten99policy');
    for (let i = 0; i < 300; i++) harness.sandbox.sessions.create('paymentSession', create, ORIGIN);
    const advanced = await call(`${harness.url}/__paykit/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 1860 }),
    });
    expect(json(advanced).expired).toHaveLength(250);
    expect(json(advanced).moreExpiring).toBe(true);
    await vi.waitFor(() =>
      expect(harness.sandbox.sessions.all().filter((session) => session.phase === 'expired')).toHaveLength(300),
    );
  });
});

describe('control-API pages', () => {
  it('pages through sessions with limit and the next link, and refuses a bad limit or cursor by name', async () => {
    const harness = await startHarness('ten99policy');
    const ids = Array.from({ length: 5 }, () => harness.sandbox.sessions.create('paymentSession', create, ORIGIN).id);
    const seen: string[] = [];
    let next: string | null = '/__paykit/sessions?limit=2';
    while (next) {
      const page = json(await call(`${harness.url}${next}`));
      expect(page.sessions.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(5);
      seen.push(...page.sessions.map((session: { id: string }) => session.id));
      next = page.next;
    }
    expect(seen).toEqual(ids);

    for (const [query, detail] of [
      ['limit=0', 'limit must be a whole number from 1 to 500'],
      ['limit=abc', 'limit must be a whole number from 1 to 500'],
      ['cursor=nonsense', 'cursor must be the one a page of GET /__paykit/sessions gave in its next link'],
      [`cursor=${Buffer.from('events:1').toString('base64url')}`, 'cursor must be the one a page of'],
    ] as const) {
      const refused = await call(`${harness.url}/__paykit/sessions?${query}`);
      expect(refused.status).toBe(400);
      expect(json(refused).detail).toContain(detail);
    }
  });
});
