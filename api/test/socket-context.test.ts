import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Context, Services } from "../src/context.ts";
import { socketContext } from "../src/server/yoga.ts";

/** Only what a socket context reads of the services here; the loaders never reach the database in this test. */
function services(): Services {
  return { log: pino({ level: "silent" }), db: {}, env: { name: "services' own" } } as unknown as Services;
}

describe("a socket operation's context", () => {
  it("reads the services through its prototype and keeps its own fields", () => {
    const shared = services();
    const context = socketContext(shared, { requestId: "r1", clientAddress: "192.0.2.1" }) as unknown as Context;
    expect(context.env).toBe(shared.env);
    expect(context.requestId).toBe("r1");
    expect(Object.keys(context)).toEqual(["requestId", "clientAddress"]);
  });

  it("makes its logger, bound to its request id, when first read, and keeps it", () => {
    const shared = services();
    const context = socketContext(shared, { requestId: "r2" }) as unknown as Context;
    expect(Object.hasOwn(context, "log")).toBe(false);
    const log = context.log;
    expect(log).not.toBe(shared.log);
    expect(log.bindings()).toMatchObject({ requestId: "r2" });
    expect(context.log).toBe(log);
    expect(Object.hasOwn(context, "log")).toBe(true);
    // Another operation's logger is its own.
    const other = socketContext(shared, { requestId: "r3" }) as unknown as Context;
    expect(other.log.bindings()).toMatchObject({ requestId: "r3" });
  });

  it("makes each loader once, when first read, per operation", () => {
    const shared = services();
    const [one, two] = ["a", "b"].map((id) => socketContext(shared, { requestId: id }) as unknown as Context);
    expect(Object.hasOwn(one!, "loadAuthor")).toBe(false);
    const loader = one!.loadAuthor;
    expect(typeof loader).toBe("function");
    expect(one!.loadAuthor).toBe(loader);
    expect(two!.loadAuthor).not.toBe(loader);
    expect(typeof one!.loadReadState).toBe("function");
  });
});
