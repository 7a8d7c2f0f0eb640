import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apis } from '@paykit/spec';
import { createSchemaValidator } from '@paykit/spec/validator';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Mock, startMock, type StartMockOptions } from '../src/index.js';
import { expandableDocument, writeExpandable } from './support/expandable.js';
import { call, json } from './support/http.js';

// Issue 17: Stripe's mock never answered. Its schemas refer to each other all over (expandable fields), and Prism's
// conversion wrote the dereferenced schemas out as a tree, exponential in size for such a graph. A spec of that shape
// must be answered, in Prism's static and dynamic modes, with bodies that follow its schemas.
const api = apis[0] as StartMockOptions['api'];
const schemas = createSchemaValidator(api, expandableDocument());
const KEY = { Authorization: 'Bearer sk_test_1' };

const serve = (dynamic: boolean, specPath: string, warnings: string[] = []) =>
  startMock({
    api,
    specPath,
    stateless: true,
    dynamic,
    seed: 1,
    onWarning: (text) => warnings.push(text),
  });

const createCharge = (url: string, body: string) =>
  call(`${url}/v1/charges`, {
    method: 'POST',
    headers: { ...KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });

describe('a spec whose schemas all refer to each other (Stripe-shaped)', () => {
  // Static mode, for the tests that read, create and are refused: a stateless mock keeps nothing between requests,
  // and each start converts the whole spec again (a second or more).
  const warnings: string[] = [];
  let mock: Mock;
  const specDir = mkdtempSync(join(tmpdir(), 'paykit-expandable-'));
  beforeAll(async () => {
    const specPath = join(specDir, 'expandable.json');
    writeFileSync(specPath, JSON.stringify(expandableDocument()));
    mock = await serve(false, specPath, warnings);
  });
  afterAll(async () => {
    await mock?.stop();
    rmSync(specDir, { recursive: true, force: true });
  });

  it('answers a read and a create with bodies that follow the schemas', async () => {
    const read = await call(`${mock.url}/v1/customers/cus_1`, { headers: KEY });
    expect(read.status, read.text).toBe(200);
    expect(json(read)['object']).toBe('customer');
    expect(schemas.validate('#/components/schemas/customer', json(read)).errors).toEqual([]);

    const create = await createCharge(mock.url, 'amount=100&customer=cus_1');
    expect(create.status, create.text).toBe(200);
    expect(schemas.validate('#/components/schemas/charge', json(create)).errors).toEqual([]);
    // Prism checks its own answers against the operation's schema (its `$ref`s included): nothing to say.
    expect(warnings).toEqual([]);
  });

  it('answers in dynamic mode too, with a generated resource', async () => {
    // Not checked against the schema: Prism's generator follows three `$ref`s at most and writes `{}` past them.
    const dynamic = await serve(true, writeExpandable());
    onTestFinished(() => dynamic.stop().then(() => undefined));
    const read = await call(`${dynamic.url}/v1/customers/cus_1`, { headers: KEY });
    expect(read.status, read.text).toBe(200);
    expect(json(read)['object']).toBe('customer');
    expect((await createCharge(dynamic.url, 'amount=100')).status).toBe(200);
  });

  it('still refuses a create that breaks its schema, naming the field', async () => {
    const refused = await createCharge(mock.url, 'customer=cus_1');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('amount');
  });
});
