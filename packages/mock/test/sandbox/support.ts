import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundlePath, type ApiName } from '@paykit/spec';
import { resolveRef } from '@paykit/spec/examples';
import { createSchemaValidator, type SchemaValidator } from '@paykit/spec/validator';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { afterEach } from 'vitest';
import type { MatchedOperation, MockAnswer, MockRequest } from '../../src/sandbox/hook.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

/**
 * The one helper of the sandbox's unit tests: the plugin fed with operations Prism reads from the real bundles,
 * every stateful answer checked against its operation's response schema (Ajv 2020), and the plugin's reserved
 * routes on a loopback server of the test's own.
 */
/** What the running test started (harnesses, receivers, servers), closed after it, last started first. */
const started: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of started.splice(0).reverse()) await close();
});

/** Closes `close`'s server after the running test (with the harnesses and receivers, last started first). */
export function closeAfterTest(close: () => Promise<void>): void {
  started.push(close);
}

export interface SandboxHarness {
  sandbox: Sandbox;
  /** Calls an operation through the plugin; the answer must match the spec (or the test fails). */
  call(
    operationId: string,
    init?: { pathParams?: Record<string, string>; body?: unknown; headers?: IncomingHttpHeaders },
  ): Promise<MockAnswer>;
  /** Base URL of a loopback server answering the plugin's reserved routes (`/__paykit/…`). */
  url: string;
  close(): Promise<void>;
}

const bundles = new Map<
  ApiName,
  {
    document: Record<string, any>;
    validator: SchemaValidator;
    operations: Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;
  }
>();

async function loadBundle(api: ApiName) {
  let loaded = bundles.get(api);
  if (!loaded) {
    const document = JSON.parse(readFileSync(bundlePath(api), 'utf8')) as Record<string, any>;
    loaded = {
      document,
      validator: createSchemaValidator(api, document),
      operations: await getHttpOperationsFromSpec(bundlePath(api)),
    };
    bundles.set(api, loaded);
  }
  return loaded;
}

/** Ajv errors for an answer against the response schema its operation declares for its status. */
export async function schemaErrors(api: ApiName, operationId: string, answer: MockAnswer): Promise<string[]> {
  const { document, validator } = await loadBundle(api);
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation?.operationId !== operationId) continue;
      const pointer = `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${answer.status}`;
      const declared = operation.responses[String(answer.status)];
      if (!declared) return [`status ${answer.status} is not declared by ${operationId}`];
      const response = resolveRef(document, declared, pointer);
      if (!response.node.content?.['application/json'])
        return [`${operationId} ${answer.status} declares no JSON body`];
      return validator.validate(`${response.pointer}/content/application~1json/schema`, answer.body).errors;
    }
  }
  return [`no operation ${operationId}`];
}

export async function startHarness(api: ApiName, options: SandboxOptions = {}): Promise<SandboxHarness> {
  const { document, operations } = await loadBundle(api);
  const sandbox = createSandbox(api, options);
  if (!sandbox) throw new Error(`no sandbox for ${api}`);
  sandbox.onSpec?.(api, document);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!sandbox.handleReserved?.(req, res, Buffer.concat(chunks))) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const harness: SandboxHarness = {
    sandbox,
    url,
    async call(operationId, init = {}) {
      const operation = operations.find((candidate) => candidate.iid === operationId);
      if (!operation) throw new Error(`no operation ${operationId}`);
      const matched: MatchedOperation = {
        api,
        operationId,
        method: operation.method,
        pathTemplate: operation.path,
        pathParams: init.pathParams ?? {},
        operation,
      };
      const rawBody = Buffer.from(init.body === undefined ? '' : JSON.stringify(init.body));
      const request: MockRequest = {
        method: operation.method.toUpperCase(),
        url: new URL(operation.path, url),
        headers: { host: new URL(url).host, ...init.headers },
        rawBody,
        body: init.body,
      };
      const answer = await sandbox.handleOperation?.(matched, request);
      if (!answer) throw new Error(`the sandbox left ${operationId} to Prism`);
      const errors = await schemaErrors(api, operationId, answer);
      if (errors.length > 0) throw new Error(`${operationId} ${answer.status} breaks the spec: ${errors.join('; ')}`);
      return answer;
    },
    async close() {
      sandbox.close();
      await sandbox.settled();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  closeAfterTest(harness.close);
  return harness;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A loopback webhook receiver answering each delivery with the next status of `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  closeAfterTest(close);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    /** Resolves once `count` deliveries have arrived. */
    async waitFor(count: number): Promise<ReceivedWebhook[]> {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return received;
    },
    close,
  };
}
