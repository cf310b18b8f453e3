import { readdirSync, readFileSync } from "node:fs";
import hdr from "hdr-histogram-js";

/** Latency histograms in microseconds (1 µs to 2 min, 3 significant digits), shipped between processes as base64. */
export type Histogram = ReturnType<typeof hdr.build>;
export const newHistogram = (): Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
export const encodeHistogram = (histogram: Histogram) => hdr.encodeIntoCompressedBase64(histogram);

export function mergeHistograms(encoded: string[]): Histogram {
  const total = newHistogram();
  for (const item of encoded) total.add(hdr.decodeFromCompressedBase64(item));
  return total;
}

/** Percentile in milliseconds. */
export const percentileMs = (histogram: Histogram, p: number) =>
  histogram.totalCount === 0 ? Number.NaN : histogram.getValueAtPercentile(p) / 1000;

// ---- /proc: memory and CPU of processes --------------------------------------------------

function status(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return "";
  }
}

/** Resident set size in MB (0 when the process is gone). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(status(pid));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Polls the RSS of some processes every 100 ms; `stop` returns each one's peak in MB. */
export function sampleRss(pids: number[]): { stop(): number[] } {
  const peaks = pids.map(rssMb);
  const timer = setInterval(() => {
    for (const [i, pid] of pids.entries()) peaks[i] = Math.max(peaks[i]!, rssMb(pid));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return pids.map((pid, i) => Math.max(peaks[i]!, rssMb(pid)));
    },
  };
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** utime + stime in seconds (0 when the process is gone). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Pids whose command name is one of `names` (every Postgres backend, the Redis server). */
export function pidsNamed(names: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (names.includes(readFileSync(`/proc/${entry}/comm`, "utf8").trim())) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export type CpuGroups = Record<string, () => number[]>;

/** CPU seconds the whole machine has spent busy (all cores, from /proc/stat). */
function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/**
 * CPU used by groups of processes between `start` and `stop`, in percent of one
 * core, plus `other`: everything else the machine did meanwhile (other people's
 * work on a shared machine shows up here).
 */
/** CPU per group: percent of one core over the window, and the seconds used. */
export type CpuUse = { percent: Record<string, number>; seconds: Record<string, number> };

export function measureCpu(groups: CpuGroups): { stop(): CpuUse } {
  const started = performance.now();
  const machineBefore = machineBusySeconds();
  const before = new Map<number, number>();
  for (const pids of Object.values(groups)) for (const pid of pids()) before.set(pid, cpuSeconds(pid));
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const percent: Record<string, number> = {};
      const used: Record<string, number> = {};
      let ours = 0;
      for (const [name, pids] of Object.entries(groups)) {
        let group = 0;
        // A process that exited meanwhile reads 0: count it as having used nothing more.
        for (const pid of pids()) group += Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0));
        percent[name] = (100 * group) / seconds;
        used[name] = group;
        ours += group;
      }
      used["other"] = Math.max(0, machineBusySeconds() - machineBefore - ours);
      percent["other"] = (100 * used["other"]) / seconds;
      return { percent, seconds: used };
    },
  };
}

/** Waits (at most `maxSeconds`) for a second in which the machine is nearly idle; returns the busy % last seen. */
export async function waitForQuiet(thresholdPercent: number, maxSeconds: number): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let busy = 0;
  do {
    const before = machineBusySeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    busy = 100 * (machineBusySeconds() - before);
    if (busy < thresholdPercent) break;
  } while (Date.now() < deadline);
  return busy;
}

// ---- output -------------------------------------------------------------------------------

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ");
  return [line(headers), widths.map((width) => "-".repeat(width)).join("-+-"), ...rows.map(line)].join("\n");
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
export const thousands = (value: number) => Math.round(value).toLocaleString("en-US");
