// One flush of the group commit: load, moderate, store and publish a batch of jobs.

import { randomUUID } from "node:crypto";
import type { EventBus } from "@chatmod/core/event-bus";
import type { Settled } from "@chatmod/core/group-commit";
import { noticeText, reasonsInWords } from "@chatmod/core/notices";
import { type EscalationPolicy, effectiveEscalation, storedRoomPolicy } from "@chatmod/core/room-policy";
import { rows, sql } from "@chatmod/core/sql";
import type { Span, Tracing } from "@chatmod/core/tracing";
import type pg from "pg";
import { escalate, type Offence } from "./escalation.ts";
import type { Logger } from "./logger.ts";
import { assess } from "./moderation/assess.ts";
import type { ModerationPolicy } from "./moderation/policy.ts";
import type { VerdictStatus } from "./moderation/verdict.ts";
import { roomPolicy } from "./policy.ts";
import { publishOutcomes } from "./publish.ts";
import { type SkipReason, storeVerdicts, type VerdictClaim, type VerdictOutcome } from "./verdicts.ts";

/** Stored as the job's return value: what happened, for logs and for anyone inspecting the queue. */
export type JobResult = { applied: true; status: VerdictStatus; seq: number } | { applied: false; reason: SkipReason };

/** A validated moderation job: one message version; `span`: its processing's, when tracing is on. */
export type OwedJob = { jobId: string; messageId: string; owedAt: Date; span?: Span };

export type BatchDeps = { pool: pg.Pool; events: EventBus; log: Logger; tracing?: Tracing | null };

type LoadedMessage = {
  id: string;
  roomId: string;
  roomSlug: string;
  text: string;
  deleted: boolean;
  preModerated: boolean;
  policy: unknown;
};

/**
 * Moderates a batch of jobs: one query loads every message with its room's
 * policy, assess() decides each (moderate(), with the classifier's scores), storeVerdicts writes them in one
 * transaction, then every applied verdict is published. Returns each job's own
 * result, in order. A job whose moderation throws fails alone; a failed load or
 * transaction throws, failing (and so retrying) every job of the batch.
 */
export function moderationBatch({ pool, events, log, tracing = null }: BatchDeps) {
  return async (jobs: OwedJob[]): Promise<Settled<JobResult>[]> => {
    const started = performance.now();
    const messageIds = [...new Set(jobs.map((job) => job.messageId))];
    const loaded = await rows<LoadedMessage>(
      pool,
      sql`SELECT m.id::text, m."roomId"::text, r.slug AS "roomSlug", m.text, m."deletedAt" IS NOT NULL AS deleted, m."preModerated", r.policy
        FROM "Message" m JOIN "Room" r ON r.id = m."roomId"
        WHERE m.id = ANY(${messageIds}::uuid[])`,
    );
    const messages = new Map(loaded.map((message) => [message.id, message]));

    const policies = new Map<string, ModerationPolicy>();
    const policyOf = (message: LoadedMessage) => {
      // The mode the message was sent under (recorded on it), not the room's current one.
      const key = `${message.roomId}:${message.preModerated}`;
      const known = policies.get(key);
      if (known) return known;
      const policy = roomPolicy(message.policy, message.preModerated ? "PRE" : "POST");
      policies.set(key, policy);
      return policy;
    };

    // Per job: a result already known, or the index of its claim in the transaction.
    const pending: (Settled<JobResult> | number)[] = [];
    const claims: VerdictClaim[] = [];
    // The span of each claim's job (the parent of its store and publish spans).
    const claimSpans: (Span | undefined)[] = [];
    for (const { messageId, owedAt, span } of jobs) {
      const message = messages.get(messageId);
      if (!message) {
        pending.push({ ok: true, value: { applied: false, reason: "missing" } });
        continue;
      }
      try {
        // The text read here may already be edited away; storeVerdicts then finds a newer owedAt and skips.
        const verdict = message.deleted ? null : assess(message.text, policyOf(message));
        const removalNotice =
          verdict?.status === "REJECTED"
            ? { id: randomUUID(), text: noticeText.messageRemoved(message.roomSlug, reasonsInWords(verdict.reasons)) }
            : undefined;
        pending.push(
          claims.push({ messageId, owedAt, deletedWhenLoaded: message.deleted, verdict, removalNotice }) - 1,
        );
        claimSpans.push(span);
      } catch (error) {
        pending.push({ ok: false, error });
      }
    }

    const stores = tracing ? storeSpans(tracing, claims, claimSpans) : undefined;
    let outcomes: VerdictOutcome[];
    try {
      outcomes = await storeVerdicts(pool, claims);
    } catch (error) {
      for (const span of stores ?? []) if (span) tracing?.fail(span, error);
      throw error;
    } finally {
      for (const span of stores ?? []) span?.end();
    }
    await publishOutcomes(events, outcomes, log, claimSpans);
    await escalate(pool, events, log, offencesIn(outcomes, messages));

    const results = pending.map((entry, index): Settled<JobResult> => {
      if (typeof entry !== "number") return entry;
      const result = jobResult(outcomes[entry]!);
      const job = jobs[index]!;
      if (result.applied)
        log.info(
          { jobId: job.jobId, messageId: job.messageId, status: result.status, seq: result.seq },
          "message moderated",
        );
      else log.debug({ jobId: job.jobId, messageId: job.messageId, reason: result.reason }, "moderation skipped");
      return { ok: true, value: result };
    });
    log.debug({ jobs: jobs.length, ms: Math.round(performance.now() - started) }, "moderation batch done");
    return results;
  };
}

/**
 * One "store verdict" span per traced job, in its own trace, like the API's commit spans: the
 * jobs of a batch share one transaction and its timing, and `db.operation.batch.size` says how many.
 */
function storeSpans(tracing: Tracing, claims: VerdictClaim[], parents: (Span | undefined)[]): (Span | undefined)[] {
  return claims.map((claim, index) => {
    const parent = parents[index];
    if (!parent) return undefined;
    return tracing.startSpan(
      "store verdict",
      {
        kind: "client",
        attributes: {
          "db.system.name": "postgresql",
          "db.operation.name": "UPDATE",
          "db.collection.name": "Message",
          "chatmod.message.id": claim.messageId,
          ...(claim.verdict ? { "chatmod.moderation.verdict": claim.verdict.status } : {}),
          ...(claims.length > 1 ? { "db.operation.batch.size": claims.length } : {}),
        },
      },
      parent,
    );
  });
}

/** The applied verdicts that flagged or rejected a message: each may set its room's escalation off. */
function offencesIn(outcomes: readonly VerdictOutcome[], messages: ReadonlyMap<string, LoadedMessage>): Offence[] {
  // Read once per room of the batch: a backlog of abuse is thousands of offences in a few rooms.
  const escalations = new Map<string, EscalationPolicy>();
  return outcomes.flatMap((outcome) => {
    if (!outcome.applied || outcome.status === "APPROVED") return [];
    const loaded = messages.get(outcome.messageId);
    if (!loaded) return [];
    let policy = escalations.get(loaded.roomId);
    if (!policy) {
      policy = effectiveEscalation(storedRoomPolicy(loaded.policy));
      escalations.set(loaded.roomId, policy);
    }
    return [{ roomId: outcome.roomId, roomSlug: loaded.roomSlug, authorId: outcome.message.authorId, policy }];
  });
}

function jobResult(outcome: VerdictOutcome): JobResult {
  return outcome.applied
    ? { applied: true, status: outcome.status, seq: outcome.seq }
    : { applied: false, reason: outcome.reason };
}
