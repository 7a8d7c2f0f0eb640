import type { IncomingHttpHeaders } from 'node:http';
import type { Random } from './random.js';

/** A delay in milliseconds: fixed (`300`) or drawn uniformly from a range (`{ min: 100, max: 800 }`). */
export type Latency = number | { min: number; max: number };

/** What the mock can inject: a status (the spec's own answer when the operation declares it), or a cut connection. */
export const FAULTS = ['429', '500', '502', '503', '504', 'reset', 'lost'] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * Share (0..1) of requests answered with an injected fault instead of the mock's answer, e.g. `{ 429: 0.1, 503: 0.05 }`.
 * `reset` destroys the connection before any answer; `lost` runs the operation, then cuts the connection before
 * the answer (a retried call must not act twice).
 */
export type FaultRates = Partial<Record<Fault, number>>;

export interface DelayRange {
  min: number;
  max: number;
}

export type Rates = Record<Fault, number>;

/** Longest delay accepted: a typo should not leave a request hanging for hours. */
export const MAX_DELAY_MS = 60_000;

const NO_FAULTS: Rates = Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Rates;

/** Thrown for a bad latency or fault setting; the message names the setting and the rule. */
export class ChaosSettingError extends RangeError {
  override name = 'ChaosSettingError';
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function delayMs(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new ChaosSettingError(
      `${field} must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS} (got ${value})`,
    );
  }
  return value;
}

/** Checks a `latency` start option. */
export function toDelayRange(latency: Latency | undefined, field: string): DelayRange | undefined {
  if (latency === undefined) return undefined;
  if (typeof latency === 'number') {
    const ms = delayMs(latency, field);
    return { min: ms, max: ms };
  }
  if (typeof latency !== 'object' || latency === null) {
    throw new ChaosSettingError(
      `${field} must be a number of milliseconds or { min, max } (got ${latency === null ? 'null' : typeof latency})`,
    );
  }
  const min = delayMs(latency.min, `${field}.min`);
  const max = delayMs(latency.max, `${field}.max`);
  if (min > max) throw new ChaosSettingError(`${field}.min must not exceed ${field}.max (got ${min} > ${max})`);
  return { min, max };
}

/** Parses `300` (fixed) or `100-800` (random in range), as written in an env var or the `X-Mock-Delay` header. */
export function parseDelay(text: string, field: string): DelayRange {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) {
    throw new ChaosSettingError(`${field} must be milliseconds as "300" or a range as "100-800" (got ${quote(text)})`);
  }
  const min = Number(match[1]);
  const latency = match[2] === undefined ? min : { min, max: Number(match[2]) };
  return toDelayRange(latency, field) as DelayRange;
}

const FAULT_LIST = FAULTS.join(', ');

/** Checks a `faults` start option. */
export function toRates(faults: FaultRates | undefined, field: string): Rates {
  if (faults === undefined) return NO_FAULTS;
  if (faults === null || typeof faults !== 'object' || Array.isArray(faults)) {
    const got = quote(String(faults));
    throw new ChaosSettingError(`${field} must be an object of rates such as { 429: 0.1, reset: 0.05 } (got ${got})`);
  }
  const unknown = Object.keys(faults).filter((fault) => !(FAULTS as readonly string[]).includes(fault));
  if (unknown.length > 0) {
    throw new ChaosSettingError(`${field} can only inject ${FAULT_LIST} (got ${unknown.map(quote).join(', ')})`);
  }
  const rates = { ...NO_FAULTS };
  let sum = 0;
  for (const fault of FAULTS) {
    const rate = faults[fault] ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      const got = typeof rate === 'string' ? quote(rate) : String(rate);
      throw new ChaosSettingError(`${field}[${fault}] must be a rate from 0 to 1 (got ${got})`);
    }
    rates[fault] = rate;
    sum += rate;
  }
  if (sum > 1 + 1e-9) throw new ChaosSettingError(`${field}: the rates must add up to at most 1 (got ${sum})`);
  return rates;
}

/**
 * Parses `none`, a bare fault (`503`, `reset`: always), or rates such as `429=0.1,lost=0.05`, as written in an env var
 * or the `X-Mock-Fault` header.
 */
export function parseFaults(text: string, field: string): Rates {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '0') return NO_FAULTS;
  const faults: FaultRates = {};
  for (const part of trimmed.split(',')) {
    const match = /^\s*([a-z0-9]+)\s*(?:=\s*([0-9.]+)\s*)?$/.exec(part);
    if (!match || !(FAULTS as readonly string[]).includes(match[1] as string)) {
      throw new ChaosSettingError(
        `${field} must be "none", one of ${FAULT_LIST}, or rates such as "429=0.1,reset=0.05" (got ${quote(text)})`,
      );
    }
    faults[match[1] as Fault] = match[2] === undefined ? 1 : Number(match[2]);
  }
  return toRates(faults, field);
}

export function pickDelay(range: DelayRange | undefined, random: Random): number {
  if (range === undefined) return 0;
  return range.min === range.max ? range.min : range.min + Math.floor(random() * (range.max - range.min + 1));
}

export function pickFault(rates: Rates, random: Random): Fault | undefined {
  let total = 0;
  for (const fault of FAULTS) total += rates[fault];
  if (total === 0) return undefined;
  const roll = random();
  let upTo = 0;
  for (const fault of FAULTS) {
    upTo += rates[fault];
    if (roll < upTo) return fault;
  }
  return undefined;
}

/** A mock's latency and fault settings, as given at start. */
export interface Chaos {
  delay: DelayRange | undefined;
  faults: Rates;
  /** `Retry-After` of injected faults, replacing the spec's; undefined keeps the spec's. */
  retryAfterSeconds: number | undefined;
  random: Random;
}

/** Per-request override of the mock's delay: `300` or `100-800` (ms); `0` turns a configured delay off. */
export const DELAY_HEADER = 'x-mock-delay';
/** Per-request override of the mock's faults: `503`, `reset`, `429=0.5,lost=0.1` or `none`. */
export const FAULT_HEADER = 'x-mock-fault';

export interface Decision {
  delayMs: number;
  fault: Fault | undefined;
  /** What asked for the fault, for the injected answer to say. */
  faultSource: string;
}

/** Rolls the dice for one request: the mock's settings, or the request's `X-Mock-*` headers where it has them. */
export function decide(headers: IncomingHttpHeaders, chaos: Chaos): Decision {
  const delayHeader = headers[DELAY_HEADER];
  const faultHeader = headers[FAULT_HEADER];
  const delay = typeof delayHeader === 'string' ? parseDelay(delayHeader, 'X-Mock-Delay header') : chaos.delay;
  const faults = typeof faultHeader === 'string' ? parseFaults(faultHeader, 'X-Mock-Fault header') : chaos.faults;
  return {
    delayMs: pickDelay(delay, chaos.random),
    fault: pickFault(faults, chaos.random),
    faultSource:
      typeof faultHeader === 'string' ? 'the X-Mock-Fault header' : 'the fault rates this mock was started with',
  };
}
