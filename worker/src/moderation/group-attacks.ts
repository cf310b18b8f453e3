// Attacks on a group with no slur in them, in the seven languages: calling its members vermin,
// animals, filth or a disease ("immigrants are rats", "los inmigrantes son una plaga", "i neri sono
// scimmie", "Juden sind Ungeziefer"), calling for them to be thrown out ("Ausländer raus!",
// "immigrants out", "dehors les étrangers"), women to be kept in the kitchen, and the person addressed
// to go back where they came from. The classifier has seen too little of the other
// languages to be sure of these; the group's name and the vermin word together leave no doubt.
// Found in folded text; a quotation or a report of them is read as such by the caller (moderate()).

import { CLAUSE_START } from "./addressee.ts";
import { GROUP_NAME, namesAGroup } from "./group-names.ts";
import { matchesIn } from "./pattern-matches.ts";
import { reportedClauses } from "./reported-speech.ts";

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

// Where the group is, between its name and the verb: "the refugees in the old school building are
// cockroaches", "los inmigrantes de este barrio son ratas". Up to four words, none of them the verb.
const WHERE =
  "(?:\\s+(?:in|at|on|from|around|near|here|de|del|en|aus|im|da|di|do|du|des|uit|van)(?:\\s+(?!(?:are|r|is|son|sont|sind|sao|sono|zijn)\\s)[a-z'+]+){1,4}?)?";
const GROUP = `${GROUP_NAME}${WHERE}`;

const dehumanising = new RegExp(`${w}${GROUP}\\s+${IS}\\s+(?:${FILLER}\\s+){0,3}${VERMIN}${e}`, "g");

// A group called a danger to children ("gays são doentes e uma ameaça para as crianças", "trans
// people are a threat to our kids") or a burden ("een last voor de maatschappij"), inferior, stupid
// or useless ("vrouwen zijn dom", "women are inferior"), criminals ("immigrants are thieves"), or
// denied a right or a say ("women shouldn't be allowed to vote", "Juden sollten nichts zu sagen
// haben"). A few words may come between, none of them a negation ("are not a danger to anyone").
const NOT_NEGATION = "(?!(?:not|no|never|nao|pas|nicht|kein|keine|niet|geen|non|nunca|jamais|nie|mai)\\s)";
const SOME_WORDS = `(?:${NOT_NEGATION}[a-z']+\\s+){0,3}?`;
const DANGER_TO_CHILDREN =
  "(?:(?:a\\s+)?(?:danger|threat|menace|risk)\\s+(?:to|for)\\s+(?:our\\s+|the\\s+)?(?:children|kids)" +
  "|(?:un\\s+)?(?:peligro|amenaza)\\s+para\\s+(?:los\\s+|nuestros\\s+)?(?:ninos|hijos)" +
  "|(?:uma?\\s+)?(?:perigo|ameaca)\\s+(?:para|pra)\\s+(?:as\\s+|os\\s+|nossas\\s+|nossos\\s+)?(?:criancas|filhos)" +
  "|(?:un\\s+)?(?:danger|menace)\\s+pour\\s+(?:les\\s+|nos\\s+)?enfants" +
  "|(?:eine\\s+)?gefahr\\s+fur\\s+(?:die\\s+|unsere\\s+)?kinder" +
  "|(?:un\\s+)?(?:pericolo|minaccia)\\s+per\\s+(?:i\\s+)?(?:nostri\\s+)?bambini" +
  "|(?:een\\s+)?(?:gevaar|bedreiging)\\s+voor\\s+(?:de\\s+|onze\\s+)?kinderen|gevaarlijk\\s+voor\\s+(?:de\\s+|onze\\s+)?kinderen)";
const INFERIOR =
  "(?:inferior|subhuman|stupid|dumb|retarded|inferiores|estupid[oa]s|tont[oa]s|burr[oa]s|inferieur(?:e)?s|stupides|betes|minderwertig|dumm|inferiori|stupid[ie]|minderwaardig|dom|stom|achterlijk)";
// A burden on everyone else: "disabled people are a burden on society", "een last voor de maatschappij".
const BURDEN =
  "(?:(?:a\\s+)?(?:burden|drain|strain|leech)\\s+(?:on|for|to)\\s+(?:our\\s+|the\\s+)?(?:society|economy|state|taxpayers?|welfare\\s+system|country|nation|system)" +
  "|(?:una\\s+)?carga\\s+para\\s+(?:la\\s+)?(?:sociedad|economia|estado|pais)" +
  "|(?:un\\s+)?(?:fardo|peso)\\s+(?:para|pra)\\s+(?:a\\s+|o\\s+)?(?:sociedade|economia|estado|pais)" +
  "|(?:un\\s+)?(?:fardeau|poids)\\s+pour\\s+(?:la\\s+|le\\s+|l')?(?:societe|economie|etat|pays)" +
  "|(?:eine\\s+)?(?:last|belastung)\\s+fur\\s+(?:die\\s+|den\\s+|das\\s+|unsere\\s+)?(?:gesellschaft|wirtschaft|staat|steuerzahler|land)" +
  "|(?:un\\s+)?(?:peso|fardello)\\s+per\\s+(?:la\\s+|lo\\s+|il\\s+)?(?:societa|economia|stato|paese)" +
  "|(?:een\\s+)?(?:last|belasting)\\s+voor\\s+(?:de\\s+|het\\s+|onze\\s+)?(?:maatschappij|samenleving|economie|staat|land|belastingbetaler))";
