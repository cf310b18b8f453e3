import { CombinedError } from "@urql/core";
import { describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import type { QueueFilter, ReviewMessage } from "../moderation/queue.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { reviewMessage } from "../testing/fixtures.ts";
import { useModerationEvents } from "./useModerationEvents.ts";
import { useModerationQueue } from "./useModerationQueue.ts";

const page = (items: ReviewMessage[], hasNextPage = false) => ({
  data: {
    moderationQueue: {
      edges: items.map((node) => ({ node })),
      pageInfo: { hasNextPage, endCursor: hasNextPage ? `after-${items.at(-1)?.id}` : null },
    },
  },
});
const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

function start(fake: FakeTransport, filter = ref<QueueFilter>({ status: "FLAGGED", roomId: null })) {
  const scope = effectScope();
  const result = scope.run(() => {
    const events = useModerationEvents({ transport: fake.transport });
    return { events, queue: useModerationQueue(filter, { transport: fake.transport, events }) };
  });
  if (!result) throw new Error("no queue");
  return { ...result, filter, scope };
}

describe("useModerationQueue", () => {
  it("loads the queue for its filter, and again (dropping the old answer) when the filter changes", async () => {
    const fake = new FakeTransport((operation, variables) =>
      operation === "ModerationQueue"
        ? page(variables["status"] === "FLAGGED" ? [reviewMessage(1)] : [reviewMessage(5, { reportCount: 1 })])
        : { data: null },
    );
    const { queue, filter } = start(fake);
    await settle();
    expect(ids(queue.items.value)).toEqual(["m1"]);
    expect(fake.calls[1]).toMatchObject({
      operation: "ModerationQueue",
      variables: { status: "FLAGGED", roomId: null },
    });
    filter.value = { status: "REPORTED", roomId: "r1" };
    await settle();
    expect(ids(queue.items.value)).toEqual(["m5"]);
    expect(fake.calls.at(-1)?.variables).toMatchObject({ status: "REPORTED", roomId: "r1" });
  });

  it("follows live events: new flags join, anyone's decisions leave, selection forgets them", async () => {
    const fake = new FakeTransport(() => page([reviewMessage(1), reviewMessage(2)]));
    const { queue } = start(fake);
    await settle();
    queue.selectAll(true);
    const stream = fake.subscriptions[0];
    stream?.next({ moderationEvents: { kind: "FLAGGED", at: "x", message: reviewMessage(3) } });
    stream?.next({
      moderationEvents: { kind: "DECISION", at: "x", message: reviewMessage(1, { moderationStatus: "APPROVED" }) },
    });
    expect(ids(queue.items.value)).toEqual(["m2", "m3"]);
    expect(queue.selected.value).toEqual(["m2"]);
  });

  it("decides on the selection in one request; a refusal keeps it, with the reason in words", async () => {
    let refuse = true;
    const fake = new FakeTransport((operation, variables) => {
      if (operation === "ModerationQueue") return page([reviewMessage(1), reviewMessage(2), reviewMessage(3)]);
      if (refuse)
        return {
          error: new CombinedError({
            graphQLErrors: [
              { message: "Cannot approve: message 2 is already approved.", extensions: { code: "BAD_USER_INPUT" } },
            ],
          }),
        };
      const { input } = variables as { input: { messageIds: string[] } };
      return {
        data: {
          moderateMessages: input.messageIds.map((id) =>
            reviewMessage(Number(id.slice(1)), { moderationStatus: "APPROVED" }),
          ),
        },
      };
    });
    const { queue } = start(fake);
    await settle();
    queue.select("m1", true);
    queue.select("m3", true);
    expect(await queue.decide("APPROVE", "  fine  ")).toBe("Cannot approve: message 2 is already approved.");
    expect(queue.selected.value).toEqual(["m1", "m3"]);
    refuse = false;
    expect(await queue.decide("APPROVE", "fine")).toBeNull();
    expect(fake.calls.at(-1)?.variables).toEqual({
      input: {
        messageIds: ["m1", "m3"],
        versions: [
          { messageId: "m1", editedAt: null },
          { messageId: "m3", editedAt: null },
        ],
        action: "APPROVE",
        reason: "fine",
      },
    });
    expect(ids(queue.items.value)).toEqual(["m2"]);
    expect(queue.selected.value).toEqual([]);
  });

  it("names the version shown; when it was edited since, reloads the queue to show the new text", async () => {
    const edited = "2026-11-21T09:30:00.000Z";
    let listed = [reviewMessage(1, { text: "darn it", editedAt: edited }), reviewMessage(2)];
    const fake = new FakeTransport((operation) => {
      if (operation === "ModerationQueue") return page(listed);
      return {
        error: new CombinedError({
          graphQLErrors: [
            {
              message: "Message 2 was edited after you looked at it; review the new text.",
              extensions: { code: "CONFLICT" },
            },
          ],
        }),
      };
    });
    const { queue } = start(fake);
    await settle();
    queue.selectAll(true);
    listed = [listed[0]!, reviewMessage(2, { text: "something worse", editedAt: "2026-11-21T09:31:00.000Z" })];
    expect(await queue.decide("APPROVE", "")).toBe("Message 2 was edited after you looked at it; review the new text.");
    expect(fake.calls.find((call) => call.operation === "ModerateMessages")?.variables).toMatchObject({
      input: {
        versions: [
          { messageId: "m1", editedAt: edited },
          { messageId: "m2", editedAt: null },
        ],
      },
    });
    await settle();
    expect(queue.items.value.map((item) => item.text)).toEqual(["darn it", "something worse"]);
    expect(queue.selected.value).toEqual(["m1", "m2"]);
  });

  it("loads more pages after the cursor, and reloads quietly when the stream resumes", async () => {
    const fake = new FakeTransport((_operation, variables) =>
      variables["after"] ? page([reviewMessage(3)]) : page([reviewMessage(1), reviewMessage(2)], true),
    );
    const { queue } = start(fake);
    await settle();
    expect(queue.hasMore.value).toBe(true);
    // Not everything is loaded: a new flag belongs after what is shown, so it waits for "Load more".
    fake.subscriptions[0]?.next({ moderationEvents: { kind: "FLAGGED", at: "x", message: reviewMessage(9) } });
    expect(ids(queue.items.value)).toEqual(["m1", "m2"]);
    await queue.loadMore();
    expect(fake.calls.at(-1)?.variables).toMatchObject({ after: "after-m2" });
    expect(ids(queue.items.value)).toEqual(["m1", "m2", "m3"]);
    expect(queue.hasMore.value).toBe(false);
  });

  it("reloads quietly now and then (a message held by pre-moderation has no event)", async () => {
    vi.useFakeTimers();
    try {
      let held = [reviewMessage(1, { moderationStatus: "PENDING" })];
      const fake = new FakeTransport(() => page(held));
      const { queue, scope } = start(fake, ref<QueueFilter>({ status: "PENDING", roomId: null }));
      await settle();
      expect(ids(queue.items.value)).toEqual(["m1"]);
      held = [...held, reviewMessage(2, { moderationStatus: "PENDING" })];
      await vi.advanceTimersByTimeAsync(20_000);
      expect(ids(queue.items.value)).toEqual(["m1", "m2"]);
      scope.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("says what a decision did; a rejection's Undo restores the same messages, as the rejection left them", async () => {
    const fake = new FakeTransport((operation, variables) => {
      if (operation === "ModerationQueue") return page([reviewMessage(1), reviewMessage(2), reviewMessage(3)]);
      const { input } = variables as { input: { messageIds: string[]; action: string } };
      const status = input.action === "REJECT" ? "REJECTED" : "APPROVED";
      const decided = input.messageIds.map((id) =>
        reviewMessage(Number(id.slice(1)), { moderationStatus: status, moderatedAt: `at-${input.action}` }),
      );
      return { data: { moderateMessages: decided } };
    });
    const { queue } = start(fake);
    await settle();
    queue.select("m1", true);
    queue.select("m3", true);
    expect(await queue.decide("REJECT", "spam")).toBeNull();
    expect(ids(queue.items.value)).toEqual(["m2"]);
    expect(queue.outcome.notice.value?.text).toBe("Rejected 2 messages");

    await queue.outcome.undo();
    expect(fake.calls.at(-1)).toEqual({
      operation: "ModerateMessages",
      variables: {
        input: {
          messageIds: ["m1", "m3"],
          versions: [
            { messageId: "m1", editedAt: null },
            { messageId: "m3", editedAt: null },
          ],
          action: "RESTORE",
          reason: "Undo",
        },
      },
    });
    expect(queue.outcome.notice.value).toMatchObject({ text: "Restored 2 messages", undo: null });

    // One row's own decision (its buttons, a shortcut) leaves the selection alone; an approval has no Undo.
    queue.select("m2", false);
    expect(await queue.decide("APPROVE", "", ["m2"])).toBeNull();
    expect(fake.calls.at(-1)?.variables).toMatchObject({ input: { messageIds: ["m2"], action: "APPROVE" } });
    expect(queue.outcome.notice.value).toMatchObject({ text: "Approved 1 message", undo: null });
  });
});
