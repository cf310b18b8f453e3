// Subscriptions share one execution among viewers of a visibility class: a field that answers
// differently for two of them must be marked perViewer, or one viewer's answer reaches the other.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Viewer } from "@chatmod/api/auth/sessions";
import { createAuthorLoader } from "@chatmod/api/chat/authors";
import { createReadStateLoader } from "@chatmod/api/chat/unread";
import type { Context } from "@chatmod/api/context";
import { loadModerationEvent } from "@chatmod/api/live/moderation-events";
import { loadRoomEvents } from "@chatmod/api/live/room-events";
import { viewerClass } from "@chatmod/api/moderation/visibility";
import { schema } from "@chatmod/api/schema/index";
import {
  defaultFieldResolver,
  execute,
  type GraphQLField,
  type GraphQLObjectType,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, MODERATE_MESSAGES, REPORT_MESSAGE, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp } from "../helpers/stack.ts";

const api = apiForFile();

/**
 * Fields that read the viewer only to apply the visibility rules: what they answer depends on
 * viewerClass alone, so viewers of one class may share it. Any other field that reads the viewer
 * must be marked perViewer.
 */
const CLASS_ONLY = [
  "ModerationDetails.categoryScores",
  "ModerationDetails.evidence",
  "Message.author",
  "Message.clientId",
  "Message.moderationDetails",
  "Message.mentionedUserIds",
  "Message.moderationReason",
  "Message.reactions",
  "Message.replyTo",
  "Message.reportCount",
  "Message.reports",
  "Message.text",
  "Message.visibility",
  "Sanction.actor",
  "Sanction.triggeringMessages",
];

/**
 * How the test knows that a field resolves from the viewer: every resolver runs inside an async
 * context naming its field, and the viewer is a getter that records that name (a Pothos `select`
 * runs within its field's resolver, and awaits keep the context). A read is seen even when every
 * viewer gets the same answer, so a new field that reads the viewer fails until it is marked or
 * listed above; comparing answers alone would pass whenever the fixture made two viewers agree.
 */
const resolving = new AsyncLocalStorage<string>();
const readers = new Set<string>();
/** Fields whose resolver finished at least once: only those could show a read. */
const resolved = new Set<string>();

for (const type of Object.values(schema.getTypeMap()))
  if (isObjectType(type) && !type.name.startsWith("__"))
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) =>
        resolving.run(coordinate, async () => {
          const value = await resolve(source, args, context, info);
          resolved.add(coordinate);
          return value;
        });
    }

type Step = { parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> };
const coordinate = ({ parent, field }: Step) => `${parent.name}.${field.name}`;
const isMarked = ({ field }: Step) => field.extensions["perViewer"] === true;

/** The shortest path from the root field to each field reachable from it. */
function pathsFrom(root: Step): Step[][] {
  const paths = [[root]];
  const expanded = new Set<GraphQLObjectType>();
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const type = getNamedType(path.at(-1)!.field.type);
    if (isLeafType(type)) continue;
    if (!isObjectType(type)) throw new Error(`walk ${type.name} too: only object types are expected`);
    if (expanded.has(type)) continue;
    expanded.add(type);
    for (const field of Object.values(type.getFields())) paths.push([...path, { parent: type, field }]);
  }
  return paths;
}

/** The operation that selects a path and nothing else; required arguments get placeholder values. */
function operationFor(path: Step[]): string {
  let selection = isLeafType(getNamedType(path.at(-1)!.field.type)) ? "" : " { __typename }";
  for (const { field } of [...path].reverse()) {
    const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
    const args = required.map((arg) => `${arg.name}: ${placeholder(String(getNamedType(arg.type)), arg.name)}`);
    selection = ` { ${field.name}${args.length > 0 ? `(${args.join(", ")})` : ""}${selection} }`;
  }
  return `subscription${selection}`;
}

function placeholder(type: string, name: string): string {
  // Room.search's query: a word of the event's room, so that the fields of its hits resolve too.
  if (type === "String" && name === "query") return `"reported"`;
  const values: Record<string, string> = {
    ID: `"00000000-0000-0000-0000-000000000000"`,
    Int: "0",
    String: `""`,
    Boolean: "false",
  };
  const value = values[type];
  if (!value) throw new Error(`give the test a placeholder for an argument of type ${type}`);
  return value;
}

/** Each subscription's event as its stream hands it to every subscriber (filled in beforeAll). */
const events: Record<string, object> = {};
/** Members (the room's creator, who also reported the message, and another), the author, a moderator and an admin. */
const viewers: Viewer[] = [];
/** Paths selecting nothing marked on which viewers of one class got different answers. */
const disagreements: string[] = [];
/** Every field reachable from a subscription, by coordinate. */
const reachable = new Map<string, Step>();

function contextAs(viewer: Viewer): Context {
  const { services } = api.app;
  return {
    ...services,
    get viewer() {
      const reader = resolving.getStore();
      if (reader) readers.add(reader);
      return viewer;
    },
    clientAddress: "127.0.0.1",
    requestId: "per-viewer-fields",
    loadAuthor: createAuthorLoader(services.db),
    loadReadState: createReadStateLoader(services.db),
  };
}

