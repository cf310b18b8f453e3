import type { EventBus } from "@chatmod/core/event-bus";
import { messageToJson } from "@chatmod/core/message-json";
import { announceNotices } from "@chatmod/core/notices";
import type { Span } from "@chatmod/core/tracing";
import { describeError, type Logger } from "./logger.ts";
import type { VerdictOutcome } from "./verdicts.ts";

/**
 * Tells subscribers about an applied verdict: the room's MESSAGE_MODERATED fact
 * (carrying the message as the verdict left it, so replicas need not read it
 * back) and, for a message that needs a moderator, a FLAGGED fact on the
 * moderation topic. Runs after the commit. Redis pub/sub only wakes subscribers
 * up; they resume by seq from Postgres, so a failure here is logged and the job
 * still succeeds (failing it would re-run a verdict that is already stored).
 */
export async function publishOutcome(
  events: EventBus,
  outcome: VerdictOutcome,
  log: Logger,
  /** The job's span, when tracing is on: the publishes are spans of its trace. */
  span?: Span,
): Promise<void> {
  if (!outcome.applied) return;
  const { roomId, messageId, seq, status, at, message } = outcome;
  try {
    await events.publishUnder(span, "room", roomId, {
      roomId,
      seq,
      kind: "MESSAGE_MODERATED",
      messageId,
      message: messageToJson(message),
    });
    if (status === "FLAGGED" || status === "REJECTED")
      await events.publishUnder(span, "moderation", { roomId, messageId, kind: "FLAGGED", at: at.toISOString() });
    if (outcome.noticeId) await announceNotices(events, [{ id: outcome.noticeId, userId: message.authorId }]);
  } catch (error) {
    log.warn(
      { err: describeError(error), roomId, messageId, seq },
      "could not publish a moderation verdict; subscribers catch up",
    );
  }
}

/**
 * Publishes a batch's applied verdicts at once: the event bus sends facts
 * published together in one pipeline, in the order given, so each room's facts
 * reach subscribers in seq order with no gap to fill from Postgres.
 */
export async function publishOutcomes(
  events: EventBus,
  outcomes: VerdictOutcome[],
  log: Logger,
  spans: readonly (Span | undefined)[] = [],
): Promise<void> {
  await Promise.all(outcomes.map((outcome, index) => publishOutcome(events, outcome, log, spans[index])));
}
