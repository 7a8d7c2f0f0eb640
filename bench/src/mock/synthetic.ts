import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LoadRequest } from './load.js';

// Synthetic APIs in the house layout (a thin openapi.yaml, one file per path under paths/, components split by kind),
// bundled by the same Redocly the spec package uses: what a team with hundreds of operations would mock.

const redocly = fileURLToPath(new URL('../../../spec/node_modules/.bin/redocly', import.meta.url));
const run = promisify(execFile);

/** JSON is YAML: the files are written as JSON so no YAML library is needed. */
const write = (path: string, value: unknown): void => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

export interface SyntheticApi {
  operations: number;
  bundlePath: string;
  /** A read in the middle of the spec, valid for it (2xx with an API key): the repeated request (secondary figure). */
  request: LoadRequest;
  /**
   * Traffic as users send it, in the middle of the spec: a read of a new id and a create with a new body, in turn
   * (autocannon replaces `[<id>]`), so no two requests are alike.
   */
  mixedRequests: LoadRequest[];
  /** One valid request per operation, every path once (a create and a read of each resource). */
  everyOperation: LoadRequest[];
  remove(): void;
}

/** Writes and bundles an API of `operations` operations (half creates, half reads: two per resource). */
export async function syntheticApi(operations: number): Promise<SyntheticApi> {
  const dir = mkdtempSync(join(tmpdir(), `paykit-bench-api-${operations}-`));
  const root = join(dir, 'synthetic');
  for (const folder of ['paths', 'components/schemas', 'components/responses', 'components/examples']) {
    mkdirSync(join(root, folder), { recursive: true });
  }
  const resources = Math.max(1, Math.floor(operations / 2));
  write(join(root, 'components/schemas/ApiError.yaml'), {
    type: 'object',
    required: ['message'],
    properties: { code: { type: 'string', 'x-paykit-error-code': true }, message: { type: 'string' } },
  });
  write(join(root, 'components/schemas/Resource.yaml'), {
    type: 'object',
    required: ['id', 'name', 'status', 'createdAt'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      status: { type: 'string', enum: ['PENDING', 'ACTIVE', 'CLOSED'] },
      amount: { type: 'integer', minimum: 0 },
      createdAt: { type: 'string', format: 'date-time' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
    },
  });
  write(join(root, 'components/schemas/CreateResource.yaml'), {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, amount: { type: 'integer', minimum: 0 } },
  });
  write(join(root, 'components/examples/resource.yaml'), {
    summary: 'An active resource',
    value: {
      id: 'res_1',
      name: 'first',
      status: 'ACTIVE',
      amount: 1200,
      createdAt: '2026-01-01T10:00:00Z',
      metadata: { team: 'a' },
    },
  });
  const errorResponse = (code: string, message: string) => ({
    description: message,
    content: { 'application/json': { schema: { $ref: '../schemas/ApiError.yaml' }, example: { code, message } } },
  });
  write(join(root, 'components/responses/BadRequest.yaml'), errorResponse('BAD_REQUEST', 'The request is invalid.'));
  write(
    join(root, 'components/responses/Unauthorized.yaml'),
    errorResponse('UNAUTHORIZED', 'The API key is missing or invalid.'),
  );
  write(join(root, 'components/responses/NotFound.yaml'), errorResponse('NOT_FOUND', 'No such resource.'));
  const ok = (status: string) => ({
    [status]: {
      description: 'The resource',
      content: {
        'application/json': {
          schema: { $ref: '../components/schemas/Resource.yaml' },
          examples: { active: { $ref: '../components/examples/resource.yaml' } },
        },
      },
    },
  });
  const paths: Record<string, { $ref: string }> = {};
  for (let i = 0; i < resources; i++) {
    const name = `resource${i}`;
    write(join(root, `paths/${name}.yaml`), {
      post: {
        operationId: `create${i}`,
        summary: `Create a resource of kind ${i}`,
        tags: ['resources'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '../components/schemas/CreateResource.yaml' },
              example: { name: 'first', amount: 1200 },
            },
          },
        },
        responses: {
          ...ok('201'),
          '400': { $ref: '../components/responses/BadRequest.yaml' },
          '401': { $ref: '../components/responses/Unauthorized.yaml' },
        },
      },
    });
    write(join(root, `paths/${name}_{id}.yaml`), {
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, example: 'res_1' },
      ],
      get: {
        operationId: `get${i}`,
        summary: `Read a resource of kind ${i}`,
        tags: ['resources'],
        responses: {
          ...ok('200'),
          '401': { $ref: '../components/responses/Unauthorized.yaml' },
          '404': { $ref: '../components/responses/NotFound.yaml' },
        },
      },
    });
    paths[`/${name}`] = { $ref: `paths/${name}.yaml` };
    paths[`/${name}/{id}`] = { $ref: `paths/${name}_{id}.yaml` };
  }
  write(join(root, 'openapi.yaml'), {
    openapi: '3.1.0',
    info: {
      title: `Synthetic API (${resources * 2} operations)`,
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:4010', 'x-paykit-environment': 'mock' }],
    security: [{ ApiKeyAuth: [] }],
    tags: [{ name: 'resources', description: 'Resources' }],
    paths,
    components: { securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
  });
  const bundlePath = join(dir, 'synthetic.json');
  await run(redocly, ['bundle', join(root, 'openapi.yaml'), '--output', bundlePath], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const middle = Math.floor(resources / 2);
  const headers = { 'X-API-Key': 'bench-key' };
  const read = (i: number): LoadRequest => ({
    method: 'GET',
    path: `/resource${i}/res_[<id>]`,
    headers,
    idReplacement: true,
  });
  const create = (i: number): LoadRequest => ({
    method: 'POST',
    path: `/resource${i}`,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'resource [<id>]', amount: 1200 }),
    idReplacement: true,
  });
  return {
    operations: resources * 2,
    bundlePath,
    request: { method: 'GET', path: `/resource${middle}/res_1`, headers },
    mixedRequests: [read(middle), create(middle)],
    everyOperation: Array.from({ length: resources }, (_, i) => [create(i), read(i)]).flat(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
