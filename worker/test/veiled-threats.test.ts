import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { moderate } from "../src/moderation/moderate.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";
import { findVeiledThreats } from "../src/moderation/veiled-threats.ts";

// Sentences written for this test; none is taken from the adversarial set.
const found = (text: string) => findVeiledThreats(foldForMatching(text)).map((hit) => hit.excerpt);
const threatsIn = (text: string) =>
  moderate(text, defaultPolicy)
    .matchedTerms.filter((term) => term.category === "threat" && term.counted)
    .map((term) => term.term);

describe("menace said as regret, knowledge or what happens to people", () => {
  it.each([
    "Nice bike. It'd be a shame if anything happened to you",
    "would be a real pity if your shop burned down",
    "we know which school your kids go to",
    "shame if somebody shoved you off the platform one night",
    "I know where your wife works, just so you know",
    "bad things happen to people who talk too much",
    "people like you tend to end up in a ditch",
    "sería una lástima que te pasara algo",
    "seria uma pena se alguma coisa acontecesse com a sua família",
    "ce serait dommage que quelque chose t'arrive",
    "Wäre schade, wenn deinem Auto etwas passiert",
    "sarebbe un peccato se succedesse qualcosa alla tua macchina",
    "het zou jammer zijn als er iets met je auto gebeurt",
    "sé dónde vives",
    "ich weiß, wo ihr wohnt",
    "keep an eye on your daughter, you never know what might happen",
    "keep talking and you'll be found in a canal",
    "cuida bien a tus hijos, nunca se sabe",
    "fais attention à tes enfants, on ne sait jamais",
    "pass gut auf deine Kinder auf, man weiß nie",
    "stai attenta ai tuoi figli, non si sa mai",
    "pas goed op je dochter, je weet nooit wat er kan gebeuren",
    "sigue así y vas a aparecer en una cuneta",
    "remember what happened to the last mod who banned me",
    "we've got your ip, sleep well",
    "i've got a knife and no patience left, try me",
    "i'm gonna deal with him myself with a crowbar",
    "next time u kick me from the lobby im gonna find you",
  ])("finds it in %s", (text) => {
    expect(found(text)).toHaveLength(1);
    expect(threatsIn(text)).toEqual(["intimidation"]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it("reads its punctuation as the sentence's, not a disguise", () => {
    const [threat] = moderate("Accidents happen. Mostly to people who snitch.", defaultPolicy).matchedTerms;
    expect(threat).toMatchObject({ term: "intimidation", disguised: false, counted: true });
  });

  it.each([
    "accidents happen, don't worry about the vase",
    "it would be a shame if the match got cancelled",
    "sería una pena que le pasara algo, es tan buena persona",
    "ich weiß, wo du das Buch gekauft hast",
    "I know where you got that hoodie",
    "people like you make this server great",
    "people like you get hurt most by these prices",
    "people like you get your hair cut at that place",
    "I know where you go to get the good coffee",
    "schade, dass du nicht kommen kannst",
    "não sei onde tu moras agora, manda a localização",
    "non so dove abiti adesso, mandami la posizione",
    "watch your kids near the pool, you never know",
    "take care of your dog in this heat, accidents happen fast",
    "the ferry leaves at nine, you'll turn up in the harbour by noon",
    "si sigues este sendero vas a acabar en el río",
    "pas op je telefoon in de trein",
    "remember what happened to the last season of that show?",
    "i have your address for the wedding invitations",
    "i'll deal with it myself with a hammer and some nails, the shelf is easy",
    "next time you visit i'm coming to your house with pizza",
    "next time you visit i'll find you a better hotel",
  ])("leaves %s alone", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("self-harm urged in so many words", () => {
  it.each([
    "have you ever thought about ending it?",
    "did you consider ending your own life, honestly",
    "ropes are cheap, think about it",
    "just buy a rope",
    "you should take all your pills at once",
  ])("finds it in %s", (text) => {
    expect(threatsIn(text)).toEqual(["kill yourself"]);
  });

  it.each([
    "have you considered ending it with him?",
    "the rope is cheap at the hardware store",
    "get a rope for the tent",
    "make sure you take all your pills, the doctor said so",
  ])("leaves %s alone", (text) => {
    expect(threatsIn(text)).toEqual([]);
  });
});

describe("someone's routine or door known, or them followed", () => {
  it.each([
    "i know what train you catch every morning",
    "we know which house is yours",
    "i followed you home from the station",
    "i've been watching you sleep",
  ])("finds it in %s", (text) => {
    expect(found(text)).toHaveLength(1);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each(["i know what you mean", "i followed you on twitch ages ago", "i know which bus goes to the stadium"])(
    "finds nothing in %s",
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});
