import { ConfigError, loadConfig } from './config.js';
import { startServer, type ServerOptions } from './server.js';

/** Starts the sample and prints its URL; a bad setting or a taken port ends it with one clear line. */
export async function run(options: ServerOptions): Promise<void> {
  try {
    const config = loadConfig();
    const server = await startServer(config, options);
    console.log(`paykit sample app: ${server.url}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void server.close().then(() => process.exit(0)));
    }
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${process.env['SAMPLE_PORT'] || '3000'} is in use; set SAMPLE_PORT to another port.`);
    } else throw error;
    process.exit(1);
  }
}

