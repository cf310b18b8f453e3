// Attacks on a group with no slur in them, in the seven languages: calling its members vermin,
// animals, filth or a disease ("immigrants are rats", "los inmigrantes son una plaga", "i neri sono
// scimmie", "Juden sind Ungeziefer"), calling for them to be thrown out ("Ausländer raus!",
// "immigrants out", "dehors les étrangers") and women to be kept in the kitchen. The classifier has seen too little of the other
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
  "(?:rats?|vermin|cockroach(?:es)?|roaches|parasites?|leeches|lice|insects|animals|apes|monkeys|pigs|dogs|plague|disease|cancer|filth|trash|garbage|scum|subhumans?|savages|infestation|virus|locusts" +
  "|ratas|cucarachas|parasitos|animales|monos|simios|cerdos|perros|plaga|basura|escoria|bichos|sanguijuelas|salvajes|infestacion|enfermedad" +
  "|cafards|animaux|singes|porcs|chiens|vermine|peste|ordures|dechets|racaille|sauvages|sangsues|fleau|maladie" +
  "|ratten|kakerlaken|parasiten|tiere|affen|schweine|hunde|ungeziefer|abschaum|dreck|mull|untermenschen|seuche|plage|krankheit" +
  "|ratos|baratas|parasitas|animais|macacos|porcos|caes|praga|lixo|escoria|vermes|selvagens|infestacao|doenca" +
  "|ratti|topi|scarafaggi|parassiti|animali|scimmie|maiali|cani|piaga|feccia|spazzatura|immondizia|selvaggi|vermi|infestazione|malattia" +
  "|kakkerlakken|parasieten|dieren|apen|varkens|honden|ongedierte|pest|tuig|afval|uitschot|wilden|ziekte|virus)";

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

// Women's "place": "women belong in the kitchen", "Frauen gehören in die Küche", "las mujeres a la cocina";
// not particular women ("the women should stay in the kitchen until the cake is done").
const WOMEN = "(?:women|girls|females|mujeres|femmes|frauen|mulheres|donne|vrouwen)";
const KITCHEN = "(?:kitchen|cocina|cuisine|kuche|cozinha|cucina|keuken)";
const confining = new RegExp(
  [
    `${w}(?<!(?:the|these|those|our|my)\\s+)${WOMEN}\\s+(?:belong|should\\s+(?:stay|be|go\\s+back)|need\\s+to\\s+(?:stay|go\\s+back)|go\\s+back|pertenecen|deben\\s+estar|gehoren|appartengono|devono\\s+stare|horen|pertencem|devem\\s+ficar|doivent\\s+rester)\\s+(?:[a-z]+\\s+){0,2}?${KITCHEN}${e}(?!\\s+(?:staff|team|crew|until|while|today|tonight|now)${e})`,
    `${sentenceStart}${ARTICLE}${WOMEN}\\s+(?:a\\s+la|in\\s+die|para\\s+a|na|in|naar\\s+de|to\\s+the)\\s+${KITCHEN}${sentenceEnd}`,
  ].join("|"),
  "g",
);

export interface GroupAttackHit {
  term: "dehumanising a group" | "calling for a group's expulsion" | "confining a group";
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
    ["confining a group", confining],
  ] as const)
    for (const match of folded.matchAll(pattern)) {
      const excerpt = match[0].trim();
      const start = match.index + match[0].indexOf(excerpt);
      hits.push({ term, start, end: start + excerpt.length, excerpt });
    }
  return hits;
}
