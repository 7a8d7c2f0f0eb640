import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { parseJsonBody } from '../engine/json.js';

/*
 * The sandbox's state on disk (`--state <file>`, `startMock({ sandbox: { stateFile } })`): read once at start,
 * written as it changes. A write goes to a temporary file in the same folder, flushed to disk, then renamed over the
 * state file: a crash leaves the old file or the new one, never half of one. Writes are debounced (a burst of
 * requests costs one write) and the last change is written on a graceful stop. A file that is not JSON (a write cut
 * short some other way, an editor's half-saved buffer) or not a state file is refused with its path and what is
 * wrong, and left as it is: the mock never overwrites what it cannot read.
 */

export const STATE_FORMAT = 'paykit-mock-state';
export const STATE_VERSION = 1;

const PHASES = ['pending', 'requires_action', 'completed', 'cancelled', 'expired', 'failed'] as const;
const time = z.number().int().nonnegative();
const object = z.record(z.string(), z.unknown());

const savedSession = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  phase: z.enum(PHASES),
  createdAt: time,
  updatedAt: time,
  expiresAt: time.optional(),
  completedAt: time.optional(),
  cancelledAt: time.optional(),
  request: object,
  account: z.string().optional(),
  made: object,
  page: z
    .object({
      token: z.string().min(1),
      url: z.string().min(1),
      expiresAt: time,
      used: z.boolean(),
      challenge: z.boolean().optional(),
    })
    .optional(),
});

const savedAccount = z.object({
  clockOffsetMs: time,
  sessions: z.array(savedSession),
  idempotencyKeys: z.array(
    z.object({
      key: z.string(),
      fingerprint: z.string(),
      expiresAt: time,
      session: z.string().optional(),
      answer: z.object({
        status: z.number().int(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      }),
    }),
  ),
  webhookEndpoints: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      events: z.array(z.string()),
      secret: z.string(),
      createdAt: time,
      description: z.string().nullable(),
    }),
  ),
});

const savedApi = z.object({
  clockOffsetMs: time,
  accounts: z.record(z.string().regex(/^acct_[0-9a-z]+$/, 'must be an account id (acct_…)'), savedAccount),
});

const stateDocument = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  savedAt: z.string(),
  apis: z.record(z.string(), savedApi),
});

export type SavedAccount = z.infer<typeof savedAccount>;
export type SavedApi = z.infer<typeof savedApi>;
type StateDocument = z.infer<typeof stateDocument>;

/** A state file the mock cannot use: the message names the file and what is wrong (never a value from it). */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** Where an issue is, as a person reads it: `apis.connect.accounts.acct_….sessions[0].phase`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (shown, part) => (typeof part === 'number' ? `${shown}[${part}]` : `${shown}${shown ? '.' : ''}${String(part)}`),
    '',
  );
}

/** Reads and checks a state file; undefined when there is none yet (the first write makes it). */
export function readStateFile(path: string): StateDocument | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`state file ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  const parsed = parseJsonBody(raw);
  if (!parsed.ok) {
    throw new StateFileError(
      `state file ${path} is not valid JSON (${parsed.reason}): a write cut short leaves such a file. ` +
        'The mock leaves it as it is: move it away or delete it to start with an empty sandbox.',
    );
  }
  const value = parsed.value as { format?: unknown } | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value.format !== STATE_FORMAT) {
    throw new StateFileError(
      `${path} is not a paykit mock state file (it has no "format": "${STATE_FORMAT}"): ` +
        'the mock does not overwrite it; give --state a path of its own.',
    );
  }
  const checked = stateDocument.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new StateFileError(
      `state file ${path} does not hold a sandbox state this mock reads: ${issuePath(issue.path)}: ${issue.message}` +
        ` (this mock reads version ${STATE_VERSION}). The mock leaves it as it is: move it away or delete it.`,
    );
  }
  return checked.data;
}

/** Writes `text` to `path` through a temporary file and a rename, flushed to disk first. */
export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * One state file, shared by the sandboxes of a mock process (the CLI serves every API from one file): each API
 * attaches a snapshot function, and any change schedules one debounced write of them all. APIs in the file that no
 * sandbox attached are kept as they were.
 */
export class StateFile {
  readonly #saved: Record<string, SavedApi>;
  readonly #snapshots = new Map<string, () => SavedApi>();
  #timer: NodeJS.Timeout | undefined;
  #log: (line: string) => void = () => undefined;
  #failed = false;
  #lastWriteMs = 0;

  constructor(
    readonly path: string,
    readonly debounceMs = 250,
  ) {
    this.#saved = readStateFile(path)?.apis ?? {};
  }

  /** What the file held for `api` when the mock started (undefined: nothing yet). */
  saved(api: string): SavedApi | undefined {
    return this.#saved[api];
  }

  /** Makes `snapshot` part of every write; `log` is told when a write fails (the mock keeps serving). */
  attach(api: string, snapshot: () => SavedApi, log: (line: string) => void): void {
    this.#snapshots.set(api, snapshot);
    this.#log = log;
  }

  /**
   * Something changed: write within `debounceMs`, or nine times as long as the last write took, whichever is
   * longer. A write blocks the event loop (serialising every session: ~0.3 s for 10,000, ~3 s for 100,000 on the
   * 2-core machine), so a big sandbox under traffic spends at most a tenth of its time writing.
   */
  changed(): void {
    this.#timer ??= setTimeout(() => this.flush(), Math.max(this.debounceMs, this.#lastWriteMs * 9));
  }

  /** Writes now if a change is waiting (a graceful stop calls this, so the last change is never lost). */
  flush(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const [api, snapshot] of this.#snapshots) this.#saved[api] = snapshot();
    const document: StateDocument = {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      savedAt: new Date().toISOString(),
      apis: this.#saved,
    };
    const started = performance.now();
    try {
      writeAtomically(this.path, JSON.stringify(document));
      this.#lastWriteMs = performance.now() - started;
      if (this.#failed) this.#log(`state: written to ${this.path} again`);
      this.#failed = false;
    } catch (error) {
      // Told once per run of failures: a full disk would otherwise print a line per request.
      if (!this.#failed) {
        this.#log(`state: could not write ${this.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      this.#failed = true;
    }
  }
}
