import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { findHarassment } from "../src/moderation/harassment.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set.
const found = (text: string) => findHarassment(foldForMatching(text)).map((hit) => hit.term);

describe("put-downs with no insulting word", () => {
  it.each([
    "ur essay reads like a 6 year old wrote it",
    "you argue like a toddler, every single time",
    "you talk like someone who dropped out of primary school",
    "you've got no actual friends, that's why you're online all day",
    "no wonder nobody dates you",
    "no wonder you're still single lol",
    "your parents must be deeply ashamed",
    "this server was way more fun before you showed up",
    "do us all a favour and log off",
    "everyone ignore whatever she posts and gang up on her if she argues",
    "imagine being forty and still begging for likes",
    "ok fatso, sit down",
    "my nephew codes better than you and he's seven",
    "that logo is almost as good as what my 4 yr old makes",
    "hush, the adults are talking",
    "did you lose a bet with that haircut",
    "the size of his nose in that selfie 😭",
    "is that ur real face or a filter",
    "she always smells like wet dog",
    "your grammar is surprisingly good for someone from there",
    "did your mom dress you this morning",
    "so brave of him to wear that on stream",
    "is he gonna cry to the mods again",
    "somebody tell kai that his mixtape is boring",
    "he's like forty and still living in his gaming chair",
    "imagine having two viewers and calling yourself a content creator",
    "his drawing looks like he did it with his elbows",
    "lecturing us about discipline, for someone with your grades?",
    "didnt your boyfriend dump you last week",
  ])("finds one in %s", (text) => {
    expect(found(text)).toEqual(["put-down aimed at someone"]);
    const verdict = assess(text, defaultPolicy);
    expect(verdict.status).not.toBe("APPROVED");
    expect(verdict.reasons).toContain("harassment of another person");
  });

  it.each([
    "my cousin draws like a five year old and is proud of it",
    "you have no idea how much that helped",
    "you have no life, 300 hours in a week lol",
    "no wonder you're tired, you worked a double shift",
    "your parents must be so proud of you",
    "why are you even still in this guild? thought you quit",
    "fatty acids are good for you",
    "the chart would look better off-centre",
    "it was nicer before the rain started",
    "do me a favour and pass the salt",
    "imagine being on holiday right now",
    "the recipe says fatty cuts work best",
    "my little sister draws better than me lol",
    "imagine being 80 and still running marathons, legend",
    "she still lives with her parents at 25 to save money, smart",
    "the kitchen smells like garbage again, who forgot the bin",
    "look at the size of that pizza",
    "did your mom make that cake? it looks amazing",
    "someone tell kai the stream starts at 8",
  ])("finds none in %s", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("is banter beside affection said outright, as contempt in another language is", () => {
    expect(assess("you type like a toddler, love you tho ❤", defaultPolicy).status).toBe("APPROVED");
  });
});

describe("sexual remarks and requests made to someone", () => {
  it.each([
    "so what's ur bra size",
    "cute dress, would look even better with it off 😏",
    "you'd look way better with the shirt off",
    "take the top off for us next time",
    "send me pics of you in your bikini",
    "wear something a bit tighter on stream tomorrow",
    "what are you wearing right now",
    "nice cleavage in that photo babe",
  ])("finds one in %s", (text) => {
    expect(found(text)).toEqual(["sexual remark to someone"]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "that shelf would look better off the floor",
    "take it off the heat next time, it burns",
    "send me pics of your garden!",
    "what are you wearing to the wedding?",
    "nice thighs recipe, the marinade was great",
  ])("finds none in %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});
