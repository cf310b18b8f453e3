// The word list, on top of obscenity's English dataset.
//
// Patterns use obscenity's syntax and are matched against folded text (see normalize.ts):
//   |word|  whole word        |word  word start        word|  word end        word  anywhere
//   [x]     optional part     ?      any one character
// Every single letter also matches doubled ("hoe" matches "hooe") and the folding shortens
// longer runs, so write each word once, with its real double letters.
// `allow` lists innocent words or phrases (folded, lowercase) that contain a match: the
// match is dropped when it lies inside one of them starting at a word's start (Penistone,
// cockpit, "pussy willow"); an entry may stop mid-word ("retardant" covers "retardants").
//
// Severity decides the verdict under the default policy:
//   severe   -> REJECTED  (slurs)
//   moderate -> FLAGGED   (swearing, insults, explicit sexual terms)
//   mild     -> FLAGGED only when the message is also hostile (negative sentiment)

import type { FindingSeverity, TermCategory } from "./verdict.ts";

export interface TermDefinition {
  /** Canonical form reported in matchedTerms. */
  term: string;
  category: TermCategory;
  severity: FindingSeverity;
  patterns: readonly string[];
  allow?: readonly string[];
}

type TermRow = readonly [term: string, patterns: readonly string[], allow?: readonly string[]];

function group(category: TermCategory, severity: FindingSeverity, rows: readonly TermRow[]): TermDefinition[] {
  return rows.map(([term, patterns, allow]) =>
    allow ? { term, category, severity, patterns, allow } : { term, category, severity, patterns },
  );
}

/**
 * Words that, anywhere in the message, show a term in its innocent sense: a garden hoe, a rooster,
 * a bird, a breeder's bitch, a car's transmission. Matched as whole folded words; they do not
 * count when the term is said to someone ("you dirty hoe"). Kept to senses common enough to
 * matter and words an abuser would not add by accident.
 */
export const innocentContexts: Readonly<Record<string, readonly string[]>> = {
  hoe: [
    "garden",
    "gardening",
    "gardener",
    "rake",
    "shovel",
    "spade",
    "trowel",
    "soil",
    "weeding",
    "allotment",
    "vegetables",
    "shed",
    "tilling",
    // Dutch: "hoe gaat het?" is "how are you?".
    "gaat",
    "het",
    "heet",
    "laat",
  ],
  tranny: ["car", "truck", "gearbox", "transmission", "clutch", "engine", "mechanic", "gears", "shifting", "axle"],
  cock: ["rooster", "hen", "hens", "chicken", "chickens", "farm", "crowed", "crowing", "poultry", "cockerel"],
  tit: ["bird", "birds", "feeder", "nest", "nesting", "species", "birding", "birdwatching"],
  bitch: ["puppy", "puppies", "litter", "whelp", "whelped", "whelping", "breeder", "kennel", "sire"],
  // A dyke (dike) holds back the sea: "the Dutch reinforced the dyke", "the dykes held in the storm".
  dyke: [
    "embankment",
    "embankments",
    "dam",
    "dams",
    "levee",
    "levees",
    "dike",
    "dikes",
    "polder",
    "polders",
    "flood",
    "floods",
    "flooded",
    "flooding",
    "floodwater",
    "canal",
    "canals",
    "seawall",
    "sea",
    "coast",
    "coastal",
    "river",
    "riverbank",
    "tide",
    "tides",
    "storm",
    "water",
    "drainage",
    "drained",
    "breach",
    "breached",
    "burst",
    "reinforced",
    "windmill",
    "windmills",
    "lowlands",
    "farmland",
    "fens",
  ],
  // British English: a cigarette ("got a lighter? I need a fag"), and faggots, meatballs in gravy with peas.
  fag: [
    "cigarette",
    "cigarettes",
    "ciggie",
    "ciggies",
    "lighter",
    "ashtray",
    "tobacco",
    "gravy",
    "butcher",
    "meatballs",
    "peas",
    "mushy",
    "mash",
  ],
};

