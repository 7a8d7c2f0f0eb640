import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const appRoot = fileURLToPath(new URL('../', import.meta.url));
export const staticRoot = `${appRoot}dist/web`;
export const builtServer = `${appRoot}dist/server/main.js`;

/** Tests of the production build fail (never skip) with the command that builds it. */
export function requireBuild(): void {
  if (!existsSync(builtServer) || !existsSync(`${staticRoot}/index.html`)) {
    throw new Error(
      "apps/sample is not built: run `pnpm turbo run build --filter @paykit/sample` (turbo's test task does).",
    );
  }
}