// Criminals as a people: "immigrants are criminals", "les étrangers sont des voleurs".
const CRIMINALS =
  "(?:criminals|thieves|terrorists|rapists|scammers|pedophiles|paedophiles|groomers|predators|crooks|murderers" +
  "|criminales|delincuentes|ladrones|terroristas|violadores|pedofilos|estafadores" +
  "|criminels|voleurs|terroristes|violeurs|pedophiles|delinquants|escrocs" +
  "|kriminelle|verbrecher|diebe|terroristen|vergewaltiger|padophile|betruger" +
  "|criminosos|ladroes|bandidos|estupradores|golpistas" +
  "|criminali|ladri|delinquenti|terroristi|stupratori|pedofili|truffatori" +
  "|criminelen|dieven|verkrachters|pedofielen|boeven|oplichters)";
// Good for nothing: "women are useless", "las mujeres no sirven para programar", "Ausländer taugen nichts".
const USELESS =
  "(?:(?:are|r|is)\\s+(?:all\\s+|just\\s+)?(?:useless|worthless|good\\s+for\\s+nothing)" +
  "|no\\s+sirven\\s+para|son\\s+(?:unos\\s+)?inutiles|ne\\s+servent\\s+a\\s+rien|sont\\s+(?:des\\s+)?(?:inutiles|bons\\s+a\\s+rien)" +
  "|taugen\\s+nichts|sind\\s+(?:zu\\s+)?nutzlos|nao\\s+servem\\s+(?:para|pra)|sao\\s+inuteis|non\\s+servono\\s+a|sono\\s+inutili" +
  "|deugen\\s+(?:nergens\\s+voor|niet)|zijn\\s+(?:nutteloos|waardeloos))";
const NO_RIGHT =
  "(?:(?:should(?:n't|\\s+not|\\s+never)|must\\s+(?:not|never))\\s+(?:be\\s+allowed\\s+to\\s+)?(?:vote|work|drive|marry|adopt|have\\s+(?:rights|a\\s+say|a\\s+voice))" +
  "|should\\s+have\\s+no\\s+(?:rights|say|voice)|nichts\\s+zu\\s+(?:sagen|melden)\\s+haben|niets\\s+te\\s+zeggen\\s+hebben" +
  "|no\\s+deberian\\s+tener\\s+(?:voz|voto|derechos)|nao\\s+deveriam\\s+ter\\s+(?:voz|voto|direitos)|non\\s+dovrebbero\\s+avere\\s+(?:voce|diritti)" +
  "|ne\\s+devraient\\s+(?:pas\\s+avoir|avoir\\s+aucun)\\s+(?:de\\s+|le\\s+|leur\\s+)?(?:droits?|voix|mot\\s+a\\s+dire)" +
  "|no\\s+(?:deberian|deben)\\s+(?:poder\\s+)?(?:votar|trabajar|casarse|adoptar)" +
  "|nao\\s+(?:deveriam|devem)\\s+(?:poder\\s+)?(?:votar|trabalhar|casar|adotar)" +
  "|ne\\s+(?:devraient|doivent)\\s+pas\\s+(?:pouvoir\\s+)?(?:voter|travailler|se\\s+marier|adopter)" +
  "|(?:sollten|sollen|durfen)\\s+nicht\\s+(?:wahlen|arbeiten|heiraten|adoptieren)" +
  "|non\\s+(?:dovrebbero|devono)\\s+(?:poter\\s+)?(?:votare|lavorare|sposarsi|adottare)" +
  "|(?:zouden|mogen)\\s+niet\\s+(?:mogen\\s+)?(?:stemmen|werken|trouwen|adopteren))";
