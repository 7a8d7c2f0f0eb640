import type { MatchedOperation, MockAnswer } from './hook.js';

/*
 * The spec's own example objects answer in a fresh sandbox: the docs' curl examples name ids from the spec (the path
 * parameter's example, the ids in the response examples), and a sandbox that answered them 404 would contradict the
 * docs. A read or cancel of such an id, that no session of the caller's account holds, gets that example as the spec
 * shows it (the parameter's example id: the operation's first success example). Nothing is stored or changed.
 */

type Example = { key: string; value?: unknown };
type Content = { mediaType: string; examples?: Example[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The spec's example answer about `id` for this operation, or undefined when the spec shows no object with it. */
export function specExampleAnswer(op: MatchedOperation, idParam: string, id: string): MockAnswer | undefined {
  const success = op.operation.responses
    .filter((response) => /^2\d\d$/.test(response.code))
    .sort((a, b) => a.code.localeCompare(b.code))[0];
  const content = (success?.contents as Content[] | undefined)?.find((entry) => /json/i.test(entry.mediaType));
  const examples = (content?.examples ?? []).map((example) => example.value).filter(isObject);
  if (!success || examples.length === 0) return undefined;
  const about = examples.find((example) =>
    Object.entries(example).some(([field, value]) => value === id && /(^|[a-z_])id$/i.test(field)),
  );
  const parameter = op.operation.request?.path?.find((param) => param.name === idParam);
  const documented = (parameter?.examples as Example[] | undefined)?.some((example) => example.value === id);
  const body = about ?? (documented ? examples[0] : undefined);
  return body === undefined ? undefined : { status: Number(success.code), body: structuredClone(body) };
}
