// Every writer of a room's event log racing on one room: sends through two API replicas, edits,
// deletes, reports, moderators' decisions and the worker's verdict batches. Whoever commits first,
// the log must stay gapless, in commit order, with exactly one event per change.
import type { Database, RoomEventKind } from "@chatmod/core/db";
import { assess } from "@chatmod/worker/moderation/assess";
import { defaultPolicy } from "@chatmod/worker/moderation/policy";
import { createBatchPool } from "@chatmod/worker/postgres";
import { storeVerdicts, type VerdictOutcome } from "@chatmod/worker/verdicts";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphQLClient, gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM, MAKE_MODERATOR, REPORT_MESSAGE, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, TestStack } from "../helpers/stack.ts";

const EDIT = gql<{ editMessage: { id: string } }, { id: string }>(
  `mutation($id: ID!) { editMessage(messageId: $id, text: "edited while others write") { id } }`,
);
const REJECT = gql<{ moderateMessages: { id: string }[] }, { id: string }>(
  `mutation($id: ID!) { moderateMessages(input: { messageIds: [$id], action: REJECT, reason: "no" }) { id } }`,
);
const ONE_REPORT_HOLDS = gql<{ updateRoomPolicy: { id: string } }, { id: string }>(
  `mutation($id: ID!) { updateRoomPolicy(roomId: $id, input: { reportThreshold: 1 }) { id } }`,
);
const CLEAN = assess("have a lovely day", defaultPolicy);

type Writer = "send" | "edit" | "delete" | "report" | "decide" | "verdict";
/** One user, signed in on both replicas. */
type Person = { id: string; a: GraphQLClient; b: GraphQLClient };
/** The four messages alice and the four bob sent in one phase: the next phase's targets. */
type Four = [string, string, string, string];
type Sent = { alice: Four; bob: Four };
type Expected = { kind: RoomEventKind; seq?: number };

/** What the phases' outcomes say the log must hold. */
class ExpectedLog {
  /** Per phase, its events as "KIND messageId": phases ran one after another, so they own consecutive seqs. */
  readonly phases: string[][] = [];
  /** Per message, its events in commit order (where two are unordered, they are of the same kind). */
  readonly messages = new Map<string, Expected[]>();
  /** Seqs the writers answered with. */
  readonly seqs = new Map<number, string>();
  /** `placed`: false when the event's place among its message's events of the same kind is not known. */
  add(messageId: string, kind: RoomEventKind, seq?: number, placed = true): void {
    this.phases.at(-1)!.push(`${kind} ${messageId}`);
    this.messages.set(messageId, [...(this.messages.get(messageId) ?? []), placed ? { kind, seq } : { kind }]);
    if (seq !== undefined) this.seqs.set(seq, `${kind} ${messageId}`);
  }
}

let stack: TestStack;
let db: Database;
let pool: pg.Pool;
let alice: Person, bob: Person, carol: Person, dave: Person, moderator: Person;

beforeAll(async () => {
  stack = await TestStack.create();
  const first = await stack.startApiWithAdmin();
  const second = await stack.startApi();
  db = first.app.services.db;
  const person = async (): Promise<Person> => {
    const { user, token } = await signUp(first.client);
    return { id: user.id, a: first.client.as(token), b: new GraphQLClient(second.url, token) };
  };
  [alice, bob, carol, dave, moderator] = await Promise.all([person(), person(), person(), person(), person()]);
  await first.admin.ok(MAKE_MODERATOR, { id: moderator.id });
  // The worker's own pool: two connections, so both batches of a phase are in flight at once.
  pool = createBatchPool(stack.databaseUrl, 2);
});
afterAll(async () => {
  await pool?.end();
  await stack?.close();
});

/** A room where alice and bob write and carol and dave report; one report holds a message. */
async function newRoom(): Promise<string> {
  const { id } = await createRoom(alice.a);
  for (const member of [bob, carol, dave]) await member.b.ok(JOIN_ROOM, { id });
  await alice.a.ok(ONE_REPORT_HOLDS, { id });
  return id;
}

