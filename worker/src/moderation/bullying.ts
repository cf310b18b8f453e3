// Bullying that is done to someone rather than said of them, in English, with no insulting word:
// turning the room against a member ("lets all ignore kayla until she gets the hint", "made a new gc
// without dan"), exposing what is theirs ("want me to post her diary?", an address "in case anyone
// wants to visit", "fun fact: greg failed his driving test four times lol"), and pursuing someone who
// has said no ("why'd you block my other account?", "i'll keep messaging until you agree"). The
// classifier, reading words, scores most of these as calm. Found in folded text; banter marked as
// such and retold or quoted speech are set aside by the caller, as for the other harassment phrases.

import { ADDRESSEE } from "./addressee.ts";
import { findPhrases, type PhraseFamily, type PhraseHit } from "./pattern-matches.ts";

const w = "(?<![a-z'])";
const e = "(?![a-z])";
const you = ADDRESSEE;
/** Someone in the room: a pronoun or a name (not an article, a bot or a troll, whom rooms do gang up on). */
const someone = `(?:him|her|them|@?(?!(?:the|a|an|this|that|these|those|it|me|us|spam|spammers?|bots?|trolls?|raiders?|scammers?)${e})[a-z][a-z0-9_]{1,20})`;
const theyDo = "(?:she|he|they|@?[a-z][a-z0-9_]{1,20})";
/** A member's, not anyone's: "posting someone's address is a ban" states a rule. */
const whose = "(?:her|his|their|(?!(?:someone|somebody|anyone|anybody|everyone|everybody|people|nobody)'s)[a-z]+'s)";
/** Their private things: what a member does not choose to show the room. */
const private_ =
  "(?:diary|nudes|noods|search\\s+history|browser\\s+history|medical\\s+records|(?:home\\s+)?address|phone\\s+number|number|private\\s+(?:pics|photos|videos?))";

/** Not when told to stop: "please stop mass reporting noah's stream" defends him. */
const notStopped = "(?<!(?:stop|quit|don't|dont|not|no|never)\\s+)";

const gangingUp = [
  // Until they break: "lets all just ignore kayla until she gets the hint", "see how long he lasts".
  `${w}(?:let's|lets|let\\s+us|everyone|everybody|guys|yall|y'all|we\\s+(?:all|should|need\\s+to|gotta))\\s+[^.!?\\n]{0,80}?(?:(?:until|till|til)\\s+${theyDo}\\s+(?:finally\\s+)?(?:gets\\s+the\\s+(?:hint|message)|gives\\s+up|cries|breaks|rage\\s*quits)|(?:until|till|til)\\s+(?:it|(?:her|his|their)\\s+[a-z]+)\\s+gets?\\s+(?:taken\\s+down|banned|deleted|removed)|see\\s+how\\s+long\\s+${theyDo}\\s+(?:lasts|takes\\s+it|holds\\s+out))${e}`,
  // Betting on it: "let's see how long until laura cries this time".
  `${w}how\\s+long\\s+(?:until|till|til|before)\\s+${someone}\\s+(?:cries|breaks\\s+down|rage\\s*quits|snaps)${e}`,
  // "lets get her banned", "let's make him leave", "mass report her".
  `${w}(?:let's|lets|let\\s+us)\\s+(?:all\\s+)?(?:get|make)\\s+${someone}\\s+(?:banned|kicked|removed|leave|quit|cry|rage\\s*quit)${e}`,
  `${w}${notStopped}mass[\\s-]*report(?:ing)?\\s+${someone}${e}`,
  // Left out on purpose: "we made a new gc without dan", "a new group without her".
  `${w}(?:made|making|started|created|make|start)\\s+(?:a\\s+|an\\s+)?(?:new|another|separate|secret|private|second)\\s+(?:gc|group\\s*chat|group|chat|server|discord|channel|squad|team)\\s+without\\s+${someone}${e}`,
  // "don't invite hannah, she ruins everything", "whoever replies to ethan gets kicked".
  `${w}(?:don't|dont|do\\s+not|never)\\s+(?:invite|add|include)\\s+${someone}${e}[^.!?\\n]{0,40}?(?:ruins|ruin|got\\s+rid\\s+of|so\\s+annoying|nobody\\s+(?:likes|wants))${e}`,
  `${w}whoever\\s+(?:replies\\s+to|talks\\s+to|invites|adds|defends|helps|sits\\s+with|plays\\s+with)\\s+${someone}${e}[^.!?\\n]{0,20}?\\s+(?:gets|will\\s+get|is\\s+getting)\\s+(?:kicked|banned|muted|removed|blocked|ignored)${e}`,
  // "who invited the charity case", "who let the weirdo back in here".
  `${w}who\\s+(?:invited|let|added|keeps\\s+inviting)\\s+(?:the|this|that)\\s+(?:[a-z]+\\s+){0,1}(?:charity\\s+case|weirdo|loser|clown|freak|npc|tryhard|crybaby|cry\\s+baby|baby)${e}`,
  // Worse off for their being here: "someone should tell amir the team was doing fine before he showed up".
  `${w}(?:was|were)\\s+(?:doing\\s+)?(?:fine|better|great|good|nicer|happier)\\s+before\\s+(?:he|she)\\s+(?:joined|came|arrived|showed\\s+up|got\\s+here)${e}`,
];

