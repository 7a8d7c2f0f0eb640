import type { Browser, BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the browser files ask for the run's one Chromium: answers with its endpoint for `chromium.connect`. */
    chromiumLauncher: string;
  }
}

/** Debian's Chromium headless shell (`./scripts/setup.sh --with-chromium`): no test ever downloads a browser. */
export declare const CHROMIUM: string;
/** The flags every browser test launches Chromium with: headless, and nothing reaching the network on its own. */
export declare const CHROMIUM_FLAGS: readonly string[];
/** Throws (a test fails, never skips) saying what to install when the executable is missing. */
export declare function assertChromium(executablePath?: string): void;
/** Chromium listening on loopback for `chromium.connect`, with `CHROMIUM_FLAGS` and the caller's own `args`. */
export declare function launchChromiumServer(options?: {
  executablePath?: string;
  args?: readonly string[];
}): Promise<BrowserServer>;
/**
 * A vitest `globalSetup`: one Chromium for the run (a launch costs more than most files' pages), launched when a file
 * first asks for it (`sharedChromium()`: a run of no browser file launches none) and reached through
 * `chromiumLauncher`; closed, its profile removed, when the run ends. `whenMissing: 'leave-to-files'` lets a
 * run whose browser files are a few of many go on without Chromium: those files then fail, each saying what to install.
 */
export declare function chromiumGlobalSetup(options?: {
  args?: readonly string[];
  whenMissing?: 'fail' | 'leave-to-files';
}): (project: Pick<TestProject, 'provide'>) => Promise<() => Promise<void>>;
/** The run's one Chromium, connected to once per worker; each file then opens a context of its own. */
export declare function sharedChromium(): Promise<Browser>;
