import { describe, expect, test } from 'vitest';
import { PaykitValidationError } from '../../core/errors.js';
import { fakeFetch, json } from '../../test-support/fake-fetch.js';
import { createTen99PolicyClient } from '../../generated/ten99policy/index.js';

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
    ['http://app.example.com/return', 'http:'],
    ['javascript:alert(1)', 'another scheme'],
    ['https://user:pass@app.example.com/return', 'credentials'],
    ['https://user@app.example.com/return', 'a user name'],
    ['https://@app.example.com/return', 'an empty user name'],
    ['https://app.example.com/return#done', 'a fragment'],
    ['https://app.example.com/return#', 'an empty fragment'],
    ['/settings/billing/return', 'not absolute'],
    ['https://', 'no host'],
    ['https://app.example.com/re\nturn', 'a line break'],
    [' https://app.example.com/return', 'a leading space'],
    ['', 'empty'],
    [42, 'not a string'],
  ])('%j is refused before sending (%s)', async (url, _) => {
    const { call, fetch } = create(url as string);
    await expect(call).rejects.toBeInstanceOf(PaykitValidationError);
    await expect(call).rejects.toMatchObject({
      field: 'body.return_url',
      rule: 'must be an https: URL without credentials, fragment or whitespace',
    });
    expect(fetch.sent).toHaveLength(0);
  });

  test('the message never quotes the URL, which may carry tokens', async () => {
    const { call } = create('http://app.example.com/return?token=s3cr3t');
    const error = (await call.catch((e: unknown) => e)) as Error;
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('s3cr3t');
  });
});

describe('1099Policy return_url, checked call after call', () => {
  test('a URL that passed once still passes; a missing or bad one is still refused after it', async () => {
    const good = 'https://app.example.com/return';
    for (const url of [good, good]) expect((await create(url).call).data).toEqual({ id: 'hps_1' });
    for (const url of [undefined, 'http://app.example.com/return', good.replace('https', 'http')]) {
      const { call, fetch } = create(url as string);
      await expect(call).rejects.toMatchObject({ field: 'body.return_url' });
      expect(fetch.sent).toHaveLength(0);
    }
  });
});
