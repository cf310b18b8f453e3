import { Repeater } from "@repeaterjs/repeater";
import type { Database } from "../db.ts";
import type { ModerationEventFact } from "../events.ts";
import type { EventBus } from "./event-bus.ts";
import { loadModerationEvent, type ModerationEventRecord } from "./moderation-events.ts";

export type { ModerationEventRecord } from "./moderation-events.ts";

/**
 * Each Redis message reaches every local listener as the same parsed fact, so
 * keying the load by it reads Postgres once per event and replica, and hands all
 * moderators the same record (which the socket layer then executes once).
 */
const loads = new WeakMap<ModerationEventFact, Promise<ModerationEventRecord | null>>();

function loadOnce(db: Database, fact: ModerationEventFact): Promise<ModerationEventRecord | null> {
  let load = loads.get(fact);
  if (!load) {
    load = loadModerationEvent(db, fact);
    loads.set(fact, load);
  }
  return load;
}

/**
 * What moderators watch live: flags, reports and decisions, as they happen
 * (a dashboard reloads its queue when it connects; this keeps it current).
 * A moderator too slow to read is disconnected, like a slow room subscriber.
 */
export function moderationEventStream(
  db: Database,
  bus: EventBus,
  options: { buffer: number; onOverflow: () => void },
): AsyncIterableIterator<ModerationEventRecord> {
  return new Repeater<ModerationEventRecord>(async (push, stop) => {
    let pending = 0;
    const unlisten = await bus.onModerationEvent((fact) => {
      if (++pending > options.buffer) {
        options.onOverflow();
        stop(new Error("Moderation subscriber fell behind; reconnect."));
        return;
      }
      void loadOnce(db, fact)
        .then(async (event) => {
          if (event) await push(event);
        })
        .catch(() => {})
        .finally(() => {
          pending--;
        });
    });
    await stop;
    unlisten();
  });
}
