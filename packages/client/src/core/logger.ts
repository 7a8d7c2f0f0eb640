type LogMethod = (message: string, details?: Record<string, unknown>) => void;

/** Anything shaped like `console` works; every method is optional. */
export interface Logger {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}
