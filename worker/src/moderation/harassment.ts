// Harassment with no insulting word in it, in English: put-downs that say their contempt by
// comparison or implication ("your messages read like a toddler wrote them", "you've got no real
// friends", "your mum must be so ashamed of you", "this room was nicer before you joined", "did you
// lose a bet?", "for someone with your grades"), calls to gang up on someone, and sexual remarks or
// requests made to someone ("what's your bra size?", "would look better off 😏", "send pics of you in
// the shower"). Each word is innocent alone and the classifier reads most of these as calm; the
// construction is what makes them harassment. Found in folded text; banter marked as such is set
// aside by the caller (moderate()). What is done to someone rather than said of them: bullying.ts.

import { ADDRESSEE } from "./addressee.ts";
import { findPhrases, type PhraseFamily, type PhraseHit } from "./pattern-matches.ts";

const w = "(?<![a-z'])";
const e = "(?![a-z])";
const you = ADDRESSEE;
const yours = "(?:your|ur|yo)";

const putDowns = [
  // Compared with a small child: "you type like a toddler", "your code looks like a five year old wrote it";
  // not one's own child ("my son acts like a baby when he's tired").
  `${w}(?:${yours}\\s+[a-z]+|(?:his|her|[a-z]+'s)\\s+[a-z]+|(?<!(?:my|our)\\s+)[a-z]+)\\s+(?:type|types|write|writes|talk|talks|sound|sounds|read|reads|code|codes|spell|spells|dress|dresses|act|acts|look|looks|argue|argues)\\s+like\\s+(?:(?:a|an|some|my)\\s+(?:toddler|baby|little\\s+kid|(?:5|4|6|five|four|six)[\\s-]*(?:year|yr)[\\s-]*old|kindergartn?er|preschooler)|someone\\s+who\\s+(?:failed|never\\s+(?:finished|passed|went\\s+to)|dropped\\s+out\\s+of))${e}`,
  `${w}like\\s+(?:a|an|some)\\s+(?:toddler|baby|(?:5|4|6|five|four|six)[\\s-]*(?:year|yr)[\\s-]*old|kindergartn?er|preschooler)\\s+(?:wrote|typed|made|drew|coded|designed)\\s+(?:it|them|this|that)${e}`,
  // Outdone by a child: "my cousin draws better and she's six", "almost as good as what my 6 yr old cousin makes".
  `${w}my\\s+(?:little\\s+|baby\\s+|younger\\s+|kid\\s+)?(?:(?:\\d|two|three|four|five|six|seven|eight)[\\s-]*(?:year|yr)s?[\\s-]*old\\s+)?(?:cousin|sister|sis|brother|bro|nephew|niece|kid|son|daughter)\\s+(?:can\\s+|could\\s+)?(?:draws?|sings?|plays?|writes?|codes?|makes?|cooks?|builds?|edits?|dances?|types?|spells?|do|does)\\s+(?:it\\s+|that\\s+)?better(?:\\s+than\\s+(?:${you}|him|her|that|this|them)|\\s*(?:$|[.!?])|\\s+and\\s+(?:she|he)(?:'s|\\s+is)\\s+(?:only\\s+)?(?:\\d|two|three|four|five|six|seven|eight))${e}`,
  `${w}as\\s+good\\s+as\\s+(?:what\\s+)?my\\s+(?:little\\s+)?(?:\\d|two|three|four|five|six|seven)[\\s-]*(?:year|yr)s?[\\s-]*old${e}`,
  // Sent to the children's table: "sit down grandpa, the adults are talking".
  `${w}(?:the\\s+adults\\s+are\\s+(?:talking|speaking)|(?:go\\s+)?back\\s+to\\s+the\\s+kids'?\\s*table|sit\\s+down\\s+(?:grandpa|grandma|gramps|boomer|kiddo|little\\s+(?:boy|girl)))${e}`,
  // Mocked for a failure of looks: "did you lose a bet?", "the size of his forehead", "is that her real face".
  `${w}did\\s+(?:${you}|he|she|they)\\s+lose\\s+a\\s+bet${e}`,
  `${w}the\\s+size\\s+of\\s+(?:his|her|${yours}|[a-z]+'s)\\s+(?:forehead|nose|ears|gut|belly|chins)${e}`,
  `${w}(?:his|her|${yours}|[a-z]+'s)\\s+hairline\\s+(?:move|moved|moving|went|retreat|retreated|receding|recede|is\\s+receding)${e}`,
  `${w}is\\s+that\\s+(?:${yours}|her|his|[a-z]+'s)\\s+real\\s+face${e}`,
  `${w}(?:he|she|${you}|they)\\s+(?:always\\s+|still\\s+|literally\\s+)?(?:smells?|stinks?|reeks?)\\s+(?:like|of)\\s+(?:(?:he|she|${you}|they)\\s+(?:hasn't|hasnt|haven't|havent|never|didn't|didnt)\\s+(?:showered|washed|bathed)|cat\\s+food|(?:wet|dead)\\s+(?:dog|fish|rat)|garbage|trash|feet|sweat|a\\s+(?:dumpster|sewer|locker\\s+room|landfill))${e}`,
  `${w}(?:(?:tell|told)\\s+(?:him|her|[a-z]+)\\s+to\\s+(?:shower|take\\s+a\\s+shower|wash|use\\s+deodorant)|(?:could|can)\\s+smell\\s+(?:her|him|${you})\\s+from|how\\s+many\\s+chins)${e}`,
  `${w}(?:looks|look|sounds)\\s+like\\s+(?:she|he|${you}|they)\\s+(?:did|drew|made|wrote|played|painted)\\s+it\\s+with\\s+(?:her|his|${yours}|their)\\s+(?:feet|toes|eyes\\s+closed|elbows?)${e}`,
  // Their standing held against them: "for someone with your grades", "has she ever actually had a friend".
  `${w}someone\\s+with\\s+(?:${yours}|his|her)\\s+(?:grades|looks|face|body|shape|figure|weight|rank|record|skills|iq|brain|personality|teeth)${e}`,
  `${w}ever\\s+actually\\s+had\\s+a\\s+(?:friend|girlfriend|boyfriend|gf|bf|job|date)${e}`,
  `${w}(?:didn't|didnt|did\\s+not)\\s+(?:${yours}|his|her)\\s+(?:gf|bf|girlfriend|boyfriend|wife|husband|ex)\\s+(?:leave|dump|cheat\\s+on)\\s+(?:${you}|him|her)${e}`,
  // Praise with a sting: "your english is very good for where you come from", "brave for wearing that".
  `${w}(?:english|accent|grammar)\\s+is\\s+(?:very\\s+|so\\s+|really\\s+|pretty\\s+|surprisingly\\s+|quite\\s+)?good\\s+for\\s+(?:where\\s+(?:${you}|he|she|they)\\s+(?:come|comes|are|is)\\s+from|someone\\s+from|a\\s+(?:foreigner|immigrant))${e}`,
  `${w}did\\s+(?:${yours}|his|her)\\s+(?:mom|mum|mommy|mother|grandma|nan)\\s+(?:pick\\s+(?:that|this|those|it)\\s+out|dress\\s+(?:${you}|him|her)|cut\\s+(?:${yours}|his|her)\\s+hair)${e}`,
  `${w}brave\\s+(?:of\\s+(?:her|him|${you})\\s+)?(?:for\\s+wearing|to\\s+wear)\\s+(?:that|this|those)${e}`,
  `${w}(?:gonna|going\\s+to|about\\s+to|go)\\s+cry\\s+to\\s+(?:the\\s+mods|mommy|mummy|(?:${yours}|his|her)\\s+(?:mom|mum|mommy|mummy))${e}`,
  // Contempt passed on: "can someone tell chris his music is unlistenable garbage".
  `${w}(?:someone|somebody|who(?:'s|\\s+is)\\s+(?:gonna|going\\s+to))\\s+(?:should\\s+|pls\\s+|please\\s+)?tell\\s+(?:him|her|them|[a-z]+)\\s+(?:that\\s+)?(?:his|her|their)\\s+[^.!?\\n]{1,50}?(?:is|are|was|were)\\s+(?:just\\s+)?(?:a\\s+)?(?:bad|trash|garbage|terrible|awful|cringe|unlistenable|unwatchable|unreadable|boring|embarrassing)${e}`,
  // Friendless, and no wonder: "you've got no real friends", "no wonder nobody invites you". Not "you
  // have no life", which gamers say of each other's hours played.
  `${w}${you}\\s*(?:'ve|\\s+have|\\s+got|\\s+have\\s+got|'ve\\s+got|\\s+literally\\s+have)\\s+no\\s+(?:real\\s+|actual\\s+)?friends${e}`,
  `${w}no\\s+wonder\\s+(?:(?:nobody|no\\s+one|noone)\\s+(?:likes|wants|loves|talks\\s+to|invites|dates|hires)\\s+${you}|${you}\\s*(?:'re|\\s+are|\\s+r)\\s+(?:still\\s+)?(?:single|alone|lonely|unemployed|friendless))${e}`,
  // The family ashamed: "your mum must be so disappointed in you".
  `${w}${yours}\\s+(?:mum|mom|mother|dad|father|parents|family|folks)\\s+must\\s+be\\s+(?:so\\s+|very\\s+|really\\s+|sooo*\\s+|deeply\\s+)?(?:disappointed|ashamed|embarrassed)${e}`,
  // Unwanted: "this room was so much nicer before you joined", "do us all a favour and leave".
  `${w}(?:was|were)\\s+(?:so\\s+much\\s+|way\\s+|a\\s+lot\\s+|much\\s+|so\\s+)?(?:nicer|better|more\\s+fun|quieter|happier|friendlier)\\s+before\\s+${you}\\s+(?:joined|came|arrived|showed\\s+up|got\\s+here|started\\s+posting)${e}`,
  `${w}(?:do|doing)\\s+(?:us\\s+all|us|everyone|everybody|the\\s+(?:room|server|chat|group))\\s+a\\s+favou?r\\s+and\\s+(?:just\\s+)?(?:leave|go\\s+away|disappear|quit|log\\s+off|stop\\s+posting|stop\\s+talking|uninstall)${e}`,
  // Mocked for their age: "imagine being 34 and still asking how a for loop works".
  // Not in admiration: "imagine being 80 and still running marathons, legend".
  `${w}imagine\\s+being\\s+(?:\\d+|[a-z]+ty(?:[\\s-][a-z]+)?)\\s+(?:years?\\s+old\\s+|yo\\s+)?and\\s+(?:still|spending|playing|living|begging|crying|streaming|queueing|queuing|hanging)${e}(?![^.!?\\n]{0,60}(?:legend|goals|respect|inspir|amazing|incredible|impressive|wholesome|hero|king|queen))`,
  `${w}(?:he's|she's|he\\s+is|she\\s+is|${you}(?:'re|\\s+are|\\s+r)|youre|ur)\\s+(?:like\\s+)?(?:\\d{2}|thirty|forty|fifty|sixty)\\s+(?:years?\\s+old\\s+)?and\\s+still\\s+(?:queueing|queuing|playing|living|lives|hanging|begging|asking|crying)${e}`,
  `${w}still\\s+lives?\\s+with\\s+(?:his|her|their|${yours})\\s+(?:mom|mum|mother|parents|mommy|grandma|nan)\\s+at\\s+[3-9]\\d${e}`,
  // Pretension laughed at: "imagine having 3 followers and calling yourself a streamer".
  `${w}imagine\\s+(?:being|having|getting)\\s+[^.!?\\n]{1,40}?\\s+and\\s+(?:still\\s+)?(?:calling\\s+(?:yourself|urself|himself|herself)|thinking\\s+(?:${you}(?:'re|\\s+are)|youre|ur|he's|she's))${e}`,
  // Ganging up: "let's all pile on him", "everyone ignore greg and pile on him if he complains".
  `${w}(?:let's|lets|let\\s+us|everyone|everybody|yall|y'all)\\s+[^.!?\\n]{0,60}?(?:pile\\s+on|gang\\s+up\\s+on|dogpile)\\s+(?:him|her|them|@?[a-z0-9_]+)${e}`,
  // A body-shaming name as the way to address someone: "hey fatty", "ok lardass".
  `(?<![a-z'])(?:hey|hi|oi|yo|ok|okay|sure|listen|bye|morning|sit\\s+down|shut\\s+up)\\s*,?\\s+(?:fatty|fatso|lardass|lard\\s+ass|tubby|porky|land\\s*whale)${e}`,
];

