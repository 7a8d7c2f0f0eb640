/**
 * CPU per request of the mock's engine, stateless or with the vendor's sandbox, fed the mock section's own traffic
 * (`vendorTraffic`: a new id per request) in this process, without HTTP: what the front door does after reading a
 * body (the account, the JSON parse, the engine and plugin, the answer's length, the request log's entry). HTTP and
 * the load generator cost both modes the same; without them, the sandbox's own share shows. CPU time still moves
 * with the machine's other load (compare builds alternated in one run); the heap kept per create does not.
 *
 *   node --import tsx src/mock/in-process.ts                  # (in bench/) both vendors, both modes, alternated
 *   node --import tsx src/mock/in-process.ts connect sandbox  # one process's runs (what the above spawns)
 *   node --import tsx src/mock/in-process.ts retained         # heap bytes each sandbox create keeps
 *
 * Each (vendor, mode) runs in fresh processes (as the bench's servers do), `ROUNDS` of them alternated with the
 * other mode's; each process warms up, then times `RUNS` runs of `REQUESTS` requests; the figure is the least, with
 * the median beside it (`ROUNDS`, `RUNS` and `REQUESTS` may be set in the environment).
 * Builds nothing: run `pnpm turbo run build --filter=@paykit/mock` first (it reads the mock's dist). To compare two
 * builds, alternated: `PAYKIT_MOCK_DISTS=dist-before,dist` (folders of packages/mock, e.g. a copy of an earlier dist).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundlePath } from '@paykit/spec';
import type { MockRequest } from '../../../packages/mock/dist/engine/hook.js';
import { median } from '../stats.js';
import { ownCpuSec } from './cpu.js';
import { LOAD_VENDORS, type LoadVendor, vendorTraffic } from './requests.js';
import type { LoadRequest } from './load.js';

const MODES = ['sandbox', 'stateless'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = Number(process.env['ROUNDS'] ?? 2);
const RUNS = Number(process.env['RUNS'] ?? 4);
const REQUESTS = Number(process.env['REQUESTS'] ?? 10_000);
/** About what a server gets in the bench's 3 s warm-up at 10 connections. */
const WARMUP_REQUESTS = 10_000;
const ORIGIN = 'http://127.0.0.1:4010';
const DISTS = (process.env['PAYKIT_MOCK_DISTS'] ?? 'dist').split(',');

/** The mock's modules this measures, from one build folder of packages/mock. */
async function mockModules(dist: string) {
  const from = (path: string) => new URL(`../../../packages/mock/${dist}/${path}`, import.meta.url).href;
  type Engine = typeof import('../../../packages/mock/dist/engine/engine.js');
  type Json = typeof import('../../../packages/mock/dist/engine/json.js');
  type Log = typeof import('../../../packages/mock/dist/request-log/request-log.js');
  type Sandbox = typeof import('../../../packages/mock/dist/sandbox/sandbox.js');
  return {
    ...((await import(from('engine/engine.js'))) as Engine),
    ...((await import(from('engine/json.js'))) as Json),
    ...((await import(from('request-log/request-log.js'))) as Log),
    ...((await import(from('sandbox/sandbox.js'))) as Sandbox),
  };
}

/** A request as Node's server would hand it over, `[<id>]` replaced as autocannon does (no two alike). */
function materialise(
  request: LoadRequest,
  id: string,
  parseJsonBody: (raw: Buffer) => { ok: true; value: unknown } | { ok: false; reason: string },
): MockRequest {
  const headers: Record<string, string> = { host: '127.0.0.1:4010', origin: 'http://localhost:5173' };
  for (const [name, value] of Object.entries(request.headers))
    headers[name.toLowerCase()] = value.replaceAll('[<id>]', id);
  const rawBody = Buffer.from(request.body?.replaceAll('[<id>]', id) ?? '');
  if (rawBody.length > 0) headers['content-length'] = String(rawBody.length);
  const parsed = parseJsonBody(rawBody);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    method: request.method,
    url: new URL(request.path.replaceAll('[<id>]', id), ORIGIN),
    headers,
    rawBody,
    body: parsed.value,
    note: {},
  };
}

/** Heap bytes still held after `REQUESTS` creates, per create (what each one leaves for the collector to copy). */
async function bytesKeptPerCreate(create: () => Promise<unknown>): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('retained needs node --expose-gc');
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < REQUESTS; i++) await create();
  gc();
  return (process.memoryUsage().heapUsed - before) / REQUESTS;
}

