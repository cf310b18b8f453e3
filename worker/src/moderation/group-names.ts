// Words that name a group people belong to (women, Muslims, refugees, "les juifs", "die Frauen"),
// folded as foldForMatching folds them ("Ausländer" reads "auslander"), in the seven languages the
// moderator reads: the targets of group-attacks.ts. Nouns, not adjectives: "Muslims are rats" names
// the group; "Muslim rats" is a slur's business.

const byLanguage: Readonly<Record<string, readonly string[]>> = {
  en: [
    "women",
    "females",
    "men",
    "girls",
    "trans",
    "transgender",
    "transgenders",
    "gays",
    "lesbians",
    "queers",
    "blacks",
    "whites",
    "asians",
    "latinos",
    "hispanics",
    "arabs",
    "jews",
    "muslims",
    "moslems",
    "christians",
    "catholics",
    "hindus",
    "sikhs",
    "atheists",
    "immigrants",
    "migrants",
    "refugees",
    "foreigners",
    "mexicans",
    "africans",
    "indians",
    "chinese",
    "pakistanis",
    "gypsies",
    "roma",
    "disabled",
    "feminists",
  ],
  es: [
    "mujeres",
    "lesbianas",
    "homosexuales",
    "negros",
    "judios",
    "musulmanes",
    "inmigrantes",
    "inmigrante",
    "migrantes",
    "refugiados",
    "gitanos",
    "extranjeros",
    "discapacitados",
    "moros",
    "chinos",
  ],
  fr: [
    "femmes",
    "homosexuels",
    "lesbiennes",
    "noirs",
    "juifs",
    "musulmans",
    "immigres",
    "immigrants",
    "migrants",
    "refugies",
    "arabes",
    "etrangers",
    "handicapes",
    "roms",
  ],
  de: [
    "frauen",
    "schwule",
    "schwulen",
    "lesben",
    "schwarze",
    "juden",
    "muslime",
    "moslems",
    "auslander",
    "fluchtlinge",
    "migranten",
    "behinderte",
    "turken",
    "asylanten",
  ],
  pt: [
    "mulheres",
    "lesbicas",
    "negros",
    "judeus",
    "muculmanos",
    "imigrantes",
    "imigrante",
    "refugiados",
    "ciganos",
    "estrangeiros",
    "deficientes",
    "nordestinos",
    "gays",
  ],
  it: [
    "donne",
    "lesbiche",
    "omosessuali",
    "neri",
    "ebrei",
    "musulmani",
    "immigrati",
    "migranti",
    "rifugiati",
    "stranieri",
    "zingari",
    "disabili",
  ],
  nl: [
    "vrouwen",
    "homo's",
    "homos",
    "lesbiennes",
    "zwarten",
    "joden",
    "moslims",
    "immigranten",
    "migranten",
    "vluchtelingen",
    "buitenlanders",
    "gehandicapten",
    "marokkanen",
    "turken",
  ],
};

// English also names a group with an adjective and a word for people: "Polish workers", "gay people".
const adjectives = [
  "gay",
  "lesbian",
  "trans",
  "transgender",
  "queer",
  "black",
  "white",
  "asian",
  "jewish",
  "muslim",
  "christian",
  "catholic",
  "hindu",
  "sikh",
  "arab",
  "mexican",
  "african",
  "indian",
  "chinese",
  "pakistani",
  "polish",
  "romanian",
  "nigerian",
  "somali",
  "syrian",
  "afghan",
  "turkish",
  "albanian",
  "immigrant",
  "migrant",
  "refugee",
  "foreign",
  "disabled",
  "autistic",
];
const peopleWords = [
  "people",
  "persons",
  "folks",
  "folk",
  "men",
  "women",
  "guys",
  "girls",
  "kids",
  "workers",
  "immigrants",
  "families",
  "communities",
];
const people = `(?:${peopleWords.join("|")})`;
const adjectiveSet: ReadonlySet<string> = new Set(adjectives);
const peopleSet: ReadonlySet<string> = new Set(peopleWords);

const names: ReadonlySet<string> = new Set(Object.values(byLanguage).flat());
/** Every group name, folded, and every adjective that names one with a word for people. */
export const groupNames: ReadonlySet<string> = new Set([...names, ...adjectives]);

/** A regular-expression alternation of every group name, longest first. */
export const GROUP_NAME = `(?:${[...names].sort((a, b) => b.length - a.length).join("|")}|(?:${adjectives.join("|")})\\s+${people})`;

const notWord = /[^a-z']+/;
/** Any name or adjective as a whole word: true whenever the lookups below can be, and one search. */
const anyNameWord = new RegExp(`(?<![a-z'])(?:${[...groupNames].join("|")})(?![a-z'])`);

/** Whether folded text holds a group's name: a set lookup per word, far cheaper than GROUP_NAME's search. */
export function namesAGroup(folded: string): boolean {
  // Most messages hold no name at all: one search says so, without splitting them into words.
  if (!anyNameWord.test(folded)) return false;
  let adjective = false;
  for (const word of folded.split(notWord)) {
    if (names.has(word) || (adjective && peopleSet.has(word))) return true;
    adjective = adjectiveSet.has(word);
  }
  return false;
}
