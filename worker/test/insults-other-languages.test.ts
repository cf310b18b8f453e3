import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { findAddressedInsults } from "../src/moderation/insults-other-languages.ts";
import { moderate } from "../src/moderation/moderate.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set.
const found = (text: string) => findAddressedInsults(foldForMatching(text)).map((hit) => hit.language);

describe("contempt said to the person addressed in the six other languages", () => {
  it.each([
    ["eres tan inútil que da pena", "es"],
    ["qué feo eres", "es"],
    ["vc é muito chata e burra", "pt"],
    ["que pessoa ridícula você é", "pt"],
    ["t'es vraiment minable", "fr"],
    ["du bist echt so peinlich", "de"],
    ["wie hässlich du bist", "de"],
    ["sei proprio un deficiente", "it"],
    ["jij bent gewoon achterlijk", "nl"],
  ])("finds it in %s", (text, language) => {
    expect(found(text)).toEqual([language]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "no eres feo, tranquilo",
    "t'es pas bête, tu sais",
    "du bist nicht dumm, nur müde",
    "je bent niet lelijk hoor",
    "non sei stupido, anzi",
    "você não é burro",
    "nadie debería decirte que eres feo",
    "er hat gesagt, dass du dumm bist, ignorier ihn",
    "sei brutti giorni di pioggia",
    "t'es là ce soir ?",
  ])("leaves %s alone", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("is banter beside affection said outright, not beside laughter alone", () => {
    const contempt = (text: string) =>
      moderate(text, defaultPolicy).matchedTerms.find((term) => term.term === "contempt said to someone");
    for (const text of ["ma chérie t'es trop bête 😘", "kkkk vc é muito burro, te amo"])
      expect(contempt(text), text).toMatchObject({ mention: "banter", counted: false });
    expect(contempt("t'es trop bête mdr")).toMatchObject({ mention: null, counted: true });
  });

  it("is reported when quoted in a message that condemns it", () => {
    const text = 'Los que me manden mensajes como "eres un inútil" serán bloqueados.';
    expect(assess(text, defaultPolicy).status).toBe("APPROVED");
  });
});
