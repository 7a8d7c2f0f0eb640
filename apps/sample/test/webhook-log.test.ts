import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ReceivedEvent } from '../src/server/views.js';
import { RETENTION_MS, WebhookLog } from '../src/server/webhook-log.js';

// A disk that fails chosen appends: `opens.failing` holds the numbers (from 1) of the appends' opens that fail.
const opens = vi.hoisted(() => ({ count: 0, failing: new Set<number>() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: (...args: Parameters<typeof actual.open>) =>
      opens.failing.has(++opens.count)
        ? Promise.reject(Object.assign(new Error('EIO: i/o error, open'), { code: 'EIO' }))
        : actual.open(...args),
  };
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paykit-webhook-log-'));
  file = join(dir, 'nested', 'webhook-events.jsonl');
  opens.count = 0;
  opens.failing.clear();
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

  test('a compaction writes processed ids only: an id whose append then fails is not on disk, and is processed on redelivery', async () => {
    const log = new WebhookLog(file, { compactEvery: 2 });
    await log.record(event('evt_a', Date.now()));
    // evt_b's append triggers a compaction while evt_c waits its turn; evt_c's own append then fails.
    opens.failing.add(3);
    const [b, c] = await Promise.allSettled([
      log.record(event('evt_b', Date.now())),
      log.record(event('evt_c', Date.now())),
    ]);
    expect(b).toEqual({ status: 'fulfilled', value: true });
    expect(c.status).toBe('rejected');
    expect(linesOf()).toEqual(['evt_a', 'evt_b']);
    const restarted = new WebhookLog(file);
    expect(await restarted.record(event('evt_c', Date.now()))).toBe(true);
  });

  test('a compaction while appends wait their turn leaves each id on one line', async () => {
    const log = new WebhookLog(file, { compactEvery: 2 });
    const ids = ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5'];
    expect(await Promise.all(ids.map((id, i) => log.record(event(id, Date.now() + i))))).toEqual(Array(5).fill(true));
    expect(linesOf()).toEqual(ids);
  });

  test('a redelivery that arrives while the first delivery is written waits: duplicate if it lands, processed if not', async () => {
    const log = new WebhookLog(file);
    expect(await Promise.all([log.record(event('evt_1', 1)), log.record(event('evt_1', 1))])).toEqual([true, false]);
    opens.failing.add(2);
    const [first, second] = await Promise.allSettled([log.record(event('evt_2', 2)), log.record(event('evt_2', 2))]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: true });
    expect(linesOf()).toEqual(['evt_1', 'evt_2']);
  });

  test("after a crash: repeated lines are read once and rewritten once; a cut-short compaction's file is removed", () => {
    mkdirSync(join(dir, 'nested'));
    const [one, two] = [JSON.stringify(event('evt_1', Date.now())), JSON.stringify(event('evt_2', Date.now()))];
    writeFileSync(file, `${one}\n${two}\n${one}\n${two}\n${one}\n`);
    writeFileSync(`${file}.4242.tmp`, `${one}\n`);
    const log = new WebhookLog(file);
    expect(
      log
        .recent(10)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['evt_1', 'evt_2']);
    expect(linesOf()).toEqual(['evt_1', 'evt_2']);
    expect(existsSync(`${file}.4242.tmp`)).toBe(false);
  });
});