/** Four messages each from alice and bob, alternating replicas, all at once. */
async function sendAll(roomId: string): Promise<{ id: string; seq: number }[][]> {
  const send = (client: GraphQLClient, index: number) =>
    client
      .ok(SEND_MESSAGE, {
        input: { roomId, text: `hello ${index}`, clientId: crypto.randomUUID() },
      })
      .then((data) => data.sendMessage);
  const indexes = [0, 1, 2, 3];
  return Promise.all([
    Promise.all(indexes.map((index) => send(index % 2 ? alice.b : alice.a, index))),
    Promise.all(indexes.map((index) => send(index % 2 ? bob.a : bob.b, index))),
  ]);
}

/** An author's edit that may race a rejection: true if stored, false if the rejection committed first. */
async function edit(client: GraphQLClient, id: string): Promise<boolean> {
  const result = await client.request(EDIT, { id });
  if (result.errors?.length) expect(result.errors[0]?.extensions?.["code"]).toBe("FORBIDDEN");
  return !result.errors?.length;
}

/** Clean verdicts on the versions owed before the phase started, as the worker's jobs would carry them. */
function verdicts(ids: string[], owed: ReadonlyMap<string, Date>): Promise<VerdictOutcome[]> {
  const claim = (messageId: string) => ({ messageId, owedAt: owed.get(messageId)!, deletedWhenLoaded: false });
  return storeVerdicts(
    pool,
    ids.map((messageId) => ({ ...claim(messageId), verdict: CLEAN })),
  );
}

/**
 * One phase: the given writers at once, on the previous phase's messages. Two writers of each
 * kind, some on the same message, where whichever commits first decides what the other does.
 */
async function phase(roomId: string, writers: ReadonlySet<Writer>, targets: Sent | null, log: ExpectedLog) {
  const on = (writer: Writer) => writers.has(writer) && targets !== null;
  const [a0, a1, a2, a3] = targets?.alice ?? ["", "", "", ""];
  const [b0, b1, b2, b3] = targets?.bob ?? ["", "", "", ""];
  const owedRows = on("verdict") ? await db.moderationOutbox.findMany({ where: { message: { roomId } } }) : [];
  const owed = new Map(owedRows.map((row) => [row.messageId, row.createdAt]));
  const none = Promise.resolve(null);
  const [sent, edited, deleted, reported, decided, batches] = await Promise.all([
    writers.has("send") ? sendAll(roomId) : none,
    on("edit") ? Promise.all([alice.a.ok(EDIT, { id: a0 }).then(() => true), edit(bob.b, b0)]) : none,
    on("delete") ? Promise.all([alice.b.ok(DELETE_MESSAGE, { id: a1 }), bob.a.ok(DELETE_MESSAGE, { id: b1 })]) : none,
    on("report") ? Promise.all([carol.a.ok(REPORT_MESSAGE, { id: b2 }), dave.b.ok(REPORT_MESSAGE, { id: a2 })]) : none,
    on("decide") ? Promise.all([moderator.a.ok(REJECT, { id: b0 }), moderator.b.ok(REJECT, { id: a3 })]) : none,
    // Both batches claim b3: exactly one may store it.
    on("verdict") ? Promise.all([verdicts([a0, a3, b3], owed), verdicts([a2, b3], owed)]) : none,
  ]);
  log.phases.push([]);
  for (const message of sent?.flat() ?? []) log.add(message.id, "MESSAGE_ADDED", message.seq);
  const stored = new Map<string, number>();
  for (const outcome of batches?.flat() ?? []) {
    if (!outcome.applied) continue;
    expect(stored.has(outcome.messageId), `a second verdict on ${outcome.messageId}`).toBe(false);
    stored.set(outcome.messageId, outcome.seq);
  }
  // A verdict is lost only to an edit (a0) or a rejection (a3) racing it, and b3's to the other batch.
  const sure = batches ? [a2, b3, ...(edited ? [] : [a0]), ...(decided ? [] : [a3])] : [];
  for (const id of sure) expect(stored.has(id), `the verdict on ${id}`).toBe(true);
  // A verdict stored on a0 claimed the version before the edit, so it committed first.
  if (stored.has(a0)) log.add(a0, "MESSAGE_MODERATED", stored.get(a0));
  if (edited?.[0]) log.add(a0, "MESSAGE_EDITED");
  // The edit of b0 is refused once the rejection commits, so a stored edit came first.
  if (edited?.[1]) log.add(b0, "MESSAGE_EDITED");
  if (decided) log.add(b0, "MESSAGE_MODERATED");
  if (deleted) for (const id of [a1, b1]) log.add(id, "MESSAGE_DELETED");
  if (reported) for (const id of [b2, a2]) log.add(id, "MESSAGE_MODERATED");
  // A report and a verdict on a2 commit in either order: the verdict's seq is checked, not its place.
  if (stored.has(a2)) log.add(a2, "MESSAGE_MODERATED", stored.get(a2), !reported);
  // A verdict stored on a3 found it still pending, so it committed before the rejection.
  if (stored.has(a3)) log.add(a3, "MESSAGE_MODERATED", stored.get(a3));
  if (decided) log.add(a3, "MESSAGE_MODERATED");
  if (stored.has(b3)) log.add(b3, "MESSAGE_MODERATED", stored.get(b3));
  return sent ? { alice: sent[0]!.map((m) => m.id) as Four, bob: sent[1]!.map((m) => m.id) as Four } : null;
}

