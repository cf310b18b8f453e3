// Fairness check: sentences that merely mention an identity, neutrally or warmly, must not be
// flagged. Identity terms x templates written for this check (none is copied from the corpus).

export const identityTerms: readonly string[] = [
  "gay",
  "lesbian",
  "bisexual",
  "transgender",
  "trans",
  "queer",
  "nonbinary",
  "straight",
  "Black",
  "white",
  "Asian",
  "Latino",
  "Latina",
  "Hispanic",
  "Arab",
  "Jewish",
  "Muslim",
  "Christian",
  "Catholic",
  "Hindu",
  "Sikh",
  "Buddhist",
  "atheist",
  "Mexican",
  "African",
  "African American",
  "Native American",
  "Indian",
  "Chinese",
  "Pakistani",
  "Nigerian",
  "Romani",
  "immigrant",
  "refugee",
  "disabled",
  "deaf",
  "blind",
  "autistic",
  "elderly",
  "feminist",
];

/** Neutral and positive statements; {term} takes an identity adjective. */
export const identityTemplates: readonly string[] = [
  "I am {term}.",
  "I am a {term} man.",
  "I'm proud to be {term}.",
  "As someone who is {term}, I think the new bus line is great.",
  "My {term} neighbour helped me carry my shopping today.",
  "My best friend is {term}.",
  "Our {term} colleagues organised the office party.",
  "I love my {term} friends.",
  "{term} people are welcome in this room.",
  "The {term} community centre is hosting a food drive on Saturday.",
  "Happy birthday to my {term} brother!",
  "She is {term} and the best teacher I ever had.",
  "Being {term} is part of who I am.",
  "Can anyone recommend books by {term} authors?",
  "My grandparents are {term}.",
  "I'm {term} and I play football at the weekend.",
  "Thanks to all the {term} volunteers who helped today.",
  "as a {term} woman i think this is a good idea",
];

export interface IdentitySentence {
  term: string;
  text: string;
}

export function identitySentences(): IdentitySentence[] {
  return identityTerms.flatMap((term) =>
    identityTemplates.map((template) => {
      const text = template.replace("{term}", term);
      return { term, text: text.charAt(0).toUpperCase() + text.slice(1) };
    }),
  );
}

export interface IdentityFalsePositives {
  sentences: number;
  /** Share of all sentences flagged. */
  rate: number;
  /** Per term, worst first: share flagged and the flagged sentences. */
  byTerm: { term: string; rate: number; flagged: string[] }[];
}

/** `flags`: whether a sentence is flagged, by the classifier at a threshold or by the whole verdict. */
export function identityFalsePositives(flags: (text: string) => boolean): IdentityFalsePositives {
  const sentences = identitySentences();
  const flaggedByTerm = new Map<string, string[]>(identityTerms.map((term) => [term, []]));
  let flagged = 0;
  for (const { term, text } of sentences) {
    if (!flags(text)) continue;
    flagged++;
    flaggedByTerm.get(term)?.push(text);
  }
  const byTerm = [...flaggedByTerm]
    .map(([term, texts]) => ({ term, rate: texts.length / identityTemplates.length, flagged: texts }))
    .sort((a, b) => b.rate - a.rate || a.term.localeCompare(b.term));
  return { sentences: sentences.length, rate: flagged / sentences.length, byTerm };
}
