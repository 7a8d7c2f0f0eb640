import type { Redactor } from './redaction.js';

type LogMethod = (message: string, details?: Record<string, unknown>) => void;

/** Anything shaped like `console` works; every method is optional. */
export interface Logger {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}

export type LogLevel = keyof Logger;

/** Logs through the caller's logger with every message and detail redacted; a no-op without a logger. */
export type SafeLog = (level: LogLevel, message: string, details?: Record<string, unknown>) => void;

export function createSafeLog(logger: Logger | undefined, redactor: Redactor): SafeLog | undefined {
  if (!logger) return undefined;
  return (level, message, details) => {
    const method = logger[level];
    if (typeof method !== 'function') return;
    const safeMessage = redactor.text(`paykit: ${message}`);
    if (details === undefined) method.call(logger, safeMessage);
    else method.call(logger, safeMessage, redactor.deep(details));
  };
}
