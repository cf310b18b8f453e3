import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { findGroupAttacks } from "../src/moderation/group-attacks.ts";
import { moderate } from "../src/moderation/moderate.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set.
const attacksIn = (text: string) => findGroupAttacks(foldForMatching(text)).map((hit) => hit.term);
const counted = (text: string) =>
  moderate(text, defaultPolicy).matchedTerms.filter((term) => term.category === "slur" && term.counted);

describe("a group called vermin, animals or filth", () => {
  it.each([
    "refugees are cockroaches",
    "those muslims are nothing but parasites",
    "los gitanos son ratas",
    "les arabes sont des cafards",
    "Flüchtlinge sind Ratten",
    "os ciganos são uma praga",
    "gli zingari sono feccia",
    "de buitenlanders zijn allemaal ongedierte",
    "migrants are a virus",
    "os gays são uma doença",
    "romanian workers are parasites",
    "gay people are a disease",
  ])("finds it in %s", (text) => {
    expect(attacksIn(text)).toEqual(["dehumanising a group"]);
    expect(counted(text)).toHaveLength(1);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });
});

describe("a call to throw a group out", () => {
  it.each(["Muslime raus!", "migrants out.", "fuera inmigrantes", "Dehors les juifs", "weg met de moslims"])(
    "finds it in %s",
    (text) => {
      expect(attacksIn(text)).toEqual(["calling for a group's expulsion"]);
      expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
    },
  );
});

describe("women kept to the kitchen", () => {
  it.each([
    "women belong in the kitchen",
    "Frauen gehören in die Küche!",
    "las mujeres a la cocina.",
    "females should stay in the kitchen",
  ])("finds it in %s", (text) => {
    expect(attacksIn(text)).toEqual(["confining a group"]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "the women should stay in the kitchen until the cake is done",
    "women in the kitchen of this restaurant run it brilliantly",
    "women belong in the kitchen team if they want to, like anyone",
  ])("leaves particular women and kitchens alone: %s", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });
});

describe("sending the person addressed back where they came from", () => {
  it.each([
    "go back to your own country",
    "just go back where you came from",
    "¡vuelve a tu país!",
    "retourne d'où tu viens",
    "geh zurück in dein Land",
    "volta pra sua terra",
    "torna da dove sei venuto",
    "ga terug naar je eigen land",
  ])("finds it in %s", (text) => {
    expect(attacksIn(text)).toEqual(["sending someone back"]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "when are you going back to your country for the holidays?",
    "I had to go back to my country for a funeral",
    "we should go back to where we came from on the map",
    "rentre chez toi, il est tard",
  ])("leaves %s alone", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });
});

describe("what is not an attack on a group", () => {
  it.each([
    "my nephews are little monkeys at bedtime",
    "the women out front are waiting for the bus",
    "we took the refugees out for dinner",
    "rats are clever animals",
    "immigrants are welcome here",
    "les femmes sont des artistes",
    "die Frauen sind Ärztinnen",
  ])("leaves %s alone", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });

  it("takes its accents for the language's, not a disguise", () => {
    const [attack] = moderate("Flüchtlinge raus!", defaultPolicy).matchedTerms;
    expect(attack).toMatchObject({ term: "calling for a group's expulsion", disguised: false, counted: true });
  });

  it("reads a quotation of the attack as a quotation", () => {
    const [attack] = moderate('he wrote "refugees are cockroaches" and got banned', defaultPolicy).matchedTerms;
    expect(attack?.term).toBe("dehumanising a group");
    expect(attack?.counted).toBe(false);
  });
});

describe("a group wished gone", () => {
  it.each([
    "the world would be so much better without all the muslims",
    "this country would be better off without immigrants",
    "el mundo sería mejor sin los gitanos",
    "die Welt wäre besser ohne Juden",
    "le monde serait meilleur sans les arabes",
    "il mondo sarebbe migliore senza gli zingari",
  ])("finds it in %s", (text) => {
    expect(attacksIn(text)).toEqual(["wishing a group gone"]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "the world would be better without wars",
    "this town would be better without the new parking rules for disabled people",
    "the world would be better without disabled people's barriers everywhere",
    "I never said the world would be better without immigrants",
  ])("leaves %s alone", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });
});

describe("a group called a danger to children, inferior, or denied a right", () => {
  it.each([
    ["trans people are a danger to our kids", "calling a group a danger to children"],
    ["os imigrantes são sujos e um perigo para as crianças", "calling a group a danger to children"],
    ["die Schwulen sind eine Gefahr für Kinder", "calling a group a danger to children"],
    ["women are inferior", "calling a group inferior"],
    ["las mujeres son tontas", "calling a group inferior"],
    ["gay people shouldn't be allowed to adopt", "denying a group rights"],
    ["les femmes ne devraient pas voter", "denying a group rights"],
    ["vrouwen zouden niet mogen werken", "denying a group rights"],
  ])("finds it in %s", (text, term) => {
    expect(attacksIn(text)).toEqual([term]);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "immigrants are not a danger to anyone's children",
    "women are smarter than the stats suggest",
    "women should not be forced to work nights",
    "those kids are a danger to themselves on that skateboard",
  ])("leaves %s alone", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });
});

describe("an attack denied or retold to be condemned", () => {
  it.each([
    "I never said that gay people are scum",
    "nobody thinks refugees are rats",
    "You can't seriously believe that all women are stupid.",
    "No puedes creer de verdad que todas las mujeres son tontas.",
    "who says women shouldn't vote?",
    "a streamer i used to watch said gay people shouldn't adopt. unfollowed",
  ])("is not one: %s", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });

  it.each([
    "nobody believes me but immigrants are rats",
    "no i think women are inferior, sorry",
    "don't you think women are inferior?",
    "I said women shouldn't vote and I'll say it again, report me",
  ])("still is: %s", (text) => {
    expect(attacksIn(text)).not.toEqual([]);
  });
});

describe("more attacks on a group, and where the group is", () => {
  it.each([
    ["the immigrants on my street are rats", "dehumanising a group"],
    ["los inmigrantes de este barrio son ratas", "dehumanising a group"],
    ["disabled people are a drain on the economy", "calling a group a burden"],
    ["flüchtlinge sind eine last für die gesellschaft", "calling a group a burden"],
    ["migrants are all thieves", "calling a group criminals"],
    ["les étrangers sont des voleurs", "calling a group criminals"],
    ["women are useless", "calling a group inferior"],
    ["as mulheres não servem para liderar", "calling a group inferior"],
    ["muslims should have no say in this country", "denying a group rights"],
    ["vrouwen zouden niets te zeggen hebben", "denying a group rights"],
    ["las mujeres no saben conducir, que se vuelvan a la cocina", "confining a group"],
  ])("finds it in %s", (text, term) => {
    expect(attacksIn(text)).toContain(term);
    expect(assess(text, defaultPolicy).status).not.toBe("APPROVED");
  });

  it.each([
    "not all immigrants are criminals",
    "nicht alle Ausländer sind Diebe",
    "immigrants are not criminals",
    "the refugees at the centre are volunteers now",
    "women are useful allies in this fight",
  ])("finds none in %s", (text) => {
    expect(attacksIn(text)).toEqual([]);
  });
});
