import { setTimeout as sleep } from "node:timers/promises";
import { enqueueOwed, type ModerationJobData } from "@chatmod/core/moderation-jobs";
import { type OwedVersion, owedListKey, parseOwedEntry } from "@chatmod/core/moderation-owed";
import type { RedisClient } from "@chatmod/core/redis";
import type { Queue } from "bullmq";
import { describeError, type Logger } from "./logger.ts";

/**
 * The worker's half of @chatmod/core/moderation-owed: it pops the versions the API pushed onto
 * the owed list, up to `batch` at a time, and makes jobs of them. Each entry goes to one worker
 * (the pop is atomic), so workers may run any number of intakes. An entry popped by a worker that
 * then dies is not lost: its outbox row is still there, and the outbox sweep enqueues it.
 */
export type OwedIntakeOptions = {
  /** A connection of its own: the pop blocks it while the list is empty. */
  connection: RedisClient;
  redisPrefix: string;
  queue: Queue<ModerationJobData>;
  log: Logger;
  /** The most entries one pop takes (one addBulk of jobs of up to 200). */
  batch?: number;
};

export type OwedIntake = { close(): Promise<void> };

/** How long one pop waits on an empty list: close() waits for it (a pop cut short could lose what it took). */
const POP_WAIT_SECONDS = 0.25;
/** How long after a failed pop (Redis away) before the next. */
const RETRY_MS = 1_000;

export function startOwedIntake({ connection, redisPrefix, queue, log, batch = 1_000 }: OwedIntakeOptions): OwedIntake {
  const key = owedListKey(redisPrefix);
  let stopping = false;

  const takeOnce = async () => {
    // BLMPOP: [key, entries] once the list holds any, or null after POP_WAIT_SECONDS.
    const popped = (await connection.blmpop(POP_WAIT_SECONDS, 1, key, "LEFT", "COUNT", batch)) as
      | [string, string[]]
      | null;
    if (!popped) return;
    const versions: OwedVersion[] = [];
    for (const entry of popped[1]) {
      const version = parseOwedEntry(entry);
      if (version) versions.push(version);
      else log.warn({ entry: entry.slice(0, 200) }, "an owed-moderation entry that is not one; skipped");
    }
    try {
      await enqueueOwed(queue, versions);
    } catch (error) {
      // Popped but not enqueued: the outbox sweep finds them once they are OUTBOX_SWEEP_AGE_MS old.
      log.warn(
        { err: describeError(error), messages: versions.length },
        "could not enqueue owed moderation; the outbox sweep will",
      );
    }
  };

  const running = (async () => {
    while (!stopping) {
      try {
        await takeOnce();
      } catch (error) {
        if (stopping) break;
        log.warn({ err: describeError(error) }, "could not read owed moderation; trying again");
        await sleep(RETRY_MS);
      }
    }
  })();

  return {
    async close() {
      stopping = true;
      // The pop in progress ends within POP_WAIT_SECONDS, and what it took is enqueued first; with
      // Redis away it may wait longer, and the caller's closing of the connection ends it.
      await Promise.race([running, sleep(POP_WAIT_SECONDS * 1_000 + RETRY_MS)]);
    },
  };
}
