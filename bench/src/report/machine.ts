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
