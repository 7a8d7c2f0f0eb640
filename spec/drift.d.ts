/** Whether this runs on CI: `CI` set to anything but `0` or `false` (every CI service sets it). */
export declare function onCi(env?: Record<string, string | undefined>): boolean;
/** A file as git's index has it (staged, else committed), or undefined when git has no such file. */
export declare function readFromGit(path: string, cwd: string): string | undefined;
/**
 * One message per generated file that drifted from `fresh` (path relative to `dir` → what a generation writes
 * there): on disk on any machine, and on CI (`ci`, default {@link onCi}) also in git's index.
 */
export declare function generatedDrift(
  fresh: Record<string, string>,
  dir: string,
  options?: { ci?: boolean },
): string[];