/**
 * Listed English words that are everyday words of other languages: Scandinavian "slut(t)" is an end,
 * Dutch "hoe" is "how", German "dick" is thick, Norwegian and Danish "fag" is a school subject or a
 * trade (and "fagot", as a word of its own, a bassoon in Spanish and Dutch), Swedish "prick" is a dot, Spanish and Portuguese "negro" is black, French "(en) retard" and
 * "tard" are (being) late. In a message written in
 * one of those languages (language.ts), the word is read in that language.
 */
export const wordsOfOtherLanguages: Readonly<Record<string, readonly string[]>> = {
  slut: ["sv", "no", "da"],
  hoe: ["nl"],
  dick: ["de"],
  fag: ["no", "da", "sv"],
  prick: ["sv"],
  negro: ["es", "pt"],
  retard: ["fr"],
  // Dutch's slur is a Norwegian and Danish plural ("flikk", a patch).
  flikker: ["no", "da"],
  // A bassoon in Spanish and Dutch; the slur's spelling in English.
  fagot: ["es", "nl"],
};

/**
 * Frequent short words of those languages that English does not have: the language detector is
 * asked only when the message holds one (it costs a hundred times a word-list lookup).
 */
export const languageHints: ReadonlySet<string> = new Set([
  // Swedish, Norwegian, Danish
  "och",
  "är",
  "det",
  "på",
  "inte",
  "jag",
  "og",
  "er",
  "ikke",
  "jeg",
  "vi",
  "du",
  "har",
  "med",
  "til",
  "av",
  // Dutch
  "je",
  "ik",
  "het",
  "een",
  "niet",
  "ben",
  "wat",
  "van",
  "dat",
  "oud",
  "laat",
  "gaat",
  "zijn",
  "heb",
  // German
  "ist",
  "zu",
  "der",
  "und",
  "nicht",
  "für",
  "mir",
  "das",
  "ich",
  "sehr",
  "ein",
  "eine",
  "mit",
  "auf",
  // French
  "le",
  "ce",
  "des",
  "mon",
  "il",
  "est",
  "pas",
  "suis",
  "très",
  "avec",
  "pour",
  "toi",
  "moi",
  "ça",
  // Spanish, Portuguese
  "el",
  "la",
  "los",
  "las",
  "que",
  "es",
  "un",
  "una",
  "muy",
  "con",
  "por",
  "os",
  "um",
  "uma",
  "não",
  "muito",
]);

