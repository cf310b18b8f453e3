import type { Appeal, Database, Message, ModerationDecision, Sanction } from "@chatmod/core/db";
import {
  type AuthorJson,
  authorFromJson,
  authorJson,
  type MessageWithAuthor,
  type PublicUser,
} from "@chatmod/core/message-json";
import type { ModerationEventFact } from "@chatmod/core/topics";
import * as valid from "../validation.ts";

/** A decision as moderators see it live: the audit row and the person who made it. */
export type DecisionWithModerator = ModerationDecision & { moderator: PublicUser | null };

export type ModerationEventRecord = {
  kind: ModerationEventFact["kind"];
  at: Date;
  /** The message, for a fact about one (not for a sanction, nor an appeal of a sanction). */
  message: MessageWithAuthor | null;
  /** Set for DECISION only. */
  decision: DecisionWithModerator | null;
  /** Set for SANCTIONED and SANCTION_LIFTED, and for an appeal of a sanction. */
  sanction: Sanction | null;
  /** Set for APPEALED and APPEAL_DECIDED. */
  appeal: Appeal | null;
};

/** An audit row as Postgres' row_to_json writes it: the timestamp is text. */
type DecisionJson = Omit<ModerationDecision, "createdAt"> & { createdAt: string };

type Row = Message & { author: AuthorJson; decision: DecisionJson | null; moderator: AuthorJson | null };

/**
 * A moderation fact's rows: the message as it is now with its author and, for a
 * decision, its audit row and moderator. One statement per fact (Prisma's
 * relation reads would make four); null when the message is gone.
 */
export async function loadModerationEvent(
  db: Database,
  fact: ModerationEventFact,
): Promise<ModerationEventRecord | null> {
  if ("sanctionId" in fact || "appealId" in fact) return loadPersonEvent(db, fact);
  const messageId = valid.uuidOrNull(fact.messageId);
  if (!messageId) return null;
  // A fact from a replica that does not send the audit row's id yet (undefined) loads no decision.
  const decisionId = fact.kind === "DECISION" ? valid.uuidOrNull(fact.decisionId) : null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT m.*, ${authorJson("a")} AS author, row_to_json(d) AS decision,
      CASE WHEN u.id IS NULL THEN NULL ELSE ${authorJson("u")} END AS moderator
    FROM "Message" m
    JOIN "User" a ON a.id = m."authorId"
    LEFT JOIN "ModerationDecision" d ON d.id = ${decisionId}::uuid AND d."messageId" = m.id
    LEFT JOIN "User" u ON u.id = d."moderatorId"
    WHERE m.id = ${messageId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const { author, decision, moderator, ...message } = row;
  return {
    kind: fact.kind,
    at: new Date(fact.at),
    message: { ...message, author: authorFromJson(author) },
    decision: decision
      ? {
          ...decision,
          createdAt: new Date(decision.createdAt),
          moderator: moderator ? authorFromJson(moderator) : null,
        }
      : null,
    sanction: null,
    appeal: null,
  };
}

type PersonFact = Extract<ModerationEventFact, { sanctionId: string } | { appealId: string }>;

/** A fact about a person: the sanction, or the appeal with what it appeals (a message or a sanction). */
async function loadPersonEvent(db: Database, fact: PersonFact): Promise<ModerationEventRecord | null> {
  const at = new Date(fact.at);
  if ("sanctionId" in fact) {
    const sanctionId = valid.uuidOrNull(fact.sanctionId);
    const sanction = sanctionId ? await db.sanction.findUnique({ where: { id: sanctionId } }) : null;
    return sanction && { kind: fact.kind, at, message: null, decision: null, sanction, appeal: null };
  }
  const appealId = valid.uuidOrNull(fact.appealId);
  const appeal = appealId
    ? await db.appeal.findUnique({
        where: { id: appealId },
        include: {
          sanction: true,
          message: { include: { author: { omit: { passwordHash: true, usernameKey: true } } } },
        },
      })
    : null;
  if (!appeal) return null;
  const { sanction, message, ...row } = appeal;
  return { kind: fact.kind, at, message, decision: null, sanction, appeal: row };
}
