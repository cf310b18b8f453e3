import { describe, expect, it } from "vitest";
import { isTyping, queueCommand } from "./shortcuts.ts";
import { statusLabel } from "./verdict.ts";

describe("who set a queued message's status", () => {
  const bob = { moderator: { id: "u-bob", username: "bob" } };
  const automatic = { moderator: null };

  it("tells the automatic moderator's verdict from a moderator's decision", () => {
    expect(statusLabel("APPROVED", automatic)).toEqual({ text: "Auto-approved", automatic: true });
    expect(statusLabel("REJECTED", automatic)).toEqual({ text: "Auto-rejected", automatic: true });
    expect(statusLabel("APPROVED", bob)).toEqual({ text: "Approved by bob", automatic: false });
    expect(statusLabel("REJECTED", bob)).toEqual({ text: "Rejected by bob", automatic: false });
  });

  it("knows a flag is always automatic, and claims nobody while who decided is not known", () => {
    expect(statusLabel("FLAGGED", undefined)).toEqual({ text: "Auto-flagged", automatic: true });
    expect(statusLabel("PENDING", undefined)).toEqual({ text: "Pending", automatic: false });
    expect(statusLabel("APPROVED", undefined)).toEqual({ text: "Approved", automatic: false });
  });
});

describe("the queue's keyboard shortcuts", () => {
  const press = (key: string, target: object | null = { tagName: "LI" }, modifiers = {}) =>
    queueCommand({
      key,
      target: target as EventTarget,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      defaultPrevented: false,
      ...modifiers,
    });

  it("maps j/k and the arrows, x, a, r, u and ? (Caps Lock or not)", () => {
    expect(["j", "ArrowDown", "k", "ArrowUp", "x", "a", "r", "u", "?", "A", "J"].map((key) => press(key))).toEqual([
      "next",
      "next",
      "previous",
      "previous",
      "select",
      "approve",
      "reject",
      "undo",
      "help",
      "approve",
      "next",
    ]);
    expect(press("b")).toBeNull();
    expect(press("Enter")).toBeNull();
  });

  it("leaves keys alone while typing, and browser shortcuts (Ctrl+R) to the browser", () => {
    expect(press("r", { tagName: "INPUT", type: "text" })).toBeNull();
    expect(press("a", { tagName: "TEXTAREA" })).toBeNull();
    expect(press("j", { tagName: "SELECT" })).toBeNull();
    expect(press("x", { tagName: "DIV", isContentEditable: true })).toBeNull();
    expect(press("r", { tagName: "LI" }, { ctrlKey: true })).toBeNull();
    expect(press("r", { tagName: "LI" }, { metaKey: true })).toBeNull();
    // A checkbox or a button takes no text: the row's own controls keep the shortcuts working.
    expect(press("x", { tagName: "INPUT", type: "checkbox" })).toBe("select");
    expect(press("a", { tagName: "BUTTON" })).toBe("approve");
    expect(isTyping({ tagName: "INPUT", type: "search" } as unknown as EventTarget)).toBe(true);
    expect(isTyping(null)).toBe(false);
  });
});