export const extraTerms: readonly TermDefinition[] = [
  // Racial and ethnic slurs, and slang spellings of them.
  ...group("slur", "severe", [
    [
      "nigger",
      [
        "|nigguh",
        "|nigg[u]h",
        "|niga|",
        "|nigas|",
        "|nigaz",
        "|niggaz",
        "|nigglet",
        "|nicca",
        "|nicka|",
        "|nickas|",
        "|nigress",
        "|niglet",
      ],
    ],
    ["jigaboo", ["|jig[g]aboo", "|jig[g]abo|"]],
    ["spic", ["|spic|", "|spics|", "|spick|", "|spicks|"], ["spic and span", "spick and span", "spic n span"]],
    ["wetback", ["|wetback"]],
    ["beaner", ["|beaner"], ["beanery"]],
    ["raghead", ["|raghead", "|rag head", "|towelhead", "|towel head"]],
    ["paki", ["|paki|", "|pakis|"]],
    ["porch monkey", ["|porch monkey", "|jungle bunny", "|jungle bunnies"]],
    ["zipperhead", ["|zipperhead"]],
    ["dago", ["|dago|", "|dagos|", "|polack"]],
    ["golliwog", ["|golliwog", "|gollywog"]],
    ["pickaninny", ["|pickaninn"]],
    ["heeb", ["|heeb|", "|heebs|", "|hymie|"]],
    ["shemale", ["|shemale", "|she male"]],
    ["tranny", ["|trannie"]],
    ["fag", ["|phag|", "|phags|", "|phaggot", "|fggt", "|faqqot", "|f[a]gg[o]t", "|fagot", "|fa66"]],
  ]),
  // Classist and regional slurs: hateful in this context, innocent words apart.
  ...group("slur", "moderate", [
    ["white trash", ["|white trash", "|whitetrash"]],
    ["whitey", ["|whitey|", "|whiteys|", "|whities|", "|peckerwood"]],
    ["muzzie", ["|muzzie", "|muzzies|"]],
    ["border jumper", ["|border jumper", "|border hopper", "|border bunny"]],
    ["homo", ["|homo|", "|homos|", "|lesbo|", "|poofter"], ["homo sapiens", "homo erectus"]],
  ]),
  // Slurs that are innocent as often as not ("crackers and cheese", "queer theory", "coon hunting").
  ...group("slur", "mild", [
    ["coon", ["|coon|", "|coons|"]],
    ["gook", ["|gook|", "|gooks|"]], // also "gook" for gunk
    ["wigger", ["|wigger", "|wigga"]],
    ["honky", ["|honky|", "|honkey|", "|honkies|", "|honkeys|"], ["honky tonk", "honkytonk", "honkey tonk"]],
    ["queer", ["|queer"]],
    ["cracker", ["|cracker|", "|crackers|"]],
    ["redneck", ["|redneck"]],
    ["hillbilly", ["|hillbill"]],
    ["ghetto", ["|ghetto|"]],
    ["gringo", ["|gringo"]],
    ["uncle tom", ["|uncle tom|", "|uncle toms|"]],
    ["colored folk", ["|colored folk", "|coloured folk"]],
  ]),
  // Gendered and general insults.
  ...group("insult", "moderate", [
    [
      "bitch",
      ["|biatch", "|biotch", "|beotch", "|bytch", "|betch|", "|betches|", "|bish|", "|bishes|", "|bicth"],
      ["bish bash"],
    ],
    [
      "hoe",
      ["|hoe|", "|hoes|", "|hoez|", "|hoeish", "|hoebag", "|hoish|", "|hos|"],
      ["garden hoe", "hoe down", "hoe-down", "hoe hoe hoe"],
    ],
    ["pussy", ["|pussies", "|pussie|", "|pussys|", "|puss[y]y|", "|punani"]],
    ["slut", ["|sluts|", "|slutty"]],
    ["thot", ["|thot|", "|thots|"]],
    ["skank", ["|skank"]],
    ["whore", ["|whor"], ["whorl"]],
    ["retard", ["|tard|", "|tards|", "|libtard", "|retarted"]],
    ["spaz", ["|spaz|", "|spazz"]],
    ["douche", ["|douche"]],
    ["dumbass", ["|dumbass", "|jackass", "|smartass", "|fatass", "|kissass", "|lameass", "|punkass"]],
  ]),
  ...group("insult", "mild", [
    [
      "ho",
      ["|ho|"],
      [
        "hi ho",
        "hey ho",
        "heigh ho",
        "ho ho",
        "gung ho",
        "land ho",
        "tally ho",
        "westward ho",
        "wagons ho",
        "ho hum",
        "ho chi minh",
      ],
    ],
    ["idiot", ["|idiot", "|moron", "|imbecile", "|dumbfuck"]],
    ["trailer trash", ["|trailer trash"]],
    ["cripple", ["|cripple|", "|cripples|"]],
    ["teabagger", ["|teabagger"]],
  ]),
  // Swearing.
  ...group("profanity", "moderate", [
    [
      "fuck",
      [
        "fuck",
        "|fck",
        "|phuck",
        "|phuk",
        "|fuq|",
        "|fuqin",
        "|fvck",
        "|fcuk",
        "|f ing|",
        "|fucc",
        "|fawk[i]n",
        "|fuggin",
        "|mofo",
        "|motherfuc",
        "|muthaf",
        "|mothaf",
        "|mutha fuck",
        "|fugly",
      ],
    ],
    ["shit", ["|shyt", "|sht|", "|shiet|", "|shat|", "|schit"]],
    ["ass", ["|azz|", "|azzhole", "|arsehole", "|asshole"]],
    ["dick", ["|dickhead"]],
    ["nutsack", ["|nutsack", "|ballsack", "|ballsac"]],
  ]),
  ...group("profanity", "mild", [["stfu", ["|stfu|", "|gtfo|", "|mf|"]]]),
];
