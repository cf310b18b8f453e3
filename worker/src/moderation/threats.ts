// Threats of violence, wishes of death and incitement to self-harm, found in folded text.
// Each pattern needs an addressee or a target group, so "this bug is killing me", "I could
// kill for a coffee" and "kill the process" do not match; a negation before the verb
// ("I would never hurt you") cancels a first-person threat.

import { CLAUSE_START } from "./addressee.ts";
import { deniedOrders } from "./denied-judgements.ts";
import { matchesIn } from "./pattern-matches.ts";
import { findSelfHarmInOtherLanguages } from "./self-harm-other-languages.ts";
import { findThreatsInOtherLanguages } from "./threats-other-languages.ts";
import { findVeiledThreats } from "./veiled-threats.ts";

export interface ThreatHit {
  term: string;
  start: number;
  end: number;
  excerpt: string;
}

const you = "(?:you|u|ya|yu|yall|y'all|thee)";
const yourOwn =
  "(?:your|ur|yo)\\s+(?:ass|family|kids?|children|mom|mother|mama|momma|dad|father|wife|husband|girl|dog|face|head|throat|neck|brains?)";
const violentVerb =
  "(?:kill|murder|shoot|stab|strangle|choke|hang|lynch|slit|slaughter|behead|butcher|torture|rape|smother|drown|hurt|curb\\s*stomp|stomp|punch)";
const ownSelf = "(?:your|ur|yo|you|u)\\s*(?:self|selves)";
const groups =
  "(?:jews?|muslims?|blacks?|whites?|gays?|lesbians?|mexicans?|immigrants?|arabs?|asians?|christians?|hindus?|trans(?:gender)?s?|refugees?|women|niggers?|niggas?|fags?|faggots?|queers?|kikes?|spics?|chinks?)";
const intent =
  "(?:will|shall|would|wanna|want\\s+to|gonna|going\\s+to|gon|finna|bout\\s+to|about\\s+to|boutta|need\\s+to|have\\s+to|gotta)";

// First person intent, up to a few words, then a violent act on the addressee:
// "I will kill you", "imma f***ing stab u", "we're going to hang you", "I'll beat the shit out of you",
// "I will burn your house down". Not "I'll shoot you a text", "I'll kill you at chess", "did I hurt you".
// Chat drops the subject at the start of a sentence: "gonna kill u for real", "finna beat your ass".
const firstPersonIntent = `(?:(?<![a-z'])(?:(?:i|we)\\s*(?:'ll|ll|'d|${intent}|(?:'m|m|am|'re|re|are)\\s+${intent})|imma|ima|i'ma|ama|ill)|${CLAUSE_START}(?:gonna|finna|boutta|bout\\s+to|about\\s+to|going\\s+to))(?![a-z])`;
// "in the neck" is where, not what game: "I'll stab you in the neck". "In the back" is the idiom of betrayal.
const bodyPart =
  "(?:neck|face|head|throat|chest|heart|guts?|stomach|belly|eyes?|skull|kneecaps?|knees?|legs?|balls|mouth|teeth|ribs)";
const notAGameOrAMessage = `(?![a-z])(?!\\s+(?:a|an|the|some|my|this|that|guys|at|in(?!\\s+(?:(?:your|ur|yo)\\s+sleep|the\\s+${bodyPart}(?![a-z])))|on|up|off|out|over|back|down|too|later)(?![a-z]))`;
const violentAct =
  `(?:${violentVerb}(?:s|ed|ing)?\\s+(?:${you}|${yourOwn})${notAGameOrAMessage}` +
  `|(?:beat|whoop|stomp)(?:s|ed|ing)?\\s+${yourOwn}(?![a-z])` +
  `|(?:beat|whoop|stomp|kick|knock)(?:s|ed|ing)?\\s+(?:the\\s+(?:(?:living|ever\\s*living|absolute|holy|fucking)\\s+)?(?:shit|hell|fuck|crap|life|daylights|snot|piss|stuffing)\\s+out\\s+of\\s+${you})(?![a-z])` +
  `|(?:burn|torch|firebomb|bomb|blow\\s+up)(?:s|ed|ing)?\\s+(?:down\\s+)?(?:your|ur|yo)\\s+(?:house|home|car|school|place)(?![a-z]))`;
