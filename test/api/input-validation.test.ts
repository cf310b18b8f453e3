import { schema } from "@chatmod/api/schema/index";
import {
  type GraphQLInputType,
  GraphQLString,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { type Credentials, LOGIN, SEND_MESSAGE as SEND } from "../helpers/operations.ts";
import { createRoom, signUp, uniqueName } from "../helpers/stack.ts";

/**
 * Every argument is checked before it reaches a resolver: bad input answers
 * BAD_USER_INPUT with a message and the offending field, never the masked
 * "Unexpected error." of a query Postgres refused.
 */
const api = apiForFile();

let member: GraphQLClient;
let moderator: GraphQLClient;
let memberId: string;
let roomId: string;
let messageId: string;
let messagesCursor: string;
let roomsCursor: string;

type Policy = {
  reportThreshold: number;
  policy: { blockedTerms: string[]; thresholds: { flagSeverity: string | null; sentimentFlagScore: number | null } };
};
// The input is whatever a case sends: these tests send nulls and bad values on purpose.
const POLICY = gql<{ updateRoomPolicy: Policy }, { id: string; input: Record<string, unknown> }>(
  `mutation($id: ID!, $input: RoomPolicyInput!) {
  updateRoomPolicy(roomId: $id, input: $input) {
    reportThreshold policy { blockedTerms thresholds { flagSeverity sentimentFlagScore } } } }`,
);

beforeAll(async () => {
  const signedUp = await signUp(api.client);
  member = signedUp.client;
  memberId = signedUp.user.id;
  const promoted = await signUp(api.client);
  // Before its first request: the session is not cached yet.
  await api.app.services.db.user.update({ where: { id: promoted.user.id }, data: { role: "MODERATOR" } });
  moderator = promoted.client;
  roomId = (await createRoom(member)).id;
  for (const text of ["one", "two"])
    messageId = (await member.ok(SEND, { input: { roomId, text, clientId: crypto.randomUUID() } })).sendMessage.id;
  const page = await member.ok(
    gql<{ room: { messages: { pageInfo: { endCursor: string } } } }, { id: string }>(
      `query($id: ID) { room(id: $id) { messages(first: 1) { pageInfo { endCursor } } } }`,
    ),
    { id: roomId },
  );
  messagesCursor = page.room.messages.pageInfo.endCursor;
  const rooms = await member.ok(
    gql<{ rooms: { pageInfo: { endCursor: string } } }>(`{ rooms(first: 1) { pageInfo { endCursor } } }`),
  );
  roomsCursor = rooms.rooms.pageInfo.endCursor;
});

/** Each string argument of the schema, by `Type.field(path)`: the operation, who sends it, and where `bad` goes. */
type Case = { as: () => GraphQLClient; query: string; variables: (bad: string) => Record<string, unknown> };
const anyone = () => api.client;
const asMember = () => member;
const asModerator = () => moderator;
const credentials = (field: "username" | "password") => (bad: string) => ({
  input: { username: "someone", password: "long enough password", [field]: bad },
});
const newRoom = (field: "slug" | "name" | "description") => (bad: string) => ({
  input: { slug: "fine-slug", name: "Fine", [field]: bad },
});
const policy = (input: (bad: string) => Record<string, unknown>) => (bad: string) => ({
  id: roomId,
  input: input(bad),
});
const REGISTER = gql<{ register: { token: string } }, { input: Credentials }>(
  `mutation($input: CredentialsInput!) { register(input: $input) { token } }`,
);
const CREATE = gql<{ createRoom: { id: string } }, { input: { slug: string; name: string; description?: string } }>(
  `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
);
const MESSAGES = gql<
  { room: { messages: { edges: { node: { id: string } }[] } } },
  { id: string; after?: string; before?: string }
>(`query($id: ID, $after: String, $before: String) {
  room(id: $id) { messages(after: $after, before: $before) { edges { node { id } } } } }`);
const SEARCH = gql<
  { room: { search: { edges: { node: { rank: number } }[] } } },
  { id: string; query: string; after?: string; before?: string }
>(`query($id: ID, $query: String!, $after: String, $before: String) {
  room(id: $id) { search(query: $query, after: $after, before: $before) { edges { node { rank } } } } }`);
/** A page of `field`, a connection of the query root (rooms, users, ...). */
const paged = (field: string, args = "") =>
  gql<Record<string, { edges: { node: { id: string } }[] }>, { after?: string; before?: string }>(
    `query($after: String, $before: String) {
  ${field}(${args}after: $after, before: $before) { edges { node { id } } } }`,
  );

const cases: Record<string, Case> = {
  "Mutation.register(input.username)": { as: anyone, query: REGISTER, variables: credentials("username") },
  "Mutation.login(input.username)": { as: anyone, query: LOGIN, variables: credentials("username") },
  "Mutation.createRoom(input.slug)": { as: asMember, query: CREATE, variables: newRoom("slug") },
  "Mutation.createRoom(input.name)": { as: asMember, query: CREATE, variables: newRoom("name") },
  "Mutation.createRoom(input.description)": { as: asMember, query: CREATE, variables: newRoom("description") },
  "Mutation.sendMessage(input.text)": {
    as: asMember,
    query: SEND,
    variables: (bad) => ({ input: { roomId, text: bad, clientId: "fine" } }),
  },
  "Mutation.sendMessage(input.clientId)": {
    as: asMember,
    query: SEND,
    variables: (bad) => ({ input: { roomId, text: "fine", clientId: bad } }),
  },
  "Mutation.editMessage(text)": {
    as: asMember,
    query: `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { id } }`,
    variables: (bad) => ({ id: messageId, text: bad }),
  },
  "Mutation.addReaction(emoji)": {
    as: asMember,
    query: `mutation($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { id } }`,
    variables: (bad) => ({ id: messageId, emoji: bad }),
  },
  "Mutation.removeReaction(emoji)": {
    as: asMember,
    query: `mutation($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { id } }`,
    variables: (bad) => ({ id: messageId, emoji: bad }),
  },
  "Mutation.reportMessage(reason)": {
    as: asModerator,
    query: `mutation($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id } }`,
    variables: (bad) => ({ id: messageId, reason: bad }),
  },
  "Mutation.timeOutMember(input.reason)": {
    as: asModerator,
    query: `mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`,
    variables: (bad) => ({ input: { roomId, userId: memberId, minutes: 10, reason: bad } }),
  },
  "Mutation.banMember(input.reason)": {
    as: asModerator,
    query: `mutation($input: BanInput!) { banMember(input: $input) { id } }`,
    variables: (bad) => ({ input: { roomId, userId: memberId, reason: bad } }),
  },
  "Mutation.suspendAccount(input.reason)": {
    as: asModerator,
    query: `mutation($input: SuspendInput!) { suspendAccount(input: $input) { id } }`,
    variables: (bad) => ({ input: { userId: memberId, reason: bad } }),
  },
  "Mutation.liftSanction(reason)": {
    as: asModerator,
    query: `mutation($id: ID!, $reason: String) { liftSanction(sanctionId: $id, reason: $reason) { id } }`,
    variables: (bad) => ({ id: crypto.randomUUID(), reason: bad }),
  },
  "Mutation.appeal(input.text)": {
    as: asMember,
    query: `mutation($input: AppealInput!) { appeal(input: $input) { id } }`,
    variables: (bad) => ({ input: { messageId, text: bad } }),
  },
  "Mutation.decideAppeal(input.note)": {
    as: asModerator,
    query: `mutation($input: DecideAppealInput!) { decideAppeal(input: $input) { id } }`,
    variables: (bad) => ({ input: { appealId: crypto.randomUUID(), accept: true, note: bad } }),
  },
  "Mutation.addModeratorNote(text)": {
    as: asModerator,
    query: `mutation($id: ID!, $text: String!) { addModeratorNote(userId: $id, text: $text) { id } }`,
    variables: (bad) => ({ id: memberId, text: bad }),
  },
  "Mutation.moderateMessages(input.reason)": {
    as: asModerator,
    query: `mutation($input: ModerateMessagesInput!) { moderateMessages(input: $input) { id } }`,
    variables: (bad) => ({ input: { messageIds: [messageId], action: "REJECT", reason: bad } }),
  },
  "Mutation.updateRoomPolicy(input.blockedTerms)": {
    as: asMember,
    query: POLICY,
    variables: policy((bad) => ({ blockedTerms: ["fine", bad] })),
  },
  "Mutation.updateRoomPolicy(input.allowedTerms)": {
    as: asMember,
    query: POLICY,
    variables: policy((bad) => ({ allowedTerms: ["fine", bad] })),
  },
  "Mutation.updateRoomPolicy(input.thresholds.flagSeverity)": {
    as: asMember,
    query: POLICY,
    variables: policy((bad) => ({ thresholds: { flagSeverity: bad } })),
  },
  "Mutation.updateRoomPolicy(input.thresholds.rejectSeverity)": {
    as: asMember,
    query: POLICY,
    variables: policy((bad) => ({ thresholds: { rejectSeverity: bad } })),
  },
  "Query.room(slug)": {
    as: asMember,
    query: `query($slug: String) { room(slug: $slug) { id } }`,
    variables: (bad) => ({ slug: bad }),
  },
  "Query.users(search)": {
    as: asModerator,
    query: `query($search: String) { users(search: $search) { edges { node { id } } } }`,
    variables: (bad) => ({ search: bad }),
  },
  "Room.messages(after)": { as: asMember, query: MESSAGES, variables: (bad) => ({ id: roomId, after: bad }) },
  "Room.search(query)": { as: asMember, query: SEARCH, variables: (bad) => ({ id: roomId, query: bad }) },
  "Room.search(after)": { as: asMember, query: SEARCH, variables: (bad) => ({ id: roomId, query: "a", after: bad }) },
  "Room.search(before)": { as: asMember, query: SEARCH, variables: (bad) => ({ id: roomId, query: "a", before: bad }) },
  "Room.messages(before)": { as: asMember, query: MESSAGES, variables: (bad) => ({ id: roomId, before: bad }) },
  "Room.members(search)": {
    as: asMember,
    query: `query($id: ID, $search: String) { room(id: $id) { members(search: $search) { id } } }`,
    variables: (bad) => ({ id: roomId, search: bad }),
  },
  "Query.rooms(after)": { as: asMember, query: paged("rooms"), variables: (bad) => ({ after: bad }) },
  "Query.rooms(before)": { as: asMember, query: paged("rooms"), variables: (bad) => ({ before: bad }) },
  "Query.users(after)": { as: asModerator, query: paged("users"), variables: (bad) => ({ after: bad }) },
  "Query.users(before)": { as: asModerator, query: paged("users"), variables: (bad) => ({ before: bad }) },
  "Query.moderationQueue(after)": {
    as: asModerator,
    query: paged("moderationQueue", "status: PENDING, "),
    variables: (bad) => ({ after: bad }),
  },
  "Query.moderationQueue(before)": {
    as: asModerator,
    query: paged("moderationQueue", "status: PENDING, "),
    variables: (bad) => ({ before: bad }),
  },
  "Query.sanctions(after)": { as: asModerator, query: paged("sanctions"), variables: (bad) => ({ after: bad }) },
  "Query.sanctions(before)": { as: asModerator, query: paged("sanctions"), variables: (bad) => ({ before: bad }) },
  "Query.appeals(after)": { as: asModerator, query: paged("appeals"), variables: (bad) => ({ after: bad }) },
  "Query.appeals(before)": { as: asModerator, query: paged("appeals"), variables: (bad) => ({ before: bad }) },
  "Query.notices(after)": { as: asMember, query: paged("notices"), variables: (bad) => ({ after: bad }) },
  "Query.notices(before)": { as: asMember, query: paged("notices"), variables: (bad) => ({ before: bad }) },
  "Query.moderationDecisions(after)": {
    as: asModerator,
    query: paged("moderationDecisions"),
    variables: (bad) => ({ after: bad }),
  },
  "Query.moderationDecisions(before)": {
    as: asModerator,
    query: paged("moderationDecisions"),
    variables: (bad) => ({ before: bad }),
  },
};

/** Every string argument path of the schema, as the cases name them. */
function stringArguments(): string[] {
  const paths = (type: GraphQLInputType, path: string): string[] => {
    if (isNonNullType(type) || isListType(type)) return paths(type.ofType, path);
    if (type === GraphQLString) return [path];
    if (!isInputObjectType(type)) return [];
    return Object.values(type.getFields()).flatMap((field) => paths(field.type, `${path}.${field.name}`));
  };
  return Object.values(schema.getTypeMap()).flatMap((type) =>
    isObjectType(type) && !type.name.startsWith("__")
      ? Object.values(type.getFields()).flatMap((field) =>
          field.args.flatMap((arg) => paths(arg.type, arg.name).map((path) => `${type.name}.${field.name}(${path})`)),
        )
      : [],
  );
}

describe("control characters in string arguments", () => {
  it("has a case for every string argument of the schema", () => {
    const anyCharacter = ["Mutation.register(input.password)", "Mutation.login(input.password)"];
    expect([...Object.keys(cases), ...anyCharacter].sort()).toEqual(stringArguments().sort());
  });

  it("takes any character in a password (only hashed; accounts made before the rule must still sign in)", async () => {
    const input = { username: uniqueName(), password: "esc\u001b and nul\u0000 password" };
    expect((await anyone().ok(REGISTER, { input })).register.token).toBeTruthy();
    expect((await anyone().ok(LOGIN, { input })).login.token).toBeTruthy();
  });

  for (const [name, { as, query, variables }] of Object.entries(cases))
    it(`${name}: U+0000 and other control characters are BAD_USER_INPUT naming the field`, async () => {
      const path = /\((.*)\)$/.exec(name)?.[1] ?? "";
      for (const bad of ["nul\u0000inside", "bell\u0007"]) {
        const result = await as().request(query, variables(bad));
        expect(result.errors?.[0]?.message, `${name} ${JSON.stringify(bad)}`).toMatch(/control characters/);
        // A list item is named by its index: blockedTerms.1.
        expect(String(result.errors?.[0]?.extensions?.["field"])).toMatch(new RegExp(`^${path}(\\.1)?$`));
        expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
      }
    });

  it("lets tabs and line breaks through to the fields that take them", async () => {
    const room = await member.ok(CREATE, { input: { slug: "multi-line", name: "Lines", description: "one\ntwo" } });
    expect(room.createRoom.id).toBeTruthy();
    // Messages refuse tabs themselves, with their own message.
    const tab = await member.request(SEND, { input: { roomId, text: "a\tb", clientId: "tab" } });
    expect(tab.errors?.[0]?.message).toMatch(/other than newlines/);
  });

  it("treats an id with U+0000 as any malformed id: it names no row", async () => {
    const byId = await member.ok(
      gql<{ room: { id: string } | null }, { id: string }>(`query($id: ID) { room(id: $id) { id } }`),
      {
        id: "nul\u0000id",
      },
    );
    expect(byId.room).toBeNull();
    for (const [client, query] of [
      [member, `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`],
      [member, `mutation($id: ID!) { deleteMessage(messageId: $id) { id } }`],
      [moderator, `query($id: ID!) { roomStats(roomId: $id) { messagesTotal } }`],
    ] as const)
      expect(await client.errorCode(query, { id: "nul\u0000id" }), query).toBe("NOT_FOUND");
  });
});

describe("text that shows nothing", () => {
  const blanks = ["\u200b\u200b\u2800", "\u3164", "\u2060 \ufeff"];

  it("is refused as a message, a room name and a report reason, naming the field", async () => {
    for (const blank of blanks) {
      const sent = await member.request(SEND, { input: { roomId, text: blank, clientId: crypto.randomUUID() } });
      expect(sent.errors?.[0]).toMatchObject({
        message: "A message needs at least one visible character.",
        extensions: { code: "BAD_USER_INPUT", field: "text" },
      });
      const room = await member.request(CREATE, { input: { slug: "blank-name", name: blank } });
      expect(room.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    }
  });

  it("lets a message with visible characters among invisible ones through, as written", async () => {
    const text = "family: \u{1F468}\u200d\u{1F469}\u200d\u{1F467}";
    const sent = await member.ok(
      gql<{ sendMessage: { text: string } }, { input: { roomId: string; text: string; clientId: string } }>(
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { text } }`,
      ),
      { input: { roomId, text, clientId: crypto.randomUUID() } },
    );
    expect(sent.sendMessage.text).toBe(text);
  });
});

