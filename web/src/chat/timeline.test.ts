import { describe, expect, it } from "vitest";
import { ALICE, added, BOB, message } from "../testing/fixtures.ts";
import {
  applyEvent,
  classifyEvent,
  emptyTimeline,
  mergeHistory,
  messagesAfter,
  type Timeline,
  upsertMessage,
  withAppeal,
} from "./timeline.ts";

const seqs = (timeline: Timeline) => timeline.messages.map((each) => each.seq);
const applyAll = (start: Timeline, events: ReturnType<typeof added>[]) =>
  events.reduce((timeline, event) => applyEvent(timeline, event).timeline, start);

describe("classifyEvent", () => {
  it("accepts only the next seq, ignores what was seen, and spots gaps", () => {
    expect(classifyEvent(4, 5)).toBe("applied");
    expect(classifyEvent(4, 4)).toBe("duplicate");
    expect(classifyEvent(4, 1)).toBe("duplicate");
    expect(classifyEvent(4, 6)).toBe("gap");
  });
});

describe("applyEvent", () => {
  it("adds messages in order and advances lastSeq", () => {
    const timeline = applyAll(emptyTimeline(0), [added(1), added(2), added(3)]);
    expect(seqs(timeline)).toEqual([1, 2, 3]);
    expect(timeline.lastSeq).toBe(3);
  });

  it("never shows a message twice when a resumed stream repeats events", () => {
    const first = applyAll(emptyTimeline(0), [added(1), added(2)]);
    const again = applyAll(first, [added(1), added(2), added(3)]);
    expect(seqs(again)).toEqual([1, 2, 3]);
  });

  it("leaves the timeline alone on a gap, so the caller can resume from lastSeq", () => {
    const timeline = applyAll(emptyTimeline(0), [added(1)]);
    const result = applyEvent(timeline, added(3));
    expect(result.outcome).toBe("gap");
    expect(result.timeline).toBe(timeline);
  });

  it("applies edits, deletions and moderation by message id, keeping its place", () => {
    let timeline = applyAll(emptyTimeline(0), [added(1), added(2)]);
    const edited = { ...message(1), text: "fixed", editedAt: "2026-11-21T10:00:00Z" };
    timeline = applyEvent(timeline, { seq: 3, kind: "MESSAGE_EDITED", message: edited }).timeline;
    const flagged = { ...edited, moderationStatus: "FLAGGED" as const };
    timeline = applyEvent(timeline, { seq: 4, kind: "MESSAGE_MODERATED", message: flagged }).timeline;
    const deleted = { ...message(2), text: null, deletedAt: "2026-11-21T10:01:00Z" };
    timeline = applyEvent(timeline, { seq: 5, kind: "MESSAGE_DELETED", message: deleted }).timeline;
    expect(timeline.messages.map((each) => [each.id, each.text, each.moderationStatus])).toEqual([
      ["m1", "fixed", "FLAGGED"],
      ["m2", null, "APPROVED"],
    ]);
    expect(timeline.lastSeq).toBe(5);
  });
});

describe("upsertMessage", () => {
  it("replaces by id and inserts by seq", () => {
    const list = upsertMessage(upsertMessage([message(1), message(5)], message(3)), { ...message(5), text: "new" });
    expect(list.map((each) => [each.seq, each.text])).toEqual([
      [1, "message 1"],
      [3, "message 3"],
      [5, "new"],
    ]);
  });

  it("keeps whether the viewer reported it when a live event's copy (which does not say) replaces it", () => {
    const reported = upsertMessage([message(1, { viewerHasReported: true })], { ...message(1), text: "edited" });
    expect(reported.map((each) => [each.text, each.viewerHasReported])).toEqual([["edited", true]]);
    // A copy that says (a report's answer, a history page) is taken as it is.
    const answered = upsertMessage([message(1, { viewerHasReported: false })], message(1, { viewerHasReported: true }));
    expect(answered[0]?.viewerHasReported).toBe(true);
    const unknown = upsertMessage([message(1)], message(1));
    expect(unknown[0] && "viewerHasReported" in unknown[0]).toBe(false);
  });
});

