// Moderating people: the operations and checks that the sanction, slow-mode, hold, escalation,
// appeal and person-view tests share.

import type { Client } from "graphql-ws";
import pg from "pg";
import { expect } from "vitest";
import { type GraphQLClient, type GraphQLResponse, gql, type Operation } from "./graphql.ts";
import { JOIN_ROOM, MAKE_MODERATOR, SEND_MESSAGE } from "./operations.ts";
import { createRoom, signUp, type TestApi } from "./stack.ts";
import { collect } from "./subscriptions.ts";

export type SanctionKind = "TIMEOUT" | "BAN" | "SUSPENSION";

export type SanctionView = {
  id: string;
  kind: SanctionKind;
  reason: string;
  startsAt: string;
  endsAt: string | null;
  inForce: boolean;
  liftedAt: string | null;
  liftReason: string | null;
  isAutomatic: boolean;
  rule: string | null;
  user: { id: string };
  room: { id: string } | null;
};
export const SANCTION_FIELDS =
  "id kind reason startsAt endsAt inForce liftedAt liftReason isAutomatic rule user { id } room { id }";

export type RoomSanctionInput = { roomId: string; userId: string; minutes?: number | null; reason: string };
export type SuspendInput = { userId: string; minutes?: number | null; reason: string };

export const TIME_OUT = gql<{ timeOutMember: SanctionView }, { input: RoomSanctionInput }>(
  `mutation($input: TimeoutInput!) { timeOutMember(input: $input) { ${SANCTION_FIELDS} } }`,
);
export const BAN = gql<{ banMember: SanctionView }, { input: RoomSanctionInput }>(
  `mutation($input: BanInput!) { banMember(input: $input) { ${SANCTION_FIELDS} } }`,
);
export const SUSPEND = gql<{ suspendAccount: SanctionView }, { input: SuspendInput }>(
  `mutation($input: SuspendInput!) { suspendAccount(input: $input) { ${SANCTION_FIELDS} } }`,
);
export const LIFT = gql<{ liftSanction: SanctionView }, { id: string; reason?: string }>(
  `mutation($id: ID!, $reason: String) { liftSanction(sanctionId: $id, reason: $reason) { ${SANCTION_FIELDS} } }`,
);
export const SANCTION = gql<{ sanction: SanctionView | null }, { id: string }>(
  `query($id: ID!) { sanction(id: $id) { ${SANCTION_FIELDS} } }`,
);
export const VIEWER_SANCTION = gql<{ room: { viewerSanction: SanctionView | null } }, { id: string }>(
  `query($id: ID) { room(id: $id) { viewerSanction { ${SANCTION_FIELDS} } } }`,
);

export type PolicyInput = {
  moderationMode?: "POST" | "PRE" | "HOLD";
  slowModeSeconds?: number;
  reportThreshold?: number;
  escalation?: Partial<{
    enabled: boolean;
    count: number;
    windowMinutes: number;
    timeoutMinutes: number[];
    repeatWindowHours: number;
  }>;
};
export const UPDATE_POLICY = gql<
  { updateRoomPolicy: { id: string; slowModeSeconds: number; moderationMode: string; reportThreshold: number } },
  { id: string; input: PolicyInput }
>(
  `mutation($id: ID!, $input: RoomPolicyInput!) {
  updateRoomPolicy(roomId: $id, input: $input) { id slowModeSeconds moderationMode reportThreshold }
}`,
);

export type Notice = {
  id: string;
  kind: string;
  text: string;
  messageId: string | null;
  room: { id: string } | null;
  sanction: { id: string; kind: string; endsAt: string | null; reason: string } | null;
};
const NOTICE_FIELDS = "id kind text messageId room { id } sanction { id kind endsAt reason }";
/** The viewer's new notices, live. */
export const NOTICES_LIVE = gql<{ notices: Notice }>(`subscription { notices { ${NOTICE_FIELDS} } }`);
/** The viewer's notices, newest first. */
export const NOTICES = gql<{ notices: { edges: { node: Notice }[] } }>(
  `{ notices(first: 50) { edges { node { ${NOTICE_FIELDS} } } } }`,
);

export const EDIT_MESSAGE = gql<{ editMessage: { id: string } }, { id: string; text: string }>(
  `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { id } }`,
);
export const REPORT = gql<
  { reportMessage: { id: string; viewerHasReported: boolean } },
  { id: string; category?: string; reason?: string }
