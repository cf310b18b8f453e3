// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { EditMessageDocument, MeDocument, RoomsDocument, SendMessageDocument, SignInDocument } from "../gql/graphql.ts";
import { createChatTransport } from "./client.ts";
import { closeCode, describeError } from "./errors.ts";

function answer(body: unknown) {
  return vi.fn(
    async (_url: string, _init: RequestInit) =>
      new Response(JSON.stringify(body), {
        headers: { "content-type": "application/json" },
      }),
  );
}
const unauthenticated = { errors: [{ message: "You must be signed in.", extensions: { code: "UNAUTHENTICATED" } }] };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  FakeSocket.opened = [];
  FakeSocket.acknowledges = true;
});

type Frame = { type: string; id?: string; payload?: { operationName?: string } & Record<string, unknown> };

/**
 * A WebSocket speaking graphql-ws's side of the server: acknowledges connection_init (unless
 * `acknowledges` is false, as for an API that accepts the socket and then stalls), hands each
 * operation to `serve`.
 */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static opened: FakeSocket[] = [];
  static serve: (socket: FakeSocket, id: string) => void = () => {};
  static acknowledges = true;
  readyState = FakeSocket.CONNECTING;
  readonly sent: Frame[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;

  readonly url: string;

  constructor(url: string) {
    this.url = url;
    FakeSocket.opened.push(this);
    setTimeout(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.({});
    });
  }

  send(data: string): void {
    const frame = JSON.parse(data) as Frame;
    this.sent.push(frame);
    if (frame.type === "connection_init" && FakeSocket.acknowledges)
      setTimeout(() => this.receive({ type: "connection_ack" }));
    if (frame.type === "subscribe") setTimeout(() => FakeSocket.serve(this, frame.id ?? ""));
  }

  receive(frame: Frame): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }
}

/** Every operation name the socket was asked to run, over all sockets opened. */
const overSocket = () =>
  FakeSocket.opened.flatMap((socket) =>
    socket.sent.filter((frame) => frame.type === "subscribe").map((frame) => frame.payload?.operationName),
  );
/** Every operation name sent by HTTP. */
const overHttp = (fetch: ReturnType<typeof answer>) =>
  fetch.mock.calls.map(([, init]) => JSON.parse(String(init.body)).operationName as string);

const sent = { id: "m1", seq: 1, clientId: "c1", text: "hi" };
const input = { roomId: "r1", text: "hi", clientId: "c1" };
const socketTransport = (token: string | null, onSessionEnded = vi.fn()) =>
  createChatTransport({ getToken: () => token, onSessionEnded, httpUrl: "/graphql", wsUrl: "ws://api.test/graphql" });

