// The migration 20261206070000_plain_moderation_reasons rewords the verdicts stored before it (the
// rules' internal wording, rules 1.3.0) into plain reasons and evidence, and the automatic
// moderator's audit rows with them. Here verdicts of the old shape are stored after the stack
// migrated, the migration's SQL runs again (it only touches rows it has not reworded), and the
// result is read from Postgres and through the API.

import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import { connectSql, memberInRoom, send } from "./worker-support.ts";

const MIGRATION = new URL(
  "../../core/prisma/migrations/20261206070000_plain_moderation_reasons/migration.sql",
  import.meta.url,
);

const { api, sql } = workerStackForFile();

type Term = { term: string; category: string; severity: string; excerpt: string };
const term = (word: string, category: string, severity: string): Term => ({
  term: word,
  category,
  severity,
  excerpt: word,
});
/** A verdict as rules 1.3.0 stored it: internal reasons, no evidence. */
const oldVerdict = (status: string, reasons: string[], matchedTerms: Term[], score = 0) => ({
  status,
  reasons,
  matchedTerms,
  sentiment: { score, comparative: score / 4, negativeWords: [] },
  severity: matchedTerms.at(-1)?.severity ?? (status === "APPROVED" ? "none" : "mild"),
  rulesVersion: "1.3.0",
});

const idiot = term("idiot", "insult", "mild");
const damn = term("damn", "profanity", "mild");
const counted = {
  idiot: `insult "idiot" (mild) matched "idiot" in a hostile message (sentiment comparative without it -1 <= -0.5)`,
  damn: `profanity "damn" (mild) matched "damn" in a hostile message (sentiment comparative without it -1 <= -0.5)`,
};
const notCounted = {
  damn: `profanity "damn" (mild) matched "damn", not counted: below moderate and sentiment comparative without it 0 > -0.5`,
};

/** Each old verdict, and what the migration makes of it. */
const cases = {
  flagged: {
    text: "damn, you idiot",
    status: "FLAGGED",
    verdict: oldVerdict("FLAGGED", [counted.idiot, notCounted.damn], [idiot, damn], -4),
    reasons: ["an insult aimed at someone"],
    evidence: ['"idiot": insult, mild', '"damn": profanity, mild, not counted (not hostile)'],
    audit: "Automatic moderator flagged for review: an insult aimed at someone.",
  },
  // Both counted: the worker names the precise concern only, not the toxicity behind it too.
  flaggedBoth: {
    text: "you damn idiot",
    status: "FLAGGED",
    verdict: oldVerdict("FLAGGED", [counted.damn, counted.idiot], [damn, idiot], -5),
    reasons: ["an insult aimed at someone"],
    evidence: ['"damn": profanity, mild', '"idiot": insult, mild'],
  },
  profanityOnly: {
    text: "this is damn annoying, damn it",
    status: "FLAGGED",
    verdict: oldVerdict("FLAGGED", [counted.damn], [damn], -4),
    reasons: ["hostile or abusive language"],
    evidence: ['"damn": profanity, mild'],
  },
  selfHarmAndSlur: {
    text: "kill yourself, you slur",
    status: "REJECTED",
    verdict: oldVerdict(
      "REJECTED",
      [`threat "kill yourself" (severe) matched "kill yourself"`, `slur "slur" (severe) matched "slur"`],
      [term("kill yourself", "threat", "severe"), term("slur", "slur", "severe")],
      -3,
    ),
    reasons: ["an attack on people for who they are", "encouraging someone to harm themselves"],
    evidence: ['"kill yourself": threat, severe', '"slur": slur, severe'],
    audit:
      "Automatic moderator rejected: an attack on people for who they are; encouraging someone to harm themselves.",
  },
  threat: {
    text: "I will kill you",
    status: "REJECTED",
    verdict: oldVerdict(
      "REJECTED",
      [`threat "kill you" (severe) matched "kill you"`],
      [term("kill you", "threat", "severe")],
      -3,
    ),
    reasons: ["a threat of violence"],
    evidence: ['"kill you": threat, severe'],
  },
  blocked: {
    text: "pineapple pizza tonight?",
    status: "FLAGGED",
    verdict: oldVerdict(
      "FLAGGED",
      [`blocked "pineapple pizza" (moderate) matched "pineapple pizza"`],
      [term("pineapple pizza", "blocked", "moderate")],
    ),
    reasons: ["a word this room does not allow"],
    evidence: ['"pineapple pizza": blocked, moderate'],
  },
  approvedWithTerm: {
    text: "damn, what a lovely day",
    status: "APPROVED",
    verdict: oldVerdict("APPROVED", [notCounted.damn], [damn], 1),
    reasons: [],
    evidence: ['"damn": profanity, mild, not counted (not hostile)'],
  },
  approved: {
    text: "good morning everyone",
    status: "APPROVED",
    verdict: oldVerdict("APPROVED", [], [], 2),
    reasons: [],
    evidence: [],
  },
  atTheAddressee: {
    text: "you are worthless and pathetic",
    status: "FLAGGED",
    verdict: oldVerdict(
      "FLAGGED",
      [
        "hostile words said of the person addressed (sentiment comparative -1.2 <= -0.5; negative words: worthless, pathetic)",
      ],
      [],
      -6,
    ),
    reasons: ["an insult aimed at someone"],
    evidence: [],
    audit: "Automatic moderator flagged for review: an insult aimed at someone.",
  },
  sentimentScore: {
    text: "awful, horrible, terrible, miserable day",
    status: "FLAGGED",
    verdict: oldVerdict(
      "FLAGGED",
      ["sentiment score -12 <= -10 (negative words: awful, horrible, terrible, miserable)"],
      [],
      -12,
    ),
    reasons: ["hostile or abusive language"],
    evidence: [],
  },
} as const;
type Name = keyof typeof cases;

