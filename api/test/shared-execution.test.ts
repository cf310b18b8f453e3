import { assertObjectType, type ExecutionResult, parse } from "graphql";
import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../src/auth/sessions.ts";
import { isPushable, type Pushable } from "../src/live/pushable.ts";
import { type Payload, perViewer, sharedSubscribe } from "../src/server/shared-execution.ts";

/** A schema whose payload resolvers count their calls, fed by one list of shared event objects. */
function fixture() {
  const counter = { calls: 0, origins: 0 };
  const events = [1, 2, 3].map((n) => ({ n, message: { authorId: "author" } }));
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Tick { n: Int! label(prefix: String): String! later: Int! origin: Origin! }
      type Origin { kind: String! seenBy: String! }
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
        origin: () => {
          counter.origins++;
          return {};
        },
      },
      Origin: {
        kind: () => "tick",
        seenBy: (_origin: unknown, _args: unknown, context: { viewer: Viewer }) => context.viewer.id,
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
  // SDL cannot mark a field: set the mark where the Pothos option puts it.
  assertObjectType(schema.getType("Origin")).getFields()["seenBy"]!.extensions = perViewer.extensions;
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

  it("executes once per viewer an operation that reaches a field marked perViewer, through fragments too", async () => {
    const members = ["a", "b", "c", "d"].map((id) => viewer(id));
    const subscribe = async (source: string) => {
      const { schema, counter } = fixture();
      const document = parse(source);
      const runs = await Promise.all(
        members.map((each) => sharedSubscribe({ schema, document, contextValue: { viewer: each } }, each).then(drain)),
      );
      return { runs, executions: counter.origins };
    };

    const marked = await subscribe(`subscription { ticks { ...Origin } }
      fragment Origin on Tick { origin { ... on Origin { seenBy } } }`);
    expect(marked.executions).toBe(3 * members.length);
    for (const [i, run] of marked.runs.entries())
      expect(run).toEqual([1, 2, 3].map(() => ({ ticks: { origin: { seenBy: members[i]!.id } } })));
    expect((await subscribe(`subscription { ticks { origin { kind } } }`)).executions).toBe(3);
  });
});
