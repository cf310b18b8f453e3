import type { Database } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import type { ModerationEventFact } from "@chatmod/core/topics";
import { factStream, readOncePerFact } from "./fact-stream.ts";
import { loadModerationEvent, type ModerationEventRecord } from "./moderation-events.ts";

export type { ModerationEventRecord } from "./moderation-events.ts";

const readEvent = readOncePerFact(loadModerationEvent);

/**
 * What moderators watch live: flags, reports and decisions, as they happen
 * (a dashboard reloads its queue when it connects; this keeps it current).
 */
export function moderationEventStream(
  db: Database,
  bus: EventBus,
  options: { buffer: number; onOverflow: () => void },
): AsyncIterableIterator<ModerationEventRecord> {
  return factStream<ModerationEventFact, ModerationEventRecord>(
    (listener) => bus.listen("moderation", listener),
    (fact) => readEvent(db, fact),
    options,
  );
}
