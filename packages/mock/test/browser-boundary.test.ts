import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { rawCall, type RawAnswer } from './support/raw-http.js';

// What a web page the developer visits can do to a sandbox on loopback (README, "Threat model"): the Host allowlist,
// CORS only for allowed origins and never with credentials, and /__paykit/ closed to other origins.

const EVIL = 'https://evil.example';
const APP = 'http://localhost:5173';
const JSON_TYPE = { 'content-type': 'application/json' };
const ten99Create = JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' });
const ten99Headers = { ...JSON_TYPE, authorization: 'Basic dDlrX3Rlc3RfZHVtbXk6' };

let mock: Mock;
beforeAll(async () => {
  mock = await startMock({ api: 'ten99policy' });
});
afterAll(() => mock.stop());
beforeEach(() => mock.sandbox!.reset());

/** A session in whichever account (API key) made it. */
const held = (id: string) => mock.sandbox!.accounts.find(id)?.session;
const parsed = (answer: RawAnswer): Record<string, any> => JSON.parse(answer.text);
const createSession = async (headers: Record<string, string> = {}): Promise<Record<string, any>> => {
  const answer = await rawCall(`${mock.url}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: { ...ten99Headers, ...headers },
    body: ten99Create,
  });
  expect(answer.status).toBe(201);
  return parsed(answer);
};

describe('a page of another origin against /__paykit/', () => {
  it('cannot read the sessions or the events, and gets no CORS header to try', async () => {
    await createSession();
    for (const path of ['/__paykit/sessions', '/__paykit/events', '/__paykit/']) {
      const answer = await rawCall(`${mock.url}${path}`, {
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' },
      });
      expect(answer.status).toBe(403);
      expect(parsed(answer)).toMatchObject({ title: 'Origin not allowed' });
      expect(answer.text).not.toContain('hps_');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('cannot wipe the state with a text/plain POST /__paykit/reset (no preflight needed), nor with any other', async () => {
    const session = await createSession();
    const attempts: Array<Record<string, string>> = [
      { origin: EVIL, 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      { origin: EVIL, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      // A sandboxed frame or a data: page of any site: an opaque origin.
      { origin: 'null', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      // A page on another loopback port is same-site, not same-origin: refused unless allowed (here it is not sent
      // by a browser that names it, so it cannot be told from any other site's page).
      { 'content-type': 'text/plain', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' },
    ];
    for (const headers of attempts) {
      const answer = await rawCall(`${mock.url}/__paykit/reset`, { method: 'POST', headers, body: '' });
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(held(session.id)).toBeDefined();
  });

  it('cannot move a session to completed (which would send a validly signed webhook to the app)', async () => {
    const session = await createSession();
    for (const contentType of ['text/plain', 'application/json']) {
      const answer = await rawCall(`${mock.url}/__paykit/sessions/${session.id}/state`, {
        method: 'POST',
        headers: { origin: EVIL, 'content-type': contentType, 'sec-fetch-site': 'cross-site' },
        body: '{"state":"completed"}',
      });
      expect(answer.status).toBe(403);
    }
    expect(held(session.id)!.phase).toBe('pending');
    expect(mock.sandbox!.accounts.all().flatMap((account) => account.webhooks?.events ?? [])).toEqual([]);
  });

  it('refuses a state change in any media type but JSON, whoever sends it, and the state stays', async () => {
    const session = await createSession();
    const plain = await rawCall(`${mock.url}/__paykit/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '',
    });
    expect(plain.status).toBe(415);
    expect(parsed(plain).detail).toContain('Content-Type: application/json');
    expect(held(session.id)).toBeDefined();
    const json = await rawCall(`${mock.url}/__paykit/reset`, { method: 'POST', headers: JSON_TYPE, body: '' });
    expect(json.status).toBe(200);
    expect(held(session.id)).toBeUndefined();
  });

  it('cannot complete a hosted page with a cross-origin form post, even knowing its secret URL', async () => {
    const session = await createSession();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const headers of [
      { ...form, origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      { ...form, origin: 'null', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      // An allowed origin may use the control API, but the page's form belongs to the page alone.
      { ...form, origin: APP, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' },
    ]) {
      const answer = await rawCall(session.url, { method: 'POST', headers, body: 'action=complete' });
      expect(answer.status).toBeGreaterThanOrEqual(403);
      expect(answer.status).toBeLessThan(500);
    }
    expect(held(session.id)!.phase).toBe('pending');
  });

  it('lets the page post its own form (the browser says same-origin, with Origin: null under no-referrer)', async () => {
    const session = await createSession();
    const answer = await rawCall(session.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'null',
        'sec-fetch-site': 'same-origin',
        'sec-fetch-mode': 'navigate',
      },
      body: 'action=complete',
    });
    expect(answer.status).toBe(303);
    expect(held(session.id)!.phase).toBe('completed');
  });

  it('lets another site link to a hosted page (a navigation it cannot read), but not embed a control answer', async () => {
    const session = await createSession();
    const navigation = await rawCall(session.url, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    expect(navigation.status).toBe(200);
    const embedded = await rawCall(`${mock.url}/__paykit/sessions`, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' },
    });
    expect(embedded.status).toBe(403);
  });

  it('serves programs (no Origin, no Sec-Fetch-Site) and the allowed loopback origins, with CORS but no credentials', async () => {
    expect((await rawCall(`${mock.url}/__paykit/sessions`)).status).toBe(200);
    const app = await rawCall(`${mock.url}/__paykit/sessions`, {
      headers: { origin: APP, 'sec-fetch-site': 'same-site' },
    });
    expect(app.status).toBe(200);
    expect(app.headers['access-control-allow-origin']).toBe(APP);
    expect(app.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('CORS on the API routes', () => {
  it('answers an allowed origin with its origin and never Allow-Credentials, errors included', async () => {
    const ok = await rawCall(`${mock.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { ...ten99Headers, origin: APP },
      body: ten99Create,
    });
    expect(ok.status).toBe(201);
    expect(ok.headers['access-control-allow-origin']).toBe(APP);
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await rawCall(`${mock.url}/api/v1/payment/sessions`, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives another origin, and the opaque origin null, no CORS at all: a page there cannot read a session or its secret url', async () => {
    const session = await createSession();
    for (const origin of [EVIL, 'null', 'http://localhost.evil.example:5173']) {
      const preflight = await rawCall(`${mock.url}/api/v1/payment/sessions/${session.id}/cancel`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const created = await rawCall(`${mock.url}/api/v1/payment/sessions`, {
        method: 'POST',
        headers: { ...ten99Headers, origin },
        body: ten99Create,
      });
      expect(created.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('takes its allowed origins from the allowedOrigins option: then a loopback port not listed is foreign', async () => {
    const strict = await startMock({
      api: 'ten99policy',
      allowedOrigins: ['http://127.0.0.1:3000'],
      sandbox: { redirectOrigin: 'http://127.0.0.1:3001' },
    });
    try {
      // The mock's own pages are same-origin by whichever allowed name they were opened.
      for (const host of [`127.0.0.1:${strict.port}`, `localhost:${strict.port}`]) {
        const own = await rawCall(`${strict.url}/__paykit/sessions`, { headers: { host, origin: `http://${host}` } });
        expect(own.status).toBe(200);
      }
      const listed = await rawCall(`${strict.url}/__paykit/sessions`, { headers: { origin: 'http://127.0.0.1:3000' } });
      expect(listed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
      const redirect = await rawCall(`${strict.url}/__paykit/sessions`, {
        headers: { origin: 'http://127.0.0.1:3001' },
      });
      expect(redirect.status).toBe(200);
      const other = await rawCall(`${strict.url}/__paykit/sessions`, { headers: { origin: 'http://127.0.0.1:5173' } });
      expect(other.status).toBe(403);
    } finally {
      await strict.stop();
    }
  });

  it('refuses bad allowedOrigins and allowedHosts options by name', async () => {
    await expect(startMock({ api: 'connect', allowedOrigins: ['*'] })).rejects.toThrow(
      'allowedOrigins: each entry must be loopback',
    );
    await expect(startMock({ api: 'connect', allowedHosts: ['evil.example:80'] })).rejects.toThrow(
      'allowedHosts: each entry must be a host name or IP address',
    );
  });
});

describe('the Host allowlist (DNS rebinding)', () => {
  it('refuses Host: attacker.example with 421 naming the Host header, on the API and /__paykit/ alike', async () => {
    await createSession();
    for (const path of ['/__paykit/sessions', '/api/v1/payment/sessions/hps_x/cancel']) {
      const answer = await rawCall(`${mock.url}${path}`, {
        method: 'POST',
        headers: { ...ten99Headers, host: `attacker.example:${mock.port}` },
        body: '{}',
      });
      expect(answer.status).toBe(421);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(parsed(answer).detail).toContain('The Host header names "attacker.example');
    }
    expect(mock.sandbox!.accounts.all().flatMap((account) => account.sessions.all())).toHaveLength(1);
  });

  it('answers every loopback name, and the names given in allowedHosts', async () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost']) {
      const answer = await rawCall(`${mock.url}/__paykit/`, { headers: { host: `${host}:${mock.port}` } });
      expect(answer.status).toBe(200);
    }
    const named = await startMock({ api: 'connect', allowedHosts: ['paykit.test'] });
    try {
      expect((await rawCall(`${named.url}/__paykit/`, { headers: { host: 'paykit.test:4010' } })).status).toBe(200);
      expect((await rawCall(`${named.url}/__paykit/`, { headers: { host: 'evil.test' } })).status).toBe(421);
    } finally {
      await named.stop();
    }
  });

  it('builds hosted-page URLs on its own address, whatever name the create was sent to', async () => {
    const session = await createSession({ host: `localhost:${mock.port}` });
    expect(session.url.startsWith(`${mock.url}/__paykit/pages/`)).toBe(true);
  });
});