>(
  `mutation($id: ID!, $category: ReportCategory, $reason: String) {
  reportMessage(messageId: $id, category: $category, reason: $reason) { id viewerHasReported }
}`,
);

/** What an operation refused: its code, its message and its extensions. */
export type Refusal = { code: string; message: string; extensions: Record<string, unknown> };

/** The first error of an answer that must fail. */
export function refusal(result: GraphQLResponse<unknown>): Refusal {
  const error = result.errors?.[0];
  if (!error) expect.fail(`the operation should have failed: ${JSON.stringify(result)}`);
  const extensions = error.extensions ?? {};
  return { code: String(extensions["code"]), message: error.message, extensions };
}

/** A FORBIDDEN that names the sanction: its kind, its reason and its end, as any client shows them. */
export function sanctionRefusal(sanction: Pick<SanctionView, "kind" | "reason" | "endsAt">) {
  return {
    code: "FORBIDDEN",
    message: expect.stringContaining(sanction.reason),
    extensions: expect.objectContaining({ sanction: sanction.kind, reason: sanction.reason, until: sanction.endsAt }),
  };
}

/** A new member, made a moderator by an admin. */
export async function signUpModerator(api: TestApi, admin: GraphQLClient) {
  const moderator = await signUp(api.client);
  await admin.ok(MAKE_MODERATOR, { id: moderator.user.id });
  return moderator;
}

export async function sendText(client: GraphQLClient, roomId: string, text: string, clientId = crypto.randomUUID()) {
  const data = await client.ok(SEND_MESSAGE, { input: { roomId, text, clientId } });
  return data.sendMessage;
}

/** Runs `use` on its own connection to the test file's database. */
export async function withSql<T>(databaseUrl: string, use: (sql: pg.Client) => Promise<T>): Promise<T> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    return await use(sql);
  } finally {
    await sql.end();
  }
}

/** The code a socket is closed with, whenever it closes. */
export function closeCodeOf(socket: Client): Promise<number> {
  return new Promise((resolve) => socket.on("closed", (event) => resolve((event as CloseEvent).code)));
}

/** How a subscription began: its first event, or the GraphQL error that refused it (or the socket's close). */
export type Outcome<T> = { event: T } | { refused: Refusal } | { closed: number };

export async function firstOutcome<T, Variables extends Record<string, unknown>>(
  socket: Client,
  query: Operation<T, Variables>,
  variables: Variables,
  timeoutMs = 10_000,
): Promise<Outcome<T>> {
  let closedWith: number | null = null;
  socket.on("closed", (event) => {
    closedWith = (event as CloseEvent).code;
  });
  const run = collect(socket, query, variables);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [event] = run.events;
      if (event) return { event };
      const error = graphqlErrorIn(run.errors);
      if (error) return { refused: error };
      if (closedWith !== null) return { closed: closedWith };
      if (Date.now() > deadline) expect.fail(`the subscription neither started nor was refused: ${query}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    run.unsubscribe();
  }
}

/** The first GraphQL error among what graphql-ws reported (arrays of errors, or a close event); null if none. */
function graphqlErrorIn(errors: unknown[]): Refusal | null {
  const flat = errors.flat(2) as { message?: string; extensions?: Record<string, unknown> }[];
  const error = flat.find((each) => each !== null && typeof each === "object" && "extensions" in each);
  if (!error) return null;
  const extensions = error.extensions ?? {};
  return { code: String(extensions["code"]), message: String(error.message), extensions };
}

/** Minutes between two ISO times (NaN when there is no end). */
export const minutesBetween = (from: string, to: string | null) =>
  to === null ? Number.NaN : (new Date(to).getTime() - new Date(from).getTime()) / 60_000;

/** A room alice created on one replica, and bob, signed up on another (or the same), joined. */
export async function roomWithTwoMembers(aliceOn: Pick<TestApi, "client">, bobOn: Pick<TestApi, "client"> = aliceOn) {
  const alice = await signUp(aliceOn.client);
  const bob = await signUp(bobOn.client);
  const room = await createRoom(alice.client);
  await bob.client.ok(JOIN_ROOM, { id: room.id });
  return { alice, bob, room };
}
