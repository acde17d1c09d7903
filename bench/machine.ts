import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, for its report. */
export const describeMachine = (): string[] => {
  const processors = cpus();
  return [
    `Node.js ${process.version} (V8 ${process.versions.v8})`,
    `CPU: ${processors[0]?.model.trim() ?? 'unknown'}, ${processors.length} cores`,
    `Memory: ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `OS: ${platform()} ${release()}`,
    // Other work on the machine skews the figures; the load at the end of the run says how busy it was.
    `Load average (1, 5, 15 min): ${loadavg().map((load) => load.toFixed(2)).join(', ')}`,
  ];
};
