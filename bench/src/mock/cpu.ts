import { readFileSync } from 'node:fs';

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SEC = 100;

/** CPU seconds (user + system) another process has used so far, from /proc; undefined off Linux or once it is gone. */
export function processCpuSec(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it start with the state (field 3): utime and stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return undefined;
  }
}

/** CPU seconds this process has used so far. */
export function ownCpuSec(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
