// Contempt said to the person addressed in the six other languages: "you are" and an adjective of
// contempt ("t'es moche et bête", "du bist so hässlich", "você é nojenta", "je bent echt dom", "sei
// proprio inutile", "eres patético"), or the adjective and "you are" after it ("que pessoa nojenta
// você é"). The words are everyday words ("bête", "dumm", "feo"), so they count only said to someone;
// the classifier has seen too little of these languages to read them. Found in folded text (accents
// folded: "hässlich" reads "hasslich").

import { matchesIn } from "./pattern-matches.ts";

const w = "(?<![a-z'])";
const e = "(?![a-z])";

type Language = { code: string; youAre: string; filler: string; contempt: string };

const languages: readonly Language[] = [
  {
    code: "es",
    youAre: "(?:eres|sos)",
    filler: "(?:un|una|muy|tan|tremendo|tremenda|la|el|mas|demasiado|un\\s+completo|una\\s+completa)",
    contempt:
      "(?:fe[oa]|fe[oa]s|estupid[oa]|tont[oa]|inutil|asqueros[oa]|patetic[oa]|ridicul[oa]|imbecil|idiota|retrasad[oa]|basura|escoria|despreciable|gordo\\s+asqueroso|gorda\\s+asquerosa)",
  },
  {
    code: "pt",
    youAre: "(?:voce\\s+e|vc\\s+e|tu\\s+es|tu\\s+e|ce\\s+e)",
    filler: "(?:um|uma|muito|tao|mo|mto|o|a|mais|completamente|um\\s+completo|uma\\s+completa)",
    contempt:
      "(?:feio|feia|burr[oa]|chat[oa]|nojent[oa]|inutil|ridicul[oa]|patetic[oa]|idiota|imbecil|retardad[oa]|lixo|escrot[oa]|otari[oa]|insuportavel|desprezivel)",
  },
  {
    code: "fr",
    youAre: "(?:t'es|t\\s+es|tu\\s+es|vous\\s+etes)",
    filler: "(?:un|une|trop|tellement|vraiment|si|grave|completement|qu'un|qu'une|la|le|plus)",
    contempt:
      "(?:moche|bete|nul|nulle|laid|laide|stupide|idiot|idiote|debile|pathetique|minable|degueulasse|repugnant|repugnante|pitoyable|attarde|attardee|ridicule)",
  },
  {
    code: "de",
    youAre: "(?:du\\s+bist|bist\\s+du|ihr\\s+seid)",
    filler: "(?:so|echt|voll|total|ein|eine|einfach|richtig|wirklich|der|die|sowas\\s+von|vollig)",
    contempt:
      "(?:hasslich|dumm|blod|bloed|nutzlos|erbarmlich|widerlich|ekelhaft|behindert|peinlich|armselig|hirnlos|abstossend|fett\\s+und\\s+hasslich)",
  },
  {
    code: "it",
    youAre: "(?:sei|siete)",
    filler: "(?:un|una|proprio|cosi|davvero|veramente|troppo|il|la|piu|solo)",
    contempt:
      "(?:brutt[oa]|stupid[oa]|inutile|patetic[oa]|idiota|schifos[oa]|ridicol[oa]|deficiente|ritardat[oa]|penos[oa]|insopportabile|imbecille|ignorante)",
  },
  {
    code: "nl",
    youAre: "(?:je\\s+bent|jij\\s+bent|ben\\s+je|ben\\s+jij|jullie\\s+zijn)",
    filler: "(?:zo|echt|een|heel|erg|gewoon|super|ontzettend|de|het|wel)",
    contempt: "(?:lelijk|dom|stom|nutteloos|zielig|walgelijk|achterlijk|waardeloos|debiel|onuitstaanbaar|vies|smerig)",
  },
];

// "Bist du blöd?": a question can be the same contempt; "no eres feo" is not, nor what someone said
// or should not say ("nadie debería decirte que eres feo", "er sagt, dass du dumm bist").
const NOT_DENIED =
  "(?<!(?:no|nao|pas|nicht|non|niet|niet\\s+zo)\\s+)(?<!(?:decir|decirte|dijo|dice|dicen|dizer|diz|disse|dizem|dire|dit|disent|sagen|sagt|gesagt|dirti|detto|dicono|zeggen|zegt|gezegd)\\s*,?\\s+(?:que|dass|che|dat)\\s+)";

const patterns = languages.map(({ code, youAre, filler, contempt }) => ({
  code,
  pattern: new RegExp(
    [
      // "t'es moche", "du bist so hässlich", "je bent echt een dom", "t'es moche et bête".
      `${w}${NOT_DENIED}${youAre}\\s+(?!(?:pas|nicht|niet|no|nao|non)${e})(?:${filler}\\s+){0,3}${contempt}${e}`,
      // "que pessoa nojenta você é", "qué feo eres", "wie hässlich du bist".
      `${w}${contempt}\\s+(?:que\\s+)?${youAre}(?=\\s*(?:$|[.!?,;]))`,
    ].join("|"),
    "g",
  ),
}));

/** A cheap test before the patterns: a form of "you are" in one of the six languages, as whole words. */
const anyYouAre = new RegExp(`${w}(?:${languages.map((language) => language.youAre).join("|")})${e}`);

export interface AddressedInsultHit {
  start: number;
  end: number;
  excerpt: string;
  language: string;
}

export function findAddressedInsults(folded: string): AddressedInsultHit[] {
  if (!anyYouAre.test(folded)) return [];
  const hits: AddressedInsultHit[] = [];
  for (const { code, pattern } of patterns)
    for (const match of matchesIn(pattern, folded))
      hits.push({ start: match.index, end: match.index + match[0].length, excerpt: match[0], language: code });
  return hits;
}
