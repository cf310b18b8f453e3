import { type ExecutionResult, parse } from "graphql";
import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../src/auth/sessions.ts";
import { isPushable, type Pushable } from "../src/live/pushable.ts";
import { type Payload, sharedSubscribe } from "../src/server/shared-execution.ts";

/** A schema whose payload resolver counts its calls, fed by one list of shared event objects. */
function fixture() {
  const counter = { calls: 0 };
  const events = [1, 2, 3].map((n) => ({ n, message: { authorId: "author" } }));
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Tick { n: Int! label(prefix: String): String! later: Int! }
      type Subscription { ticks(after: Int): Tick! }
    `,
    resolvers: {
      Tick: {
        label: (tick: { n: number }, args: { prefix?: string }) => {
          counter.calls++;
          return `${args.prefix ?? ""}${tick.n}`;
        },
        // Resolved asynchronously, the first event last: execution finishes out of order.
        later: (tick: { n: number }) =>
          new Promise((resolve) => setTimeout(() => resolve(tick.n), tick.n === 1 ? 50 : 0)),
      },
      Subscription: {
        ticks: {
          subscribe: async function* () {
            yield* events;
          },
          resolve: (event: unknown) => event,
        },
      },
    },
  });
  return { schema, counter };
}

const viewer = (id: string, role: Viewer["role"] = "MEMBER"): Viewer => ({
  id,
  username: id,
  role,
  sessionId: id,
  expiresAt: new Date(Date.now() + 3_600_000),
});

async function drain(payloads: Pushable<Payload> | ExecutionResult) {
  const results: unknown[] = [];
  if (!isPushable<Payload>(payloads)) throw new Error(JSON.stringify(payloads));
  await payloads.pipe((payload) => results.push((JSON.parse(payload.toString()) as ExecutionResult).data));
  return results;
}

describe("shared subscription execution", () => {
  const document = parse(
    `subscription($after: Int, $prefix: String) { ticks(after: $after) { n label(prefix: $prefix) } }`,
  );

  it("executes each event once for subscribers who differ only in source arguments", async () => {
    const { schema, counter } = fixture();
    const runs = await Promise.all(
      [0, 1, 2, 3].map((after) =>
        sharedSubscribe({ schema, document, variableValues: { after, prefix: "#" } }, viewer(`member${after}`)).then(
          drain,
        ),
      ),
    );
    for (const run of runs) expect(run).toEqual([1, 2, 3].map((n) => ({ ticks: { n, label: `#${n}` } })));
    expect(counter.calls).toBe(3);
  });

  it("executes separately for variables the payload uses and for each visibility class", async () => {
    const { schema, counter } = fixture();
    await Promise.all([
      sharedSubscribe({ schema, document, variableValues: { prefix: "a" } }, viewer("x")).then(drain),
      sharedSubscribe({ schema, document, variableValues: { prefix: "b" } }, viewer("y")).then(drain),
      sharedSubscribe({ schema, document, variableValues: { prefix: "a" } }, viewer("author")).then(drain),
      sharedSubscribe({ schema, document, variableValues: { prefix: "a" } }, viewer("mod", "MODERATOR")).then(drain),
    ]);
    expect(counter.calls).toBe(3 * 4);
  });

  it("keeps each subscriber's order when events finish executing out of order", async () => {
    const { schema } = fixture();
    const later = parse(`subscription { ticks { later } }`);
    const runs = await Promise.all(
      ["a", "b", "mod"].map((id) =>
        sharedSubscribe({ schema, document: later }, viewer(id, id === "mod" ? "MODERATOR" : "MEMBER")).then(drain),
      ),
    );
    for (const run of runs) expect(run).toEqual([1, 2, 3].map((n) => ({ ticks: { later: n } })));
  });
});
