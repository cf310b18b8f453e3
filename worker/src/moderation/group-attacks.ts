// Attacks on a group with no slur in them, in the seven languages: calling its members vermin,
// animals, filth or a disease ("immigrants are rats", "los inmigrantes son una plaga", "i neri sono
// scimmie", "Juden sind Ungeziefer"), calling for them to be thrown out ("Ausländer raus!",
// "immigrants out", "dehors les étrangers"), women to be kept in the kitchen, and the person addressed
// to go back where they came from. The classifier has seen too little of the other
// languages to be sure of these; the group's name and the vermin word together leave no doubt.
// Found in folded text; a quotation or a report of them is read as such by the caller (moderate()).

import { CLAUSE_START } from "./addressee.ts";
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

// Denied: "I never said that gay people are scum", "nobody thinks immigrants are rats".
const NOT_DENIED =
  "(?<!(?:never|not|n't|nobody|no\\s+one)\\s+(?:ever\\s+)?(?:say|said|says|think|thinks|thought|believe|believes|believed|claim|claims|claimed|wrote|write|meant)\\s+(?:that\\s+)?(?:the\\s+|all\\s+)?)";
const dehumanising = new RegExp(`${w}${NOT_DENIED}${GROUP_NAME}\\s+${IS}\\s+(?:${FILLER}\\s+){0,3}${VERMIN}${e}`, "g");

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

// Wishing a group gone from the world or the country: "the world would be better without any
// Christians", "el mundo sería mejor sin los judíos", "Deutschland wäre besser ohne Ausländer".
const PLACE =
  "(?:the\\s+world|this\\s+(?:world|country|planet|town|city|place)|the\\s+(?:country|planet)|society|earth|el\\s+mundo|este\\s+pais|le\\s+monde|ce\\s+pays|la\\s+france|die\\s+welt|dieses\\s+land|deutschland|o\\s+mundo|il\\s+mondo|questo\\s+paese|l'italia|de\\s+wereld|dit\\s+land|nederland)";
const BETTER =
  "(?:(?:would|will|'d)\\s+be|is|seria|estaria|serait|irait|ware|waere|ist|sarebbe|zou)\\s+(?:(?:a|so|much|far|way|a\\s+lot|mucho|bien|viel|muito|molto|veel|un|une|ein|um|uma)\\s+)*(?:better|mejor|meilleur|meilleure|mieux|besser|melhor|migliore|meglio|beter)(?:\\s+(?:off|place|dran|af|zijn|un\\s+lugar|un\\s+endroit|ein\\s+ort))*";
const WITHOUT =
  "(?:without|sin|sans|ohne|sem|senza|zonder)\\s+(?:(?:any|all|the|those|these|los|las|les|ces|die|diese|os|as|esses|essas|gli|i|le|questi|de|deze|al\\s+die)\\s+)*";
const wishingGone = new RegExp(
  `${w}${NOT_DENIED}${PLACE}\\s+${BETTER}\\s+${WITHOUT}${GROUP_NAME}${e}(?!'s|\\s+[a-z]+'s)`,
  "g",
);

// Telling the person addressed to go back where they came from, an order at the start of a clause:
// "go back to your own country", "vuelve a tu país", "geh zurück in dein Land"; not "when are you
// going back to your country for the holidays?" nor "rentre chez toi, il est tard".
const toSomeone = `(?:${CLAUSE_START}|(?<=(?:just|please|pls|should|why\\s+(?:don't|dont)\\s+(?:you|u)|now)\\s+))`;
const sendingBack = new RegExp(
  `${toSomeone}(?:${[
    "go\\s+back\\s+(?:to\\s+where|where)\\s+(?:you|u)\\s+came\\s+from",
    "go\\s+back\\s+to\\s+(?:your|ur)\\s+(?:own\\s+)?(?:country|homeland|land)",
    "(?:vuelve|vete|regresa|vuelvete|regresate)\\s+(?:a\\s+tu\\s+(?:pais|tierra)|(?:a\\s+)?de\\s+donde\\s+(?:viniste|vienes|saliste))",
    "(?:retourne|rentre)\\s+(?:dans\\s+ton\\s+pays|d'ou\\s+tu\\s+viens|chez\\s+toi\\s+dans\\s+ton\\s+pays)",
    "(?:geh|hau\\s+ab)\\s*,?\\s+(?:zuruck\\s+)?(?:in\\s+dein\\s+(?:land|heimatland)|(?:dahin\\s+)?(?:zuruck\\s+)?wo\\s+du\\s+herkommst)",
    "volta\\s+(?:pro|para\\s+o|pra|para)\\s+(?:o\\s+)?(?:teu|seu)\\s+pais|volta\\s+(?:pra|para)\\s+(?:a\\s+)?(?:tua|sua)\\s+terra|volta\\s+(?:pra|para)\\s+(?:de\\s+)?onde\\s+(?:voce|vc|tu)\\s+veio",
    "(?:torna|tornatene)\\s+(?:al\\s+tuo\\s+paese|nel\\s+tuo\\s+paese|da\\s+dove\\s+sei\\s+venut[oa])",
    "(?:ga|rot\\s+op)\\s+(?:terug\\s+)?naar\\s+(?:je|jouw)\\s+(?:eigen\\s+)?land|ga\\s+terug\\s+naar\\s+waar\\s+je\\s+vandaan\\s+komt",
  ].join("|")})(?![a-z])`,
  "g",
);
/** Words every order to go back holds: a cheap test before the pattern. */
const anyReturnWord = /back|vuelv|vete|regres|retourne|rentre|zuruck|hau\s+ab|geh\s+in|volta|torna|terug|rot\s+op/;

export interface GroupAttackHit {
  term:
    | "dehumanising a group"
    | "calling for a group's expulsion"
    | "wishing a group gone"
    | "confining a group"
    | "sending someone back";
  start: number;
  end: number;
  excerpt: string;
}

export function findGroupAttacks(folded: string): GroupAttackHit[] {
  const patterns: [GroupAttackHit["term"], RegExp][] = [];
  // Most messages name no group: their words are looked up, and the patterns never run.
  if (namesAGroup(folded))
    patterns.push(
      ["dehumanising a group", dehumanising],
      ["calling for a group's expulsion", expelling],
      ["wishing a group gone", wishingGone],
      ["confining a group", confining],
    );
  if (anyReturnWord.test(folded)) patterns.push(["sending someone back", sendingBack]);
  const hits: GroupAttackHit[] = [];
  for (const [term, pattern] of patterns)
    for (const match of folded.matchAll(pattern)) {
      const excerpt = match[0].trim();
      const start = match.index + match[0].indexOf(excerpt);
      hits.push({ term, start, end: start + excerpt.length, excerpt });
    }
  return hits;
}
