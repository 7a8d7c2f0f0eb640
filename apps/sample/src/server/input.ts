import type { Context } from 'hono';
import { BadInputError } from './problems.js';

/** The page's JSON body, or a 400 naming what is wrong with it. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BadInputError('The request body must be a JSON object.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadInputError('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
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
