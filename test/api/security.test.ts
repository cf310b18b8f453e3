import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LOGOUT } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { wsClient } from "../helpers/subscriptions.ts";

let stack: TestStack;
let api: TestApi;
let production: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApi({ MAX_DEPTH: "5", WS_CONNECTION_INIT_TIMEOUT_MS: "300", WS_MAX_SUBSCRIPTIONS: "2" });
  production = await stack.startApi({ NODE_ENV: "production", ADMIN_PASSWORD: "production admin password" });
});
afterAll(() => stack.close());

/** A raw graphql-transport-ws socket, to speak the protocol by hand. */
function rawSocket(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, "graphql-transport-ws", { headers });
  const messages: Record<string, unknown>[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.on("open", () => resolve());
    socket.on("error", reject);
  });
  const unexpected = new Promise<number>((resolve) =>
    socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
  );
  const waitFor = async (predicate: (message: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const found = messages.find(predicate);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no such message among ${JSON.stringify(messages)}`);
  };
  return {
    socket,
    messages,
    closed,
    opened,
    unexpected,
    waitFor,
    send: (message: unknown) => socket.send(JSON.stringify(message)),
  };
}

const ROOM_EVENTS_TYPO = `subscription($roomId: ID!, $afterSeq: Int) { roomEvents(roomId: $roomId, afterSeq: $afterSeq) { sequ } }`;
const DEEP = `{ me { id } rooms { edges { node { creator { id } messages { edges { node { author { id } } } } } } } }`;

describe("the WebSocket protocol", () => {
  it("closes with 4408 when connection_init never comes", async () => {
    const raw = rawSocket(api.wsUrl);
    await raw.opened;
    expect((await raw.closed).code).toBe(4408);
  });

  it("closes with 4401 on subscribe before the connection is acknowledged", async () => {
    const raw = rawSocket(api.wsUrl);
    await raw.opened;
    raw.send({ id: "1", type: "subscribe", payload: { query: "{ me { id } }" } });
    expect((await raw.closed).code).toBe(4401);
  });

  it("closes with 4403 on a bad token or none", async () => {
    for (const payload of [{ authToken: "forged" }, {}]) {
      const raw = rawSocket(api.wsUrl);
      await raw.opened;
      raw.send({ type: "connection_init", payload });
      expect((await raw.closed).code).toBe(4403);
    }
  });

  it("refuses frames over the size limit", async () => {
    const { token } = await signUp(api.client);
    const raw = rawSocket(api.wsUrl);
    await raw.opened;
    raw.send({ type: "connection_init", payload: { authToken: token } });
    await raw.waitFor((message) => message["type"] === "connection_ack");
    raw.send({ id: "1", type: "subscribe", payload: { query: `{ me { id } } #${"x".repeat(70_000)}` } });
    expect((await raw.closed).code).toBe(1009);
  });

  it("refuses a WebSocket upgrade from a foreign Origin and accepts an allowed one", async () => {
    const foreign = rawSocket(api.wsUrl, { origin: "http://evil.example" });
    expect(await foreign.unexpected).toBe(403);
    const allowed = rawSocket(api.wsUrl, { origin: "http://allowed.example" });
    await allowed.opened;
    allowed.socket.close();
  });

  it("answers an over-limit operation with an error and keeps the socket open", async () => {
    const { token } = await signUp(api.client);
    const raw = rawSocket(api.wsUrl);
    await raw.opened;
    raw.send({ type: "connection_init", payload: { authToken: token } });
    await raw.waitFor((message) => message["type"] === "connection_ack");
    raw.send({ id: "deep", type: "subscribe", payload: { query: DEEP } });
    const error = await raw.waitFor((message) => message["id"] === "deep" && message["type"] === "error");
    expect(JSON.stringify(error)).toMatch(/depth/i);
    raw.send({ id: "fine", type: "subscribe", payload: { query: "{ me { username } }" } });
    await raw.waitFor((message) => message["id"] === "fine" && message["type"] === "next");
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    raw.socket.close();
  });

  /** A signed-in raw socket on `target`, and a room its user is a member of. */
  async function memberSocket(target: TestApi) {
    const alice = await signUp(target.client);
    const room = await createRoom(alice.client);
    const raw = rawSocket(target.wsUrl);
    await raw.opened;
    raw.send({ type: "connection_init", payload: { authToken: alice.token } });
    await raw.waitFor((message) => message["type"] === "connection_ack");
    const subscribe = (id: string) =>
      raw.send({
        id,
        type: "subscribe",
        // From seq 0: a message sent later reaches the subscription however soon it comes.
        payload: { query: `subscription { roomEvents(roomId: "${room.id}", afterSeq: 0) { seq } }` },
      });
    const sendMessage = (id: string, text: string) =>
      raw.send({
        id,
        type: "subscribe",
        payload: {
          query: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } }`,
          variables: { input: { roomId: room.id, text, clientId: crypto.randomUUID() } },
        },
      });
    const answer = (id: string, type: string) =>
      raw.waitFor((message) => message["id"] === id && message["type"] === type);
    return { raw, subscribe, sendMessage, answer };
  }

  it("caps live subscriptions per connection, and sends on the same socket do not count", async () => {
    const { raw, subscribe, sendMessage, answer } = await memberSocket(api);
    subscribe("a");
    subscribe("b");
    subscribe("c");
    const error = await answer("c", "error");
    expect(JSON.stringify(error)).toContain("RATE_LIMITED");
    expect(JSON.stringify(error)).toContain("At most 2 subscriptions per connection.");
    // At the cap, the socket still sends; the two live subscriptions both see the message.
    sendMessage("send-1", "both of you");
    expect(await answer("send-1", "next")).toMatchObject({ payload: { data: { sendMessage: { seq: 1 } } } });
    await answer("a", "next");
    await answer("b", "next");
    // A completed subscription frees its place.
    raw.send({ id: "a", type: "complete" });
    subscribe("d");
    sendMessage("send-2", "d is in");
    await answer("send-2", "next");
    expect(await answer("d", "next")).toMatchObject({ payload: { data: { roomEvents: { seq: 1 } } } });
    expect(raw.messages.filter((message) => message["type"] === "error")).toHaveLength(1);
    raw.socket.close();
  });

  it("caps operations of any kind under way at once per connection", async () => {
    const busy = await stack.startApi({ WS_MAX_OPERATIONS: "2" });
    const { raw, subscribe, sendMessage, answer } = await memberSocket(busy);
    // Two subscriptions stay under way for as long as they are live.
    subscribe("a");
    subscribe("b");
    sendMessage("send-1", "one too many");
    const error = await answer("send-1", "error");
    expect(JSON.stringify(error)).toContain("RATE_LIMITED");
    expect(JSON.stringify(error)).toContain("At most 2 operations at once per connection.");
    // Once one ends, the socket takes the next.
    raw.send({ id: "b", type: "complete" });
    sendMessage("send-2", "now there is room");
    await answer("send-2", "next");
    await answer("a", "next");
    raw.socket.close();
  });

  it("ends a socket's operations once its session is logged out", async () => {
    const alice = await signUp(api.client);
    const client = wsClient(api.wsUrl, alice.token);
    const first = await new Promise((resolve, reject) =>
      client.subscribe({ query: "{ me { username } }" }, { next: resolve, error: reject, complete: () => {} }),
    );
    expect(JSON.stringify(first)).toContain(alice.user.username);
    await alice.client.ok(LOGOUT);
    const after = await new Promise((resolve) =>
      client.subscribe({ query: "{ me { username } }" }, { next: resolve, error: resolve, complete: () => {} }),
    );
    expect(JSON.stringify(after)).not.toContain(alice.user.username);
    await client.dispose();
  });
});

describe("HTTP limits", () => {
  it("applies depth limits on HTTP too", async () => {
    const { client } = await signUp(api.client);
    const result = await client.request(DEEP);
    expect(JSON.stringify(result.errors)).toMatch(/depth/i);
    // Fragments neither add depth nor hide it (this stack's limit is 5 levels of fields).
    const atTheLimit = `{ rooms { edges { node { ...R } } } }
      fragment R on Room { creator { ...U } }
      fragment U on User { id }`;
    expect((await client.request(atTheLimit)).errors).toBeUndefined();
    const asDeep = `{ rooms { edges { node { ...R } } } }
      fragment R on Room { messages { edges { node { id } } } }`;
    expect(JSON.stringify((await client.request(asDeep)).errors)).toMatch(/depth/i);
  });

  it("gives every error about the request a stable code, on HTTP and on the socket", async () => {
    const { client, token } = await signUp(api.client);
    const ROOM = `query($id: ID!) { room(id: $id) { id } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    const cases: [string, Record<string, unknown> | undefined, string, RegExp][] = [
      ["{ me { id ", undefined, "GRAPHQL_PARSE_FAILED", /Syntax Error/],
      ["{ me { nosuchfield } }", undefined, "GRAPHQL_VALIDATION_FAILED", /nosuchfield/],
      [DEEP, undefined, "GRAPHQL_VALIDATION_FAILED", /^Query depth limit/],
      [aliases, undefined, "GRAPHQL_VALIDATION_FAILED", /^Aliases limit of 15 exceeded/],
      [ROOM, { id: { x: 1 } }, "BAD_USER_INPUT", /\$id/],
      [ROOM, {}, "BAD_USER_INPUT", /\$id/],
      [ROOM_EVENTS_TYPO.replace("{ sequ }", "{ seq }"), { roomId: "r", afterSeq: 1e12 }, "BAD_USER_INPUT", /afterSeq/],
    ];
    const raw = rawSocket(api.wsUrl);
    await raw.opened;
    raw.send({ type: "connection_init", payload: { authToken: token } });
    await raw.waitFor((message) => message["type"] === "connection_ack");
    for (const [index, [query, variables, code, message]] of cases.entries()) {
      if (!query.startsWith("subscription")) {
        const [error] = (await client.request(query, variables)).errors ?? [];
        expect({ query, message: error?.message, code: error?.extensions?.["code"] }).toEqual({
          query,
          message: expect.stringMatching(message),
          code,
        });
      }
      raw.send({ id: `case${index}`, type: "subscribe", payload: { query, variables } });
      const answer = await raw.waitFor((each) => each["id"] === `case${index}` && each["type"] !== "complete");
      const [error] = (
        answer["type"] === "error" ? answer["payload"] : (answer["payload"] as { errors: unknown[] }).errors
      ) as {
        message: string;
        extensions?: { code?: string };
      }[];
      expect({ query, message: error?.message, code: error?.extensions?.code }).toEqual({
        query,
        message: expect.stringMatching(message),
        code,
      });
    }
    raw.socket.close();
  });

  it("refuses bodies over the size limit and bodies without a length", async () => {
    const big = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ me { id } } #${"x".repeat(70_000)}` }),
    });
    expect(big.status).toBe(413);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${api.url}/graphql`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.write(JSON.stringify({ query: "{ me { id } }" }));
      req.end();
    });
    expect(status).toBe(411);
  });

  it("applies the body limit to every spelling of the endpoint", async () => {
    for (const path of ["/graphql/", "//graphql", "/graphql/."]) {
      const big = await fetch(`${api.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ me { id } } #${"x".repeat(70_000)}` }),
      });
      expect(big.status, path).toBe(413);
    }
  });

  it("runs subscriptions over the socket only, not as HTTP event streams", async () => {
    const { client } = await signUp(api.client);
    const room = await createRoom(client);
    const response = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: `subscription { roomEvents(roomId: "${room.id}") { seq } }` }),
    });
    const text = await response.text();
    expect(text).toContain("BAD_REQUEST");
    expect(text).toMatch(/Subscriptions run over WebSocket/);
  });

  it("answers CORS only for allowed origins", async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    expect((await preflight("http://allowed.example")).headers.get("access-control-allow-origin")).toBe(
      "http://allowed.example",
    );
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-credentials")).not.toBe("true");
  });

  it("masks what failed inside: a database that cannot be reached is only SERVICE_UNAVAILABLE", async () => {
    const { token } = await signUp(api.client);
    // A replica whose database is gone: every operation fails inside the server, and the client must not see why.
    const broken = await stack.startApi({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" });
    const result = await broken.client.as(token).request(`{ rooms { edges { node { id } } } }`);
    expect(result.errors?.[0]).toMatchObject({
      message: "The service cannot reach its database right now: try again shortly.",
      extensions: { code: "SERVICE_UNAVAILABLE", retryAfterMs: 1000 },
    });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|prisma|127\.0\.0\.1:1|stack/i);
    await stack.stopApi(broken);
  });
});

