// Automatic escalation: a member whose messages keep being flagged or rejected is timed out.

import type { EventBus } from "@chatmod/core/event-bus";
import { announceNotices, noticeText } from "@chatmod/core/notices";
import type { EscalationPolicy } from "@chatmod/core/room-policy";
import { inForceSql } from "@chatmod/core/sanctions";
import { rows, sql, transaction } from "@chatmod/core/sql";
import type pg from "pg";
import { describeError, type Logger } from "./logger.ts";

/** A verdict that flagged or rejected a member's message: what may set the room's escalation off. */
export type Offence = { roomId: string; roomSlug: string; authorId: string; policy: EscalationPolicy };

type Imposed = { sanctionId: string; noticeId: string; userId: string; roomId: string };

/** The rule as the audit row and the moderators read it. */
export function ruleInWords(policy: EscalationPolicy, step: number): string {
  const steps = policy.timeoutMinutes;
  const minutes = steps[Math.min(step, steps.length - 1)]!;
  const repeat = step === 0 ? "" : ` (again within ${policy.repeatWindowHours} h: step ${step + 1})`;
  return `${policy.count} messages flagged or rejected within ${policy.windowMinutes} min → timeout ${duration(minutes)}${repeat}`;
}

function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/**
 * Checks each member who just had a message flagged or rejected against their
 * room's escalation policy, and times them out when it says so: an automatic
 * sanction (no actor) that names its rule and the messages behind it, with a
 * notice for them; moderators hear of it live and can lift it. Messages counted
 * by an earlier automatic timeout do not count again, and a member already
 * timed out or banned there is left alone. One transaction per member, under
 * an advisory lock on (room, member): two workers never time out twice.
 */
export async function escalate(pool: pg.Pool, events: EventBus, log: Logger, offences: readonly Offence[]) {
  const distinct = new Map<string, Offence>();
  for (const offence of offences)
    if (offence.policy.enabled) distinct.set(`${offence.roomId}:${offence.authorId}`, offence);
  for (const offence of distinct.values()) {
    try {
      const imposed = await timeOutIfDue(pool, offence);
      if (!imposed) continue;
      const at = new Date().toISOString();
      await events.publish("moderation", {
        kind: "SANCTIONED",
        roomId: imposed.roomId,
        sanctionId: imposed.sanctionId,
        at,
      });
      await announceNotices(events, [{ id: imposed.noticeId, userId: imposed.userId }]);
      log.info({ ...imposed }, "member timed out by the room's escalation");
    } catch (error) {
      // The verdicts are stored; the next offence checks again.
      log.warn({ err: describeError(error), roomId: offence.roomId }, "escalation check failed");
    }
  }
}

async function timeOutIfDue(pool: pg.Pool, { roomId, roomSlug, authorId, policy }: Offence): Promise<Imposed | null> {
  return transaction(pool, async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`escalation:${roomId}:${authorId}`}))`);
    const [state] = await rows<{ member: boolean; muted: boolean; lastAutomatic: Date | null; repeats: number }>(
      tx,
      sql`SELECT
        -- Moderators are never timed out (nor bound by a sanction): only members escalate.
        EXISTS (SELECT 1 FROM "User" u WHERE u.id = ${authorId}::uuid AND u.role = 'MEMBER') AS member,
        EXISTS (SELECT 1 FROM "Sanction" s WHERE s."userId" = ${authorId}::uuid AND s."roomId" = ${roomId}::uuid
          AND s.kind IN ('TIMEOUT', 'BAN') AND ${inForceSql("s")}) AS muted,
        (SELECT max(s."startsAt") FROM "Sanction" s WHERE s."userId" = ${authorId}::uuid
          AND s."roomId" = ${roomId}::uuid AND s."actorId" IS NULL) AS "lastAutomatic",
        (SELECT count(*)::int FROM "Sanction" s WHERE s."userId" = ${authorId}::uuid AND s."roomId" = ${roomId}::uuid
          AND s."actorId" IS NULL AND s."startsAt" > now() - make_interval(hours => ${policy.repeatWindowHours}))
          AS repeats`,
    );
    if (!state?.member || state.muted) return null;
    const counted = await rows<{ id: string }>(
      tx,
      sql`SELECT id::text FROM "Message"
        WHERE "roomId" = ${roomId}::uuid AND "authorId" = ${authorId}::uuid
          AND "moderationStatus" IN ('FLAGGED', 'REJECTED')
          AND "createdAt" > greatest(now() - make_interval(mins => ${policy.windowMinutes}),
                                     coalesce(${state.lastAutomatic}::timestamptz, '-infinity'))
        ORDER BY "createdAt"`,
    );
    if (counted.length < policy.count) return null;

    const step = Math.min(state.repeats, policy.timeoutMinutes.length - 1);
    const minutes = policy.timeoutMinutes[step]!;
    const reason = `Automatic: ${counted.length} messages flagged or rejected within ${policy.windowMinutes} minutes.`;
    const [sanction] = await rows<{ id: string; endsAt: Date }>(
      tx,
      sql`INSERT INTO "Sanction" (id, kind, "userId", "roomId", "actorId", reason, rule, "messageIds", "startsAt", "endsAt")
        VALUES (gen_random_uuid(), 'TIMEOUT', ${authorId}::uuid, ${roomId}::uuid, NULL, ${reason},
          ${ruleInWords(policy, step)}, ${counted.map((message) => message.id)}::uuid[], now(),
          now() + make_interval(mins => ${minutes}))
        RETURNING id::text, "endsAt"`,
    );
    const [notice] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO "Notice" (id, "userId", kind, text, "roomId", "sanctionId")
        VALUES (gen_random_uuid(), ${authorId}::uuid, 'SANCTIONED',
          ${noticeText.sanctioned("TIMEOUT", roomSlug, sanction!.endsAt, reason)}, ${roomId}::uuid, ${sanction!.id}::uuid)
        RETURNING id::text`,
    );
    return { sanctionId: sanction!.id, noticeId: notice!.id, userId: authorId, roomId };
  });
}
