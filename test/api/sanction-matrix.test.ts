import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, type GraphQLResponse, gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  BAN,
  EDIT_MESSAGE,
  firstOutcome,
  REPORT,
  type Refusal,
  type SanctionKind,
  type SanctionView,
  SUSPEND,
  sanctionRefusal,
  sendText,
  signUpModerator,
  TIME_OUT,
  VIEWER_SANCTION,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";

// Every sanction, for every viewer, against every operation on a room: the sanction is set through
// replica A, and every operation goes through replica B, so what holds is what Postgres holds.

const HISTORY = gql<{ room: { messages: { edges: { node: { id: string } }[] } } }, { id: string }>(
  `query($id: ID) { room(id: $id) { messages(first: 10) { edges { node { id } } } } }`,
);

const operations = ["send", "edit", "delete", "report", "subscribe", "history", "join"] as const;
type Operation = (typeof operations)[number];
const viewers = ["sanctioned", "member", "moderator"] as const;
type ViewerName = (typeof viewers)[number];

/** What each sanction refuses the person under it; nobody else loses anything. */
const refusedTo: Record<SanctionKind, readonly Operation[]> = {
  // Muted: reads, subscribes, rejoins and takes their own words back, but cannot send, edit or report.
  TIMEOUT: ["send", "edit", "report"],
  BAN: operations,
  // Signed out everywhere: every token of theirs is dead.
  SUSPENSION: operations,
};

type Person = Awaited<ReturnType<typeof signUp>> & { toEdit: string; toDelete: string; toReport: string };
type Scene = { roomId: string; sanction: SanctionView; people: Record<ViewerName, Person> };

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
});
afterAll(() => stack.close());

/** A room with its owner, the person to sanction, another member and a moderator, each with messages of their own. */
async function scene(kind: SanctionKind): Promise<Scene> {
  const owner = await signUp(a.client);
  const room = await createRoom(owner.client);
  const joined = {
    sanctioned: await signUp(a.client),
    member: await signUp(a.client),
    moderator: await signUpModerator(a, admin),
  };
  const people = {} as Record<ViewerName, Person>;
  for (const name of viewers) {
    const person = joined[name];
    await person.client.ok(JOIN_ROOM, { id: room.id });
    people[name] = {
      ...person,
      toEdit: (await sendText(person.client, room.id, `${name}: a message to edit`)).id,
      toDelete: (await sendText(person.client, room.id, `${name}: a message to delete`)).id,
      toReport: (await sendText(owner.client, room.id, `owner: a message for ${name} to report`)).id,
    };
  }
  const input = { roomId: room.id, userId: people.sanctioned.user.id, minutes: 60, reason: `${kind} in the matrix` };
  const moderator = people.moderator.client;
  const sanction =
    kind === "TIMEOUT"
      ? (await moderator.ok(TIME_OUT, { input })).timeOutMember
      : kind === "BAN"
        ? (await moderator.ok(BAN, { input })).banMember
        : (await admin.ok(SUSPEND, { input: { userId: input.userId, minutes: 60, reason: input.reason } }))
            .suspendAccount;
  return { roomId: room.id, sanction, people };
}

type Result = "ok" | Refusal | { closed: number };

/** One operation through replica B: "ok", or how it was refused. */
async function attempt(operation: Operation, { roomId }: Scene, person: Person): Promise<Result> {
  const client = b.client.as(person.token);
  let answer: GraphQLResponse<unknown>;
  switch (operation) {
    case "send":
      answer = await client.request(SEND_MESSAGE, {
        input: { roomId, text: "one more thing", clientId: crypto.randomUUID() },
      });
      break;
    case "edit":
      answer = await client.request(EDIT_MESSAGE, { id: person.toEdit, text: "edited, politely" });
      break;
    case "delete":
      answer = await client.request(DELETE_MESSAGE, { id: person.toDelete });
      break;
    case "report":
      answer = await client.request(REPORT, { id: person.toReport, category: "SPAM" });
      break;
    case "history":
      answer = await client.request(HISTORY, { id: roomId });
      break;
    case "join":
      answer = await client.request(JOIN_ROOM, { id: roomId });
      break;
    case "subscribe": {
      const socket = wsClient(b.wsUrl, person.token);
      try {
        const outcome = await firstOutcome(socket, ROOM_EVENTS, { roomId, afterSeq: 0 });
        return "event" in outcome ? "ok" : "refused" in outcome ? outcome.refused : outcome;
      } finally {
        await socket.dispose();
      }
    }
  }
  if (!answer.errors?.length) return "ok";
  const [error] = answer.errors;
  return {
    code: String(error?.extensions?.["code"]),
    message: String(error?.message),
    extensions: error?.extensions ?? {},
  };
}

/** What the operation must answer: success, or the refusal the sanction explains. */
function expected(kind: SanctionKind, viewer: ViewerName, operation: Operation, sanction: SanctionView) {
  if (viewer !== "sanctioned" || !refusedTo[kind].includes(operation)) return "ok";
  if (kind === "SUSPENSION")
    return operation === "subscribe" ? { closed: 4403 } : expect.objectContaining({ code: "UNAUTHENTICATED" });
  return sanctionRefusal(sanction);
}

for (const kind of ["TIMEOUT", "BAN", "SUSPENSION"] as const) {
  describe(`under a ${kind}`, () => {
    let current: Scene;
    beforeAll(async () => {
      current = await scene(kind);
    });

    for (const viewer of viewers)
      for (const operation of operations)
        it(`${viewer}: ${operation} ${viewer === "sanctioned" && refusedTo[kind].includes(operation) ? "is refused" : "works"}`, async () => {
          const result = await attempt(operation, current, current.people[viewer]);
          expect(result).toEqual(expected(kind, viewer, operation, current.sanction));
        });

    if (kind !== "SUSPENSION")
      it("Room.viewerSanction shows the sanction to its person only, with its end", async () => {
        const { people, roomId, sanction } = current;
        const seen = async (viewer: ViewerName) =>
          (await b.client.as(people[viewer].token).ok(VIEWER_SANCTION, { id: roomId })).room.viewerSanction;
        expect(await seen("sanctioned")).toMatchObject({
          id: sanction.id,
          kind,
          reason: sanction.reason,
          endsAt: sanction.endsAt,
          inForce: true,
        });
        expect(await seen("member")).toBeNull();
        expect(await seen("moderator")).toBeNull();
      });
  });
}
