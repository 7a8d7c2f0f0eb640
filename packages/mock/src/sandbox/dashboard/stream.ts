import type { ServerResponse } from 'node:http';
import type { Sandbox } from '../sandbox.js';

/** A comment line now and then, so a proxy or the browser does not take a quiet stream for a dead one. */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /__paykit/stream`: Server-Sent Events for the dashboard. `request` carries each new request log entry;
 * `change` says the sandbox changed in a way no request shows (a webhook attempt, the expiry job, a state change),
 * at most once per turn of the event loop: the page then reads the control API again. With `account` (the control
 * API's `?account=`), only that account's requests are sent.
 */
export function openStream(sandbox: Sandbox, res: ServerResponse, method: string, account?: string): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  if (method === 'HEAD') return void res.end();
  res.write('retry: 1000\n\n');
  let changeQueued = false;
  const stopRequests = sandbox.requests.subscribe((entry) => {
    if (account !== undefined && entry.account !== account) return;
    res.write(`event: request\ndata: ${JSON.stringify(entry)}\n\n`);
  });
  const stopChanges = sandbox.onChange(() => {
    if (changeQueued) return;
    changeQueued = true;
    setImmediate(() => {
      changeQueued = false;
      if (!res.writableEnded) res.write('event: change\ndata: {}\n\n');
    });
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  res.once('close', () => {
    stopRequests();
    stopChanges();
    clearInterval(keepalive);
  });
}
