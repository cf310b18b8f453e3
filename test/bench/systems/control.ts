import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
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
      return process.memoryUsage();
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
    stop: () => shutdown(),
    ...extra,
  });
  emit("listening", { url });
}