const firstPerson = new RegExp(`${firstPersonIntent}((?:\\s+[a-z'*]+){0,4}?)\\s+${violentAct}`, "g");
const negation =
  /(?<![a-z])(?:not|never|no|nobody|dont|don't|wont|won't|cant|can't|wouldnt|wouldn't|couldnt|couldn't|didnt|didn't|shouldnt|shouldn't|aint|ain't)(?![a-z])/;

// "I hope you die laughing" is a joke; "you should die your hair" is a misspelt dye.
const notAJoke =
  "(?!\\s+(?:laughing|of\\s+laughter|happy|old|rich|trying|your|ur|my|his|her|their|it|them|the)(?![a-z]))";
// Said to someone: at the start of a sentence (an order) or after "go", "just", "please", "you should",
// "why don't you". "I want to jump off a bridge" is someone in pain, not encouragement.
const toSomeone = `(?:${CLAUSE_START}|(?<=(?:please|pls|plz|kindly|should|better|why\\s+(?:don't|dont)\\s+(?:you|u)|why\\s+not)\\s+))`;

// "Don't kill yourself over it", "shoot yourself in the foot", "killed myself laughing" are idioms.
const notAnIdiom = "(?<!(?:don't|dont|do\\s+not|never|not)\\s+)";

const otherThreats: readonly (readonly [term: string, pattern: RegExp])[] = [
  [
    "kill yourself",
    new RegExp(
      `(?<![a-z])${notAnIdiom}(?:(?:kill|hang|shoot|neck|off|end)\\s+${ownSelf}(?![a-z])(?!\\s+(?:laughing|in\\s+the\\s+foot|over))|kys(?![a-z])|drink\\s+bleach(?![a-z])|eat\\s+(?:glass|a\\s+bullet)(?![a-z]))`,
      "g",
    ),
  ],
  [
    "kill yourself",
    new RegExp(
      `${toSomeone}(?:go\\s+(?:and\\s+)?|just\\s+)?(?:(?:jump|leap)\\s+off\\s+(?:a|the|some)\\s+(?:bridge|cliff|building|roof|balcony|skyscraper)|play\\s+in\\s+(?:the\\s+)?traffic|(?:take\\s+a\\s+)?long\\s+walk\\s+off\\s+a\\s+short\\s+(?:pier|bridge|cliff)|(?:step|jump|walk)\\s+in\\s+front\\s+of\\s+(?:a|the)\\s+(?:train|bus|truck|lorry|car)|slit\\s+(?:your|ur|yo)\\s+wrists?|(?:swallow|down)\\s+(?:a\\s+bottle\\s+of\\s+|all\\s+(?:your|ur|the)\\s+)pills|take\\s+all\\s+(?:your|ur|the|ya)\\s+pills\\s+(?:at\\s+once|tonight|together|in\\s+one\\s+go)|starve\\s+(?:your|ur|yo)\\s*self(?!\\s+(?:and|or)\\s+(?:you|u|your)(?![a-z])))(?![a-z])`,
      "g",
    ),
  ],
  // Veiled: "have you considered not waking up tomorrow?", "please consider not waking up", "do us
  // all a favour and stop breathing", "you should just stop breathing". Not "stop breathing through
  // your mouth" (advice on breathing), nor "end it all" or "never wake up" said of oneself.
  [
    "kill yourself",
    new RegExp(
      `(?<![a-z])(?:(?:(?:have|did)\\s+${you}\\s+(?:ever\\s+)?|${toSomeone}(?:maybe\\s+|just\\s+)?)(?:considered|consider|tried|thought\\s+about|think\\s+about)\\s+(?:just\\s+)?(?:not\\s+waking\\s+up|stopping\\s+breathing|not\\s+existing|ending\\s+it\\s+all|ending\\s+it(?=\\s*(?:$|[.!?,;]))|ending\\s+(?:your|ur)\\s+(?:own\\s+)?life|killing\\s+(?:your|ur)self)` +
        `|(?:do|doing)\\s+(?:us\\s+all|us|everyone|everybody|the\\s+world)\\s+a\\s+favou?r\\s+and\\s+(?:just\\s+)?(?:stop\\s+breathing|end\\s+it\\s+all|never\\s+wake\\s+up)` +
        `|${toSomeone}(?:just\\s+)?stop\\s+breathing)(?![a-z])(?!\\s+(?:through|so|like|when|while|in|out|for|on|at|near|down|deeply|properly|loudly|heavily|hard|loud))`,
      "g",
    ),
  ],
  // "Rope is cheap", "go buy a rope": not "the rope is cheap", "get a rope for the tent".
  [
    "kill yourself",
    new RegExp(
      `(?<![a-z])(?<!(?:the|this|that|climbing|nylon|jump|skipping)\\s+)ropes?\\s+(?:is|are)\\s+(?:cheap|free)(?![a-z])` +
        `|${toSomeone}(?:go\\s+(?:and\\s+)?|just\\s+)?(?:buy|get|grab)\\s+(?:yourself\\s+)?a\\s+rope(?![a-z])(?!\\s+(?:for|and|to|ladder|swing))`,
      "g",
    ),
  ],
  ["death wish", new RegExp(`(?<![a-z])go\\s+(?:and\\s+)?die(?![a-z])(?!\\s+hard)${notAJoke}`, "g")],
  [
    "death wish",
    new RegExp(
      `(?<![a-z])(?:hope|wish|pray)\\s+(?:that\\s+)?${you}(?:\\s+[a-z']+){0,2}?\\s+(?:die|dies|get\\s+(?:killed|shot|raped|stabbed|murdered|lynched|cancer|aids|run\\s+over|hit\\s+by\\s+a\\s+(?:bus|car|truck|lorry|train)))(?![a-z])${notAJoke}`,
      "g",
    ),
  ],
  [
    "death wish",
    new RegExp(
      `(?<![a-z])${you}\\s+(?:should|deserve\\s+to|need\\s+to|ought\\s+to|better|must)\\s+(?:just\\s+)?(?:die|be\\s+(?:killed|shot|hanged|hung|lynched|raped))(?![a-z])${notAJoke}`,
      "g",
    ),
  ],
  // "I wish you were dead"; not "dead tired", "dead right".
  [
    "death wish",
    new RegExp(
      `(?<![a-z])(?:hope|wish|pray)\\s+(?:that\\s+)?${you}\\s*(?:were|was|are|r|'re|'d\\s+be|would\\s+be)\\s+dead(?![a-z])(?!\\s+(?:tired|serious|wrong|right|set|last|on|ahead|centre|center|end|broke|certain|sure|quiet|good|funny)(?![a-z]))`,
      "g",
    ),
  ],
  // "I hope someone stabs you", "pray somebody runs you over".
  [
    "death wish",
    new RegExp(
      `(?<![a-z])(?:hope|wish|pray)\\s+(?:that\\s+)?(?:someone|somebody|some\\s+one|a\\s+(?:bus|car|truck|train))\\s+(?:kills|stabs|shoots|murders|rapes|strangles|hits|runs)\\s+${you}(?:\\s+over)?(?![a-z])`,
      "g",
    ),
  ],
  ["death wish", /(?<![a-z])die\s+in\s+a\s+(?:fire|hole|ditch)(?![a-z])/g],
  // A gun brought to where the person addressed lives or studies, or to a school or a lecture: "I'm
  // bringing my dad's gun to your place", "bringing a rifle to class tomorrow". Not a toy's ("my nerf
  // gun", "water gun", "glue gun"), nor one for a hunting trip.
  [
    "threat of violence",
    /(?<![a-z])(?:bring|bringing|brought|take|taking)\s+(?:a|my|the|his|our|dad's|my\s+[a-z]+'s)\s+(?:(?!nerf|water|toy|glue|paint|heat|squirt|staple|nail|spray|airsoft|paintball|bb|cap|bubble|laser)[a-z]+\s+)?(?:gun|pistol|rifle|shotgun|glock|revolver)\s+(?:to|over\s+to|round\s+to|into)\s+(?:(?:your|ur|yo)\s+(?:place|house|home|school|class|work|job|door|street)|(?:the\s+)?(?:school|class|lecture|lecture\s+hall|exam|exam\s+hall|campus))(?![a-z])(?!\s+for\s+(?:the\s+|a\s+)?(?:hunt|hunting|range|shooting\s+range|cleaning|repair|trip))/g,
  ],
  // Violence called down on the person addressed by someone else's hand: "someone should put a bullet
  // in your head", "somebody needs to shoot you", "someone's gonna slit your throat". Not "someone should kill you at chess" (a game).
  [
    "threat of violence",
    new RegExp(
      `(?<![a-z])(?:someone|somebody|some1|sum1|people|they)\\s+(?:should|needs?\\s+to|ought\\s+to|oughta|has\\s+to|have\\s+to|gotta)\\s+(?:just\\s+|really\\s+)?${violentAct}` +
        // Foretold: "one day someone's gonna slit your throat".
        `|(?<![a-z])(?:someone|somebody)(?:'s|\\s+is)\\s+(?:gonna|going\\s+to)\\s+(?:just\\s+|really\\s+)?${violentAct}` +
        `|(?<![a-z])put\\s+a\\s+bullet\\s+(?:in|through|between)\\s+(?:(?:your|ur|yo)\\s+(?:head|skull|brain|face|eyes)|${you})(?![a-z])`,
      "g",
    ),
  ],
  // A meeting promised to end in violence: "if i ever meet u im choking u out", "if I see you at
  // the match I'm smashing your face in"; and "you won't survive the walk home tonight".
  [
    "threat of violence",
    new RegExp(
      `(?<![a-z])if\\s+(?:i|we)\\s+(?:ever\\s+)?(?:see|meet|catch|find|run\\s+into)\\s+${you}(?![a-z])[^.!?]{0,40}?(?<![a-z])(?:kill|murder|shoot|stab|strangl|chok|hang|punch|hurt|beat|smash|slap|stomp|drown|wreck)[a-z]{0,4}\\s+(?:${you}(?![a-z])|(?:your|ur|yo)\\s+(?:face|head|teeth|skull|ass))` +
        `|(?<![a-z])${you}\\s+(?:won't|wont|will\\s+not|are\\s+not\\s+gonna|aren't\\s+gonna|ain't\\s+gonna|not\\s+gonna)\\s+survive\\s+(?:the\\s+(?:night|walk\\s+home|way\\s+home|week|weekend)|tonight|till\\s+morning|until\\s+morning)(?![a-z])`,
      "g",
    ),
  ],
  // Beaten past what a game means: "I'll wait for you after pickup and beat you senseless".
  [
    "threat of violence",
    new RegExp(
      `(?<![a-z])(?:beat|beating|punch|punching|kick|kicking|smack|smacking)\\s+${you}\\s+(?:senseless|to\\s+a\\s+pulp|black\\s+and\\s+blue|half\\s+to\\s+death|to\\s+death|unconscious|bloody|within\\s+an\\s+inch\\s+of\\s+(?:your|ur)\\s+life)(?![a-z])`,
      "g",
    ),
  ],
  // Revenge promised to those who wronged the writer: "everyone who laughed at me is first".
  [
    "threat of violence",
    /(?<![a-z])(?:everyone|everybody|anyone|all\s+(?:of\s+)?(?:you|those|the\s+people))\s+(?:who|that)\s+(?:ever\s+)?(?:laughed\s+at|bullied|mocked|made\s+fun\s+of|picked\s+on|rejected|humiliated)\s+me\s+(?:is|are|will\s+be|gonna\s+be|is\s+gonna\s+be|is\s+going\s+to\s+be)\s+(?:first|next|the\s+first|getting\s+it|sorry|dead)(?![a-z])/g,
  ],
  // "You better watch your back", "prof better watch his back", a message that ends on "watch your
  // back."; not advice ("watch your back when you deadlift") nor a warning in a game ("watch your
  // back, sniper on the roof").
  [
    "intimidation",
    new RegExp(
      `(?<=(?:better|best|should|gotta|gonna|to)\\s+)watch\\s+(?:your|ur|yo|his|her|their)\\s+backs?(?![a-z])(?!\\s+(?:when|while|during|on|with|form|posture|muscles?|pain|and|in\\s+the\\s+gym|for\\s+(?:me|us))(?![a-z]))` +
        `|${CLAUSE_START}watch\\s+(?:your|ur|yo)\\s+back(?=[^a-z0-9]*$)`,
      "g",
    ),
  ],
  // Menace in stock phrases: "hope you like hospital food", "you can run but you can't hide", "see if
  // you walk out of there in one piece", "hope you're ready to bleed"; not "hope you get out of there
  // in one piece" (concern) nor "you can't hide from the truth".
  [
    "intimidation",
    new RegExp(
      `(?<![a-z])(?:hope|bet)\\s+${you}\\s+(?:like|enjoy|love)\\s+hospital\\s+food(?![a-z])` +
        `|(?<![a-z])(?:${you}\\s+can(?:'t|not|t)\\s+hide(?![a-z])(?!\\s+(?:from\\s+(?:the|this|your|it|that|what|how)|it|them|this|those|your|that|the|behind)(?![a-z]))|(?:no\\s+matter|(?:it\\s+)?does(?:n't|nt)\\s+matter)\\s+where\\s+${you}\\s+(?:hide|run)(?![a-z]))` +
        `|(?<![a-z])(?:see\\s+if|won't|wont|will\\s+not|not\\s+gonna|never)\\s+(?:${you}\\s+)?(?:walk|get|leave|make\\s+it|come)\\s+out\\s+(?:of\\s+(?:there|here)\\s+)?(?:in\\s+one\\s+piece|alive)(?![a-z])` +
        `|(?<![a-z])(?:${you}(?:'re|\\s+are|\\s+r)?|hope\\s+(?:you're|youre|you\\s+are|ur)|better\\s+be)\\s+(?:ready|prepared)\\s+to\\s+bleed(?![a-z])`,
      "g",
    ),
  ],
  // Idioms of menace said to someone: "you better sleep with one eye open", "pray we never meet",
  // "you're dead meat", "someone will shut you up for good". Not "I sleep with one eye open".
  [
    "intimidation",
    new RegExp(
      `${toSomeone}(?:sleep\\s+with\\s+one\\s+eye\\s+open|pray\\s+(?:that\\s+)?(?:we|i)\\s+never\\s+(?:meet|run\\s+into\\s+(?:each\\s+other|you|u)))(?![a-z])(?!\\s+(?:a|an|the|any|some|that|this|him|her|them|again|up)(?![a-z]))`,
      "g",
    ),
  ],
  ["intimidation", new RegExp(`(?<![a-z])${you}\\s*(?:'re|re|are|r)\\s+dead\\s+meat(?![a-z])`, "g")],
  [
    "intimidation",
    new RegExp(`(?<![a-z])(?:shut|silence)\\s+${you}\\s+up\\s+(?:for\\s+good|permanently|forever)(?![a-z])`, "g"),
  ],
  [
    "incitement",
    new RegExp(
      `(?<![a-z])(?:kill|gas|hang|lynch|shoot|exterminate|slaughter|burn|nuke)\\s+(?:all|every|each)\\s+(?:of\\s+)?(?:the\\s+|these\\s+|those\\s+)?${groups}(?![a-z])`,
      "g",
    ),
  ],
];

