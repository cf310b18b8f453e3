import { setFlagsFromString } from "node:v8";

/**
 * Flags the API's Node process starts with (they size the heap, which cannot be changed once it
 * runs): every way of starting the API passes them (scripts/start.ts, api/package.json's start,
 * the Dockerfile's api image; a test keeps them in step).
 *
 * `--max-semi-space-size=32`: the young generation's half-spaces stop growing at 32 MB (V8 grew
 * them to 64 MB here). A replica's peak RSS under the bench's loads is 50 to 80 MB lower (237-263
 * against 289-326 MB, three alternating runs of each). Its CPU: in six alternating runs at 100
 * subscribers and 500 msg/s, 1,384-1,676 µs per message against 1,620-1,932; in three later runs,
 * on a busier machine, no difference at 100 or 1,000 subscribers. 16 MB cost more CPU than either.
 */
export const API_NODE_FLAGS = ["--max-semi-space-size=32"] as const;

/**
 * Lets V8's old generation grow to three times what survived the last full
 * collection before it collects again (its own factor was about 1.8 here).
 * V8 starts marking the old generation as soon as the headroom left is smaller
 * than the young generation, and with a live heap of ~50 MB that was always:
 * at 100 subscribers and 500 messages/s, each replica ran a full collection
 * every ~0.7 s, pausing 5 to 20 ms each time, which showed in the delivery
 * tail. With this setting, two in the same run. Costs memory only under
 * allocation: the heap may hold up to twice its live size in garbage.
 */
export function tuneHeapForLatency(): void {
  setFlagsFromString("--heap-growing-percent=200");
}
