/**
 * A bench run to interrupt: opens a scratch checkout of the repository given as argv[2], starts a long child in it
 * (its pid written to argv[3]), prints the checkout's path as a JSON line, then waits on a timer to be signalled
 * (so that only the interrupt handling, not the child's failure, can end the work).
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec } from '../exec.js';
import { withScratchCheckout } from '../regen/scratch-checkout.js';

const [repo, pidFile] = process.argv.slice(2) as [string, string];
await withScratchCheckout(repo, async (checkout) => {
  // Written aside, then renamed: `echo > file` creates the file before it writes the pid, and a reader in between
  // read an empty file as pid 0 (which signals its own process group, so the child looked alive forever).
  const child = exec('sh', ['-c', `echo $$ > '${pidFile}.tmp' && mv '${pidFile}.tmp' '${pidFile}'; exec sleep 60`], {
    cwd: checkout,
  });
  while (!existsSync(pidFile)) await sleep(10);
  void child.catch(() => undefined);
  console.log(JSON.stringify({ checkout }));
  await sleep(60_000);
});