const ids = {} as Record<Name | "held", string>;
let roomId: string;
let people: Record<"author" | "member" | "moderator", Awaited<ReturnType<typeof signUp>>>;
/** Rows the migration must leave alone: a verdict already reworded, and audit rows not of the old kind. */
const untouched = {} as Record<"verdict" | "moderatorDecision" | "newDecision", string>;
const NEW_VERDICT = {
  status: "FLAGGED",
  reasons: ["harassment of another person"],
  evidence: ["classifier: harassment 0.91 (flags at 0.6)"],
  matchedTerms: [],
  rulesVersion: "1.5.0",
};

/** Runs the migration's SQL on a connection of its own (its function lives in that session's pg_temp). */
async function runMigration(): Promise<void> {
  const script = await readFile(MIGRATION, "utf8");
  const client = await connectSql(api.stack.databaseUrl);
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
}

async function insertDecision(
  messageId: string,
  toStatus: string,
  reason: string,
  details: object | null,
  moderatorId: string | null = null,
) {
  const result = await sql.query(
    `INSERT INTO "ModerationDecision" (id, "messageId", "moderatorId", "fromStatus", "toStatus", reason, details)
     VALUES (gen_random_uuid(), $1, $2, 'PENDING', $3, $4, $5) RETURNING id`,
    [messageId, moderatorId, toStatus, reason, details === null ? null : JSON.stringify(details)],
  );
  return result.rows[0].id as string;
}

async function verdictOf(messageId: string): Promise<Record<string, unknown>> {
  const result = await sql.query(`SELECT moderation FROM "Message" WHERE id = $1`, [messageId]);
  return result.rows[0].moderation;
}

async function decisionsOf(messageId: string): Promise<{ id: string; reason: string; details: unknown }[]> {
  const result = await sql.query(
    `SELECT id, reason, details FROM "ModerationDecision" WHERE "messageId" = $1 ORDER BY "createdAt", id`,
    [messageId],
  );
  return result.rows;
}

/** Every verdict and audit row in the database. */
async function everything() {
  const messages = await sql.query(`SELECT id, "moderationStatus", moderation FROM "Message" ORDER BY id`);
  const decisions = await sql.query(`SELECT id, "toStatus", reason, details FROM "ModerationDecision" ORDER BY id`);
  return { messages: messages.rows, decisions: decisions.rows };
}

beforeAll(async () => {
  const { alice, room } = await memberInRoom(api);
  roomId = room.id;
  const member = await signUp(api.client);
  await member.client.ok(JOIN_ROOM, { id: roomId });
  const moderator = await signUp(api.client);
  await api.app.services.db.user.update({ where: { id: moderator.user.id }, data: { role: "MODERATOR" } });
  people = { author: alice, member, moderator };

  // No worker runs in this file: each message stays PENDING until its old verdict is stored here.
  for (const [name, { text, status, verdict }] of Object.entries(cases) as [Name, (typeof cases)[Name]][]) {
    const { id } = await send(alice.client, roomId, text);
    ids[name] = id;
    await sql.query(
      `UPDATE "Message" SET "moderationStatus" = $2, moderation = $3, "moderatedAt" = now() WHERE id = $1`,
      [id, status, JSON.stringify(verdict)],
    );
    await insertDecision(
      id,
      status,
      `automatic ${status} (rules 1.3.0): ${verdict.reasons.join("; ") || "nothing matched"}`,
      verdict,
    );
  }

  // In pre-moderation, an approved message stayed PENDING, held for a moderator.
  const held = await send(alice.client, roomId, "see you all at noon");
  const heldVerdict = oldVerdict("APPROVED", [], []);
  await sql.query(`UPDATE "Message" SET moderation = $2, "moderatedAt" = now(), "preModerated" = true WHERE id = $1`, [
    held.id,
    JSON.stringify(heldVerdict),
  ]);
  await insertDecision(
    held.id,
    "PENDING",
    "automatic APPROVED (rules 1.3.0): nothing matched (pre-moderation: held for a moderator)",
    heldVerdict,
  );
  ids.held = held.id;

  const reworded = await send(alice.client, roomId, "nobody wants you here");
  untouched.verdict = reworded.id;
  await sql.query(
    `UPDATE "Message" SET "moderationStatus" = 'FLAGGED', moderation = $2, "moderatedAt" = now() WHERE id = $1`,
    [reworded.id, JSON.stringify(NEW_VERDICT)],
  );
  untouched.newDecision = await insertDecision(
    reworded.id,
    "FLAGGED",
    "Automatic moderator flagged for review: harassment of another person.",
    NEW_VERDICT,
  );
  // A moderator's own decision, whatever its words, is theirs.
  untouched.moderatorDecision = await insertDecision(
    ids.flagged,
    "FLAGGED",
    "automatic FLAGGED (rules 1.3.0): agreed, an insult",
    null,
    moderator.user.id,
  );

  await runMigration();
});

