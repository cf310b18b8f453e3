import { Repeater } from "@repeaterjs/repeater";
import type { Database } from "../db.ts";
import type { ModerationEventFact } from "../events.ts";
import type { EventBus } from "./event-bus.ts";
import type { MessageWithAuthor } from "./room-events.ts";

export type ModerationEventRecord = { kind: ModerationEventFact["kind"]; at: Date; message: MessageWithAuthor };

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
      void db.message
        .findUnique({ where: { id: fact.messageId }, include: { author: true } })
        .then(async (message) => {
          if (message) await push({ kind: fact.kind, at: new Date(fact.at), message });
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