describe("createChatTransport", () => {
  it("sends the session token as a bearer token, by POST to /graphql", async () => {
    const fetch = answer({ data: { me: null } });
    vi.stubGlobal("fetch", fetch);
    const { client } = createChatTransport({ getToken: () => "secret", onSessionEnded: () => {} });
    await client.query(MeDocument, {}).toPromise();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("/graphql");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer secret");
  });

  it("ends the session when the API no longer knows its token", async () => {
    vi.stubGlobal("fetch", answer(unauthenticated));
    const onSessionEnded = vi.fn();
    const { client } = createChatTransport({ getToken: () => "revoked", onSessionEnded });
    await client.query(RoomsDocument, { first: 10 }).toPromise();
    expect(onSessionEnded).toHaveBeenCalledOnce();
  });

  it("does not treat a failed sign-in (no session yet) as an ended session", async () => {
    vi.stubGlobal(
      "fetch",
      answer({ errors: [{ message: "Wrong username or password.", extensions: { code: "UNAUTHENTICATED" } }] }),
    );
    const onSessionEnded = vi.fn();
    const { client } = createChatTransport({ getToken: () => null, onSessionEnded });
    const result = await client.mutation(SignInDocument, { input: { username: "a", password: "b" } }).toPromise();
    expect(result.error?.graphQLErrors[0]?.message).toBe("Wrong username or password.");
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  describe("sendMessage, when signed in, goes over the socket", () => {
    it("runs on the socket, with no HTTP request; sign-in, queries and other mutations stay on HTTP", async () => {
      const fetch = answer({ data: null });
      vi.stubGlobal("fetch", fetch);
      vi.stubGlobal("WebSocket", FakeSocket);
      FakeSocket.serve = (socket, id) => {
        socket.receive({ type: "next", id, payload: { data: { sendMessage: sent } } });
        socket.receive({ type: "complete", id });
      };
      const { client } = socketTransport("secret");

      const result = await client.mutation(SendMessageDocument, { input }).toPromise();
      await client.mutation(SignInDocument, { input: { username: "a", password: "b" } }).toPromise();
      await client.query(MeDocument, {}).toPromise();
      await client.mutation(EditMessageDocument, { messageId: "m1", text: "hello" }).toPromise();

      expect(result.data?.sendMessage).toEqual(sent);
      expect(overSocket()).toEqual(["SendMessage"]);
      expect(FakeSocket.opened[0]?.sent[0]).toEqual({ type: "connection_init", payload: { authToken: "secret" } });
      expect(overHttp(fetch)).toEqual(["SignIn", "Me", "EditMessage"]);
    });

    it("goes by HTTP when there is no session (the socket needs a token)", async () => {
      const fetch = answer({ errors: [{ message: "Sign in first.", extensions: { code: "UNAUTHENTICATED" } }] });
      vi.stubGlobal("fetch", fetch);
      vi.stubGlobal("WebSocket", FakeSocket);
      await socketTransport(null).client.mutation(SendMessageDocument, { input }).toPromise();
      expect(overHttp(fetch)).toEqual(["SendMessage"]);
      expect(FakeSocket.opened).toEqual([]);
    });

    it("keeps the API's reason for a refusal, in a next payload or in an error message", async () => {
      vi.stubGlobal("WebSocket", FakeSocket);
      const onSessionEnded = vi.fn();
      const { client } = socketTransport("secret", onSessionEnded);

      FakeSocket.serve = (socket, id) => {
        const error = { message: "Too many messages; try again in 3 s.", extensions: { code: "RATE_LIMITED" } };
        socket.receive({ type: "next", id, payload: { data: null, errors: [error] } });
        socket.receive({ type: "complete", id });
      };
      const limited = await client.mutation(SendMessageDocument, { input }).toPromise();
      expect(describeError(limited.error)).toBe("Too many messages; try again in 3 s.");

      FakeSocket.serve = (socket, id) =>
        socket.receive({
          type: "error",
          id,
          payload: [
            { message: "At most 100 operations at once per connection.", extensions: { code: "RATE_LIMITED" } },
          ],
        } as unknown as Frame);
      const busy = await client.mutation(SendMessageDocument, { input }).toPromise();
      expect(describeError(busy.error)).toBe("At most 100 operations at once per connection.");
      expect(onSessionEnded).not.toHaveBeenCalled();
    });

    it("ends the session when the socket refuses it: UNAUTHENTICATED in next or error, or a close with 4403", async () => {
      vi.stubGlobal("WebSocket", FakeSocket);
      const unknown = [{ message: "Session ended.", extensions: { code: "UNAUTHENTICATED" } }];
      const ends: ((socket: FakeSocket, id: string) => void)[] = [
        (socket, id) => socket.receive({ type: "next", id, payload: { data: null, errors: unknown } }),
        (socket, id) => socket.receive({ type: "error", id, payload: unknown } as unknown as Frame),
        (socket) => socket.close(4403, "Forbidden"),
      ];
      for (const end of ends) {
        const onSessionEnded = vi.fn();
        FakeSocket.serve = end;
        const result = await socketTransport("revoked", onSessionEnded)
          .client.mutation(SendMessageDocument, { input })
          .toPromise();
        expect(onSessionEnded).toHaveBeenCalled();
        expect(describeError(result.error)).toMatch(/Session ended|Your session has ended/);
      }
    });

    it("fails the send, retryable, when the socket drops mid-send (no silent retry, no hang)", async () => {
      vi.stubGlobal("WebSocket", FakeSocket);
      const onSessionEnded = vi.fn();
      const transport = socketTransport("secret", onSessionEnded);

      FakeSocket.serve = (socket) => socket.close(1006, "");
      const cut = await transport.client.mutation(SendMessageDocument, { input }).toPromise();
      expect(describeError(cut.error)).toMatch(/Can't reach the server/);

      FakeSocket.serve = () => transport.dropConnection(); // as when the browser goes offline
      const dropped = await transport.client.mutation(SendMessageDocument, { input }).toPromise();
      expect(describeError(dropped.error)).toMatch(/Can't reach the server/);

      expect(FakeSocket.opened).toHaveLength(2); // one per send: nothing reconnected to resend on its own
      expect(onSessionEnded).not.toHaveBeenCalled();
    });

    it("fails the send, retryable, when the socket is accepted but never acknowledged (10 s, no hang)", async () => {
      vi.useFakeTimers();
      vi.stubGlobal("WebSocket", FakeSocket);
      FakeSocket.acknowledges = false;
      const onSessionEnded = vi.fn();
      let settled = false;
      const sending = socketTransport("secret", onSessionEnded)
        .client.mutation(SendMessageDocument, { input })
        .toPromise()
        .finally(() => {
          settled = true;
        });

      await vi.advanceTimersByTimeAsync(9_900);
      expect(settled).toBe(false); // still waiting on the acknowledgement, not yet given up
      await vi.advanceTimersByTimeAsync(100);
      expect(settled).toBe(true);

      const stalled = await sending;
      expect(closeCode(stalled.error)).toBe(4504); // graphql-ws's acknowledgement timeout
      expect(describeError(stalled.error)).toMatch(/Can't reach the server/);
      expect(FakeSocket.opened[0]?.sent.map((frame) => frame.type)).toEqual(["connection_init"]); // never subscribed
      expect(onSessionEnded).not.toHaveBeenCalled();
    });
  });
});
