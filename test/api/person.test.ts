import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, MODERATE_MESSAGES } from "../helpers/operations.ts";
import { REPORT, refusal, sendText, signUpModerator, TIME_OUT } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";

// The person view: what moderation knows of one person, for moderators only. Written through
// replica A, read through replica B.

type Record_ = {
  user: { id: string; username: string };
  moderatedMessages: { id: string; moderationStatus: string; text: string | null }[];
  reportsAgainst: { messageId: string; category: string; reporter: { username: string } }[];
  reportsBy: { messageId: string; category: string; reason: string }[];
  reportWeight: number;
  sanctions: { id: string; kind: string; reason: string; actor: { username: string } | null }[];
  appeals: { id: string; status: string; text: string; message: { id: string } | null }[];
  notes: { text: string; author: { username: string } }[];
};
const PERSON = gql<{ person: Record_ | null }, { id: string }>(
  `query($id: ID!) { person(userId: $id) {
  user { id username }
  moderatedMessages { id moderationStatus text }
  reportsAgainst { messageId category reporter { username } }
  reportsBy { messageId category reason }
  reportWeight
  sanctions { id kind reason actor { username } }
  appeals { id status text message { id } }
  notes { text author { username } }
} }`,
);
const ADD_NOTE = gql<{ addModeratorNote: { id: string; text: string } }, { id: string; text: string }>(
  `mutation($id: ID!, $text: String!) { addModeratorNote(userId: $id, text: $text) { id text } }`,
);
const APPEAL = gql<{ appeal: { id: string } }, { id: string }>(
  `mutation($id: ID!) { appeal(input: { messageId: $id, text: "Please reconsider." }) { id } }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
let moderator: Awaited<ReturnType<typeof signUpModerator>>;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
  moderator = await signUpModerator(a, admin);
});
afterAll(() => stack.close());

describe("person(userId)", () => {
  it("gives moderators every section of a person's record", async () => {
    const person = await signUp(a.client);
    const neighbour = await signUp(a.client);
    const { id: roomId } = await createRoom(neighbour.client);
    await person.client.ok(JOIN_ROOM, { id: roomId });

    const rejected = await sendText(person.client, roomId, "something nasty");
    const flagged = await sendText(person.client, roomId, "something borderline");
    await sendText(person.client, roomId, "something fine");
    await moderator.client.ok(MODERATE_MESSAGES, {
      input: { action: "REJECT", messageIds: [rejected.id], reason: "nasty" },
    });
    // The automatic moderator's flag, as the worker stores it.
    await a.app.services.db.message.update({ where: { id: flagged.id }, data: { moderationStatus: "FLAGGED" } });
    await neighbour.client.ok(REPORT, { id: flagged.id, category: "HARASSMENT" });
    const theirs = await sendText(neighbour.client, roomId, "the neighbour's message");
    await person.client.ok(REPORT, { id: theirs.id, category: "SPAM", reason: "ads" });
    const { appeal } = await person.client.ok(APPEAL, { id: rejected.id });
    const { timeOutMember: timeout } = await moderator.client.ok(TIME_OUT, {
      input: { roomId, userId: person.user.id, minutes: 15, reason: "repeated rudeness" },
    });
    await moderator.client.ok(ADD_NOTE, { id: person.user.id, text: "Warned twice in #general." });

    const { person: record } = await b.client.as(moderator.token).ok(PERSON, { id: person.user.id });
    expect(record).toEqual({
      user: person.user,
      moderatedMessages: [
        { id: flagged.id, moderationStatus: "FLAGGED", text: "something borderline" },
        { id: rejected.id, moderationStatus: "REJECTED", text: "something nasty" },
      ],
      reportsAgainst: [
        { messageId: flagged.id, category: "HARASSMENT", reporter: { username: neighbour.user.username } },
      ],
      reportsBy: [{ messageId: theirs.id, category: "SPAM", reason: "ads" }],
      reportWeight: 1,
      sanctions: [
        { id: timeout.id, kind: "TIMEOUT", reason: "repeated rudeness", actor: { username: moderator.user.username } },
      ],
      appeals: [{ id: appeal.id, status: "OPEN", text: "Please reconsider.", message: { id: rejected.id } }],
      notes: [{ text: "Warned twice in #general.", author: { username: moderator.user.username } }],
    });
  });

  it("is refused to members, the person included; an unknown person is null", async () => {
    const person = await signUp(a.client);
    const other = await signUp(a.client);
    for (const client of [person.client, b.client.as(other.token)]) {
      const refused = refusal(await client.request(PERSON, { id: person.user.id }));
      expect(refused).toMatchObject({ code: "FORBIDDEN", message: "Moderators only." });
    }
    expect((await moderator.client.ok(PERSON, { id: crypto.randomUUID() })).person).toBeNull();
    expect((await moderator.client.ok(PERSON, { id: "not-an-id" })).person).toBeNull();
  });

  it("notes: moderators only, 1 to 2000 characters, about someone who exists", async () => {
    const person = await signUp(a.client);
    expect(refusal(await person.client.request(ADD_NOTE, { id: person.user.id, text: "I am nice" })).code).toBe(
      "FORBIDDEN",
    );
    for (const text of ["", "x".repeat(2001)])
      expect(refusal(await moderator.client.request(ADD_NOTE, { id: person.user.id, text })).code).toBe(
        "BAD_USER_INPUT",
      );
    expect(refusal(await moderator.client.request(ADD_NOTE, { id: crypto.randomUUID(), text: "who?" })).code).toBe(
      "NOT_FOUND",
    );
    const { person: record } = await b.client.as(moderator.token).ok(PERSON, { id: person.user.id });
    expect(record?.notes).toEqual([]);
  });
});
