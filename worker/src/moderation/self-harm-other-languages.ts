// Telling someone to kill themselves, and wishing them dead, in French, Spanish, Portuguese, Italian,
// German and Dutch, found in folded text ("mátate" reads "matate"). Imperatives said to the reader
// ("tue-toi", "mátate", "se mata logo", "ammazzati", "bring dich um", "maak jezelf van kant") and the
// commonest ways of putting it ("jette-toi d'un pont", "häng dich auf", "pleeg zelfmoord"). A
// negation just before ("não se mata") cancels it, and so do the idioms of working oneself to death
// ("tue-toi à la tâche"). Portuguese "se mata" counts only as an order ("se mata logo"): alone it is
// also a report ("ele se mata de trabalhar") or an idiom ("matar a saudade").

import { matchesIn } from "./pattern-matches.ts";

const w = "(?<![a-z])";
const e = "(?![a-z])";
// An imperative has no subject: "spring van een brug", not "ik spring van een brug in het water".
const noSubject = "(?<!(?:ich|wir|er|sie|es|ik|je|jij|we|wij|hij|zij|ze)\\s)";
// German and Dutch separable verbs end their clause: "bring dich um", not "bring dich um 8 nach Hause".
const clauseEnd = "(?=\\s*(?:$|[.!?,;]))";

const selfHarm = new RegExp(
  [
    // French
    `${w}(?:tue|suicide|pends|flingue)[\\s-]*toi${e}`,
    `${w}va\\s+(?:te\\s+(?:tuer|pendre|suicider|foutre\\s+en\\s+l'air)|crever)${e}`,
    `${w}jette[\\s-]*toi\\s+(?:d'un|du\\s+haut|sous|par\\s+la)${e}`,
    // Spanish
    `${w}(?:matate|suicidate|ahorcate|muerete)${e}`,
    `${w}(?:tirate|lanzate)\\s+(?:de|desde|por)\\s+(?:un|una|el|la)\\s+(?:puente|edificio|ventana|balcon|azotea)${e}`,
    // Portuguese
    `${w}vai\\s+se\\s+(?:matar|enforcar)${e}`,
    `${w}se\\s+(?:mata|mate|enforca|enforque)\\s+(?:logo|de\\s+vez|agora)${e}`,
    `${w}(?:mata|enforca)[\\s-]*te${e}`,
    `${w}(?:morre|morra)\\s+(?:logo|de\\s+vez)${e}`,
    `${w}se\\s+(?:joga|jogue)\\s+(?:de|da|do)\\s+(?:uma|um|ponte|predio|janela)${e}`,
    // Italian
    `${w}(?:ammazzati|ucciditi|impiccati|suicidati|sparati)${e}`,
    `${w}buttati\\s+(?:da|giu\\s+da|sotto)\\s+(?:un|una|il|la)${e}`,
    // German
    `${w}(?<!(?:ich|wir)\\s)bring\\s+dich\\s+(?:(?:doch|einfach|endlich|selbst)\\s+){0,3}um${clauseEnd}`,
    `${w}(?:tote|toete|erschiess|erhang)\\s+dich${e}`,
    `${w}${noSubject}hang\\s+dich\\s+(?:(?:doch|einfach|endlich)\\s+){0,3}auf${clauseEnd}`,
    `${w}(?:geh\\s+sterben|stirb\\s+(?:doch|endlich)|verreck\\s+(?:doch|endlich))${e}`,
    `${w}${noSubject}spring\\s+(?:(?:doch|einfach)\\s+){0,2}(?:von\\s+(?:einer|der)\\s+brucke|vor\\s+(?:einen|den)\\s+zug)${e}`,
    // Dutch
    `${w}maak\\s+jezelf\\s+(?:(?:toch|maar|gewoon)\\s+){0,2}(?:van\\s+kant|dood|af)${e}`,
    `${w}pleeg\\s+(?:(?:toch|maar|gewoon)\\s+){0,2}zelfmoord${e}`,
    `${w}${noSubject}hang\\s+jezelf\\s+(?:(?:toch|maar|gewoon)\\s+){0,2}op${e}`,
    `${w}${noSubject}spring\\s+(?:(?:toch|maar|gewoon)\\s+){0,2}(?:van\\s+een\\s+(?:brug|flat|dak)|voor\\s+(?:een|de)\\s+trein)${e}`,
    // "Why don't you kill yourself?", a question only in form: its negation belongs to the question.
    `${w}por\\s*que\\s+(?:(?:voce|vc|tu)\\s+)?(?:nao|no)\\s+(?:(?:se|te)\\s+(?:mata|matas|enforca|enforcas|suicida|suicidas|mueres|ahorcas)|morre|morres)${e}`,
    `${w}pourquoi\\s+(?:tu\\s+)?(?:ne\\s+)?te\\s+(?:tues|suicides|pends|flingues)\\s+pas${e}`,
    `${w}perche\\s+non\\s+ti\\s+(?:ammazzi|uccidi|impicchi|suicidi|spari|butti)${e}`,
    `${w}warum\\s+(?:bringst|erhangst|erschiesst|totest)\\s+du\\s+dich\\s+(?:(?:doch|einfach|endlich)\\s+){0,2}nicht${e}`,
    `${w}waarom\\s+(?:pleeg|maak|hang)\\s+(?:je|jij)\\s+(?:jezelf\\s+)?(?:(?:toch|gewoon)\\s+){0,2}(?:geen\\s+zelfmoord|niet)${e}`,
  ].join("|"),
  "g",
);

// "não se mata", "no, tírate...": a negation in the few words before. (The negative imperatives
// themselves, "ne te tue pas", "no te mates", take other forms and do not match.)
const negatedBefore = /(?<![a-z])(?:ne|no|nunca|nao|non|nicht|nie|niet|nooit|never)(?![a-z])/;
// Working oneself to death: "tue-toi à la tâche", "se mata de trabalhar".
const idiom = /^\s*(?:a\s+la\s+tache|au\s+travail|de\s+(?:trabalhar|rir|estudar))/;

// Cheap pre-check: every pattern holds one of these, and most messages none (the patterns' lookbehinds
// make the full search cost a few microseconds a message).
const anyStem =
  /toi|por\s*que|pourquoi|perche|warum|waarom|va\s+(?:te|crever)|matate|suicidate|ahorcate|muerete|tirate|lanzate|se\s+(?:mat|mate|enforc|jog)|mata|enforca|morr|ammazzati|ucciditi|impiccati|suicidati|sparati|buttati|dich|sterben|stirb|verreck|spring|jezelf|zelfmoord/;

export interface SelfHarmHit {
  start: number;
  end: number;
  excerpt: string;
}

/** Incitement to self-harm in the six other languages, in folded text. */
export function findSelfHarmInOtherLanguages(folded: string): SelfHarmHit[] {
  const hits: SelfHarmHit[] = [];
  if (!anyStem.test(folded)) return hits;
  for (const match of matchesIn(selfHarm, folded)) {
    const end = match.index + match[0].length;
    if (negatedBefore.test(folded.slice(Math.max(0, match.index - 12), match.index))) continue;
    if (idiom.test(folded.slice(end))) continue;
    hits.push({ start: match.index, end, excerpt: match[0] });
  }
  return hits;
}
