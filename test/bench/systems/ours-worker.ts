import { parseWorkerEnv } from "@chatmod/worker/env";
import { startModerationWorker } from "@chatmod/worker/worker";
import { emit, serve } from "../ipc.ts";

// One moderation worker, exactly as worker/src/main.ts starts it, for the steps that count its CPU.
const worker = startModerationWorker(parseWorkerEnv(process.env));
serve({
  stop: async () => {
    await worker.close();
    setTimeout(() => process.exit(0), 50);
  },
});
emit("listening", { url: "" });
