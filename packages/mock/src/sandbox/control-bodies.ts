import { z } from 'zod';
import { issuePath } from './state-file.js';

/*
 * The control API's request bodies, checked with zod. Every message names the field and the rule, as the rest of
 * the mock's refusals do; a field the route does not take is refused too (a typo such as `second` would otherwise
 * be ignored and the default used).
 */

export const PHASES = ['pending', 'requires_action', 'completed', 'cancelled', 'expired', 'failed'] as const;

const MAX_SECONDS = 366 * 86_400;
const SECONDS_RULE = `seconds must be a whole number from 0 to ${MAX_SECONDS} (366 days)`;
const TO_RULE = 'to must be an RFC 3339 date-time with a time zone, e.g. 2026-12-07T10:00:00Z';

/** A strict object whose unknown fields are named in the refusal, with the fields it takes. */
function body<Shape extends z.ZodRawShape>(shape: Shape) {
  const fields = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}: this route takes ${fields}`
        : undefined,
  });
}

export const stateBody = body({
  state: z.enum(PHASES, { error: `state must be one of ${PHASES.join(', ')}` }),
});

export const advanceBody = body({
  seconds: z
    .number({ error: SECONDS_RULE })
    .int({ error: SECONDS_RULE })
    .min(0, { error: SECONDS_RULE })
    .max(MAX_SECONDS, { error: SECONDS_RULE })
    .optional(),
  to: z.iso.datetime({ offset: true, error: TO_RULE }).optional(),
  expire: z.boolean({ error: 'expire must be true or false' }).optional(),
}).refine((input) => (input.seconds === undefined) !== (input.to === undefined), {
  error: 'give seconds (how far to move the clock) or to (an RFC 3339 time to move it to), one of them',
});

export const eventBody = body({
  type: z
    .string({ error: 'type is required: the event to send, e.g. "payment.session.expired"' })
    .min(1, { error: 'type is required: the event to send, e.g. "payment.session.expired"' }),
  session: z
    .string({ error: 'session must be the id of a session of this mock (a string)' })
    .min(1, { error: 'session must be the id of a session of this mock (a string)' })
    .optional(),
});

export const emptyBody = body({});

export type Checked<T> = { ok: true; value: T } | { ok: false; title: string; detail: string };

/** Checks a body; a refusal's title names the field, its detail the field and the rule. */
export function checkBody<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const checked = schema.safeParse(input);
  if (checked.success) return { ok: true, value: checked.data };
  const issue = checked.error.issues[0]!;
  const field = issuePath(issue.path);
  const detail = field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  return { ok: false, title: field ? `Invalid ${field}` : 'Invalid control request', detail };
}
