import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope } from "vue";
import type { AuditDecision } from "../moderation/audit.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { decision, reviewMessage } from "../testing/fixtures.ts";
import { useAuditLog } from "./useAuditLog.ts";
import { useModerationEvents } from "./useModerationEvents.ts";

const rejected = (n: number) => reviewMessage(n, { moderationStatus: "REJECTED" });
const page = (decisions: AuditDecision[]) => ({
  data: {
    moderationDecisions: {
      edges: decisions.map((node) => ({ node })),
      pageInfo: { hasNextPage: false, endCursor: null },
    },
  },
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useAuditLog", () => {
  it("restores the selected rows' messages once each, then shows the new decisions on top", async () => {
    let log = [
      decision("d2", rejected(1), { toStatus: "REJECTED" }),
      decision("d1", rejected(2), { toStatus: "REJECTED" }),
    ];
    const fake = new FakeTransport((operation, variables) => {
      if (operation === "ModerationDecisions") return page(log);
      const { input } = variables as { input: { messageIds: string[] } };
      const restored = input.messageIds.map((id) =>
        reviewMessage(Number(id.slice(1)), { moderationStatus: "APPROVED" }),
      );
      log = [...restored.map((m, i) => decision(`d${3 + i}`, m, { fromStatus: "REJECTED" })), ...log];
      return { data: { moderateMessages: restored } };
    });
    const scope = effectScope();
    const audit = scope.run(() => {
      const events = useModerationEvents({ transport: fake.transport });
      return useAuditLog(null, { transport: fake.transport, events });
    });
    if (!audit) throw new Error("no audit log");
    await settle();
    expect([...audit.restorable.value]).toEqual(["d2", "d1"]);
    audit.select("d2", true);
    expect(await audit.restore("context was fine")).toBeNull();
    expect(fake.calls.at(-1)?.variables).toEqual({
      input: {
        messageIds: ["m1"],
        versions: [{ messageId: "m1", editedAt: null }],
        action: "RESTORE",
        reason: "context was fine",
      },
    });
    expect([...audit.restorable.value]).toEqual(["d1"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(audit.decisions.value.map((each) => each.id)).toEqual(["d3", "d2", "d1"]);

    // Someone else restores the other one: its row stops offering Restore at once.
    fake.subscriptions[0]?.next({
      moderationEvents: { kind: "DECISION", at: "x", message: reviewMessage(2, { moderationStatus: "APPROVED" }) },
    });
    expect([...audit.restorable.value]).toEqual([]);
    scope.stop();
  });
});