const endangering = new RegExp(`${w}${GROUP}\\s+${IS}\\s+${SOME_WORDS}${DANGER_TO_CHILDREN}${e}`, "g");
const burdening = new RegExp(`${w}${GROUP}\\s+${IS}\\s+${SOME_WORDS}${BURDEN}${e}`, "g");
const belittling = new RegExp(`${w}${GROUP}\\s+(?:${IS}\\s+(?:${FILLER}\\s+){0,2}${INFERIOR}|${USELESS})${e}`, "g");
const criminalising = new RegExp(`${w}${GROUP}\\s+${IS}\\s+(?:${FILLER}\\s+){0,2}${CRIMINALS}${e}`, "g");
const denyingRights = new RegExp(`${w}${GROUP}\\s+${SOME_WORDS}${NO_RIGHT}${e}`, "g");

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
    // "las mujeres no sirven para programar, que se vuelvan a la cocina": told to go back, later in the sentence.
    `${w}(?<!(?:the|these|those|our|my)\\s+)${WOMEN}${e}[^.!?\\n]{0,60}?${w}(?:(?:que\\s+)?se\\s+)?(?:vuelvan|regresen|go\\s+back|get\\s+back|retournent|zuruck|voltem|tornino|tornate|terug)\\s+(?:a\\s+la|to\\s+the|in\\s+die|pra|para\\s+a|in|en|naar\\s+de|nella|a)\\s+${KITCHEN}${e}`,
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
const wishingGone = new RegExp(`${w}${PLACE}\\s+${BETTER}\\s+${WITHOUT}${GROUP_NAME}${e}(?!'s|\\s+[a-z]+'s)`, "g");

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
    | "calling a group a danger to children"
    | "calling a group inferior"
    | "calling a group a burden"
    | "calling a group criminals"
    | "denying a group rights"
    | "confining a group"
    | "sending someone back";
  start: number;
  end: number;
  excerpt: string;
}

// An attack denied before it is stated: "I never said that gay people are scum", "you can't seriously
// believe that all women are stupid", "no puedes creer de verdad que todos los judíos son...", "who
// says women shouldn't vote?". What comes between the denial and the group is only adverbs, "that"
// and quantifiers: "nobody believes me but immigrants are rats" is no denial, nor are "no i think
// women are inferior" and "don't you think...".
const DENIED_BEFORE = new RegExp(
  "(?:(?:never|not|n't|cannot|nobody|no\\s+one|no|nao|pas|nicht|kein|non|niet|nunca|jamais|mai|nooit)(?:\\s+(?!(?:i|we|you|u)\\s)[a-z']+){0,2}?\\s+" +
    "(?:say|said|says|think|thinks|thought|believe|believes|believed|claim|claims|claimed|mean|meant|creer|cree|creo|acreditar|acredito|croire|crois|croit|glauben|glaube|credere|credo|geloven|geloof|decir|dizer|dire|sagen|zeggen)" +
    "|who\\s+(?:says|said|thinks))" +
    "(?:\\s+(?:seriously|really|honestly|actually|de\\s+verdad|en\\s+serio|seriamente|de\\s+verdade|serieusement|vraiment|ernsthaft|wirklich|davvero|serieus|echt))?" +
    "(?:\\s*,?\\s+(?:that|que|dass|che|dat))?" +
    "(?:\\s+(?:all|the|todos|todas|los|las|os|as|tous|toutes|les|alle|die|tutti|tutte|i|le|gli|de|pessoas|personas|personnes|persone|mensen))*\\s*$",
);

// "Not all immigrants are criminals", "nicht alle Ausländer sind Diebe": the generalisation denied.
const NOT_ALL =
  /(?:not|nicht|niet|non|pas|nem|no)\s+(?:all|every|alle|todos|todas|tous|toutes|tutti|tutte)(?:\s+(?:the|los|las|les|die|os|as|i|gli|le|de))?\s*$/;

/** Whether the sentence before `start` denies what follows. */
function deniedAt(folded: string, start: number): boolean {
  const before = folded.slice(0, start);
  const sentence = before.slice(
    Math.max(before.lastIndexOf("."), before.lastIndexOf("!"), before.lastIndexOf("?")) + 1,
  );
  return DENIED_BEFORE.test(sentence) || NOT_ALL.test(sentence);
}

export function findGroupAttacks(folded: string): GroupAttackHit[] {
  const patterns: [GroupAttackHit["term"], RegExp][] = [];
  // Most messages name no group: their words are looked up, and the patterns never run.
  if (namesAGroup(folded))
    patterns.push(
      ["dehumanising a group", dehumanising],
      ["calling for a group's expulsion", expelling],
      ["wishing a group gone", wishingGone],
      ["calling a group a danger to children", endangering],
      ["calling a group a burden", burdening],
      ["calling a group inferior", belittling],
      ["calling a group criminals", criminalising],
      ["denying a group rights", denyingRights],
      ["confining a group", confining],
    );
  if (anyReturnWord.test(folded)) patterns.push(["sending someone back", sendingBack]);
  const hits: GroupAttackHit[] = [];
  for (const [term, pattern] of patterns)
    for (const match of matchesIn(pattern, folded)) {
      const excerpt = match[0].trim();
      const start = match.index + match[0].indexOf(excerpt);
      if (!deniedAt(folded, start)) hits.push({ term, start, end: start + excerpt.length, excerpt });
    }
  if (hits.length === 0) return hits;
  // Retold to be condemned ("a streamer said gay people shouldn't adopt. unfollowed"): like a quoted
  // report, the attack is someone else's (reported-speech.ts).
  const retold = reportedClauses(folded);
  return hits.filter((hit) => !retold.some(([from, to]) => from <= hit.start && hit.end <= to));
}