// Cheap pre-check: no violent word, no threat.
const anyThreatWord =
  /hospital|hide|matter\s+where|one\s+piece|out\s+alive|bleed|watch|laughed|bullied|mocked|made\s+fun|picked\s+on|rejected|humiliated|smack|starv|surviv|if\s+(?:i|we)\s|kick|knock|torch|bomb|blow|kill|murder|shoot|stab|strangl|chok|hang|lynch|slit|slaughter|behead|butcher|tortur|rape|smother|drown|hurt|punch|beat|whoop|stomp|die|dead|neck|kys|bleach|live|gas|nuke|burn|cancer|aids|jump|leap|traffic|pier|front|pills|gun|pistol|rifle|glock|revolver|hit\s+by|hits\s|runs?\s+(?:over|you|u\s)|glass|bullet|eye\s+open|never\s+(?:meet|run)|shut|silenc|breathing|waking|wake\s+up|end(?:ing)?\s+it|ending\s+(?:your|ur)|existing|rope/;

export function findThreats(folded: string): ThreatHit[] {
  const hits: ThreatHit[] = [
    ...findThreatsInOtherLanguages(folded).map((hit) => ({ term: "threat of violence", ...hit })),
    ...findSelfHarmInOtherLanguages(folded).map((hit) => ({ term: "kill yourself", ...hit })),
    ...findVeiledThreats(folded).map((hit) => ({ term: "intimidation", ...hit })),
  ];
  if (!anyThreatWord.test(folded)) return hits;
  for (const match of matchesIn(firstPerson, folded)) {
    if (!negation.test(match[1] ?? ""))
      hits.push({
        term: "threat of violence",
        start: match.index,
        end: match.index + match[0].length,
        excerpt: match[0],
      });
  }
  for (const [term, pattern] of otherThreats) {
    for (const match of matchesIn(pattern, folded))
      hits.push({ term, start: match.index, end: match.index + match[0].length, excerpt: match[0] });
  }
  if (hits.length === 0) return hits;
  // "Nobody should ever tell you to kill yourself" is support, not the order it denies.
  const denied = deniedOrders(folded);
  return hits.filter((hit) => !denied.some(([from, to]) => from <= hit.start && hit.end <= to));
}
