import { operations, resolveRef, type BundleOperation } from '@paykit/spec/examples';
import type { ApiName } from '@paykit/spec';

// Derives the contract cases from a bundled spec, so a new operation, status or example is tested the moment it is
// added. Nothing here names an operation: everything comes from the bundle.

type Node = Record<string, any>;

export interface RequestInput {
  pathParams: Record<string, string>;
  /** A request body example (the first named one), when the operation takes a body. */
  body?: unknown;
}

export interface ResponseCase {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  status: number;
  /** The media type the answer must have; undefined for a status without a body. */
  mediaType?: string;
  /** JSON pointer of the schema the body must satisfy. */
  schemaPointer?: string;
  /** The named example asked for with `Prefer: example=…`; the body must equal its value. */
  example?: { name: string; value: unknown };
  /** Response headers the spec marks required (e.g. Retry-After on 429). */
  requiredHeaders: string[];
  input: RequestInput;
  label: string;
}

export interface RequestExampleCase {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  /** The lowest 2xx status the operation declares: what a valid request gets by default. */
  successStatus: number;
  exampleName: string;
  input: RequestInput;
  label: string;
}

const escapeToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

const isJson = (mediaType: string) => /^application\/(.+\+)?json\b/.test(mediaType);

function parameterValue(bundle: Node, parameter: Node): string {
  const examples = Object.values(parameter.examples ?? {}).map((e) => resolveRef(bundle, e).node.value);
  const value = parameter.example ?? examples[0] ?? parameter.schema?.example ?? parameter.schema?.examples?.[0];
  if (value === undefined) throw new Error(`Path parameter ${parameter.name} has no example to send`);
  return String(value);
}

function requestBodyExamples(bundle: Node, op: BundleOperation): { name: string; value: unknown }[] {
  if (!op.operation.requestBody) return [];
  const { node: body } = resolveRef<Node>(bundle, op.operation.requestBody, `${op.pointer}/requestBody`);
  const [, media] = Object.entries((body.content ?? {}) as Node).find(([type]) => isJson(type)) ?? [];
  if (!media) return [];
  const named = Object.entries((media.examples ?? {}) as Node).map(([name, example]) => ({
    name,
    value: resolveRef(bundle, example).node.value,
  }));
  if (named.length > 0) return named;
  if (media.example !== undefined) return [{ name: 'example', value: media.example }];
  if (body.required) throw new Error(`${op.operation.operationId}: the required request body has no example to send`);
  return [];
}

function pathParams(bundle: Node, op: BundleOperation): Record<string, string> {
  const params: Record<string, string> = {};
  for (const ref of [...(op.pathItem.parameters ?? []), ...(op.operation.parameters ?? [])]) {
    const { node: parameter } = resolveRef<Node>(bundle, ref);
    if (parameter.in === 'path') params[parameter.name] = parameterValue(bundle, parameter);
  }
  return params;
}

function statusesOf(op: BundleOperation): number[] {
  return Object.keys(op.operation.responses ?? {})
    .filter((status) => /^\d{3}$/.test(status))
    .map(Number);
}

/** The API operations of a bundle (webhooks are not served by the mock). */
export function apiOperations(bundle: Node): BundleOperation[] {
  return [...operations(bundle)].filter((op) => op.kind === 'path');
}

/** Every declared status of every operation, once per named example (or once, when the status has none). */
export function responseCases(api: ApiName, bundle: Node): ResponseCase[] {
  const cases: ResponseCase[] = [];
  for (const op of apiOperations(bundle)) {
    const [firstBody] = requestBodyExamples(bundle, op);
    const input: RequestInput = { pathParams: pathParams(bundle, op), ...(firstBody ? { body: firstBody.value } : {}) };
    for (const status of statusesOf(op)) {
      const response = resolveRef<Node>(bundle, op.operation.responses[status], `${op.pointer}/responses/${status}`);
      const requiredHeaders = Object.entries((response.node.headers ?? {}) as Node)
        .filter(([, header]) => resolveRef(bundle, header).node.required === true)
        .map(([name]) => name);
      const base = {
        api,
        operationId: op.operation.operationId as string,
        method: op.method,
        path: op.path,
        status,
        requiredHeaders,
        input,
      };
      const label = `${op.method.toUpperCase()} ${op.path} → ${status}`;
      const media = Object.entries((response.node.content ?? {}) as Node);
      if (media.length === 0) cases.push({ ...base, label });
      for (const [mediaType, content] of media) {
        const schemaPointer = `${response.pointer}/content/${escapeToken(mediaType)}/schema`;
        const examples = Object.entries((content.examples ?? {}) as Node);
        if (examples.length === 0) cases.push({ ...base, mediaType, schemaPointer, label: `${label} (${mediaType})` });
        for (const [name, example] of examples) {
          const value = resolveRef(bundle, example).node.value;
          cases.push({ ...base, mediaType, schemaPointer, example: { name, value }, label: `${label} example=${name}` });
        }
      }
    }
  }
  return cases;
}

/** Every named request example, sent as is: the mock must accept each one with the operation's success status. */
export function requestExampleCases(api: ApiName, bundle: Node): RequestExampleCase[] {
  return apiOperations(bundle).flatMap((op) => {
    const successStatus = Math.min(...statusesOf(op).filter((status) => status >= 200 && status < 300));
    return requestBodyExamples(bundle, op).map(({ name, value }) => ({
      api,
      operationId: op.operation.operationId as string,
      method: op.method,
      path: op.path,
      successStatus,
      exampleName: name,
      input: { pathParams: pathParams(bundle, op), body: value },
      label: `${op.method.toUpperCase()} ${op.path} with request example ${name} → ${successStatus}`,
    }));
  });
}
