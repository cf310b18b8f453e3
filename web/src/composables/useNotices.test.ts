import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import type { Notice } from "../chat/notices.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { useNotices } from "./useNotices.ts";

function notice(n: number, overrides: Partial<Notice> = {}): Notice {
  return {
    id: `n${n}`,
    kind: "SANCTIONED",
    text: `Notice ${n}`,
    createdAt: new Date(Date.parse("2026-11-21T09:00:00Z") + n * 60_000).toISOString(),
    readAt: null,
    messageId: null,
    room: { id: "r1", slug: "general", name: "general" },
    sanction: null,
    ...overrides,
  };
}

/** An API holding `stored` (the unread ones come first in each answer, newest first). */
function api(stored: Notice[]) {
  return new FakeTransport((operation, variables) => {
    if (operation === "Notices") {
      const shown = variables["unreadOnly"] ? stored.filter((each) => !each.readAt) : stored;
      const edges = [...shown].reverse().map((node) => ({ node }));
      return { data: { notices: { edges }, unreadNoticeCount: stored.filter((each) => !each.readAt).length } };
    }
    if (operation === "MarkNoticesRead") return { data: { markNoticesRead: stored.length } };
    return { data: null };
  });
}

function start(fake: FakeTransport, signedIn = ref(true)) {
  const scope = effectScope();
  const notices = scope.run(() => useNotices({ signedIn: () => signedIn.value, transport: fake.transport }))!;
  return { notices, scope, signedIn };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useNotices", () => {
  it("subscribes once for the app and reads the unread notices on start, without toasts for them", async () => {
    const fake = api([notice(1), notice(2)]);
    const { notices } = start(fake);
    await settle();
    expect(fake.calls.filter((call) => call.operation === "NewNotices")).toHaveLength(1);
    expect(fake.calls.find((call) => call.operation === "Notices")?.variables).toMatchObject({ unreadOnly: true });
    expect(notices.notices.value.map((each) => each.id)).toEqual(["n2", "n1"]);
    expect(notices.unread.value).toBe(2);
    expect(notices.toasts.value).toEqual([]);
  });

  it("shows a new notice as a toast, counts it, and tells whoever listens, once", async () => {
    const fake = api([]);
    const { notices } = start(fake);
    await settle();
    fake.connect();
    expect(notices.state.value).toBe("live");
    const heard: string[] = [];
    const stop = notices.onNotice((each) => heard.push(each.id));
    fake.last.next({ notices: notice(3) });
    fake.last.next({ notices: notice(3) }); // a repeat (a replayed frame) changes nothing
    expect(notices.toasts.value.map((each) => each.id)).toEqual(["n3"]);
    expect(notices.unread.value).toBe(1);
    expect(heard).toEqual(["n3"]);
    notices.dismiss("n3");
    expect(notices.toasts.value).toEqual([]);
    expect(notices.notices.value.map((each) => each.id)).toEqual(["n3"]); // the list keeps it
    stop();
    fake.last.next({ notices: notice(4) });
    expect(heard).toEqual(["n3"]);
  });

  it("marks all read: the count goes to zero and the list keeps them, read", async () => {
    const fake = api([notice(1), notice(2)]);
    const { notices } = start(fake);
    await settle();
    expect(await notices.markRead()).toBeNull();
    expect(fake.calls.find((call) => call.operation === "MarkNoticesRead")?.variables).toEqual({});
    expect(notices.unread.value).toBe(0);
    expect(notices.notices.value.every((each) => each.readAt !== null)).toBe(true);
  });

  it("after a drop, reads again and brings what came meanwhile as new", async () => {
    const stored = [notice(1)];
    const fake = api(stored);
    const { notices } = start(fake);
    await settle();
    fake.connect();
    const heard: string[] = [];
    notices.onNotice((each) => heard.push(each.id));
    fake.last.close(1001); // a replica going away
    expect(notices.state.value).toBe("reconnecting");
    stored.push(notice(2, { kind: "SANCTION_LIFTED" })); // written while the stream was down
    vi.advanceTimersByTime(1_000);
    fake.connect();
    await settle();
    expect(notices.state.value).toBe("live");
    expect(heard).toEqual(["n2"]);
    expect(notices.toasts.value.map((each) => each.id)).toEqual(["n2"]);
    expect(notices.unread.value).toBe(2);
  });

  it("has no subscription while signed out, and starts afresh for the next person", async () => {
    const fake = api([notice(1)]);
    const { notices, signedIn } = start(fake, ref(false));
    await settle();
    expect(notices.state.value).toBe("signed-out");
    expect(fake.calls).toEqual([]);
    signedIn.value = true;
    await settle();
    expect(fake.calls.map((call) => call.operation)).toEqual(["NewNotices", "Notices"]);
    expect(notices.unread.value).toBe(1);
    signedIn.value = false;
    await settle();
    expect(fake.last.ended).toBe(true);
    expect(notices.notices.value).toEqual([]);
    expect(notices.unread.value).toBe(0);
    expect(notices.state.value).toBe("signed-out");
  });
});
