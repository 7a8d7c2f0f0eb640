import { operations, resolveRef } from '@paykit/spec/examples';

type Node = Record<string, any>;

/** What a bundle declares for one status of one operation: the named example, its schema and Retry-After's example. */
export function declaredAnswer(
  bundle: Node,
  operationId: string,
  status: number,
  exampleName: string,
): { example: unknown; schemaPointer: string; retryAfter: unknown } {
  const op = [...operations(bundle)].find((candidate) => candidate.operation.operationId === operationId);
  if (!op) throw new Error(`No operation ${operationId} in the bundle`);
  const response = resolveRef(bundle, op.operation.responses[status], `${op.pointer}/responses/${status}`);
  const media = response.node.content['application/json'];
  const retryAfter = response.node.headers?.['Retry-After'];
  return {
    example: resolveRef(bundle, media.examples[exampleName]).node.value,
    schemaPointer: `${response.pointer}/content/application~1json/schema`,
    retryAfter: retryAfter === undefined ? undefined : resolveRef(bundle, retryAfter).node.example,
  };
}
