import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseJsonBody } from '../engine/json.js';
import { ACCOUNT_ID, accountId } from './accounts.js';
import { issuePath } from './state-file.js';
import type { Phase, VendorSandbox } from './vendors/types.js';

/*
 * Fixtures (`--fixtures <file>`, `startMock({ sandbox: { fixtures } })`): sessions a fresh sandbox starts with, in
 * given states, per API and account. The format (README, "Fixtures"):
 *
 *   { "ten99policy": { "sessions": [ { "apiKey": "t9k_test_dummy", "id": "hps_Fixture01", "state": "completed",
 *                                      "request": { "contractor": "cn_AbCdEfGh12", "return_url": "https://…" } } ] } }
 */

const PHASES = ['pending', 'requires_action', 'completed', 'cancelled', 'expired', 'failed'] as const;

const fixtureSession = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1 to 100 letters, digits, _ or -')
      .optional(),
    kind: z.string().min(1).optional(),
    state: z.enum(PHASES).default('pending'),
    apiKey: z.string().min(1, 'must not be empty').optional(),
    account: z.string().regex(ACCOUNT_ID, 'must be an account id: acct_ and 12 hex digits, or acct_control').optional(),
    request: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((session) => (session.apiKey === undefined) !== (session.account === undefined), {
    message: 'give either apiKey (the key your app sends; only its hash is kept) or account, not both or neither',
  });

const apiFixtures = z.strictObject({ sessions: z.array(fixtureSession).max(10_000) });

export type FixtureSession = z.infer<typeof fixtureSession>;
/** Per API, the sessions it starts with; each names its account by id (the key, if given, was hashed). */
export type Fixtures = Record<string, Array<Omit<FixtureSession, 'apiKey'> & { account: string }>>;

/** A fixtures file the mock cannot use: the message names the file, the field and the rule (never a value). */
export class FixturesError extends Error {
  override name = 'FixturesError';
}

/** Reads and checks a fixtures file for the given APIs (its top-level keys). */
export function readFixtures(path: string, apis: readonly string[]): Fixtures {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new FixturesError(`fixtures file ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  const parsed = parseJsonBody(raw);
  if (!parsed.ok) throw new FixturesError(`fixtures file ${path} is not valid JSON (${parsed.reason})`);
  return checkFixtures(parsed.value, apis, `fixtures file ${path}`);
}

/** Checks fixtures given as a value (`startMock`'s option); `source` names them in errors. */
export function checkFixtures(value: unknown, apis: readonly string[], source = 'sandbox.fixtures'): Fixtures {
  const shape = z.strictObject(
    {
      $schema: z.string().optional(),
      ...Object.fromEntries(apis.map((api) => [api, apiFixtures.optional()])),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown API ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}: the top-level keys are API names (${apis.join(', ')})`
          : undefined,
    },
  );
  const checked = shape.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const where = issuePath(issue.path);
    throw new FixturesError(`${source}: ${where ? `${where}: ` : ''}${issue.message}`);
  }
  const fixtures: Fixtures = {};
  for (const api of apis) {
    const sessions = (checked.data as Record<string, { sessions: FixtureSession[] } | undefined>)[api]?.sessions;
    if (!sessions) continue;
    fixtures[api] = sessions.map(({ apiKey, ...session }) => ({
      ...session,
      account: apiKey === undefined ? session.account! : accountId(apiKey),
    }));
  }
  return fixtures;
}

/**
 * Checks an API's fixtures against its vendor table: the kind exists, the vendor has the state, a create request is
 * there when the vendor has no example one, ids are unique. Throws naming the field.
 */
export function checkAgainstVendor(
  api: string,
  vendor: VendorSandbox,
  sessions: Fixtures[string],
  source = 'sandbox.fixtures',
): void {
  const kinds = Object.keys(vendor.kinds);
  const ids = new Set<string>();
  sessions.forEach((session, index) => {
    const at = `${source}: ${api}.sessions[${index}]`;
    const kind = vendor.kinds[session.kind ?? kinds[0]!];
    if (!kind) throw new FixturesError(`${at}.kind: must be one of ${kinds.join(', ')}`);
    if (kind.status[session.state as Phase] === undefined) {
      throw new FixturesError(`${at}.state: must be one of ${Object.keys(kind.status).join(', ')} for this kind`);
    }
    if (!session.request && !kind.onDemandRequest) {
      throw new FixturesError(`${at}.request: is required (the create request's body, as your app sends it)`);
    }
    if (session.id !== undefined) {
      if (ids.has(session.id)) throw new FixturesError(`${at}.id: must be unique (another fixture has it)`);
      ids.add(session.id);
    }
  });
}