/** Rounds of racing writers in a new room, then the room's log against what they answered. */
async function race(writers: Writer[], rounds: number): Promise<void> {
  const roomId = await newRoom();
  const log = new ExpectedLog();
  const racing = new Set(writers);
  let targets: Sent | null = null;
  for (let round = 0; round < rounds; round++) {
    // Other writers race on messages sent before them; when sends are not among them, in a phase of their own.
    if (!racing.has("send")) targets = await phase(roomId, new Set(["send"]), null, log);
    targets = (await phase(roomId, racing, targets, log)) ?? targets;
  }

  const events = await db.roomEvent.findMany({ where: { roomId }, orderBy: { seq: "asc" } });
  const { lastSeq } = await db.room.findUniqueOrThrow({ where: { id: roomId } });
  const messages = await db.message.findMany({ where: { roomId }, select: { id: true, seq: true } });
  const gapless = Array.from({ length: lastSeq }, (_, index) => index + 1);
  expect(
    events.map((event) => event.seq),
    "seqs are 1..lastSeq, no hole, no repeat",
  ).toEqual(gapless);
  const keys = events.map((event) => `${event.kind} ${event.messageId}`);
  // Every event's message is in this room, and its first event is its MESSAGE_ADDED, at its own seq.
  const seqOf = new Map(messages.map((message) => [message.id, message.seq]));
  for (const event of events) expect(seqOf.has(event.messageId), `event ${event.seq}`).toBe(true);
  for (const [id, seq] of seqOf) {
    expect(keys[seq - 1], `message ${seq}`).toBe(`MESSAGE_ADDED ${id}`);
    expect(events.find((event) => event.messageId === id)?.seq).toBe(seq);
  }
  // Each phase's events, nothing more and nothing less, after the phase before.
  let start = 0;
  for (const [index, expected] of log.phases.entries()) {
    const found = keys.slice(start, start + expected.length);
    expect(found.sort(), `phase ${index}`).toEqual([...expected].sort());
    start += expected.length;
  }
  expect(start).toBe(events.length);
  for (const [seq, key] of log.seqs) expect(keys[seq - 1], `seq ${seq}`).toBe(key);
  // Each message's events in the order their writes committed.
  for (const [id, expected] of log.messages) {
    const mine = events.filter((event) => event.messageId === id);
    expect(mine.map((event) => event.kind)).toEqual(expected.map((event) => event.kind));
    for (const [index, { seq }] of expected.entries()) if (seq !== undefined) expect(mine[index]?.seq).toBe(seq);
  }
}

describe("writers racing on one room's event log", () => {
  it.each<Writer>(["send", "edit", "delete", "report", "decide", "verdict"])(
    "two %s writers at once, several rounds: gapless, ordered, one event per change",
    (writer) => race([writer], 3),
  );

  it("every kind of writer at once, several rounds: no deadlock, no hole, no repeat", () =>
    race(["send", "edit", "delete", "report", "decide", "verdict"], 5));
});
