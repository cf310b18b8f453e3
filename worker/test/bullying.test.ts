import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { findBullying } from "../src/moderation/bullying.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set.
const found = (text: string) => findBullying(foldForMatching(text)).map((hit) => hit.term);

const flaggedAsHarassment = (text: string) => {
  const verdict = assess(text, defaultPolicy);
  expect(verdict.status).not.toBe("APPROVED");
  expect(verdict.reasons).toContain("harassment of another person");
};

describe("ganging up on someone", () => {
  it.each([
    "ok squad, we all ignore priyanka from now on until she finally gets the message",
    "let's spam him with clown emojis and see how long he lasts",
    "how long till marco rage quits this time, i say ten minutes",
    "lets make her leave, she's been here too long",
    "mass report ollie's clips tonight",
    "we started a secret server without fatima, shh",
    "who keeps inviting the crybaby to scrims",
    "the group was happier before she joined tbh",
    "everyone report his page until it gets deleted",
    "dont invite george to the lan, nobody wants him there",
    "whoever talks to bea at lunch gets muted from the gc",
  ])("finds it in %s", (text) => {
    expect(found(text)).toEqual(["ganging up on someone"]);
    flaggedAsHarassment(text);
  });

  it.each([
    "everyone mute the bot until it gives up spamming",
    "let's wait until she gets here to start",
    "how long until dan leaves for the airport?",
    "please stop mass reporting noel's videos, he did nothing wrong",
    "we made a new channel without the bots for tournaments",
    "the patch was better before they started nerfing everything",
    "don't invite me to the raid tonight, i have exams",
  ])("finds none in %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("exposing someone", () => {
  it.each([
    "should i leak her search history or nah",
    "got ben's old diary here, i'll read out the best bits later",
    "his address is 9 willow road btw, in case anyone is in the area",
    "she lives at 41 mill street, go say hi",
    "one more word from you and the clip goes in the main channel",
    "posting the photo of sanjay passed out at the party lol",
    "who wants to read what kim wrote to her ex last summer",
    "ha did you all hear that luca wet himself in the cinema 😂",
    "heads up, noor got held back a grade, that's why she's in our class",
  ])("finds it in %s", (text) => {
    expect(found(text)).toEqual(["exposing someone"]);
    flaggedAsHarassment(text);
  });

  it.each([
    "posting someone's address here gets you banned on sight",
    "my aunt lives at 12 hill road and the party is there",
    "poor jamal wet himself on the ride lol, hope he's ok",
    "i got held back a year and i'm fine with it lol",
    "i should post the pic of the cake, it came out great",
    "fun fact: sam got a 94 on the exam!",
  ])("finds none in %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("pursuing someone who said no", () => {
  it.each([
    "why would you block my alt account, just talk to me",
    "made another account since you blocked me",
    "i'm gonna keep texting you until you say yes",
    "you blocked me on insta so now i'm messaging you here",
    "you said no but i'm still coming over tonight",
    "hey gorgeous, stop ignoring me",
    "walked past your flat again last night, light was on",
    "saw you outside the library this morning, text me back 😏",
  ])("finds it in %s", (text) => {
    expect(found(text)).toEqual(["pursuing someone"]);
    flaggedAsHarassment(text);
  });

  it.each([
    "why did u block me lol, we were just joking",
    "saw you at the match yesterday, great goal!",
    "i'll keep trying until i beat this boss",
    "you said no but can you look at the PR once more?",
  ])("finds none in %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});

it("is set aside when quoted to report it", () => {
  expect(assess('mods, someone wrote "mass report ollie\'s clips tonight" in general', defaultPolicy).status).toBe(
    "APPROVED",
  );
});