beforeAll(async () => {
  const { db } = api.app.services;
  const [creator, other, author, moderator, admin] = await Promise.all([1, 2, 3, 4, 5].map(() => signUp(api.client)));
  await db.user.update({ where: { id: moderator!.user.id }, data: { role: "MODERATOR" } });
  await db.user.update({ where: { id: admin!.user.id }, data: { role: "ADMIN" } });
  const room = await createRoom(creator!.client);
  for (const member of [other!, author!]) await member.client.ok(JOIN_ROOM, { id: room.id });
  // The event's message replies to another, so that the quoted preview's fields resolve too.
  const original = (
    await other!.client.ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "original", clientId: crypto.randomUUID() },
    })
  ).sendMessage.id;
  const [reported, decided] = await Promise.all(
    ["reported", "decided"].map(
      async (text) =>
        (
          await author!.client.ok(SEND_MESSAGE, {
            input: { roomId: room.id, text, clientId: crypto.randomUUID(), replyToId: original },
          })
        ).sendMessage.id,
    ),
  );
  await creator!.client.ok(REPORT_MESSAGE, { id: reported! });
  await moderator!.client.ok(MODERATE_MESSAGES, {
    input: { messageIds: [decided!], action: "APPROVE", reason: "fine" },
  });
  // The worker's verdict, so that the evidence's fields resolve too.
  const moderation = {
    reasons: ["mild term"],
    matchedTerms: [{ term: "darn", category: "profanity", severity: "mild" }],
    sentiment: { score: -1, comparative: -0.5, negativeWords: ["darn"] },
    severity: "mild",
    rulesVersion: "1",
    categories: { toxicity: 0.41, insult: 0.22 },
  };
  await db.message.updateMany({ where: { id: { in: [reported!, decided!] } }, data: { moderation } });

  // A reaction, so that the reaction groups' fields resolve too.
  await db.reaction.create({ data: { messageId: reported!, userId: other!.user.id, emoji: "👍" } });
  const decision = await db.moderationDecision.findFirstOrThrow({ where: { messageId: decided! } });
  events["roomEvents"] = (await loadRoomEvents(db, room.id, 0, 10)).find((event) => event.message.id === reported)!;
  events["moderationEvents"] = (await loadModerationEvent(db, {
    roomId: room.id,
    messageId: decided!,
    at: new Date().toISOString(),
    kind: "DECISION",
    moderatorId: moderator!.user.id,
    decisionId: decision.id,
  }))!;
  events["roomUpdates"] = await db.room.findUniqueOrThrow({ where: { id: room.id } });
  events["roomListUpdates"] = events["roomUpdates"];
  // Presence as its feed hands it to every watcher of the room: who is in and who types.
  const [creatorRow, authorRow] = await Promise.all(
    [creator!, author!].map((person) => db.user.findUniqueOrThrow({ where: { id: person.user.id } })),
  );
  events["roomPresence"] = { roomId: room.id, online: [creatorRow, authorRow], typing: [authorRow] };
  await moderator!.client.ok(
    gql<unknown, { input: object }>(`mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`),
    {
      input: { roomId: room.id, userId: author!.user.id, minutes: 5, reason: "cooling off" },
    },
  );
  // An appeal on the event's message, so that Message.appeal reaches every field of an appeal.
  await db.appeal.create({ data: { userId: author!.user.id, messageId: reported!, text: "it was a quote" } });
  events["notices"] = await db.notice.findFirstOrThrow({ where: { userId: author!.user.id, kind: "SANCTIONED" } });
  for (const { token } of [creator!, other!, author!, moderator!, admin!])
    viewers.push((await api.app.services.viewers(token))!);
  // What the requests above resolved does not count: only the operations below.
  resolved.clear();

  for (const field of Object.values(schema.getSubscriptionType()!.getFields())) {
    const event = events[field.name];
    if (!event) throw new Error(`give the test an event of Subscription.${field.name}`);
    for (const path of pathsFrom({ parent: schema.getSubscriptionType()!, field })) {
      reachable.set(coordinate(path.at(-1)!), path.at(-1)!);
      const document = parse(operationFor(path));
      const answers = await Promise.all(
        viewers.map(async (viewer) => {
          const answer = await execute({ schema, document, rootValue: event, contextValue: contextAs(viewer) });
          return { viewer, answer: JSON.stringify(answer) };
        }),
      );
      if (path.some(isMarked)) continue;
      const byClass = new Map<string, string[]>();
      for (const { viewer, answer } of answers) {
        const sharing = viewerClass((event as { message?: { authorId: string } }).message, viewer);
        byClass.set(sharing, [...(byClass.get(sharing) ?? []), answer]);
      }
      for (const [sharing, same] of byClass)
        if (new Set(same).size > 1) disagreements.push(`${operationFor(path)} (${sharing}): ${same.join(" / ")}`);
    }
  }
}, 120_000);

describe("fields that resolve from the viewer", () => {
  it("resolves every field reachable from a subscription at least once", () => {
    expect([...reachable.keys()].filter((field) => !resolved.has(field))).toEqual([]);
  });

  it("are exactly the fields marked perViewer and those that depend only on the visibility class", () => {
    const marked = [...reachable.values()].filter(isMarked).map(coordinate);
    expect(
      [...readers].sort(),
      "a field that reads the viewer: spread perViewer into it, or list it in CLASS_ONLY if only viewerClass matters",
    ).toEqual([...marked, ...CLASS_ONLY].sort());
  });

  it("give viewers of one visibility class the same answer when nothing marked is selected", () => {
    expect(disagreements).toEqual([]);
  });
});