describe("production mode", () => {
  const INTROSPECTION = `{ __schema { types { name } } }`;

  it("refuses introspection over HTTP and over the socket", async () => {
    const { client, token } = await signUp(production.client);
    const http = await client.request(INTROSPECTION);
    expect(http.data ?? null).toBeNull();
    expect(JSON.stringify(http.errors)).toMatch(/introspection/i);

    const socket = wsClient(production.wsUrl, token);
    const ws = await new Promise((resolve) =>
      socket.subscribe({ query: INTROSPECTION }, { next: resolve, error: resolve, complete: () => {} }),
    );
    expect(JSON.stringify(ws)).toMatch(/introspection/i);
    expect(JSON.stringify(ws)).not.toContain('__Schema"');
    await socket.dispose();
  });

  it("serves no GraphiQL and suggests no field names", async () => {
    const page = await fetch(`${production.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const { client } = await signUp(production.client);
    const typo = await client.request(`{ mee { id } }`);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
  });

  it("suggests no enum values, input fields or fields, in the document or in variables, on both transports", async () => {
    const { client, token } = await signUp(production.client);
    const QUEUE = `query($status: ReviewStatus!) { moderationQueue(status: $status, first: 1) { edges { cursor } } }`;
    const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;
    const answers: unknown[] = [
      await client.request(`{ moderationQueue(status: FLAGGD, first: 1) { edges { cursor } } }`),
      await client.request(QUEUE, { status: "FLAGGD" }),
      await client.request(SEND, { input: { roomId: "x", txt: "hello", clientId: "c1" } }),
    ];
    const socket = wsClient(production.wsUrl, token);
    const overSocket = (query: string, variables: Record<string, unknown>) =>
      new Promise((resolve) =>
        socket.subscribe({ query, variables }, { next: resolve, error: resolve, complete: () => {} }),
      );
    answers.push(await overSocket(QUEUE, { status: "FLAGGD" }));
    answers.push(await overSocket(ROOM_EVENTS_TYPO, { roomId: "x" }));
    await socket.dispose();
    for (const answer of answers) {
      // Each was refused, and for the reason graphql-js gives, without its suggestion.
      expect(JSON.stringify(answer)).toMatch(/errors|message/);
      expect(JSON.stringify(answer)).not.toMatch(/Did you mean|FLAGGED"|"text"/);
    }
  });

  it("development serves GraphiQL", async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await page.text()).toMatch(/graphiql/i);
  });
});
