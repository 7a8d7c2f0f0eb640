import { describe, expect, test } from 'vitest';
import { PaykitValidationError } from '../core/errors.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { createTen99PolicyClient } from './index.js';

const create = (return_url: string) => {
  const fetch = fakeFetch(json(201, { id: 'hps_1' }));
  const call = createTen99PolicyClient({ apiKey: 't9k_test_k', fetch }).POST('/api/v1/payment/sessions', {
    body: { contractor: 'cn_AbCdEfGh12', return_url },
  });
  return { call, fetch };
};

describe('1099Policy return_url', () => {
  test.each([
    'https://app.yourplatform.com/settings/billing/return',
    'https://app.example.com/return?tab=billing',
    'https://app.example.com:8443/',
  ])('%s is sent', async (url) => {
    const { call, fetch } = create(url);
    expect((await call).data).toEqual({ id: 'hps_1' });
    expect(JSON.parse(fetch.sent[0]?.body ?? '{}')).toMatchObject({ return_url: url });
  });

  test.each([
    ['http://app.example.com/return', 'must use https: (got http:)'],
    ['javascript:alert(1)', 'must use https: (got javascript:)'],
    ['https://user:pass@app.example.com/return', 'must not contain credentials (user:pass@)'],
    ['https://user@app.example.com/return', 'must not contain credentials (user:pass@)'],
    ['https://@app.example.com/return', 'must not contain credentials (user:pass@)'],
    ['https://app.example.com/return#done', 'must not contain a #fragment'],
    ['https://app.example.com/return#', 'must not contain a #fragment'],
    ['/settings/billing/return', 'must be an absolute URL that parses'],
    ['https://', 'must be an absolute URL that parses'],
    ['https://app.example.com/re\nturn', 'must not contain whitespace'],
    ['', 'must be a non-empty URL string'],
  ])('%j is refused before sending: %s', async (url, rule) => {
    const { call, fetch } = create(url);
    await expect(call).rejects.toBeInstanceOf(PaykitValidationError);
    await expect(call).rejects.toMatchObject({ field: 'body.return_url', rule });
    expect(fetch.sent).toHaveLength(0);
  });

  test('the message never quotes the URL, which may carry tokens', async () => {
    const { call } = create('http://app.example.com/return?token=s3cr3t');
    const error = (await call.catch((e: unknown) => e)) as Error;
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('s3cr3t');
  });
});