const sexualRemarks = [
  `${w}(?:what's|whats|what\\s+is|what\\s+size\\s+is)\\s+(?:${yours}|her)\\s+(?:bra|cup)\\s+size${e}`,
  // "would look better off", "you'd look even better with it off"; not "better off the wall".
  `${w}(?:would|you'd|youd|u'd|she'd|it'd|that'd)\\s+look\\s+(?:even\\s+|way\\s+|much\\s+|a\\s+lot\\s+)?better\\s+(?:with\\s+(?:it|that|them|those|(?:the|${yours})\\s+[a-z]+)\\s+)?off(?![a-z-])(?!\\s+(?:the|of|in|on|at|to|without|with|by|for|a|an|if|than)${e})`,
  `${w}(?:take|get)\\s+(?:it|that|them|those|(?:${yours}|the)\\s+(?:top|shirt|dress|bra|clothes|pants|skirt|shorts))\\s+off\\s+(?:for\\s+(?:me|us)|next\\s+time|on\\s+(?:stream|cam|camera)|babe|baby|sweetie|hun)${e}`,
  `${w}send\\s+(?:me\\s+|us\\s+)?(?:some\\s+|a\\s+few\\s+|more\\s+)?(?:nudes|noods|naked\\s+(?:pics|photos)|(?:pics|pictures|photos)\\s+(?:of\\s+)?(?:${yours}\\s+(?:feet|body|tits|boobs|ass|butt|legs|thighs)|${you}\\s+(?:naked|in\\s+(?:a\\s+|your\\s+|ur\\s+|the\\s+)?(?:bikini|lingerie|underwear|bed|shower))))${e}`,
  `${w}send\\s+(?:me\\s+|us\\s+)?(?:some\\s+|more\\s+|${yours}\\s+)?(?:feet|foot)\\s+(?:pics|pictures|photos|content)${e}`,
  `${w}(?:see|show\\s+(?:me|us))\\s+more\\s+of\\s+(?:that|${yours})\\s+body${e}`,
  `${w}send\\s+(?:me\\s+)?(?:a\\s+)?(?:pic|photo|picture|selfie)\\s+of\\s+what\\s+(?:${you}(?:'re|\\s+are|\\s+r)?|ur|youre)\\s+wearing${e}`,
  `${w}(?:${yours}|her)\\s+(?:legs|thighs|feet|body|curves|chest)\\s+[^.!?\\n]{0,30}?(?:dm|send)\\s+me\\s+more${e}`,
  `${w}wear\\s+something\\s+(?:a\\s+bit\\s+|a\\s+little\\s+)?(?:shorter|tighter|skimpier|sexier|more\\s+revealing|lower\\s+cut|see[\\s-]*through)\\s+(?:next\\s+time|for\\s+(?:me|us)|on\\s+(?:stream|cam)|tomorrow)${e}`,
  `${w}what\\s+(?:are|r)\\s+${you}\\s+wearing\\s+(?:right\\s+now|rn|under|in\\s+bed)${e}`,
  // A body part praised in what someone wore or showed: "nice thighs in that last stream".
  `${w}(?:nice|hot|sexy|great|fine|juicy|thicc|perfect)\\s+(?:thighs|booty|tits|boobs|titties|cleavage)\\s+(?:in\\s+(?:that|those|this|the|ur|your)|on\\s+(?:stream|cam|camera))${e}`,
];

