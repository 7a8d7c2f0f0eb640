// The run's one Chromium is reached through a loopback URL (@paykit/test-chromium): a page the developer's own browser
// visits can reach loopback too, so the URL must not hand the test browser's endpoint to anyone but the test files.
import { assertChromium } from '@paykit/test-chromium';
import { expect, inject, it } from 'vitest';
import { rawCall } from './support/raw-http.js';

// Without Chromium the run provides no launcher: this file then fails saying what to install, as the browser files do.
assertChromium();
const launcher = inject('chromiumLauncher');

it.each([
  ['another path', { path: '/' }],
  ['a rebound DNS name as Host', { headers: { host: `attacker.example:${new URL(launcher).port}` } }],
  ['localhost as Host', { headers: { host: `localhost:${new URL(launcher).port}` } }],
])('answers 404, with no endpoint, to %s', async (_case, init) => {
  const answer = await rawCall(launcher, init);
  expect(answer.status).toBe(404);
  expect(answer.text).toBe('');
});

it('answers its own path with the browser endpoint', async () => {
  const answer = await rawCall(launcher);
  expect(answer.status).toBe(200);
  expect(answer.text).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
});
