import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mountVite } from '../src/server/vite-middleware.js';
import { rawRequest } from './raw-request.js';
import { requireBuild, staticRoot } from './build.js';
import { startSample, type Sample } from './helpers.js';

/**
 * Requests no page of this app sends: bodies far too large or where none is taken, and foreign `Host` headers
 * (a DNS-rebinding page). Each is refused before the body is read, in production and in dev alike.
 */

const twoHundredMB = 200 * 1024 * 1024;
/** Far below the 200 MB sent: what the socket buffers of both ends hold, had the server stopped reading at once. */
const unreadBound = 32 * 1024 * 1024;

let production: Sample;
let dev: Sample;
beforeAll(async () => {
  requireBuild();
  [production, dev] = await Promise.all([startSample({}, { staticRoot }), startSample({}, { mountWeb: mountVite })]);
});
afterAll(() => Promise.all([production?.close(), dev?.close()]));

describe('a 200 MB body', () => {
  test.each([
    [
      'POST /api/ten99policy/sessions',
      '/api/ten99policy/sessions',
      413,
      'larger than the 16 KiB that POST /api/ten99policy/sessions takes',
    ],
    [
      'POST /webhooks/1099policy',
      '/webhooks/1099policy',
      413,
      'larger than the 256 KiB that POST /webhooks/1099policy takes',
    ],
    ['POST / (the page)', '/', 400, 'POST / takes no request body'],
  ])(
    'declared with Content-Length to %s is refused at once, unread, and the connection closed',
    async (_name, path, status, words) => {
      const answer = await rawRequest(production.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        bodyBytes: twoHundredMB,
      });
      expect(answer.status).toBe(status);
      expect(answer.json.error.message).toContain(words);
      expect(answer.headers['connection']).toBe('close');
      expect(answer.bytesSent).toBeLessThan(unreadBound);
    },
  );

  test.each([
    [
      'POST /api/connect/profile-sessions',
      '/api/connect/profile-sessions',
      'larger than the 16 KiB that POST /api/connect/profile-sessions takes',
    ],
    [
      'POST /webhooks/1099policy',
      '/webhooks/1099policy',
      'larger than the 256 KiB that POST /webhooks/1099policy takes',
    ],
  ])('sent chunked (no length) to %s is read only to the limit, then refused with 413', async (_name, path, words) => {
    const answer = await rawRequest(production.url, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      bodyBytes: twoHundredMB,
      chunked: true,
    });
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toContain(words);
    expect(answer.headers['connection']).toBe('close');
    expect(answer.bytesSent).toBeLessThan(unreadBound);
  });

  test('on a GET, which takes no body, is refused with 400 in production and dev alike', async () => {
    for (const sample of [production, dev]) {
      for (const path of ['/api/config', '/api/webhooks/events', '/']) {
        const answer = await rawRequest(sample.url, { method: 'GET', path, bodyBytes: twoHundredMB });
        expect(answer.status).toBe(400);
        expect(answer.json.error.message).toBe(`GET ${path} takes no request body; send the request without one.`);
        expect(answer.bytesSent).toBeLessThan(unreadBound);
      }
    }
  });

  test('leaves the server answering as before', async () => {
    await rawRequest(production.url, { method: 'POST', path: '/api/ten99policy/sessions', bodyBytes: twoHundredMB });
    expect((await production.call('GET', '/api/config')).status).toBe(200);
  });
});

describe('the Host header (DNS rebinding)', () => {
  test('a foreign Host cannot create a 1099Policy session nor see its single-use link', async () => {
    for (const sample of [production, dev]) {
      const answer = await rawRequest(sample.url, {
        method: 'POST',
        path: '/api/ten99policy/sessions',
        headers: { host: `rebind.attacker.example:${new URL(sample.url).port}`, 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(403);
      expect(answer.json.error.message).toBe(
        `The Host header "rebind.attacker.example:${new URL(sample.url).port}" is not allowed: this server answers only ` +
          'for loopback names (localhost, 127.x.x.x, [::1]) and no other host (SAMPLE_HOST, SAMPLE_ALLOWED_HOSTS), ' +
          'so that a page on another site cannot reach it by DNS rebinding.',
      );
      expect(JSON.stringify(answer.json)).not.toContain('/payment/setup/');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; /);
    }
  });

  test('a foreign Host gets neither the page nor the API, in production and dev', async () => {
    for (const sample of [production, dev]) {
      for (const path of ['/', '/api/config', '/api/webhooks/events', '/src/web/main.tsx']) {
        const answer = await rawRequest(sample.url, { method: 'GET', path, headers: { host: 'evil.example' } });
        expect(answer.status).toBe(403);
        expect(answer.json.error.message).toMatch(/^The Host header "evil\.example" is not allowed/);
      }
    }
  });

  test.each([
    'localhost',
    'localhost:3000',
    '127.0.0.1',
    '127.0.0.2:8080',
    '[::1]:3000',
    'app.localhost',
    'LOCALHOST.',
  ])('a loopback name (%s) is served', async (host) => {
    const answer = await rawRequest(production.url, { method: 'GET', path: '/api/config', headers: { host } });
    expect(answer.status).toBe(200);
  });

  test.each([
    '127.0.0.1.evil.com',
    'localhost.evil.com:3000',
    '[::1]:80@evil',
    '127.0.0.1@evil.com',
    '127.0.0.256',
    '0.0.0.0:3000',
  ])('a name that only looks like loopback (%s) is refused', async (host) => {
    const answer = await rawRequest(production.url, { method: 'GET', path: '/api/config', headers: { host } });
    expect(answer.status).toBe(403);
  });

  test('SAMPLE_HOST and SAMPLE_ALLOWED_HOSTS name the other hosts served, and only those', async () => {
    const named = await startSample({ SAMPLE_ALLOWED_HOSTS: 'billing.example.com, Admin.Example.com' });
    try {
      for (const host of ['billing.example.com', 'admin.example.com:443']) {
        expect((await rawRequest(named.url, { method: 'GET', path: '/api/config', headers: { host } })).status).toBe(
          200,
        );
      }
      const other = await rawRequest(named.url, {
        method: 'GET',
        path: '/api/config',
        headers: { host: 'example.com' },
      });
      expect(other.status).toBe(403);
      expect(other.json.error.message).toContain(
        'and billing.example.com, admin.example.com (SAMPLE_HOST, SAMPLE_ALLOWED_HOSTS)',
      );
    } finally {
      await named.close();
    }
  });
});