const exposing = [
  // Posting what is theirs: "want me to post her diary?", "i'll leak his dms".
  `${w}(?:post|posting|leak|leaking|expose|exposing|publish|read\\s+out)\\s+${whose}\\s+(?:old\\s+|private\\s+|secret\\s+|whole\\s+)?${private_}${e}`,
  `${w}${whose}\\s+(?:old\\s+|private\\s+|secret\\s+)?${private_}\\s*[^.!?\\n]{0,40}?(?:want\\s+me\\s+to|should\\s+i|i\\s+should|i'll|ill|gonna|going\\s+to)\\s+(?:post|leak|read\\s+out)${e}`,
  // Held over them: "one more word and the video goes in general", "the pic of tom asleep".
  `${w}(?:one\\s+more\\s+word(?:\\s+(?:from|out\\s+of)\\s+${you})?|(?:if|unless)\\s+${you}\\s+[^.!?\\n]{1,30}?)\\s*(?:and|,)?\\s+(?:it|this|that|the\\s+(?:video|vid|clip|pics?|photos?|screenshots?|recording))\\s+(?:goes|gets\\s+(?:posted|sent|leaked))${e}`,
  `${w}post(?:ing)?\\s+(?:the|a|that|this)\\s+(?:pic|photo|picture|video|vid|clip|screenshot)\\s+of\\s+(?:him|her|[a-z]+)\\s+(?:asleep|sleeping|crying|drunk|passed\\s+out|naked|in\\s+the\\s+(?:shower|bath|bathroom))${e}`,
  `${w}(?:anyone|who|y'all|yall)\\s+(?:wants?|wanna)\\s+(?:to\\s+)?(?:see|read|hear)\\s+[^.!?\\n]{0,40}?(?:wrote|sent|said)\\s+(?:to|for|about)\\s+(?:her|his|their)\\s+(?:crush|ex|bf|gf|boyfriend|girlfriend|therapist)${e}`,
  // An address with a hint: "14 birch lane, in case anyone wants to send her a gift", "he lives at 22 elm st".
  `${w}(?<!(?:my|our)\\s+[a-z]+\\s+)(?:lives|living|stays)\\s+(?:at|on)\\s+(?:\\d+\\s+)?[a-z]+\\s+(?:lane|ln|street|st|road|rd|avenue|ave|drive|dr|court|ct|crescent|close|boulevard|blvd|terrace|way|place)${e}`,
  `${w}${whose}\\s+(?:home\\s+)?address\\s+[^\\n]{0,60}?\\d+\\s+[a-z]+\\s+(?:lane|ln|street|st|road|rd|avenue|ave|drive|dr|court|ct|crescent|close|boulevard|blvd|terrace|way|place)${e}`,
];