describe("a user search", () => {
  it("takes % and _ as themselves, not as wildcards", async () => {
    const search = (text: string) =>
      moderator.ok(
        gql<{ users: { edges: { node: { username: string } }[] } }, { search: string }>(
          `query($search: String) { users(search: $search, first: 100) { edges { node { username } } } }`,
        ),
        { search: text },
      );
    expect((await search("%")).users.edges).toEqual([]);
    const named = uniqueName("under_score");
    await signUp(api.client, named);
    expect((await search("under_score")).users.edges.map((edge) => edge.node.username)).toContain(named);
    expect((await search("under%score")).users.edges).toEqual([]);
  });
});

describe("connection cursors", () => {
  const encode = (text: string) => Buffer.from(text).toString("base64");
  const malformed = () => ({
    "not base64": "garbage",
    "not a cursor": encode("hello"),
    "not an id": encode("GPC:S:garbage"),
    "a bare number": encode("GPC:N:5"),
    "a sequence beyond Postgres' integers": encode(`GPC:T:${JSON.stringify([`S:${roomId}`, "N:1e12"])}`),
  });

  it("a malformed after or before is BAD_USER_INPUT naming the argument, on every connection", async () => {
    const connections = Object.entries(cases).filter(([name]) => /\((after|before)\)$/.test(name));
    expect(connections).toHaveLength(18);
    for (const [name, { as, query, variables }] of connections) {
      const argument = name.endsWith("(after)") ? "after" : "before";
      for (const [kind, cursor] of Object.entries(malformed())) {
        const result = await as().request(query, variables(cursor));
        const error = result.errors?.[0];
        expect(error?.extensions, `${name}: ${kind}`).toMatchObject({ code: "BAD_USER_INPUT", field: argument });
        expect(error?.message).toMatch(new RegExp(`^${argument} is not a cursor`));
      }
    }
  });

  it("a cursor of another list is refused, and the list's own cursor still pages", async () => {
    const rooms = await member.request(paged("rooms"), { after: messagesCursor });
    expect(rooms.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const messages = await member.request(MESSAGES, { id: roomId, after: roomsCursor });
    expect(messages.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const next = await member.ok(MESSAGES, { id: roomId, after: messagesCursor });
    expect(next.room.messages.edges).toHaveLength(1);
    await member.ok(paged("rooms"), { before: roomsCursor });
  });

  it("page arguments Pothos refuses are BAD_USER_INPUT too", async () => {
    for (const query of [
      `{ rooms(first: -1) { edges { node { id } } } }`,
      `query($before: String) { rooms(first: 1, before: $before) { edges { node { id } } } }`,
    ]) {
      const result = await member.request(query, { before: roomsCursor });
      expect(result.errors?.[0]?.extensions?.["code"], query).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/"(first|before)"/);
    }
  });
});

describe("room policy input", () => {
  const read = async () => (await member.ok(POLICY, { id: roomId, input: {} })).updateRoomPolicy;

  it("null sets a threshold back to the default (sentiment flagging off); left out keeps it", async () => {
    await member.ok(POLICY, { id: roomId, input: { thresholds: { flagSeverity: "mild", sentimentFlagScore: -20 } } });
    expect((await read()).policy.thresholds).toEqual({ flagSeverity: "mild", sentimentFlagScore: -20 });

    await member.ok(POLICY, { id: roomId, input: { thresholds: { sentimentFlagScore: null } } });
    expect((await read()).policy.thresholds).toEqual({ flagSeverity: "mild", sentimentFlagScore: null });
    await member.ok(POLICY, { id: roomId, input: { thresholds: { flagSeverity: null } } });
    expect((await read()).policy.thresholds).toEqual({ flagSeverity: null, sentimentFlagScore: null });
    // Unset in storage, so the worker applies its own default.
    const room = await api.app.services.db.room.findUniqueOrThrow({ where: { id: roomId } });
    expect((room.policy as { thresholds: object }).thresholds).toEqual({});
  });

  it("refuses null for the fields that never read as null", async () => {
    await member.ok(POLICY, { id: roomId, input: { reportThreshold: 5, blockedTerms: ["durian"] } });
    for (const field of ["moderationMode", "reportThreshold", "thresholds", "blockedTerms", "allowedTerms"]) {
      const result = await member.request(POLICY, { id: roomId, input: { [field]: null } });
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(result.errors?.[0]?.message).toMatch(/cannot be null/);
    }
    expect(await read()).toMatchObject({ reportThreshold: 5, policy: { blockedTerms: ["durian"] } });
  });
});