const putDown = new RegExp(putDowns.join("|"), "g");
const sexualRemark = new RegExp(sexualRemarks.join("|"), "g");

// Cheap pre-checks: a word every pattern of the family holds.
const anyPutDownWord =
  /imagine|like\s+(?:a|an|some|my|someone)\s|no\s+(?:real\s+|actual\s+)?friends|no\s+wonder|must\s+be|before\s+(?:you|u)\s|favou?r|pile\s+on|gang\s+up|dogpile|fat|lard|tubby|porky|whale|better|as\s+good|adults|kids'?\s*table|sit\s+down|lose\s+a\s+bet|size\s+of|hairline|real\s+face|smell|stink|reek|good\s+for|(?:mom|mum|mother|grandma|nan)\s+(?:pick|dress|cut)|brave|cry\s+to|tell\s|told\s|and\s+still|lives?\s+with|chins|it\s+with\s|someone\s+with|actually\s+had|(?:didn't|didnt|did\s+not)\s+(?:your|ur|his|her)\s/;
const anySexualWord = /size|better|off|send|wear|thighs|booty|tits|boobs|titties|cleavage|body|dm\s+me|send\s+me/;

type HarassmentTerm = "put-down aimed at someone" | "sexual remark to someone";

const families: readonly PhraseFamily<HarassmentTerm>[] = [
  { term: "put-down aimed at someone", cheap: anyPutDownWord, pattern: putDown },
  { term: "sexual remark to someone", cheap: anySexualWord, pattern: sexualRemark },
];

export function findHarassment(folded: string): PhraseHit<HarassmentTerm>[] {
  return findPhrases(folded, families);
}
