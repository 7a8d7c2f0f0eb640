import { describe, expect, it } from 'vitest';
import { defaultMockPort } from '../src/engine/ports.js';
import { idempotencyHeaders } from '../src/sandbox/idempotency.js';
import { call, json } from './support/http.js';
import { postShop, SHOP_KEY, shopDocument, shopForTest, writeShop } from './support/shop.js';

// A vendor's published document carries no x-paykit marks: the mock serves it all the same, with what
// @paykit/spec/vendor infers (a loopback server's port, idempotency headers by name, the error-code location of a
// Stripe-shaped `{"error":{"code":…}}` body, 401 for missing credentials).

/** The shop spec as a vendor would publish it: no x-paykit-* mark but the invalid-input code, Stripe's error shape. */
function unmarked(document: Record<string, any>): void {
  const strip = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      if (key.startsWith('x-paykit-') && key !== 'x-paykit-invalid-code') delete (node as Record<string, unknown>)[key];
      else strip((node as Record<string, unknown>)[key]);
    }
  };
  strip(document);
  document['servers'] = [{ url: 'https://api.shop.example' }, { url: 'http://127.0.0.1:4798' }];
  document['components'].schemas.Error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, type: { type: 'string' } },
      },
    },
  };
  const restate = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const value = (node as Record<string, any>)['value'];
    if (value && typeof value === 'object' && 'error_code' in value) {
      (node as Record<string, unknown>)['value'] = {
        error: { code: value.error_code, message: value.message, type: 'invalid_request_error' },
      };
    }
    for (const child of Object.values(node)) restate(child);
  };
  restate(document['paths']);
}

describe('a document without x-paykit marks', () => {
  it('has its port from a loopback server and its idempotency header by name', () => {
    const document = shopDocument();
    unmarked(document);
    expect(defaultMockPort(document, 3)).toBe(4798);
    const keyed = shopDocument(); // a document is read once: change a copy
    unmarked(keyed);
    keyed['paths']['/orders'].post.parameters = [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }];
    expect(idempotencyHeaders(keyed)).toEqual(new Map([['createOrder', { name: 'idempotency-key', replays: false }]]));
  });

  it('is served: its examples answer, stateless', async () => {
    const mock = await shopForTest({ specPath: writeShop(unmarked), stateless: true });
    const created = await postShop(`${mock.url}/orders`, { name: 'first', return_url: 'https://shop.example/back' });
    expect(created.status).toBe(201);
    expect(json(created)).toEqual({ id: 'ord_1', status: 'open' });
    const read = await call(`${mock.url}/orders/ord_1`, { headers: SHOP_KEY });
    expect(json(read)).toEqual({ id: 'ord_1', status: 'open' });
  });

  it('refuses in the vendor shape: the code nested at error.code, the message beside it', async () => {
    const mock = await shopForTest({ specPath: writeShop(unmarked), stateless: true });
    const refused = await postShop(`${mock.url}/orders`, { name: 'first', return_url: 'http://shop.example/back' });
    expect(refused.status).toBe(400);
    expect(json(refused)).toEqual({
      error: { code: 'invalid_return_url', message: expect.stringContaining('return_url must match pattern') },
    });
  });

  it('answers missing credentials 401, the HTTP convention, when the scheme states no status', async () => {
    const mock = await shopForTest({ specPath: writeShop(unmarked), stateless: true });
    const refused = await call(`${mock.url}/orders/ord_1`);
    expect(refused.status).toBe(401);
  });
});
