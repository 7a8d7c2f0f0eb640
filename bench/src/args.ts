import { parseArgs } from 'node:util';

/** A command-line mistake: printed as one line, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The sections to run, from `pnpm bench`'s arguments: all of them, or those named by `--only a,b`. A leading `--`
 * is dropped: `pnpm --filter @paykit/bench bench -- --only size` hands it through to the script.
 */
export function chosenSections<Name extends string>(argv: readonly string[], known: readonly Name[]): Name[] {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let only: string | undefined;
  try {
    ({
      values: { only },
    } = parseArgs({ args, options: { only: { type: 'string' } } }));
  } catch (error) {
    // node:util's messages name the argument but also suggest its own syntax; ours says what bench accepts.
    const reason = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. .*$/, '') : String(error);
    throw new UsageError(`${reason}; usage: pnpm bench [-- --only ${known.join(',')}]`);
  }
  if (only === undefined) return [...known];
  const chosen = only
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = chosen.filter((name) => !(known as readonly string[]).includes(name));
  if (chosen.length === 0 || unknown.length > 0) {
    const what =
      chosen.length === 0 ? 'names no section' : `has unknown section(s) ${unknown.map((n) => `"${n}"`).join(', ')}`;
    throw new UsageError(`--only ${what}; valid sections: ${known.join(', ')}`);
  }
  return chosen as Name[];
}
