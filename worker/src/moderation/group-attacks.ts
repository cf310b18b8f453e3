// Attacks on a group with no slur in them, in the seven languages: calling its members vermin,
// animals, filth or a disease ("immigrants are rats", "los inmigrantes son una plaga", "i neri sono
// scimmie", "Juden sind Ungeziefer") and calling for them to be thrown out ("Ausländer raus!",
// "immigrants out", "dehors les étrangers"). The classifier has seen too little of the other
// languages to be sure of these; the group's name and the vermin word together leave no doubt.
// Found in folded text; a quotation or a report of them is read as such by the caller (moderate()).

import { GROUP_NAME, namesAGroup } from "./group-names.ts";

const w = "(?<![a-z])";
const e = "(?![a-z])";

// "are", "son", "sont", "sind", "são", "sono", "zijn"; "é"/"è" (singular; folded "e") only in
// Portuguese and Italian sentences, where a group noun in the singular stands for all of them.
const IS = "(?:are|r|is|son|sont|sind|sao|sono|zijn|e)";
// A few words between: "all", "just", "nothing but", "like", articles ("una plaga", "des rats").
const FILLER =
  "(?:all|just|nothing\\s+but|like|no\\s+better\\s+than|todos|todas|unos|unas|una|un|une|des|de|comme|como|tous|toutes|que|alle|nur|wie|eine|ein|uns|umas|uma|um|tutti|tutte|solo|come|delle|dei|degli|allemaal|gewoon|net|als|the|a|an)";
const VERMIN =
  "(?:rats?|vermin|cockroach(?:es)?|roaches|parasites?|leeches|lice|insects|animals|apes|monkeys|pigs|dogs|plague|disease|cancer|filth|trash|garbage|scum|subhumans?|savages" +
  "|ratas|cucarachas|parasitos|animales|monos|simios|cerdos|perros|plaga|basura|escoria|bichos|sanguijuelas|salvajes" +
  "|cafards|animaux|singes|porcs|chiens|vermine|peste|ordures|dechets|racaille|sauvages|sangsues" +
  "|ratten|kakerlaken|parasiten|tiere|affen|schweine|hunde|ungeziefer|abschaum|dreck|mull|untermenschen" +
  "|ratos|baratas|parasitas|animais|macacos|porcos|caes|praga|lixo|escoria|vermes|selvagens" +
  "|ratti|topi|scarafaggi|parassiti|animali|scimmie|maiali|cani|piaga|feccia|spazzatura|immondizia|selvaggi|vermi" +
  "|kakkerlakken|parasieten|dieren|apen|varkens|honden|ongedierte|pest|tuig|afval|uitschot|wilden)";

const dehumanising = new RegExp(`${w}${GROUP_NAME}\\s+${IS}\\s+(?:${FILLER}\\s+){0,3}${VERMIN}${e}`, "g");

// Slogans of expulsion stand alone: at the start of the message or of a sentence, and end it.
const sentenceStart = "(?:^|(?<=[.!?\\n]\\s*))\\s*";
const sentenceEnd = "(?=\\s*(?:$|[.!?\\n]))";
const ARTICLE = "(?:(?:the|all|los|las|les|die|os|as|gli|i|le|de|alle)\\s+)?";
const expelling = new RegExp(
  [
    `${sentenceStart}${ARTICLE}${GROUP_NAME}\\s+(?:out|raus|fuera|dehors|fora|fuori|eruit|go\\s+home)${sentenceEnd}`,
    `${sentenceStart}(?:fuera|dehors|fora|fuori|raus\\s+mit|weg\\s+met|out\\s+with)\\s+${ARTICLE}${GROUP_NAME}${sentenceEnd}`,
  ].join("|"),
  "g",
);

export interface GroupAttackHit {
  term: "dehumanising a group" | "calling for a group's expulsion";
  start: number;
  end: number;
  excerpt: string;
}

export function findGroupAttacks(folded: string): GroupAttackHit[] {
  const hits: GroupAttackHit[] = [];
  // Most messages name no group: their words are looked up, and the patterns never run.
  if (!namesAGroup(folded)) return hits;
  for (const [term, pattern] of [
    ["dehumanising a group", dehumanising],
    ["calling for a group's expulsion", expelling],
  ] as const)
    for (const match of folded.matchAll(pattern)) {
      const excerpt = match[0].trim();
      const start = match.index + match[0].indexOf(excerpt);
      hits.push({ term, start, end: start + excerpt.length, excerpt });
    }
  return hits;
}
