import { describe, expect, it } from "vitest";
import { moderate } from "../src/moderation/moderate.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set.
const statusOf = (text: string) => moderate(text, defaultPolicy).status;

describe("threats in other languages", () => {
  it.each([
    "ich bring dich um",
    "nach dem Spiel mach ich dich kalt",
    "wir machen euch fertig",
    "ich werde dich erschießen",
    "ik ga je vermoorden",
    "ik steek je neer",
    "je vais te tuer",
    "je te bute, sale type",
    "te voy a matar",
    "¡te voy a matar, cabrón!",
    "te mato cabrón",
    "ti ammazzo",
    "ti faccio fuori",
    "vou te matar",
  ])("rejects %s", (text) => {
    expect(statusOf(text)).toBe("REJECTED");
  });

  it.each([
    "ich bring dich um 8 zum Bahnhof",
    "morgen bring ich dich um 8 zur Schule",
    "ich werde dich morgen finden, wir treffen uns am Bahnhof",
    "je vais te retrouver à la gare à 8h",
    "te voy a buscar al aeropuerto",
    "vou te encontrar no shopping",
    "ik kom je ophalen",
    "je ne vais pas te tuer, promis",
    "je te frappe pas",
  ])("leaves meet-ups, lifts and negations alone: %s", (text) => {
    expect(moderate(text, defaultPolicy).matchedTerms.filter((term) => term.category === "threat")).toEqual([]);
  });

  it.each(["ti uccido a scacchi stasera ahah", "te mato en el fortnite jaja", "je vais te tuer mdr"])(
    "reads laughter in any language as banter: %s",
    (text) => {
      expect(moderate(text, defaultPolicy).matchedTerms).toEqual([
        expect.objectContaining({ category: "threat", mention: "banter", counted: false }),
      ]);
    },
  );
});

describe("telling someone to kill themselves, in other languages", () => {
  const selfHarmTerms = (text: string) =>
    moderate(text, defaultPolicy).matchedTerms.filter((term) => term.term === "kill yourself" && term.counted);

  it.each([
    "tue-toi, personne ne te regrettera",
    "va te pendre",
    "suicídate, nadie te quiere",
    "tírate de un puente",
    "vai se matar",
    "se mata logo, ninguém te aguenta",
    "impiccati, nessuno ti vuole",
    "buttati da un ponte",
    "bring dich doch einfach um",
    "häng dich auf",
    "pleeg toch zelfmoord",
    "hang jezelf op",
    // "Why don't you kill yourself?": the negation is the question's.
    "por que vc não se mata?",
    "¿por qué no te matas de una vez?",
    "pourquoi tu te suicides pas",
    "perché non ti ammazzi?",
    "warum bringst du dich nicht einfach um",
    "waarom pleeg je geen zelfmoord",
  ])("finds it in %s", (text) => {
    expect(selfHarmTerms(text)).toHaveLength(1);
    expect(statusOf(text)).not.toBe("APPROVED");
  });

  it.each([
    "ele se mata de trabalhar",
    "se mata a saudade com uma visita",
    "não se mata por isso",
    "tue-toi à la tâche et tu seras promu",
    "bring dich um acht ins Bett",
    "ik spring van een brug in het water op vakantie",
    "ich spring von der Brücke ins Wasser, herrlich",
    "hij hing zijn jas op",
    "por que você não se mata de rir com isso?",
    "por que ele não se mata de trabalhar?",
  ])("leaves reports, idioms and first persons alone: %s", (text) => {
    expect(selfHarmTerms(text)).toEqual([]);
  });
});