/** An embarrassing thing that happened to someone: told to the room, it humiliates them. */
const embarrassing = new RegExp(
  [
    `${w}(?:wet|wets|peed|pees|pissed|pooped|shat|soiled)\\s+(?:himself|herself|themselves|his\\s+pants|her\\s+pants|the\\s+bed)${e}`,
    `${w}(?:got|was|were)\\s+(?:caught\\s+crying|held\\s+back\\s+a\\s+(?:year|grade))${e}`,
    `${w}(?:she's|he's|she\\s+is|he\\s+is)\\s+on\\s+(?:meds|medication|pills)\\s+for${e}`,
    `${w}bed\\s*-?\\s*wetting${e}`,
    `${w}(?:failed|flunked)\\s+(?:his|her|their)\\s+(?:driving\\s+test|test|exam|midterm|finals?|class|course|year)\\s+(?:\\d+|two|three|four|five|six)\\s+times${e}`,
    `${w}got\\s+(?:a\\s+)?(?:[1-4]?\\d|zero)(?:\\s*%)?\\s+(?:on|in)\\s+(?:the|his|her|their)\\s+(?:midterm|exam|test|finals?|quiz)${e}`,
    `${w}(?:got\\s+dumped|(?:his|her|their)\\s+(?:wife|husband|girlfriend|boyfriend|gf|bf|ex)\\s+(?:left|dumped|cheated\\s+on)\\s+(?:him|her|them))${e}`,
  ].join("|"),
);
/** Told for the room to laugh at or to know: what makes an embarrassing thing a humiliation. */
const toldToShame =
  /(?<![a-z])(?:lol|lmao|lmfao|lmaoo+|kek|btw|fun\s+fact|did\s+(?:you|u|y'all|yall|anyone|everyone)\s+(?:guys\s+)?(?:know|hear)|figured\s+(?:you|y'all|yall|everyone)\s+(?:should|would)|(?:you|y'all|yall|everyone)\s+should\s+(?:all\s+)?know|ask\s+(?:him|her|them)\s+about|told\s+(?:me|us|everyone|the\s+whole)|the\s+whole\s+(?:school|class|server|team)|good\s+times|four\.|heads\s+up|just\s+saying|guess\s+who|that's\s+why|thats\s+why|(?:do\s+you|you)\s+wanna\s+tell\s+it)(?![a-z])|💀|😭|😂|🤣|👀/;
/** Said with sympathy or by the person themself, it is news, not gossip. */
const toldKindly =
  /(?<![a-z'])(?:poor\s+[a-z]+|hope\s+(?:he|she|they)|feel\s+(?:so\s+)?bad|help\s+(?:him|her|them)|sorry\s+(?:for|to\s+hear)|support|be\s+nice|be\s+kind|go\s+easy|i\s+(?:wet|peed|failed|got|still\s+live))(?![a-z])/;

const pursuing = [
  // Around a block: "why'd you block my other account?", "made a new account since you blocked me".
  `${w}why(?:'d|\\s+did|\\s+do|\\s+would)?\\s+${you}\\s+block\\s+my\\s+(?:other|old|main|alt|new|last)\\s+account${e}`,
  `${w}(?:new|other|another|alt|second)\\s+account\\s+(?:since|because|bc|cuz|cause|coz)\\s+${you}\\s+blocked\\s+(?:me|the\\s+(?:other|last|old))${e}`,
  // Not taking no: "i'll keep messaging until you agree to go out with me".
  `${w}(?:i'll|ill|i\\s+will|i'm\\s+gonna|im\\s+gonna|imma|i'm\\s+going\\s+to)\\s+(?:just\\s+)?keep\\s+(?:messaging|texting|dming|calling|writing|asking|trying|coming\\s+back)\\s+(?:(?:to\\s+)?${you}\\s+)?(?:until|till|til)\\s+${you}\\s+(?:agree|say\\s+yes|answer|reply|respond|go\\s+out|give\\s+in|talk)${e}`,
  `${w}${you}\\s+blocked\\s+me\\s+[^.!?\\n]{0,30}?(?:so|now)\\s+(?:i'm|im|i\\s+am|i'll|ill)\\s+(?:messaging|texting|dming|writing|talking\\s+to|coming)${e}`,
  `${w}(?:${you}|she|he)\\s+(?:said|says|told\\s+me)\\s+no\\s+but\\s+(?:i'm|im|i\\s+am|i'll|ill|i\\s+will)\\s+(?:still\\s+coming|coming\\s+(?:over|to\\s+(?:your|ur))|not\\s+giving\\s+up|wait|keep)${e}`,
  // A pet name and no answer: "hey beautiful why do you keep ignoring me".
  `${w}(?:beautiful|gorgeous|sexy|babe|cutie|princess|sweetheart|hottie)${e}[^.!?\\n]{0,40}?(?:ignoring\\s+me|block(?:ed)?\\s+me|answer\\s+me|reply\\s+to\\s+me|text\\s+me\\s+back)${e}`,
  // Watched at home: "i drove past your house last night".
  `${w}(?:drove|walked|went|was|sat)\\s+(?:past|by|outside)\\s+(?:your|ur)\\s+(?:house|place|dorm|apartment|flat|window|building)\\s+(?:last\\s+night|at\\s+night|again|every\\s+(?:night|day))${e}`,
  // Seen and told so: "saw you at the bus stop on 5th this morning 🙂 ... text me back".
  `${w}saw\\s+${you}\\s+(?:at|on|outside|near|leaving|walking|in)\\s+[^.!?\\n]{2,40}?(?:today|tonight|this\\s+morning|yesterday|last\\s+night)${e}[^\\n]{0,80}?(?:text\\s+me|answer\\s+me|reply|call\\s+me|dm\\s+me|ignoring|😏|😘)`,
];

const ganging = new RegExp(gangingUp.join("|"), "g");
const exposure = new RegExp(exposing.join("|"), "g");
const pursuit = new RegExp(pursuing.join("|"), "g");

/** Rooms rightly unite against these ("everyone ignore the troll until he gives up" is moderation); a creep is one. */
const aboutAnAbuser =
  /troll|spammer|spam\s*bot|spamming\s+(?:links|ads|scams)|scam|(?<![a-z])bots?(?![a-z])|raiders|racis|slur|harass|dox|threat|abus|bigot|nazi|predator|groom|creep/;

// Cheap pre-checks: a word every pattern of the family holds.
const anyGangingWord =
  /(?<![a-z])(?:until|till|til)\s|how\s+long|let'?s\s+(?:all\s+)?(?:get|make)|let\s+us|report|without|who\s+(?:invited|let|added|keeps)|before\s+(?:he|she)|invite|include|adds?\s|whoever/;
const anyExposingWord =
  /post|leak|expos|publish|read\s+out|lives\s|living\s|stays\s|address|one\s+more\s+word|goes\s|gets\s+(?:posted|sent|leaked)|(?:wants?\s+to|wanna)\s+(?:see|read|hear)/;
const anyEmbarrassingWord =
  /wets?\s|pee|piss|poop|shat|soiled|wetting|crying|held\s+back|meds|medication|pills|failed|flunked|dumped|left|cheated|got\s+(?:a\s+)?(?:\d|zero)/;
const anyPursuingWord =
  /block|keep\s|saw\s+(?:you|u)|(?:said|says|told\s+me)\s+no|ignoring\s+me|answer\s+me|reply\s+to\s+me|text\s+me|(?:past|by|outside)\s+(?:your|ur)\s/;

/** One scan for all of them: most messages hold none, and each check is a scan of the message. */
const anyBullyingWord = new RegExp(
  [anyGangingWord, anyExposingWord, anyPursuingWord, anyEmbarrassingWord].map((cheap) => cheap.source).join("|"),
);

type Bullying = "ganging up on someone" | "exposing someone" | "pursuing someone";

const families: readonly PhraseFamily<Bullying>[] = [
  { term: "ganging up on someone", cheap: anyGangingWord, pattern: ganging },
  { term: "exposing someone", cheap: anyExposingWord, pattern: exposure },
  { term: "pursuing someone", cheap: anyPursuingWord, pattern: pursuit },
];
const againstAnAbuser = families.filter((family) => family.term !== "ganging up on someone");

export function findBullying(folded: string): PhraseHit<Bullying>[] {
  if (!anyBullyingWord.test(folded)) return [];
  const hits = findPhrases(folded, aboutAnAbuser.test(folded) ? againstAnAbuser : families);
  const told = anyEmbarrassingWord.test(folded) ? embarrassing.exec(folded) : null;
  if (told && toldToShame.test(folded) && !toldKindly.test(folded))
    hits.push({ term: "exposing someone", start: told.index, end: told.index + told[0].length, excerpt: told[0] });
  return hits;
}
