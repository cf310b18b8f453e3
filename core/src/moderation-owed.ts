import { groupCommit } from "./group-commit.ts";
import { MODERATION_QUEUE, moderationJobId, queueSpanAttributes } from "./moderation-jobs.ts";
import type { RedisClient } from "./redis.ts";
import type { Span, TraceCarrier, Tracing } from "./tracing.ts";

/**
 * How moderation owed by a send reaches the worker with the send path's one Redis round trip:
 * after the commit (the outbox row is the promise) the API pushes the version onto a Redis list,
 * a command that costs Redis a few microseconds where BullMQ's add script cost it about seventy,
 * and goes out with the room's publish. The worker pops the list in batches and moderates what it
 * pops at once (worker/src/owed-intake.ts); only what fails becomes a BullMQ job. An entry lost (the API died before pushing it, the worker after
 * popping it, Redis restarted without persistence) is enqueued by the worker's outbox sweep.
 *
 * An entry is "messageId owedAtMs [traceparent]".
 */
export function owedListKey(redisPrefix: string): string {
  return `${redisPrefix}moderation:owed`;
}

export type OwedVersion = { messageId: string; owedAt: Date; trace?: TraceCarrier };

const ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (\d{1,15})(?: (\S{1,128}))?$/;

/** The version an entry names; null for one that does not parse (not one of ours). */
export function parseOwedEntry(entry: string): OwedVersion | null {
  const match = ENTRY.exec(entry);
  if (!match) return null;
  const [, messageId, owedAtMs, traceparent] = match;
  return {
    messageId: messageId!,
    owedAt: new Date(Number(owedAtMs)),
    ...(traceparent ? { trace: { traceparent } } : {}),
  };
}

function owedEntry({ messageId, owedAt, trace }: OwedVersion): string {
  return `${messageId} ${owedAt.getTime()}${trace ? ` ${trace.traceparent}` : ""}`;
}

/** Tells the worker that a message version's moderation is owed; `parent`: the operation's span. */
export type ModerationRequests = (messageId: string, owedAt: Date, parent?: Span) => Promise<void>;

/**
 * The API's side. Requests that arrive together are one RPUSH. With tracing on and a parent, a
 * request has a producer span, whose context the entry and then the job carry: the worker's
 * processing continues the trace under it.
 */
export function createModerationRequests(
  redis: RedisClient,
  redisPrefix: string,
  tracing: Tracing | null = null,
): ModerationRequests {
  const key = owedListKey(redisPrefix);
  const pushes = groupCommit<string, void>(
    async (entries) => {
      await redis.rpush(key, ...entries);
      return entries.map(() => ({ ok: true, value: undefined }));
    },
    { maxBatch: 500, maxInFlight: 2 },
  );
  return (messageId, owedAt, parent) => {
    if (!tracing || !parent) return pushes.submit(owedEntry({ messageId, owedAt }));
    const span = tracing.startSpan(
      `send ${MODERATION_QUEUE}`,
      { kind: "producer", attributes: queueSpanAttributes("send", moderationJobId(messageId, owedAt), messageId) },
      parent,
    );
    return pushes.submit(owedEntry({ messageId, owedAt, trace: tracing.carrier(span) })).then(
      () => span.end(),
      (error: unknown) => {
        tracing.fail(span, error);
        span.end();
        throw error;
      },
    );
  };
}
