import { describe, expect, it } from 'vitest';
import { apis } from '../index.js';
import { namedExamples, resolveRef } from '../examples.js';
import { createSchemaValidator } from '../validator.js';

describe.each(apis)('%s: every named example validates against its schema (Ajv, JSON Schema 2020-12)', (api) => {
  const validator = createSchemaValidator(api);
  const cases = [...namedExamples(validator.bundle)].map((example) => ({
    ...example,
    label: `${example.method.toUpperCase()} ${example.path} ${example.in === 'response' ? example.status : 'request'} ${example.name}`,
  }));

  it('has examples to check', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)('$label', ({ schemaPointer, value }) => {
    expect(validator.validate(schemaPointer, value).errors).toEqual([]);
  });
});

describe('examples cover every state a user meets', () => {
  const names = (api: 'connect' | 'ten99policy', path: string, status: string) =>
    [...namedExamples(createSchemaValidator(api).bundle)]
      .filter((e) => e.path === path && e.status === status)
      .map((e) => e.name);

  it('Connect payment session: pending embedded, pending hosted, requires action, completed, failed', () => {
    expect(names('connect', '/payment-sessions/{paymentSessionId}', '200')).toEqual([
      'pendingEmbedded',
      'pendingHosted',
      'requiresAction',
      'completed',
      'failed',
    ]);
  });

  it('1099Policy session: pending with url, cancelled, and completed/cancelled/expired webhook events', () => {
    expect(names('ten99policy', '/api/v1/payment/sessions', '201')).toContain('pendingWithUrl');
    expect(names('ten99policy', '/api/v1/payment/sessions/{session}/cancel', '200')).toContain('cancelled');
    const events = [...namedExamples(createSchemaValidator('ten99policy').bundle)].filter((e) => e.kind === 'webhook');
    expect(events.map((e) => e.name).sort()).toEqual(['cancelled', 'completed', 'expired']);
  });

  it('1099Policy: each documented error code has its own example', () => {
    const codes = [...namedExamples(createSchemaValidator('ten99policy').bundle)]
      .filter((e) => e.in === 'response' && /^[45]/.test(e.status ?? ''))
      .map((e) => (e.value as { error_code?: string }).error_code);
    expect(new Set(codes)).toEqual(
      new Set([
        'invalid_return_url',
        'invalid_input',
        'session_not_pending',
        'session_expired',
        'invalid_api_key',
        'insufficient_permissions',
        'resource_not_found',
        'general_error',
        undefined, // 429: no rate-limit code is documented
      ]),
    );
  });
});

describe('a create request and the answer it is paired with agree', () => {
  // The vendor's own renames between a create's request and its answer: 1099Policy's `contractor` comes back as
  // `contractor_id`, a webhook endpoint's `events: "*"` as `["*"]` (both documented).
  const answerField: Record<string, string> = { contractor: 'contractor_id' };
  const asAnswered = (field: string, value: unknown) => (field === 'events' && value === '*' ? ['*'] : value);

  /** Every top-level property a schema can have, through $refs and allOf/oneOf/anyOf, with its default. */
  const properties = (bundle: Record<string, any>, node: unknown, into = new Map<string, unknown>()) => {
    const schema = resolveRef(bundle, node).node as Record<string, any>;
    for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
      if (!into.has(name)) into.set(name, resolveRef(bundle, property).node?.default);
    }
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
      properties(bundle, part, into);
    }
    return into;
  };

  // The n-th request example of a create pairs with the n-th example of its success answer.
  const pairs = apis.flatMap((api) => {
    const { bundle } = createSchemaValidator(api);
    const examples = [...namedExamples(bundle)].filter((e) => e.kind === 'path' && e.operationId.startsWith('create'));
    return examples
      .filter((e) => e.in === 'requestBody')
      .map((request, _index, requests) => {
        const sameOperation = requests.filter((other) => other.operationId === request.operationId);
        const answers = examples.filter((e) => e.operationId === request.operationId && /^2/.test(e.status ?? ''));
        const answer = answers[sameOperation.indexOf(request)]!;
        const schema = resolveRef(bundle, { $ref: request.schemaPointer }).node;
        return [
          `${api} ${request.operationId}: ${request.name} → ${answer.name}`,
          request,
          answer,
          bundle,
          schema,
        ] as const;
      });
  });

  it('has creates to check in every API', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(pairs)('%s', (_, request, answer, bundle, schema) => {
    const sent = request.value as Record<string, unknown>;
    const shown = answer.value as Record<string, unknown>;
    for (const [field, value] of Object.entries(sent)) {
      const as = answerField[field] ?? field;
      if (as in shown) expect({ [as]: shown[as] }).toEqual({ [as]: asAnswered(field, value) });
    }
    // A field the request leaves out is answered with its default, or empty.
    for (const [field, fallback] of properties(bundle, schema)) {
      if (field in sent || !(field in shown)) continue;
      expect({ [field]: shown[field] }).toEqual({ [field]: fallback ?? {} });
    }
  });
});

describe('example timestamps are consistent with each other', () => {
  // The vendor's verbatim bodies (seeds, vendorDocsExample) keep their own dates; every other example is recent.
  const ours = (api: 'connect' | 'ten99policy') =>
    Object.entries<{ value: Record<string, any> }>(createSchemaValidator(api).bundle.components.examples).filter(
      ([name]) => !name.endsWith('VendorDocs') && name !== 'PaymentSessionPendingEmbedded',
    );

  it.each(ours('connect').filter(([, e]) => e.value.createdAt))(
    'Connect %s: createdAt ≤ updatedAt, in 2026',
    (_, { value }) => {
      expect(Date.parse(value.createdAt)).toBeLessThanOrEqual(Date.parse(value.updatedAt));
      expect(value.createdAt).toMatch(/^2026-/);
    },
  );

  const sessions = ours('ten99policy').flatMap(([name, { value }]) =>
    value.expires_at
      ? [[name, value, undefined] as const]
      : value.data?.object
        ? [[name, value.data.object, value.created] as const]
        : [],
  );

  it.each(sessions)(
    '1099Policy %s: expires 30 minutes after creation, cancelled or completed in between, in 2026',
    (_, session, eventCreated) => {
      expect(session.expires_at).toBe(session.created + 1800);
      expect(new Date(session.created * 1000).getUTCFullYear()).toBe(2026);
      for (const at of [session.cancelled_at, session.completed_at].filter((t) => t !== null)) {
        expect(at).toBeGreaterThanOrEqual(session.created);
        expect(at).toBeLessThanOrEqual(session.expires_at);
      }
      // An event is created after the change it reports.
      if (eventCreated !== undefined) {
        const changedAt = session.cancelled_at ?? session.completed_at ?? session.expires_at;
        expect(eventCreated).toBeGreaterThanOrEqual(changedAt);
      }
    },
  );

  it('has sessions and events to check', () => {
    expect(sessions.length).toBeGreaterThanOrEqual(5);
  });
});
