import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
import { emit, serve, sleep } from "../ipc.ts";

/**
 * What every server process under test answers on its IPC channel: memory after
 * a GC (servers run with --expose-gc), a CPU profile of a window of time, and a
 * graceful stop. `listening` tells the parent the URL.
 */
export function controlServer(
  url: string,
  stop: () => Promise<void>,
  extra: Record<string, (args: never) => unknown> = {},
): void {
  let session: Session | null = null;
  const shutdown = () =>
    void stop()
      .catch(() => {})
      .finally(() => process.exit(0));
  process.once("SIGTERM", shutdown);
  serve({
    memory: async ({ gc }: { gc: boolean }) => {
      const collect = (globalThis as { gc?: () => void }).gc;
      if (gc && collect) {
        for (let i = 0; i < 3; i++) {
          collect();
          await sleep(100);
        }
      }
      return { ...process.memoryUsage(), detail: memoryDetail() };
    },
    profileStart: async ({ intervalMicros }: { intervalMicros: number }) => {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: intervalMicros });
      await session.post("Profiler.start");
    },
    profileStop: async ({ file }: { file: string }) => {
      if (!session) throw new Error("no profile running");
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      session = null;
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
    /** Sampling heap profiler: at stop, what is still allocated, by allocating stack. */
    heapStart: async ({ intervalBytes }: { intervalBytes: number }) => {
      session = new Session();
      session.connect();
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", { samplingInterval: intervalBytes });
    },
    heapStop: async ({ file }: { file: string }) => {
      if (!session) throw new Error("no heap sampling running");
      const { profile } = await session.post("HeapProfiler.stopSampling");
      session.disconnect();
      session = null;
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
    /** A full heap snapshot (BENCH_HEAP_SNAPSHOT=1): what each socket holds, object by object. */
    heapSnapshot: ({ file }: { file: string }) => writeHeapSnapshot(file),
    stop: () => shutdown(),
    ...extra,
  });
  emit("listening", { url });
}

/**
 * Where resident memory is, beyond process.memoryUsage(): each V8 heap space's resident
 * bytes, and the process's resident anonymous memory by kind of mapping (the malloc heap,
 * other anonymous mappings: V8's pages and malloc's own mmaps), from /proc/self/smaps.
 */
function memoryDetail(): Record<string, number> {
  const detail: Record<string, number> = {};
  for (const space of getHeapSpaceStatistics()) {
    detail[`v8 ${space.space_name} resident`] = space.physical_space_size;
    detail[`v8 ${space.space_name} used`] = space.space_used_size;
  }
  let mapping = "";
  try {
    for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (header) {
        const name = header[1] ?? "";
        mapping = name === "" ? "anonymous mappings" : name.startsWith("[") ? name : "files";
        continue;
      }
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) detail[`rss ${mapping}`] = (detail[`rss ${mapping}`] ?? 0) + Number(rss[1]) * 1024;
    }
  } catch {
    // Not Linux: V8's figures only.
  }
  return detail;
}
