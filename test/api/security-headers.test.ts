// What every HTTP answer of the API carries: CORS for allowed origins only (never for a foreign
// one, nor for `Origin: null`), `Vary: Origin`, and the security headers; and the alias limit,
// which counts every alias (of `__typename` and the other meta fields too) on both transports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

const ALLOWED = "http://allowed.example";
// Two entries: Yoga's CORS plugin answered `Access-Control-Allow-Origin: null` only with a list of several.
const ORIGINS = `${ALLOWED},http://also-allowed.example`;

let stack: TestStack;
let api: TestApi;
let production: TestApi;
let hsts: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApi({ ALLOWED_ORIGINS: ORIGINS, MAX_ALIASES: "15" });
  production = await stack.startApi({
    ALLOWED_ORIGINS: ORIGINS,
    NODE_ENV: "production",
    ADMIN_PASSWORD: "production admin password",
  });
  hsts = await stack.startApi({ HSTS_MAX_AGE: "31536000" });
});
afterAll(() => stack.close());

const QUERY = JSON.stringify({ query: "{ __typename }" });

/** Each kind of answer the API gives over HTTP, for one origin (none: no Origin header). */
function requests(base: string, origin?: string): [string, () => Promise<Response>][] {
  const headers: Record<string, string> = origin === undefined ? {} : { origin };
  const post = (body: string, extra: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", ...extra },
      body,
    });
  return [
    ["POST /graphql", () => post(QUERY)],
    ["GET /graphql", () => fetch(`${base}/graphql?query=${encodeURIComponent("{ __typename }")}`, { headers })],
    ["a query that does not parse", () => post(JSON.stringify({ query: "{" }))],
    ["a body that is not JSON", () => post("not json")],
    ["GET /health", () => fetch(`${base}/health`, { headers })],
    ["GET /ready", () => fetch(`${base}/ready`, { headers })],
    ["a 404", () => fetch(`${base}/nowhere`, { headers })],
    ["a 413", () => post(JSON.stringify({ query: `{ __typename } #${"x".repeat(70_000)}` }))],
    [
      "a preflight",
      () =>
        fetch(`${base}/graphql`, {
          method: "OPTIONS",
          headers: {
            ...headers,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
          },
        }),
    ],
  ];
}

const CORS_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
];

function corsHeadersOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    CORS_HEADERS.flatMap((name) => {
      const value = response.headers.get(name);
      return value === null ? [] : [[name, value]];
    }),
  );
}

describe("CORS", () => {
  for (const [what, target] of [
    ["development", () => api],
    ["production", () => production],
  ] as const) {
    it(`answers nothing to a foreign origin or to Origin: null, on every response (${what})`, async () => {
      for (const origin of ["http://evil.example", "null", "http://allowed.example.evil.example"]) {
        for (const [name, send] of requests(target().url, origin)) {
          const response = await send();
          expect({ name, origin, cors: corsHeadersOf(response) }).toEqual({ name, origin, cors: {} });
          expect({ name, vary: response.headers.get("vary") }).toEqual({
            name,
            vary: expect.stringMatching(/Origin/i),
          });
        }
      }
    });

    it(`answers an allowed origin with itself, on every response (${what})`, async () => {
      for (const [name, send] of requests(target().url, ALLOWED)) {
        const response = await send();
        expect({ name, origin: response.headers.get("access-control-allow-origin") }).toEqual({
          name,
          origin: ALLOWED,
        });
        expect({ name, vary: response.headers.get("vary") }).toEqual({ name, vary: expect.stringMatching(/Origin/i) });
        // Sessions are bearer tokens: no cookies, so no credentials mode (as before).
        expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      }
    });
  }

  it("allows the methods and headers the clients use in a preflight, and only for an allowed origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
      });
    const allowed = await preflight("http://also-allowed.example");
    expect(allowed.status).toBe(204);
    expect(corsHeadersOf(allowed)).toMatchObject({
      "access-control-allow-origin": "http://also-allowed.example",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": expect.stringContaining("authorization"),
    });
    const foreign = await preflight("null");
    expect(foreign.status).toBe(204);
    expect(corsHeadersOf(foreign)).toEqual({});
  });

  it("answers a request with no Origin (not a browser's cross-origin request) with no CORS header", async () => {
    for (const [name, send] of requests(api.url)) {
      const response = await send();
      expect({ name, cors: corsHeadersOf(response), vary: response.headers.get("vary") }).toEqual({
        name,
        cors: {},
        vary: expect.stringMatching(/Origin/i),
      });
    }
  });
});

