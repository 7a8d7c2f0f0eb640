import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ReceivedEvent } from '../src/server/views.js';
import { RETENTION_MS, WebhookLog } from '../src/server/webhook-log.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paykit-webhook-log-'));
  file = join(dir, 'nested', 'webhook-events.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const day = 24 * 60 * 60 * 1000;
const event = (id: string, receivedAt: number): ReceivedEvent => ({
  id,
  type: 'payment.session.completed',
  created: Math.floor(receivedAt / 1000),
  receivedAt,
  sessionId: 'hps_9Yc2LmQ4',
  sessionStatus: 'completed',
});
const linesOf = () =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).id);

describe('the processed-events log', () => {
  test('keeps ids at least 30 days (ten times the 3 days Stripe-style senders redeliver for)', () => {
    expect(RETENTION_MS).toBe(30 * day);
  });

  test('an id is processed once, then recognised; each processed event is one JSON line on disk', async () => {
    const log = new WebhookLog(file);
    expect(await log.record(event('evt_1', 1000))).toBe(true);
    expect(await log.record(event('evt_1', 2000))).toBe(false);
    expect(await log.record(event('evt_2', 3000))).toBe(true);
    expect(linesOf()).toEqual(['evt_1', 'evt_2']);
    expect(log.recent(10).map((e) => e.id)).toEqual(['evt_2', 'evt_1']);
  });

  test('two deliveries of one id at the same moment are processed once', async () => {
    const log = new WebhookLog(file);
    const results = await Promise.all([log.record(event('evt_1', 1)), log.record(event('evt_1', 1))]);
    expect(results.sort()).toEqual([false, true]);
    expect(linesOf()).toEqual(['evt_1']);
  });

  test('reopened, it still knows every id; ids past the retention window are dropped and the file compacted', async () => {
    const now = 100 * day;
    const first = new WebhookLog(file, { now: () => now });
    await first.record(event('evt_old', now - 31 * day));
    await first.record(event('evt_recent', now - 29 * day));
    await first.record(event('evt_new', now));

    const reopened = new WebhookLog(file, { now: () => now });
    expect(await reopened.record(event('evt_recent', now))).toBe(false);
    expect(await reopened.record(event('evt_new', now))).toBe(false);
    expect(linesOf()).toEqual(['evt_recent', 'evt_new']);
    // An id older than the window is forgotten: only a sender that redelivers for over 30 days would notice.
    expect(await reopened.record(event('evt_old', now))).toBe(true);
  });

  test('a line torn by a crash mid-write is skipped and the rest is kept', async () => {
    const good = JSON.stringify(event('evt_1', Date.now()));
    writeFileSync(join(dir, 'torn.jsonl'), `${good}\n{"id":"evt_2","type":"payment.sess`);
    const log = new WebhookLog(join(dir, 'torn.jsonl'));
    expect(log.recent(10).map((e) => e.id)).toEqual(['evt_1']);
    expect(readFileSync(join(dir, 'torn.jsonl'), 'utf8')).toBe(`${good}\n`);
    expect(await log.record(event('evt_2', Date.now()))).toBe(true);
  });

  test('an event that cannot be written is not counted as processed, so its redelivery is processed', async () => {
    const log = new WebhookLog(file);
    rmSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(join(dir, 'nested'), 'a file where the folder was');
    await expect(log.record(event('evt_1', 1))).rejects.toThrow();
    rmSync(join(dir, 'nested'));
    const again = new WebhookLog(file);
    expect(await again.record(event('evt_1', 1))).toBe(true);
    expect(await log.record(event('evt_1', 1))).toBe(true);
  });
});
