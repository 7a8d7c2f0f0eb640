// Serves one spec file with @paykit/mock in a process of its own, as `pnpm mock` does, so its start-to-ready and
// throughput compare with steady's and Prism CLI's (each a process of its own too).
// argv: <spec> <port> <api> <stateless|stateful>. The synthetic APIs are served stateless (as steady and Prism's CLI
// are: their load reads ids nobody created, which a sandbox answers 404); the vendor bundles also with their sandbox.
import { startMock } from '@paykit/mock';
import { isApiName } from '@paykit/spec';

const [specPath, port, api = '', mode] = process.argv.slice(2);
if (!specPath || !isApiName(api)) {
  console.error(
    `mock-process: expected <spec> <port> <api> <stateless|stateful>, where <api> names an API of @paykit/spec; got <spec> "${specPath ?? ''}", <api> "${api}"`,
  );
  process.exit(2);
}
const mock = await startMock({ api, specPath, port: Number(port), stateless: mode !== 'stateful' });
process.once('SIGTERM', () => void mock.stop().then(() => process.exit(0)));
