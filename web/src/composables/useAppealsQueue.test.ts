import { CombinedError } from "@urql/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope } from "vue";
import type { AppealRecord } from "../moderation/appeals.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { appeal } from "../testing/people.ts";
import { useAppealsQueue } from "./useAppealsQueue.ts";
import { useModerationEvents } from "./useModerationEvents.ts";

const page = (appeals: AppealRecord[]) => ({
  data: { appeals: { edges: appeals.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } },
});
const event = (kind: "APPEALED" | "APPEAL_DECIDED" | "SANCTIONED") => ({
  moderationEvents: {
    kind,
    at: "2026-11-21T10:00:00Z",
    moderator: null,
    decision: null,
    message: null,
    sanction: null,
    appeal: kind === "SANCTIONED" ? null : { id: "a9", status: "OPEN" },
  },
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(handler: ConstructorParameters<typeof FakeTransport>[0]) {
  const fake = new FakeTransport(handler);
  const scope = effectScope();
  const appeals = scope.run(() => {
    const events = useModerationEvents({ transport: fake.transport });
    return useAppealsQueue({ transport: fake.transport, events });
  });
  if (!appeals) throw new Error("no appeals");
  return { fake, appeals, scope };
}

describe("useAppealsQueue", () => {
  it("lists open appeals; an answer takes one off the list at once and says what it did", async () => {
    let open = [appeal({ id: "a1" }), appeal({ id: "a2" })];
    const { fake, appeals } = setup((operation, variables) => {
      if (operation === "OpenAppeals") return page(open);
      const { input } = variables as { input: { appealId: string; accept: boolean } };
      open = open.filter((each) => each.id !== input.appealId);
      return { data: { decideAppeal: appeal({ id: input.appealId, status: input.accept ? "ACCEPTED" : "DENIED" }) } };
    });
    await settle();
    expect(fake.calls.find((call) => call.operation === "OpenAppeals")).toEqual({
      operation: "OpenAppeals",
      variables: { first: 50, after: null },
    });
    expect(appeals.appeals.value.map((each) => each.id)).toEqual(["a1", "a2"]);

    expect(await appeals.decide(appeals.appeals.value[0]!, true, "  Fair enough  ")).toBeNull();
    expect(fake.calls.at(-1)).toEqual({
      operation: "DecideAppeal",
      variables: { input: { appealId: "a1", accept: true, note: "Fair enough" } },
    });
    expect(appeals.appeals.value.map((each) => each.id)).toEqual(["a2"]);
    expect(appeals.announcement.value).toBe("Accepted alice's appeal: the sanction is lifted.");
    expect(await appeals.decide(appeals.appeals.value[0]!, false, "")).toBeNull();
    expect(appeals.announcement.value).toBe("Denied alice's appeal.");
    expect(appeals.appeals.value).toEqual([]);
  });

  it("keeps a refusal with its appeal, in the API's words, and refuses a note over 500 characters unsent", async () => {
    const { fake, appeals } = setup((operation) =>
      operation === "OpenAppeals"
        ? page([appeal()])
        : {
            error: new CombinedError({
              graphQLErrors: [{ message: "This appeal was already answered.", extensions: { code: "CONFLICT" } }],
            }),
          },
    );
    await settle();
    const first = appeals.appeals.value[0]!;
    expect(await appeals.decide(first, true, "")).toBe("This appeal was already answered.");
    expect(appeals.errors.value).toEqual({ a1: "This appeal was already answered." });
    expect(appeals.appeals.value).toHaveLength(1);
    const sent = fake.calls.length;
    expect(await appeals.decide(first, false, "x".repeat(501))).toBe("A note is at most 500 characters.");
    expect(fake.calls).toHaveLength(sent);
  });

  it("reloads quietly when an appeal is made or answered elsewhere (a burst makes one reload), not for sanctions", async () => {
    let open = [appeal({ id: "a1" })];
    const { fake, appeals } = setup(() => page(open));
    await settle();
    const loads = () => fake.calls.filter((call) => call.operation === "OpenAppeals").length;
    expect(loads()).toBe(1);
    fake.last.next(event("SANCTIONED"));
    await vi.advanceTimersByTimeAsync(500);
    expect(loads()).toBe(1);

    open = [appeal({ id: "a1" }), appeal({ id: "a9" })];
    fake.last.next(event("APPEALED"));
    fake.last.next(event("APPEALED"));
    await vi.advanceTimersByTimeAsync(500);
    expect(loads()).toBe(2);
    expect(appeals.appeals.value.map((each) => each.id)).toEqual(["a1", "a9"]);

    open = [appeal({ id: "a9" })];
    fake.last.next(event("APPEAL_DECIDED"));
    await vi.advanceTimersByTimeAsync(500);
    expect(appeals.appeals.value.map((each) => each.id)).toEqual(["a9"]);
  });
});