describe("the WebSocket upgrade", () => {
  /** The HTTP status the upgrade is refused with, or "open". */
  const upgrade = (origin: string) =>
    new Promise<number | "open">((resolve, reject) => {
      const socket = new WebSocket(api.wsUrl, "graphql-transport-ws", { headers: { origin } });
      socket.on("open", () => {
        socket.close();
        resolve("open");
      });
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("error", reject);
    });

  it("is refused to a foreign origin and to Origin: null, as CORS is", async () => {
    expect(await upgrade("null")).toBe(403);
    expect(await upgrade("http://evil.example")).toBe(403);
    expect(await upgrade("http://also-allowed.example")).toBe("open");
  });
});

describe("security headers", () => {
  it("are on every kind of answer, in development and in production", async () => {
    for (const target of [api, production]) {
      for (const origin of [undefined, ALLOWED, "null"]) {
        for (const [name, send] of requests(target.url, origin)) {
          const response = await send();
          expect({ name, headers: securityHeadersOf(response) }).toEqual({
            name,
            headers: {
              "x-content-type-options": "nosniff",
              "x-frame-options": "DENY",
              "referrer-policy": "no-referrer",
              "cross-origin-resource-policy": "same-origin",
              "content-security-policy":
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
              "strict-transport-security": null,
            },
          });
        }
      }
    }
  });

  it("let GraphiQL load its scripts in development, and still forbid framing it", async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("GraphiQL");
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    // Its inline scripts and its bundle from unpkg.com: no script-src or default-src may stand in their way.
    expect(html).toMatch(/<script>/);
    expect(policy).not.toMatch(/default-src|script-src|style-src|connect-src|worker-src/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");

    // No GraphiQL in production: the strict policy, and no page.
    const none = await fetch(`${production.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await none.text()).not.toContain("GraphiQL");
    expect(none.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("include HSTS only when configured (the API behind a TLS proxy)", async () => {
    for (const [name, send] of requests(hsts.url)) {
      const response = await send();
      expect({ name, hsts: response.headers.get("strict-transport-security") }).toEqual({
        name,
        hsts: "max-age=31536000",
      });
    }
  });
});

function securityHeadersOf(response: Response) {
  const names = [
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-resource-policy",
    "content-security-policy",
    "strict-transport-security",
  ];
  return Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));
}

describe("the alias limit", () => {
  // 16 aliases of each meta field: one over the limit of 15 each time.
  const overLimit = [
    ["__typename", Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(" ")],
    ["__schema", Array.from({ length: 16 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(" ")],
    ["__type", Array.from({ length: 16 }, (_, i) => `y${i}: __type(name: "Room") { name }`).join(" ")],
    ["a field", Array.from({ length: 16 }, (_, i) => `m${i}: me { id }`).join(" ")],
    [
      "__typename nested and in a fragment",
      `query { me { ...F } } fragment F on User { ${Array.from({ length: 16 }, (_, i) => `n${i}: __typename`).join(" ")} }`,
    ],
  ];
  const atLimit = `{ ${Array.from({ length: 15 }, (_, i) => `t${i}: __typename`).join(" ")} }`;
  const document = (selection: string) => (selection.startsWith("query") ? selection : `{ ${selection} }`);

  it("counts every alias over HTTP, those of __typename and the other meta fields included", async () => {
    const { client } = await signUp(api.client);
    for (const [name, selection] of overLimit) {
      const answer = await client.request(document(selection!));
      expect({ name, errors: answer.errors }).toEqual({
        name,
        errors: [
          expect.objectContaining({
            message: "Aliases limit of 15 exceeded, found 16.",
            extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED" }),
          }),
        ],
      });
    }
    const fine = await client.request(atLimit);
    expect(fine.errors).toBeUndefined();
    expect(Object.keys(fine.data as object)).toHaveLength(15);
  });

  it("counts every alias over the socket, those of __typename and the other meta fields included", async () => {
    const { token } = await signUp(api.client);
    const socket = wsClient(api.wsUrl, token);
    try {
      for (const [name, selection] of overLimit) {
        const run = collect(socket, document(selection!) as never, {});
        await run.settled();
        expect({ name, events: run.events, errors: JSON.stringify(run.errors) }).toEqual({
          name,
          events: [],
          errors: expect.stringContaining("Aliases limit of 15 exceeded, found 16."),
        });
        expect(JSON.stringify(run.errors)).toContain("GRAPHQL_VALIDATION_FAILED");
      }
      const fine = collect(socket, atLimit as never, {});
      await fine.until(1);
      expect(Object.keys(fine.events[0] as object)).toHaveLength(15);
    } finally {
      await socket.dispose();
    }
  });
});
