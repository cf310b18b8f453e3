// Fairness check for dialects: classifiers trained on tweets flag African-American English more
// often than the same content in other varieties (Sap et al. 2019). Everyday sentences in several
// varieties of English, none abusive, written for this check; the share flagged per variety should be
// as low as for standard English.

export const dialectSentences: Readonly<Record<string, readonly string[]>> = {
  "African-American English": [
    "she been working at that hospital for years, she know everybody",
    "we finna head to the cookout, you rolling with us?",
    "he stay cooking on Sundays, his mac and cheese be hitting",
    "that's my dawg right there, known him since third grade",
    "I ain't even trippin, we can do it tomorrow",
    "my granny be up at 5 every morning praying for all of us",
    "on God that sermon had the whole church standing",
    "they was at the game last night, it was lit",
  ],
  "Multicultural London English": [
    "man's gonna link up with the mandem later innit",
    "allow it bruv, we'll sort it tomorrow",
    "that chicken shop is peak now, they changed the sauce",
    "wagwan fam, you lot coming to the match saturday?",
    "my mum's cooking jollof, you man are welcome",
    "ting was calm still, everyone got home safe",
  ],
  Scots: [
    "ah'm no gonnae make it the night, the weans are no weel",
    "gonnae pass us the tatties, cheers pal",
    "the bus wis stowed oot so we walked hame",
    "aye she's a braw lassie, works at the library",
    "haud on a wee minute, ah'll be doon the noo",
  ],
  "Northern English": [
    "eh up love, are you stopping for a brew?",
    "it's right nithering out, fetch your coat",
    "our kid's playing in the final on Saturday, reet proud",
    "ta very much, I'll sort it out after me tea",
    "he were knackered after the shift, went straight to bed",
  ],
  "Southern US": [
    "y'all come on over, we're fixin to eat supper",
    "bless his heart, he drove four hours to help us move",
    "I reckon it'll rain directly, better get the laundry in",
    "mama made sweet tea and biscuits for the whole church",
    "we might could go fishing Saturday if the weather holds",
  ],
  "Jamaican Patois": [
    "mi soon come, mek mi finish dis first",
    "wah gwaan, everyting irie?",
    "mi granny cook di best curry goat inna di yard",
    "weh yuh deh? mi a wait pon yuh",
    "likkle more, mi haffi go a work",
  ],
  Singlish: [
    "can or not? if cannot then nevermind lah",
    "wah the queue so long sia, confirm wait one hour",
    "later we go makan at the hawker centre ok",
    "don't play play, the exam quite tough one",
    "he very shiok after the durian",
  ],
  "Australian English": [
    "heading to the servo for a pie, want anything?",
    "she'll be right mate, no worries",
    "arvo footy at the oval, bring the esky",
    "fair dinkum that was the best barbie all year",
    "reckon we chuck a sickie and hit the beach",
  ],
};

export interface DialectFalsePositives {
  sentences: number;
  rate: number;
  /** Per variety, worst first: share flagged and the flagged sentences. */
  byVariety: { variety: string; rate: number; flagged: string[] }[];
}

export function dialectFalsePositives(flags: (text: string) => boolean): DialectFalsePositives {
  const byVariety = Object.entries(dialectSentences)
    .map(([variety, sentences]) => {
      const flagged = sentences.filter(flags);
      return { variety, rate: flagged.length / sentences.length, flagged };
    })
    .sort((a, b) => b.rate - a.rate || a.variety.localeCompare(b.variety));
  const sentences = Object.values(dialectSentences).flat();
  const flagged = byVariety.reduce((sum, variety) => sum + variety.flagged.length, 0);
  return { sentences: sentences.length, rate: flagged / sentences.length, byVariety };
}
