import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";
import { findThreats } from "../src/moderation/threats.ts";

// Sentences written for this test; none is taken from the adversarial set.
const threatsIn = (text: string) => findThreats(foldForMatching(text)).map((hit) => hit.term);

describe("threats with no intent word near the blow", () => {
  it.each([
    ["keep talking and i'll find you after practice and kick you senseless", "threat of violence"],
    ["someone's gonna beat u black and blue one day", "threat of violence"],
    ["one day somebody is going to stab you and i'll laugh", "threat of violence"],
    ["everybody who mocked me is next, you'll see", "threat of violence"],
    ["taking a shotgun to class on friday", "threat of violence"],
    ["the ref better watch his back", "intimidation"],
    ["watch your back.", "intimidation"],
    ["bet u enjoy hospital food, you'll be eating plenty of it", "intimidation"],
    ["run all you like, you can't hide", "intimidation"],
    ["doesn't matter where you run, i'll find you", "intimidation"],
    ["try that again and see if you get out of here alive", "intimidation"],
    ["you better be prepared to bleed", "intimidation"],
  ])("finds one in %s", (text, term) => {
    expect(threatsIn(text)).toEqual([term]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "the champ will beat you to it",
    "everyone who laughed at me is now asking for tips",
    "bringing my rifle to the range for cleaning",
    "watch your back when you deadlift, keep it straight",
    "watch your back, sniper on the roof",
    "hope you get out of the traffic in one piece",
    "you can't hide your feelings forever",
  ])("finds none in %s", (text) => {
    expect(threatsIn(text)).toEqual([]);
  });

  it("reads menace in a game's talk as the game's", () => {
    expect(assess("watch your back next round, i'm camping the bridge", defaultPolicy).status).toBe("APPROVED");
  });
});

describe("an order to self-harm, denied", () => {
  it("is support, not the order", () => {
    const text = "nobody should ever tell you to kill yourself. we're here for you";
    expect(threatsIn(text)).toEqual([]);
    expect(assess(text, defaultPolicy).status).toBe("APPROVED");
    expect(threatsIn("nobody likes you, kill yourself")).toEqual(["kill yourself"]);
  });
});
