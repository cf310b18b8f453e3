import { setTimeout as sleep } from "node:timers/promises";
import { type OwedVersion, owedListKey, parseOwedEntry } from "@chatmod/core/moderation-owed";
import type { RedisClient } from "@chatmod/core/redis";
import { describeError, type Logger } from "./logger.ts";

/**
 * The worker's half of @chatmod/core/moderation-owed: it pops the versions the API pushed onto
 * the owed list and hands them to `take` (the worker moderates them at once: owed-moderation.ts).
 * Each entry goes to one worker (the pop is atomic), so any number of workers may run. It holds
 * at most `capacity` versions at a time: a backlog waits in the list, where every worker can
 * reach it and the metrics count it, not in one worker's memory. An entry popped by a worker
 * that then dies is not lost: its outbox row is still there, and the outbox sweep enqueues it.
 */
export type OwedIntakeOptions = {
  /** A connection of its own: the pop blocks it while the list is empty. */
  connection: RedisClient;
  redisPrefix: string;
  /** Settles the versions popped together; whatever it cannot settle, it hands on (it never throws for them). */
  take: (versions: OwedVersion[]) => Promise<void>;
  /** The most versions in hand (taken, not yet settled) at once. */
  capacity: number;
  log: Logger;
};

export type OwedIntake = { close(): Promise<void> };

/** How long one pop waits on an empty list: close() waits for it (a pop cut short could lose what it took). */
const POP_WAIT_SECONDS = 0.25;
/** How long after a failed pop (Redis away) before the next. */
const RETRY_MS = 1_000;

export function startOwedIntake({ connection, redisPrefix, take, capacity, log }: OwedIntakeOptions): OwedIntake {
  const key = owedListKey(redisPrefix);
  let stopping = false;
  let inHand = 0;
  const taking = new Set<Promise<void>>();
  // Resolved when a take settles, so a loop waiting for room pops again.
  let roomMade: (() => void) | null = null;

  const hand = (versions: OwedVersion[]) => {
    inHand += versions.length;
    const settled = take(versions)
      .catch((error: unknown) => log.error({ err: describeError(error) }, "owed moderation was not settled"))
      .finally(() => {
        inHand -= versions.length;
        taking.delete(settled);
        roomMade?.();
      });
    taking.add(settled);
  };

  const takeOnce = async () => {
    if (inHand >= capacity) {
      await new Promise<void>((resolve) => (roomMade = resolve));
      roomMade = null;
      return;
    }
    // BLMPOP: [key, entries] once the list holds any, or null after POP_WAIT_SECONDS.
    const popped = (await connection.blmpop(POP_WAIT_SECONDS, 1, key, "LEFT", "COUNT", capacity - inHand)) as
      | [string, string[]]
      | null;
    if (!popped) return;
    const versions: OwedVersion[] = [];
    for (const entry of popped[1]) {
      const version = parseOwedEntry(entry);
      if (version) versions.push(version);
      else log.warn({ entry: entry.slice(0, 200) }, "an owed-moderation entry that is not one; skipped");
    }
    if (versions.length > 0) hand(versions);
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
      roomMade?.();
      // The pop in progress ends within POP_WAIT_SECONDS; with Redis away it may wait longer, and
      // the caller's closing of the connection ends it. Then what was taken is settled.
      await Promise.race([running, sleep(POP_WAIT_SECONDS * 1_000 + RETRY_MS)]);
      await Promise.all(taking);
    },
  };
}