async function oneProcess(api: LoadVendor, mode: Mode, dist: string, retained = false): Promise<number[]> {
  const { createEngine, createSandbox, parseJsonBody, RequestLog } = await mockModules(dist);
  const log = new RequestLog();
  const sandbox = mode === 'sandbox' ? createSandbox(api, {}, log) : undefined;
  const engine = await createEngine(bundlePath(api), {
    api,
    dynamic: false,
    seed: undefined,
    plugin: sandbox,
    onWarning: () => undefined,
  });
  sandbox?.listening(ORIGIN);
  const prefix = `${process.pid}-${mode}`;
  let n = 0;
  const one = async (request: LoadRequest): Promise<number> => {
    const id = `${prefix}-${n++}`;
    // What the front door does between reading the body and writing the answer.
    const headers = materialise(request, id, parseJsonBody);
    const account = sandbox?.accountOf?.(headers.headers);
    if (account !== undefined) headers.note!.account = account;
    const answer = await engine.handle(headers);
    const written = answer.body === undefined ? 0 : Buffer.byteLength(answer.body);
    log.add({
      time: new Date().toISOString(),
      method: headers.method,
      path: headers.url.pathname,
      status: answer.status,
      latencyMs: 0,
      idempotencyKey: headers.note?.idempotencyKey ?? null,
      refusal: answer.reason ?? null,
      replay: headers.note?.replay === true,
      session: headers.note?.session ?? null,
      account: headers.note?.account ?? null,
    });
    if (answer.status >= 300) throw new Error(`${api} ${mode}: ${request.method} ${request.path} got ${answer.status}`);
    return written;
  };
  // Connect's reads ask for a session made before the load, as the bench's do.
  const [create] = vendorTraffic(api, 'unused') as [LoadRequest];
  const seed = await engine.handle(materialise(create, 'seed', parseJsonBody));
  const readId =
    api === 'connect' ? (JSON.parse(seed.body ?? '{}') as { paymentSessionId: string }).paymentSessionId : 'none';
  const traffic = vendorTraffic(api, readId);
  const batch = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await one(traffic[i % traffic.length] as LoadRequest);
  };
  await batch(WARMUP_REQUESTS);
  if (retained) return [await bytesKeptPerCreate(() => one(create))];
  const usPerRequest: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const before = ownCpuSec();
    await batch(REQUESTS);
    usPerRequest.push(((ownCpuSec() - before) / REQUESTS) * 1e6);
  }
  sandbox?.close();
  return usPerRequest;
}

/** Bytes each sandbox create keeps, per build: one process each (no timing, so no rounds). */
function retainedDriver(): void {
  const self = fileURLToPath(import.meta.url);
  for (const dist of DISTS) {
    for (const api of LOAD_VENDORS) {
      const args = ['--expose-gc', ...process.execArgv, self, api, 'sandbox', dist, 'retained'];
      const [bytes] = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as [number];
      console.log(`${dist.padEnd(10)} ${api.padEnd(12)} sandbox keeps ${bytes.toFixed(0)} bytes per create`);
    }
  }
}

function driver(): void {
  const self = fileURLToPath(import.meta.url);
  const runs: Record<string, number[]> = {};
  const variants = DISTS.flatMap((dist) => MODES.map((mode) => [mode, dist] as const));
  for (let round = 0; round < ROUNDS; round++) {
    for (const api of LOAD_VENDORS) {
      for (const [mode, dist] of round % 2 === 0 ? variants : [...variants].reverse()) {
        const out = execFileSync(process.execPath, [...process.execArgv, self, api, mode, dist], { encoding: 'utf8' });
        (runs[`${api} ${mode} ${dist}`] ??= []).push(...(JSON.parse(out) as number[]));
      }
    }
  }
  const min = (name: string): number => Math.min(...(runs[name] ?? []));
  const med = (name: string): number => median(runs[name] ?? []);
  const all = (name: string): string => (runs[name] ?? []).map((us) => us.toFixed(0)).join(' ');
  for (const dist of DISTS) {
    for (const api of LOAD_VENDORS) {
      const [sandbox, stateless] = [`${api} sandbox ${dist}`, `${api} stateless ${dist}`];
      console.log(
        `${dist.padEnd(10)} ${api.padEnd(12)} min: sandbox ${min(sandbox).toFixed(1)} us, stateless ` +
          `${min(stateless).toFixed(1)} us per request, ${(min(sandbox) / min(stateless)).toFixed(2)}x; median: ` +
          `${med(sandbox).toFixed(1)} / ${med(stateless).toFixed(1)} us, ${(med(sandbox) / med(stateless)).toFixed(2)}x ` +
          `(${runs[sandbox]?.length} runs of ${REQUESTS} each; all: ${all(sandbox)} / ${all(stateless)})`,
      );
    }
  }
}

const [api, mode, dist = 'dist', what] = process.argv.slice(2) as [
  LoadVendor | 'retained' | undefined,
  Mode?,
  string?,
  string?,
];
if (api === undefined) driver();
else if (api === 'retained') retainedDriver();
else if (!LOAD_VENDORS.includes(api) || !MODES.includes(mode as Mode)) {
  throw new Error(`usage: in-process.ts [retained | ${LOAD_VENDORS.join('|')} ${MODES.join('|')} [dist folder]]`);
} else process.stdout.write(JSON.stringify(await oneProcess(api, mode as Mode, dist, what === 'retained')));
