import { describe, expect, it } from "vitest";
import { otherLanguage } from "../src/moderation/language.ts";
import { moderate } from "../src/moderation/moderate.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";
import { reportedQuotations } from "../src/moderation/reported-speech.ts";
import { languageHints } from "../src/moderation/terms.ts";

/** How the rules read each word they found: mentioned (and how) or used, counted or not. */
const readings = (text: string) =>
  moderate(text, defaultPolicy).matchedTerms.map(({ term, mention, counted }) => ({ term, mention, counted }));

describe("a listed word mentioned, not used", () => {
  it("is quoted or reported when held up in a short quotation or after a reporting phrase", () => {
    for (const text of [
      "The word 'tranny' is a slur, please don't use it here",
      "someone in general called me a bitch, can a mod look?",
      'he keeps typing "kike" in chat, reported',
      "slurs like chink have a long history",
      "Calling her a “hoe” because she disagreed is why people leave",
      "just so everyone knows, dyke is a slur when it's thrown at someone",
      "my sister got called a whore on the bus today and nobody said a word",
      "some guy in vc told my brother to kys, can a mod ban him",
      "nobody should ever get told to kys for losing a match",
    ])
      expect({ text, readings: readings(text) }).toEqual({
        text,
        readings: [
          expect.objectContaining({ mention: expect.stringMatching(/^(?:quoted|reported)$/), counted: false }),
        ],
      });
  });

  it("is used when said to the person addressed, or in a long quotation passed on", () => {
    for (const text of [
      "you're a 'faggot' and everyone knows it",
      "you absolute bitch",
      '"@jay: these hoes are all the same, every one of them" so true',
      "use coconut oil faggot",
    ])
      expect({ text, readings: readings(text) }).toEqual({
        text,
        readings: [expect.objectContaining({ mention: null, counted: true })],
      });
  });

  it("is part of a name when capitalised inside a sentence, in a longer word or next to another capital", () => {
    for (const text of ["Fireworks on Plymouth Hoe tonight!", "Anyone been to Bitche in Lorraine?"])
      expect({ text, readings: readings(text) }).toEqual({
        text,
        readings: [expect.objectContaining({ mention: "name", counted: false })],
      });
    // Capitals that say nothing: a sentence's first word, a lone capitalised insult, Title Case.
    for (const text of ["Bitches be crazy", "shut up Bitch", "Shut Up You Dumb Bitch Nobody Cares"])
      expect({ text, readings: readings(text) }).toEqual({
        text,
        readings: [expect.objectContaining({ mention: null, counted: true })],
      });
  });

  it("is a word of the message's language when the message is clearly in it", () => {
    for (const text of [
      "Nå er det slutt på ferien, i morgen er det jobb igjen",
      // "skikkelig" (really) holds a slur's letters and is no use of it.
      "Festen var slutt, men det var skikkelig gøy",
      "Hoe oud ben je eigenlijk?",
      "Die Jacke ist mir zu dick für den Sommer",
    ])
      expect({ text, readings: readings(text) }).toEqual({
        text,
        readings: [expect.objectContaining({ mention: "another language", counted: false })],
      });
    // English, or said to someone: the English word.
    expect(readings("you are such a slut")).toEqual([expect.objectContaining({ mention: null, counted: true })]);
    expect(readings("hoe oud? you dirty hoe")).toEqual([expect.objectContaining({ mention: null, counted: true })]);
  });
});

describe("otherLanguage", () => {
  it("names a clearly foreign message's language, and asks the detector only with a hint word", () => {
    expect(otherLanguage("Nå er det slutt på ferien, i morgen er det jobb igjen", languageHints)).toBe("no");
    expect(otherLanguage("Hoe oud ben je eigenlijk?", languageHints)).toBe("nl");
    expect(otherLanguage("these hoes are not loyal", languageHints)).toBeNull();
    // No hint word: English without asking, whatever the detector would say.
    expect(otherLanguage("Ratchet hoes.", languageHints)).toBeNull();
  });
});

describe("someone else's words quoted to report or condemn them", () => {
  const spans = (text: string) => {
    const folded = foldForMatching(text);
    return reportedQuotations(folded).map(([from, to]) => folded.slice(from, to));
  };

  it("are reported, whatever their length or whom they address, when the message condemns them", () => {
    for (const [text, quoted] of [
      ['People who post stuff like "you are just a dyke to me" get blocked here.', "you are just a dyke to me"],
      [
        "Quoting it for the mods: 'go back where you came from, nobody wants you'. That's harassment.",
        "go back where you came from, nobody wants you",
      ],
      ['She was banned for writing "all of them should be shot", good.', "all of them should be shot"],
      ['If you get "kys" messages, block and report them.', "kys"],
      ['Leute, die mir Nachrichten wie "du bist ein Spast" schicken, werden blockiert.', "du bist ein spast"],
    ] as const) {
      expect(spans(text)).toEqual([quoted]);
      for (const term of moderate(text, defaultPolicy).matchedTerms)
        expect({ text, term: term.term, mention: term.mention }).toEqual({
          text,
          term: term.term,
          mention: "reported",
        });
    }
  });

  it("are read as they are when retold without condemnation, said by the writer, or said to the addressee", () => {
    for (const text of [
      'my uncle always says "never trust a bitch" lol',
      'I\'ll say it and get banned: "they are all animals"',
      'report me then, you are a "dyke"',
      'this is abuse: "you are worthless"',
    ])
      expect({ text, spans: spans(text) }).toEqual({ text, spans: [] });
  });
});
