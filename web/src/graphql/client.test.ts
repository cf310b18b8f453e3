// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { MeDocument, RoomsDocument, SignInDocument } from "../gql/graphql.ts";
import { createChatTransport } from "./client.ts";

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
});

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
});
