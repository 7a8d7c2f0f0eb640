import { describe, expect, it } from 'vitest';
import type { MockAnswer } from '../../src/sandbox/hook.js';
import { sandboxVendors } from '../../src/sandbox/vendors/index.js';
import { type SandboxHarness, startHarness } from './support.js';

/*
 * The sandbox's answers are checked against the spec here, not on the request path: every operation the sandbox
 * answers, of both vendors, in each outcome it has (created, replayed, read, unknown id, cancelled, not open,
 * refused), through the harness, which fails a call whose answer breaks its operation's response schema.
 */

type Outcomes = (harness: SandboxHarness) => Promise<MockAnswer[]>;

/** A create, its replay under the same key, and the session's id as the operations that name it take it. */
async function created(
  harness: SandboxHarness,
  operationId: string,
  body: unknown,
  keyHeader: string,
  idField: string,
): Promise<{ answers: MockAnswer[]; id: string }> {
  const headers = { [keyHeader]: `key-${operationId}` };
  const first = await harness.call(operationId, { body, headers });
  const replay = await harness.call(operationId, { body, headers });
  expect(replay).toEqual(first);
  return { answers: [first, replay], id: String((first.body as Record<string, unknown>)[idField]) };
}

/** Read (Connect only), cancel, cancel again: each with the session's id, then with an id nobody created. */
async function lifecycle(
  harness: SandboxHarness,
  ops: { create: string; read?: string; cancel: string },
  body: unknown,
  names: { keyHeader: string; idField: string; idParam: string; unknownId: string },
): Promise<MockAnswer[]> {
  const { answers, id } = await created(harness, ops.create, body, names.keyHeader, names.idField);
  const named = (value: string) => ({ pathParams: { [names.idParam]: value } });
  if (ops.read) answers.push(await harness.call(ops.read, named(id)));
  answers.push(await harness.call(ops.cancel, named(id)), await harness.call(ops.cancel, named(id)));
  if (ops.read) answers.push(await harness.call(ops.read, named(names.unknownId)));
  answers.push(await harness.call(ops.cancel, named(names.unknownId)));
  return answers;
}

const connect = { keyHeader: 'x-idempotency-key', unknownId: '7a0e2c1d-1111-4222-8333-944455556666' };
// The vendors with a sandbox of their own, not every API: an imported vendor document is served by Prism alone.
const cases: Record<'connect' | 'ten99policy', Record<string, Outcomes>> = {
  connect: {
    paymentSession: (harness) =>
      lifecycle(
        harness,
        { create: 'createPaymentSession', read: 'getPaymentSession', cancel: 'cancelPaymentSession' },
        {
          orderId: 'order-1',
          paymentProvider: 'STRIPE',
          hosted: true,
          returnUrl: 'https://shop.example.com/done',
          cancelUrl: 'https://shop.example.com/cart',
        },
        { ...connect, idField: 'paymentSessionId', idParam: 'paymentSessionId' },
      ),
    paymentProfileSession: (harness) =>
      lifecycle(
        harness,
        {
          create: 'createPaymentProfileSession',
          read: 'getPaymentProfileSession',
          cancel: 'cancelPaymentProfileSession',
        },
        { orderId: 'order-2', paymentProvider: 'STRIPE' },
        { ...connect, idField: 'paymentProfileSessionId', idParam: 'paymentProfileSessionId' },
      ),
  },
  ten99policy: {
    paymentSession: (harness) =>
      lifecycle(
        harness,
        { create: 'createPaymentSession', cancel: 'cancelPaymentSession' },
        { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.yourplatform.com/settings/billing/return' },
        { keyHeader: 'idempotency-key', idField: 'id', idParam: 'session', unknownId: 'hps_unknown0000000' },
      ),
    webhookEndpoint: async (harness) => [
      await harness.call('createWebhookEndpoint', {
        body: { url: 'https://hooks.example.com/1099', events: ['payment.session.completed'] },
      }),
      await harness.call('createWebhookEndpoint', { body: { url: 'ftp://hooks.example.com/1099' } }),
    ],
  },
};

it('covers every vendor the sandbox keeps state for', () => {
  expect(Object.keys(cases).sort()).toEqual(Object.keys(sandboxVendors).sort());
});

describe.each(Object.keys(cases) as (keyof typeof cases)[])('%s sandbox answers', (api) => {
  it('match the response schemas of every operation the sandbox answers, in every outcome', async () => {
    const harness = await startHarness(api);
    const called = new Set<string>();
    const recording: SandboxHarness = {
      ...harness,
      call: (operationId, init) => {
        called.add(operationId);
        return harness.call(operationId, init);
      },
    };
    const statuses = new Set<number>();
    for (const outcomes of Object.values(cases[api])) {
      for (const answer of await outcomes(recording)) statuses.add(answer.status);
    }
    expect([...called].sort()).toEqual(Object.keys(harness.sandbox.vendor.operations).sort());
    expect([...statuses].sort()).toEqual([200, 201, 400, 404]);
  });
});
