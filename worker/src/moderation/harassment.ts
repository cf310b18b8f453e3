// Harassment with no insulting word in it, in English: put-downs that say their contempt by
// comparison or implication ("your messages read like a toddler wrote them", "you've got no real
// friends", "your mum must be so ashamed of you", "this room was nicer before you joined"), calls to
// gang up on someone, and sexual remarks or requests made to someone ("what's your bra size?",
// "would look better off 😏", "send pics of you in the shower"). Each word is innocent alone and the
// classifier reads most of these as calm; the construction is what makes them harassment. Found in
// folded text; banter marked as such is set aside by the caller (moderate()).

import { ADDRESSEE } from "./addressee.ts";
import { matchesIn } from "./pattern-matches.ts";

const w = "(?<![a-z'])";
const e = "(?![a-z])";
const you = ADDRESSEE;
const yours = "(?:your|ur|yo)";

const putDowns = [
  // Compared with a small child: "you type like a toddler", "your code looks like a five year old wrote it".
  `${w}(?:${you}|${yours}\\s+[a-z]+)\\s+(?:type|types|write|writes|talk|talks|sound|sounds|read|reads|code|codes|spell|spells|dress|dresses|act|acts|look|looks|argue|argues)\\s+like\\s+(?:(?:a|an|some|my)\\s+(?:toddler|baby|little\\s+kid|(?:5|4|6|five|four|six)[\\s-]*(?:year|yr)[\\s-]*old|kindergartn?er|preschooler)|someone\\s+who\\s+(?:failed|never\\s+(?:finished|passed|went\\s+to)|dropped\\s+out\\s+of))${e}`,
  `${w}like\\s+(?:a|an|some)\\s+(?:toddler|baby|(?:5|4|6|five|four|six)[\\s-]*(?:year|yr)[\\s-]*old|kindergartn?er|preschooler)\\s+(?:wrote|typed|made|drew|coded|designed)\\s+(?:it|them|this|that)${e}`,
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
  `${w}imagine\\s+being\\s+(?:\\d+|[a-z]+ty(?:[\\s-][a-z]+)?)\\s+(?:years?\\s+old\\s+|yo\\s+)?and\\s+still${e}`,
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
  `${w}wear\\s+something\\s+(?:a\\s+bit\\s+|a\\s+little\\s+)?(?:shorter|tighter|skimpier|sexier|more\\s+revealing|lower\\s+cut|see[\\s-]*through)\\s+(?:next\\s+time|for\\s+(?:me|us)|on\\s+(?:stream|cam)|tomorrow)${e}`,
  `${w}what\\s+(?:are|r)\\s+${you}\\s+wearing\\s+(?:right\\s+now|rn|under|in\\s+bed)${e}`,
  // A body part praised in what someone wore or showed: "nice thighs in that last stream".
  `${w}(?:nice|hot|sexy|great|fine|juicy|thicc|perfect)\\s+(?:thighs|booty|tits|boobs|titties|cleavage)\\s+(?:in\\s+(?:that|those|this|the|ur|your)|on\\s+(?:stream|cam|camera))${e}`,
];

const putDown = new RegExp(putDowns.join("|"), "g");
const sexualRemark = new RegExp(sexualRemarks.join("|"), "g");

// Cheap pre-checks: a word every pattern of the family holds.
const anyPutDownWord =
  /imagine|like\s+(?:a|an|some|my|someone)\s|no\s+(?:real\s+|actual\s+)?friends|no\s+wonder|must\s+be|before\s+(?:you|u)\s|favou?r|pile\s+on|gang\s+up|dogpile|fat|lard|tubby|porky|whale/;
const anySexualWord = /size|better|off|send|wear|thighs|booty|tits|boobs|titties|cleavage/;

export interface HarassmentHit {
  term: "put-down aimed at someone" | "sexual remark to someone";
  start: number;
  end: number;
  excerpt: string;
}

export function findHarassment(folded: string): HarassmentHit[] {
  const hits: HarassmentHit[] = [];
  const families: [HarassmentHit["term"], RegExp, RegExp][] = [
    ["put-down aimed at someone", anyPutDownWord, putDown],
    ["sexual remark to someone", anySexualWord, sexualRemark],
  ];
  for (const [term, cheap, pattern] of families) {
    if (!cheap.test(folded)) continue;
    for (const match of matchesIn(pattern, folded))
      hits.push({ term, start: match.index, end: match.index + match[0].length, excerpt: match[0] });
  }
  return hits;
}
