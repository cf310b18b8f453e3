import { describe, expect, it } from "vitest";
import { effectScope, ref } from "vue";
import type { ReviewMessage } from "../moderation/queue.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { BOB, moderationEvent, reviewMessage } from "../testing/fixtures.ts";
import { useModerationDeciders } from "./useModerationDeciders.ts";
import { useModerationEvents } from "./useModerationEvents.ts";

const latest = (toStatus: string, moderator: typeof BOB | null) => ({
  data: { moderationDecisions: { edges: [{ node: { id: "d1", toStatus, moderator } }] } },
});

function start(fake: FakeTransport, messages: ReviewMessage[]) {
  const list = ref(messages);
  const scope = effectScope();
  const result = scope.run(() => {
    const events = useModerationEvents({ transport: fake.transport });
    return { events, deciders: useModerationDeciders(list, { transport: fake.transport, events }) };
  });
  if (!result) throw new Error("no deciders");
  return { ...result, list };
}

describe("useModerationDeciders", () => {
  it("asks the audit log who approved or rejected a message, once per version; never for a flag", async () => {
    const fake = new FakeTransport((operation, variables) =>
      operation === "LatestDecision"
        ? variables["messageId"] === "m1"
          ? latest("APPROVED", null)
          : latest("APPROVED", BOB)
        : { data: null },
    );
    const auto = reviewMessage(1, { moderationStatus: "APPROVED", moderatedAt: "t1" });
    const human = reviewMessage(2, { moderationStatus: "APPROVED", moderatedAt: "t2" });
    const flagged = reviewMessage(3);
    const { deciders, list } = start(fake, [auto, human, flagged]);
    await settle();
    expect(deciders.decidedBy(auto)).toEqual({ moderator: null });
    expect(deciders.decidedBy(human)).toEqual({ moderator: BOB });
    expect(deciders.decidedBy(flagged)).toBeUndefined();
    const asked = () => fake.calls.filter((call) => call.operation === "LatestDecision").map((call) => call.variables);
    expect(asked()).toEqual([{ messageId: "m1" }, { messageId: "m2" }]);

    list.value = [...list.value]; // a live change elsewhere in the queue: nothing asked again
    await settle();
    expect(asked()).toHaveLength(2);
  });

  it("takes who decided from a live decision, without asking; an answer about another version is not used", async () => {
    const fake = new FakeTransport(() => latest("REJECTED", null));
    const approved = reviewMessage(1, { moderationStatus: "APPROVED", moderatedAt: "t1" });
    const { deciders, events } = start(fake, [approved]);
    await settle();
    expect(deciders.decidedBy(approved)).toBeUndefined(); // the audit log has moved on since this version
    fake.connect();
    const decided = reviewMessage(4, { moderationStatus: "REJECTED", moderatedAt: "t4" });
    fake.subscriptions[0]?.next({
      moderationEvents: moderationEvent("DECISION", decided, {
        moderator: BOB,
        decision: { id: "d4", createdAt: "t4", fromStatus: "FLAGGED", toStatus: "REJECTED", reason: "" },
      }),
    });
    expect(deciders.decidedBy(decided)).toEqual({ moderator: BOB });
    expect(events.state.value).toBe("live");
  });
});
