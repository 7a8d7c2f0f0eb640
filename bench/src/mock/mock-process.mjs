// Serves one spec file with @paykit/mock in a process of its own, as `pnpm mock` does, so its start-to-ready and
// throughput compare with steady's and Prism CLI's (each a process of its own too). argv: <spec> <port>.
// Stateless, as steady and Prism's CLI are: the load repeats example requests (a GET of the example's id), which the
// sandbox would answer 404 for an id it never created.
import { apis } from '@paykit/spec';
import { startMock } from '@paykit/mock';

const [specPath, port] = process.argv.slice(2);
const mock = await startMock({ api: apis[0], specPath, port: Number(port), stateless: true });
process.once('SIGTERM', () => void mock.stop().then(() => process.exit(0)));