describe("verdicts stored before plain reasons, reworded by the migration", () => {
  it("give plain reasons and keep the terms found as evidence", async () => {
    for (const [name, { verdict, reasons, evidence }] of Object.entries(cases)) {
      const stored = await verdictOf(ids[name as Name]);
      expect(stored, name).toEqual({ ...verdict, reasons, evidence });
      for (const reason of stored["reasons"] as string[]) {
        expect(reason, name).not.toMatch(/sentiment|matched|<=|\d/);
        expect(reason, name).toMatch(/^[a-z ]+$/);
      }
    }
  });

  it("reword the automatic moderator's audit rows, and only those", async () => {
    for (const [name, { status, verdict, reasons }] of Object.entries(cases)) {
      const [automatic] = await decisionsOf(ids[name as Name]);
      const words = { APPROVED: "approved", FLAGGED: "flagged for review", REJECTED: "rejected" }[status];
      const why = reasons.length > 0 ? `: ${reasons.join("; ")}` : "";
      expect(automatic, name).toEqual({
        id: expect.any(String),
        reason: `Automatic moderator ${words}${why}.`,
        details: verdict,
      });
      if ("audit" in cases[name as Name])
        expect(automatic?.reason).toBe((cases[name as Name] as { audit: string }).audit);
    }
    expect((await decisionsOf(ids.held))[0]?.reason).toBe(
      "Automatic moderator approved. Held for a moderator (pre-moderation).",
    );

    expect(await verdictOf(untouched.verdict)).toEqual(NEW_VERDICT);
    const decisions = [...(await decisionsOf(ids.flagged)), ...(await decisionsOf(untouched.verdict))];
    expect(decisions.find((row) => row.id === untouched.moderatorDecision)?.reason).toBe(
      "automatic FLAGGED (rules 1.3.0): agreed, an insult",
    );
    expect(decisions.find((row) => row.id === untouched.newDecision)?.reason).toBe(
      "Automatic moderator flagged for review: harassment of another person.",
    );
  });

  it("read through the API as the worker's verdicts do", async () => {
    type Shown = {
      id: string;
      visibility: string;
      moderationReason: string | null;
      moderationDetails: { reasons: string[]; evidence: string[] } | null;
    };
    const MESSAGES = gql<{ room: { messagesAfter: Shown[] } }, { id: string }>(
      `query($id: ID) { room(id: $id) {
        messagesAfter(seq: 0) { id visibility moderationReason moderationDetails { reasons evidence } } } }`,
    );
    const asSeenBy = async (viewer: keyof typeof people) => {
      const data = await people[viewer].client.ok(MESSAGES, { id: roomId });
      return (name: Name) => data.room.messagesAfter.find((message) => message.id === ids[name]);
    };
    const member = await asSeenBy("member");
    const author = await asSeenBy("author");
    const moderator = await asSeenBy("moderator");

    expect(member("flagged")).toEqual({
      id: ids.flagged,
      visibility: "MASKED",
      moderationReason: "Hidden: an insult aimed at someone.",
      moderationDetails: null,
    });
    expect(member("atTheAddressee")?.moderationReason).toBe("Hidden: an insult aimed at someone.");
    expect(member("selfHarmAndSlur")).toBeUndefined();
    expect(member("approvedWithTerm")).toMatchObject({ visibility: "VISIBLE", moderationReason: null });

    expect(author("flagged")).toEqual({
      id: ids.flagged,
      visibility: "VISIBLE",
      moderationReason: "Flagged for review: an insult aimed at someone.",
      // The evidence is for moderators.
      moderationDetails: { reasons: ["an insult aimed at someone"], evidence: [] },
    });
    expect(author("selfHarmAndSlur")?.moderationReason).toBe(
      "Hidden: an attack on people for who they are and encouraging someone to harm themselves.",
    );
    expect(author("threat")?.moderationReason).toBe("Hidden: a threat of violence.");
    expect(author("approvedWithTerm")?.moderationReason).toBeNull();

    expect(moderator("flagged")?.moderationDetails).toEqual({
      reasons: ["an insult aimed at someone"],
      evidence: cases.flagged.evidence,
    });
    expect(moderator("profanityOnly")?.moderationReason).toBe("Flagged for review: hostile or abusive language.");
  });

  it("change nothing when the migration runs again", async () => {
    const before = await everything();
    await runMigration();
    expect(await everything()).toEqual(before);
  });
});
