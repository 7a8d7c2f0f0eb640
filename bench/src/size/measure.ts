import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { SizeEntry } from './entries.js';

/** Entries resolve their imports from this package, which depends on both the client and openapi-fetch. */
const resolveDir = fileURLToPath(new URL('../..', import.meta.url));

export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
  /** Bytes each input file contributes to the minified output, largest first: explains a regression. */
  inputs: Record<string, number>;
}

/** esbuild browser bundle of the entry, minified, then gzip -9: what a browser app would download. */
export async function measureBundle(entry: SizeEntry): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry.source, resolveDir, sourcefile: `${entry.name}-entry.js`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry.label}`);
  const meta = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(meta?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => [path.replace(/^.*node_modules\//, ''), bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  return {
    minifiedBytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    inputs: Object.fromEntries(inputs),
  };
}
