import { ConfigError, loadConfig } from './config.js';
import { checkLocalMocks } from './mock-identity.js';
import { startServer, type ServerOptions } from './server.js';

/** Starts the sample and prints its URL; a bad setting, a taken port or an unusable host ends it with one clear line. */
export async function run(options: ServerOptions): Promise<void> {
  try {
    const config = loadConfig();
    const server = await startServer(config, options);
    console.log(`paykit sample app: ${server.url}`);
    // In the background: the mocks may still be starting (`pnpm dev` starts them with the app).
    void checkLocalMocks(config).then((problems) => {
      for (const problem of problems) console.error(`[sample] ${problem}`);
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void server.close().then(() => process.exit(0)));
    }
  } catch (error) {
    const line = startFailureLine(error);
    if (line === undefined) throw error;
    console.error(line);
    process.exit(1);
  }
}

/** The one line a developer needs for a start-up failure they can fix by configuration; undefined for our own bugs. */
function startFailureLine(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.message;
  const { code, syscall } = error as NodeJS.ErrnoException;
  const host = process.env['SAMPLE_HOST'] || '127.0.0.1';
  if (code === 'EADDRINUSE')
    return `Port ${process.env['SAMPLE_PORT'] || '3000'} is in use; set SAMPLE_PORT to another port.`;
  if (syscall === 'getaddrinfo') {
    return `SAMPLE_HOST "${host}" cannot be resolved to an address; set it to a host name this machine resolves or an IP address such as 127.0.0.1.`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `SAMPLE_HOST "${host}" is not an address of this machine; set it to one of its addresses, such as 127.0.0.1.`;
  }
  return undefined;
}
