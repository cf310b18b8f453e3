import { describe, expect, it } from "vitest";
import { onlineLabel, TypingSignal, typingSentence } from "./usePresence.ts";

describe("typingSentence", () => {
  it("names one or two typists, and counts no more names than that", () => {
    expect(typingSentence([])).toBe("");
    expect(typingSentence(["alice"])).toBe("alice is typing…");
    expect(typingSentence(["alice", "bob"])).toBe("alice and bob are typing…");
    expect(typingSentence(["alice", "bob", "carol"])).toBe("Several people are typing…");
  });

  it("labels the count online", () => {
    expect(onlineLabel(1)).toBe("1 online");
    expect(onlineLabel(12)).toBe("12 online");
  });
});

describe("TypingSignal", () => {
  function signalAt() {
    let now = 1_000;
    const sent: boolean[] = [];
    const signal = new TypingSignal(
      (typing) => sent.push(typing),
      () => now,
      2_000,
    );
    return { signal, sent, advance: (ms: number) => (now += ms) };
  }

  it("signals at the first keystroke, then at most once per period while the draft has text", () => {
    const { signal, sent, advance } = signalAt();
    signal.input("h");
    signal.input("he");
    advance(1_999);
    signal.input("hel");
    expect(sent).toEqual([true]);
    advance(1);
    signal.input("hell");
    expect(sent).toEqual([true, true]);
  });

  it("says stopped once when the draft is emptied (blank counts as empty) or the box is left", () => {
    const { signal, sent } = signalAt();
    signal.input("hi");
    signal.input("   ");
    signal.input("");
    signal.stop();
    expect(sent).toEqual([true, false]);
    signal.stop(); // never typed since: nothing to take back
    expect(sent).toEqual([true, false]);
  });

  it("says nothing after a send (the API stops it) and signals again at the next keystroke", () => {
    const { signal, sent, advance } = signalAt();
    signal.input("hello");
    advance(100);
    signal.sent();
    signal.stop();
    expect(sent).toEqual([true]);
    signal.input("n");
    expect(sent).toEqual([true, true]);
  });
});
