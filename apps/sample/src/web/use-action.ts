import { useCallback, useState } from 'react';
import { ApiFailure } from './api.js';
import type { Problem } from '../server/views.js';

/** Runs one user action at a time and keeps its readable failure, if any, for the page to show. */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setProblem(null);
    try {
      return await action();
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.problem : { message: 'Something went wrong on this page.' });
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  return { run, pending, problem, clear: () => setProblem(null) };
}
