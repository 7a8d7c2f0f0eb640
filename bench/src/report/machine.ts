import os from 'node:os';

/** The machine a run was measured on, so figures from different runs can be told apart. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    loadAverage: os.loadavg(),
  };
}

/** The load average now, as the tables print it: "1.44 / 2.54 / 2.78" (1, 5 and 15 minutes). */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