describe("mergeHistory", () => {
  it("puts an older page before the newer messages, sorted", () => {
    const timeline = mergeHistory(emptyTimeline(10), [message(10), message(9), message(8)]);
    const merged = mergeHistory(timeline, [message(7), message(6)]);
    expect(seqs(merged)).toEqual([6, 7, 8, 9, 10]);
    expect(merged.lastSeq).toBe(10);
  });

  it("keeps the copy it already has (from an event) over a page's older copy", () => {
    const timeline = mergeHistory(emptyTimeline(2), [{ ...message(2), text: "edited live" }]);
    const merged = mergeHistory(timeline, [message(2), message(1)]);
    expect(merged.messages.map((each) => each.text)).toEqual(["message 1", "edited live"]);
  });

  it("takes from the page's copy only whether the viewer reported it, which events do not say", () => {
    const timeline = applyEvent(emptyTimeline(4), {
      seq: 5,
      kind: "MESSAGE_EDITED",
      message: message(2, { text: "edited" }),
    });
    const merged = mergeHistory(timeline.timeline, [
      message(2, { viewerHasReported: true }),
      message(1, { viewerHasReported: false }),
    ]);
    expect(merged.messages.map((each) => [each.text, each.viewerHasReported])).toEqual([
      ["message 1", false],
      ["edited", true],
    ]);
    expect(mergeHistory(merged, [message(2, { viewerHasReported: true })])).toBe(merged);
  });
});

describe("messagesAfter", () => {
  it("lists what arrived after a seq", () => {
    const list = [message(1), message(3, { author: BOB }), message(4)];
    expect(messagesAfter(list, 1).map((each) => each.seq)).toEqual([3, 4]);
    expect(messagesAfter(list, 4)).toEqual([]);
  });
});

describe("held for the verdict (HOLD)", () => {
  // Others get the send's event without the message (HIDDEN, no author): it takes no place in the
  // list until the verdict's event turns it visible, in its own place by seq.
  const hidden = {
    text: null,
    author: null,
    clientId: null,
    visibility: "HIDDEN" as const,
    moderationStatus: "PENDING" as const,
  };

  it("shows a held message where it was sent once it is approved, after messages sent meanwhile", () => {
    const timeline = applyAll(emptyTimeline(0), [added(1), added(2, hidden), added(3, { author: BOB })]);
    const approved = applyEvent(timeline, {
      seq: 4,
      kind: "MESSAGE_MODERATED",
      message: message(2, { text: "held then approved" }),
    }).timeline;
    expect(approved.messages.map((each) => [each.seq, each.visibility])).toEqual([
      [1, "VISIBLE"],
      [2, "VISIBLE"],
      [3, "VISIBLE"],
    ]);
    expect(approved.lastSeq).toBe(4);
  });

  it("puts it in its place by seq too when its send's event was never seen (not in history either)", () => {
    const page = mergeHistory(emptyTimeline(3), [message(3, { author: BOB }), message(1)]);
    const approved = applyEvent(page, {
      seq: 4,
      kind: "MESSAGE_MODERATED",
      message: message(2, { text: "held then approved" }),
    }).timeline;
    expect(seqs(approved)).toEqual([1, 2, 3]);
  });
});

describe("the viewer's appeal", () => {
  it("stays on the message through live events (which do not carry it), and changes when decided", () => {
    const appeal = { id: "a1", status: "OPEN" as const, decisionNote: "" };
    const start = mergeHistory(emptyTimeline(1), [message(1, { moderationStatus: "REJECTED", appeal })]);
    const restored = applyEvent(start, {
      seq: 2,
      kind: "MESSAGE_MODERATED",
      message: message(1, { moderationStatus: "APPROVED" }),
    }).timeline;
    expect(restored.messages[0]).toMatchObject({ moderationStatus: "APPROVED", appeal });
    const decided = withAppeal(restored, "m1", { ...appeal, status: "ACCEPTED" });
    expect(decided.messages[0]?.appeal?.status).toBe("ACCEPTED");
    expect(withAppeal(restored, "m9", appeal)).toBe(restored);
  });
});

describe("quotes of a changed original", () => {
  const original = message(1, { text: "lunch at noon" });
  const reply = message(2, {
    replyTo: {
      id: original.id,
      seq: 1,
      deleted: false,
      visibility: "VISIBLE",
      excerpt: "lunch at noon",
      author: ALICE,
    },
  });

  it("follow an edit, and show no more text once it is deleted or removed", () => {
    const start = { messages: [original, reply], lastSeq: 2 };
    const edited = applyEvent(start, {
      seq: 3,
      kind: "MESSAGE_EDITED",
      message: { ...original, text: "lunch at one" },
    });
    expect(edited.timeline.messages[1]?.replyTo).toMatchObject({ excerpt: "lunch at one", deleted: false });

    const removed = applyEvent(edited.timeline, {
      seq: 4,
      kind: "MESSAGE_MODERATED",
      message: { ...original, moderationStatus: "REJECTED" },
    });
    expect(removed.timeline.messages[1]?.replyTo).toMatchObject({ excerpt: null, visibility: "MASKED" });

    const deleted = applyEvent(start, {
      seq: 3,
      kind: "MESSAGE_DELETED",
      message: { ...original, text: null, deletedAt: "2026-11-21T10:00:00Z" },
    });
    expect(deleted.timeline.messages[1]?.replyTo).toMatchObject({ excerpt: null, deleted: true });
  });
});
