import type { Context } from 'hono';
import { BadInputError } from './problems.js';

/**
 * The page's JSON body, or a 400 naming what is wrong with it: not JSON, not an object, or a field this route
 * does not take (a typo must not be silently ignored while the call goes ahead).
 */
export async function readJsonObject(c: Context, fields: readonly string[]): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BadInputError('The request body must be a JSON object.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadInputError('The request body must be a JSON object.');
  }
  const unknown = Object.keys(body).filter((key) => !fields.includes(key));
  if (unknown.length > 0) {
    const takes = fields.length === 0 ? 'takes no fields' : `takes only ${fields.join(', ')}`;
    throw new BadInputError(
      `Unknown field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}: this request ${takes}.`,
    );
  }
  return body as Record<string, unknown>;
}

export function optionalBoolean(body: Record<string, unknown>, field: string, label: string): boolean {
  const value = body[field];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new BadInputError(`${label} must be true or false.`);
  return value;
}

export function requiredString(body: Record<string, unknown>, field: string, label: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw new BadInputError(`${label} is required.`);
  return value.trim();
}

export function optionalString(body: Record<string, unknown>, field: string, label: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new BadInputError(`${label} must be text.`);
  return value.trim();
}
