import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ReceivedEvent } from './views.js';

/**
 * 1099Policy does not publish its redelivery schedule; its Node library is a copy of Stripe's, and Stripe
 * redelivers for up to 3 days. Ids are kept ten times that long, so a late redelivery is still recognised.
 */
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Appends between two compactions (each one drops the ids older than the retention window). */
const COMPACT_EVERY = 1000;

export interface WebhookLogOptions {
  retentionMs?: number;
  now?: () => number;
  /** Appends between two compactions (default 1000). */
  compactEvery?: number;
}

/**
 * The ids of the webhook events this app has processed, with what the page shows of each, kept in a JSON-lines
 * file so that a redelivery is recognised however many events came in between and across restarts. An event
 * counts as processed once its line is on disk (appended in one write, then synced), before the vendor is told it
 * was received; until then it is only being written, and nothing else writes its id: a compaction rewrites the
 * processed events alone, so an id whose append fails is never on disk, and its redelivery is processed. Lines
 * torn or repeated by a crash are dropped when the file is read. The file is rewritten without expired ids (to a
 * synced temporary file, then renamed over it) when opened and every thousand appends.
 */
export class WebhookLog {
  readonly #file: string;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #compactEvery: number;
  /** Processed events: their lines are on disk. */
  readonly #events = new Map<string, ReceivedEvent>();
  /** Events whose line is being written, by id: a redelivery meanwhile waits for that write's outcome. */
  readonly #writing = new Map<string, Promise<void>>();
  /** Appends and compactions run one at a time, so a compaction never loses an append. */
  #queue: Promise<unknown> = Promise.resolve();
  #appendsSinceCompaction = 0;

  constructor(file: string, options: WebhookLogOptions = {}) {
    this.#file = file;
    this.#retentionMs = options.retentionMs ?? RETENTION_MS;
    this.#now = options.now ?? Date.now;
    this.#compactEvery = options.compactEvery ?? COMPACT_EVERY;
    mkdirSync(dirname(file), { recursive: true });
    removeTemporaryFiles(file);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) {
      const event = parseLine(line);
      if (event) this.#events.set(event.id, event);
    }
    // Rewritten only when there is something to drop: expired ids, a torn line, a repeated id.
    const oldest = this.#now() - this.#retentionMs;
    if (lines.length !== this.#events.size || [...this.#events.values()].some((e) => e.receivedAt < oldest)) {
      this.#compactSync();
    }
  }

  /**
   * Records a newly processed event once its line is on disk; false (and nothing written) when its id was
   * processed before. A redelivery that arrives while the first delivery's line is being written waits for it: a
   * duplicate once it lands, recorded itself if that write fails. Rejects when the line cannot be written.
   */
  async record(event: ReceivedEvent): Promise<boolean> {
    if (this.#events.has(event.id)) return false;
    const writing = this.#writing.get(event.id);
    if (writing) {
      try {
        await writing;
        return false;
      } catch {
        return this.record(event);
      }
    }
    const write = this.#serial(() => this.#append(event));
    this.#writing.set(event.id, write);
    try {
      await write;
    } finally {
      this.#writing.delete(event.id);
    }
    return true;
  }

  /** The most recent events, newest first. */
  recent(limit: number): ReceivedEvent[] {
    return [...this.#events.values()].sort((a, b) => b.receivedAt - a.receivedAt).slice(0, limit);
  }

  async #append(event: ReceivedEvent): Promise<void> {
    const handle = await open(this.#file, 'a');
    try {
      await handle.write(`${JSON.stringify(event)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.#events.set(event.id, event);
    if (++this.#appendsSinceCompaction >= this.#compactEvery) {
      try {
        this.#compactSync();
      } catch {
        // The event is on disk: a failed compaction only leaves the file longer, until the next one.
      }
    }
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #compactSync(): void {
    const oldest = this.#now() - this.#retentionMs;
    for (const [id, event] of this.#events) if (event.receivedAt < oldest) this.#events.delete(id);
    const temporary = `${this.#file}.${process.pid}.tmp`;
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, [...this.#events.values()].map((e) => `${JSON.stringify(e)}\n`).join(''));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, this.#file);
    this.#appendsSinceCompaction = 0;
  }
}

/** A compaction cut short by a crash leaves its temporary file (`<file>.<pid>.tmp`): the log itself is intact. */
function removeTemporaryFiles(file: string): void {
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dirname(file))) {
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
      rmSync(join(dirname(file), name), { force: true });
    }
  }
}

function parseLine(line: string): ReceivedEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const event = value as Partial<ReceivedEvent> | null;
  if (typeof event?.id !== 'string' || typeof event.type !== 'string') return undefined;
  if (typeof event.created !== 'number' || typeof event.receivedAt !== 'number') return undefined;
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    receivedAt: event.receivedAt,
    ...(typeof event.sessionId === 'string' ? { sessionId: event.sessionId } : {}),
    ...(typeof event.sessionStatus === 'string' ? { sessionStatus: event.sessionStatus } : {}),
  };
}
