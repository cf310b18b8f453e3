import { type ExecutionResult, parse } from "graphql";
import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../src/auth/sessions.ts";
import { sharedSubscribe } from "../src/server/shared-execution.ts";

/** A schema whose payload resolver counts its calls, fed by one list of shared event objects. */
function fixture() {
  const counter = { calls: 0 };
  const events = [1, 2, 3].map((n) => ({ n, message: { authorId: "author" } }));
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Tick { n: Int! label(prefix: String): String! }
      type Subscription { ticks(after: Int): Tick! }
    `,
    resolvers: {
      Tick: {
        label: (tick: { n: number }, args: { prefix?: string }) => {
          counter.calls++;
          return `${args.prefix ?? ""}${tick.n}`;
        },
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

const viewer = (id: string, role: Viewer["role"] = "MEMBER"): Viewer => ({ id, username: id, role, sessionId: id });

async function drain(iterator: AsyncIterableIterator<string> | ExecutionResult) {
  const results: unknown[] = [];
  if (!(Symbol.asyncIterator in iterator)) throw new Error(JSON.stringify(iterator));
  for await (const json of iterator) results.push((JSON.parse(json) as ExecutionResult).data);
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
});
