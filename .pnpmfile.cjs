// The workspace's `tsc` is TypeScript 7, the native compiler, which ships no JavaScript API. openapi-typescript builds
// its output with that API (`ts.factory`), so it gets TypeScript 6's, the compiler API package the TypeScript team
// publishes for such tools, as a dependency of its own instead of its peer `typescript` (the same package and version
// as @paykit/client's generator imports, so both share one instance: keep the two versions equal).
/** @param {{ name?: string, dependencies?: Record<string, string>, peerDependencies?: Record<string, string> }} manifest */
function readPackage(manifest) {
  if (manifest.name === 'openapi-typescript') {
    delete manifest.peerDependencies?.typescript;
    manifest.dependencies = { ...manifest.dependencies, typescript: 'npm:@typescript/typescript6@6.0.2' };
  }
  return manifest;
}

module.exports = { hooks: { readPackage } };
