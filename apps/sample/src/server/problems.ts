import type { Context } from 'hono';
import {
  PaykitConnectionError,
  PaykitTimeoutError,
  PaykitValidationError,
  type PaykitApiError,
} from '@paykit/client/connect';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isLoopbackUrl } from '@paykit/mock/boundary';
import { mockPortVariables, type SampleConfig } from './config.js';
import { SteeringError } from './steering.js';
import { redact } from './redact.js';
import { VendorCallError, VendorHttpError, vendorTitle } from './vendor-call.js';
import type { Problem } from './views.js';

/**
 * Turns every failure into what the page shows: plain words, the vendor's code and message when it sent one,
 * never a stack trace, a key, a webhook secret or a session link.
 */

/** The browser sent something this server cannot use. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

/** Plain words for the vendor codes a user of this page can meet. */
const codeWords: Record<string, string> = {
  session_not_pending:
    'This session is no longer pending: it was already completed, cancelled or expired, so there is nothing to cancel.',
  session_expired:
    'This session has expired, so it can no longer be cancelled; 1099Policy will mark it expired shortly.',
  invalid_return_url:
    'The return URL was refused: it must be https, on a host 1099Policy allows for your account, without a user name, password or #fragment.',
  resource_not_found: 'There is no such contractor or session for this account.',
  invalid_api_key: "This server's 1099Policy API key was refused. Check TEN99POLICY_API_KEY.",
  insufficient_permissions: "This server's 1099Policy API key is not allowed to do that.",
  invalid_input: '1099Policy refused the request because a field is missing or malformed.',
};

/**
 * Plain words per status. `retried`: the client tried more than once (the error's `attempts`); a POST the vendor
 * does not promise to replay is sent once, so the words never claim retries that did not happen.
 */
const statusWords: Record<number, (vendor: string, retried: boolean) => string> = {
  400: (v) => `${v} refused the request as invalid.`,
  401: (v) => `${v} refused this server's API key.`,
  403: (v) => `${v} refused this server's API key for that action.`,
  404: (v) => `${v} has no such session.`,
  409: (v) => `${v} saw this request before with different content (idempotency conflict).`,
  422: (v) => `${v} refused the request: a field breaks its rules.`,
  429: (v, retried) =>
    `${v} is rate limiting this server${retried ? ' and kept refusing after the retries' : ''}. Try again in a moment.`,
  500: (v) => `${v} had an internal error. Try again in a moment.`,
  502: (v) => `${v} is unavailable at the moment. Try again in a moment.`,
  503: (v, retried) =>
    `${v} is unavailable at the moment${retried ? ', even after the retries' : ''}. Try again in a moment.`,
  504: (v) => `${v} is unavailable at the moment. Try again in a moment.`,
};

/**
 * The vendor's own code and message, whatever shape the error body has: the spec's ApiError (`message`; the client
 * reads `code` / `error_code` into `error.code`), or an RFC 9457 problem document (`detail`, else `title`), as Prism
 * answers its own errors. A body with neither (text, a proxy's HTML page) adds nothing; the status still has words.
 */
function vendorFields(error: PaykitApiError): { code?: string; vendorMessage?: string } {
  const body = typeof error.body === 'object' && error.body !== null ? (error.body as Record<string, unknown>) : {};
  const message = [body['message'], body['detail'], body['title']].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const code = typeof error.code === 'string' ? error.code : undefined;
  return { ...(code ? { code } : {}), ...(message ? { vendorMessage: message } : {}) };
}

/** Which status the page's request gets: the vendor's 4xx about the user's input passes through; the rest is ours. */
function pageStatus(status: number): ContentfulStatusCode {
  if ([400, 404, 409, 422, 429].includes(status)) return status as ContentfulStatusCode;
  return 502;
}

function describeVendorError(failure: VendorHttpError): Problem {
  const title = vendorTitle[failure.vendor];
  const { status } = failure.error;
  const { code, vendorMessage } = vendorFields(failure.error);
  const words =
    (code && Object.hasOwn(codeWords, code) ? codeWords[code] : undefined) ??
    statusWords[status]?.(title, failure.error.attempts > 1) ??
    `${title} answered with an unexpected error (HTTP ${status}).`;
  return { message: words, ...(code ? { code } : {}), ...(vendorMessage ? { vendorMessage } : {}) };
}

function redactProblem(problem: Problem, config: SampleConfig): Problem {
  const clean: Problem = { message: redact(problem.message, config) };
  if (problem.code) clean.code = redact(problem.code, config);
  if (problem.vendorMessage) clean.vendorMessage = redact(problem.vendorMessage, config);
  return clean;
}

export function failureResponse(c: Context, error: unknown, config: SampleConfig): Response {
  const [status, problem] = classify(error, config);
  if (status === 500) {
    // Our own bug: keep enough in the server log to find it, with secrets removed and no request bodies.
    console.error(redact(`[sample] ${c.req.method} ${c.req.path} failed: ${String(error)}`, config));
  }
  return c.json({ error: redactProblem(problem, config) }, status);
}

function classify(error: unknown, config: SampleConfig): [ContentfulStatusCode, Problem] {
  if (error instanceof VendorHttpError) return [pageStatus(error.error.status), describeVendorError(error)];
  if (error instanceof VendorCallError) return describeCallFailure(error, config);
  if (error instanceof BadInputError || error instanceof SteeringError) return [400, { message: error.message }];
  return [500, { message: 'The sample server hit an unexpected error. Its log has the details.' }];
}

function describeCallFailure(
  { vendor, error }: VendorCallError,
  config: SampleConfig,
): [ContentfulStatusCode, Problem] {
  const title = vendorTitle[vendor];
  if (error instanceof PaykitValidationError) {
    return [400, { message: `Not sent to ${title}: ${error.field} ${error.rule}.` }];
  }
  if (error instanceof PaykitTimeoutError) {
    const seconds = error.timeoutMs / 1000;
    return [
      504,
      {
        message: `${title} did not answer within ${seconds} s (${attemptsText(error.attempts)}). Try again in a moment.`,
      },
    ];
  }
  if (error instanceof PaykitConnectionError) {
    const baseUrl = vendor === 'connect' ? config.connect.baseUrl : config.ten99policy.baseUrl;
    const portVariable = mockPortVariables[vendor === 'connect' ? 'CONNECT_BASE_URL' : 'TEN99POLICY_BASE_URL'];
    const hint = isLoopbackUrl(baseUrl)
      ? ` Is the mock running? \`pnpm mock\` starts both (${portVariable} moves the mock and this app together).`
      : '';
    return [502, { message: `Could not reach ${title} at ${baseUrl} (${attemptsText(error.attempts)}).${hint}` }];
  }
  console.error(redact(`[sample] ${title} call failed unexpectedly: ${String(error)}`, config));
  return [502, { message: `The call to ${title} failed unexpectedly. The server log has the details.` }];
}

function attemptsText(attempts: number): string {
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}
