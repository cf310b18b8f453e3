// Threats of violence in German, Dutch, French, Spanish, Italian and Portuguese, found in folded text
// (accents folded: "verprügeln" reads "verprugeln"). Built like the English patterns: the writer, an
// act of violence, the person addressed ("ich bring dich um", "ik maak je af", "je vais te tuer", "te
// voy a matar", "ti ammazzo", "vou te matar"). Verbs that also mean meeting up ("finden",
// "retrouver", "encontrar") are left to the classifier: a message about a lift or a delivery uses
// them as often; knowing where someone lives is in veiled-threats.ts. A negation in or just after
// the match ("je ne vais pas te tuer", "je te frappe pas") cancels it.

import { matchesIn } from "./pattern-matches.ts";

const w = "(?<![a-z])";
const e = "(?![a-z])";
// The verb may come before the subject after a time or a place: "nächstes Mal stech ich dich ab".
const GERMAN_VERB = "(?:bring|bringe|bringen|stech|steche|stechen|knall|knalle|mach|mache|machen)";
// A separable particle or a result closes the clause: "ich bring dich um", not "ich bring dich um 8".
const clauseEnd = "(?=\\s*(?:$|[.!?,;]))";

const patterns: readonly RegExp[] = [
  // German: "ich werde dich umbringen", "ich bring dich um", "wir machen euch fertig", "ich schlag dir die Zähne aus".
  new RegExp(
    `${w}(?:ich|wir)\\s+(?:werde?|wer|will|wollen)?\\s*(?:dich|sie|euch)\\s+(?:\\w+\\s+){0,3}?(?:umbringen|toten|abstechen|erstechen|erschiessen|abknallen|verprugeln|zusammenschlagen|kaltmachen|fertigmachen|aufschlitzen|erwurgen)${e}`,
    "g",
  ),
  new RegExp(
    `${w}(?:(?:ich|wir)\\s+${GERMAN_VERB}|${GERMAN_VERB}\\s+(?:ich|wir))\\s+(?:dich|euch|sie)\\s+(?:\\w+\\s+){0,2}?(?:um|ab|kalt|fertig|tot)${clauseEnd}`,
    "g",
  ),
  new RegExp(
    `${w}(?:ich|wir)\\s+(?:schlag|schlage|schlagen|hau|haue)\\s+(?:dir|euch|ihnen)\\s+(?:\\w+\\s+){0,3}?(?:ein|aus|tot|kaputt)${clauseEnd}`,
    "g",
  ),
  new RegExp(
    `${w}(?:ich|wir)\\s+(?:zund|zunde|zunden|fackel|fackeln)\\s+(?:dein|deine|euer|eure|ihr)\\s+(?:haus|auto|wohnung)\\s+(?:an|ab)${e}`,
    "g",
  ),
  // Dutch: "ik maak je af", "ik steek je neer", "ik sla je in elkaar", "ik ga je vermoorden".
  new RegExp(
    `${w}(?:ik|we|wij)\\s+(?:ga|gaan|zal|zullen)?\\s*(?:je|jou|jullie|u)\\s+(?:\\w+\\s+){0,2}?(?:afmaken|vermoorden|doodmaken|neersteken|neerschieten|kapotmaken)${e}`,
    "g",
  ),
  new RegExp(
    `${w}(?:ik|we|wij)\\s+(?:maak|maken|steek|steken|schiet|schieten|sla|slaan)\\s+(?:je|jou|jullie|u)\\s+(?:\\w+\\s+){0,2}?(?:af|dood|neer|kapot|in\\s+elkaar)${clauseEnd}`,
    "g",
  ),
  // French: "je vais te tuer", "je te bute", "on va brûler ta maison".
  new RegExp(
    `${w}(?:je|j'|on|nous)\\s*(?:vais|va|allons|veux)?\\s*(?:te|t'|vous)\\s*(?:tuer|tue|buter|bute|crever|creve|defoncer|defonce|egorger|egorge|planter|plante|massacrer|massacre|cramer|crame|frapper|frappe|descendre)${e}`,
    "g",
  ),
  new RegExp(
    `${w}(?:je|on|nous)\\s+(?:vais|va|allons)\\s+(?:bruler|cramer|incendier)\\s+(?:ta|ton|votre)\\s+(?:maison|voiture|appart)${e}`,
    "g",
  ),
  // Spanish and Portuguese: "te voy a matar", "te mato", "vou te matar", "vou queimar sua casa".
  new RegExp(`${w}(?:te|os|los)\\s+(?:voy|vamos)\\s+a\\s+(?:matar|partir|reventar|apunalar|quemar|romper)${e}`, "g"),
  new RegExp(`${w}(?:vou|vamos)\\s+(?:te|lhe)\\s+(?:matar|bater|esfaquear|quebrar|furar)${e}`, "g"),
  new RegExp(
    `${w}(?:vou|vamos|voy)\\s+(?:a\\s+)?(?:queimar|quemar)\\s+(?:sua|tua|tu|su)\\s+(?:casa|carro|coche)${e}`,
    "g",
  ),
  new RegExp(`${w}(?:yo\\s+)?te\\s+(?:mato|rajo|reviento|apunalo)${e}`, "g"),
  // Italian: "ti ammazzo", "ti uccido", "ti spacco la faccia", "ti faccio fuori".
  new RegExp(
    `${w}(?:ti|vi)\\s+(?:ammazzo|ammazzero|uccido|uccidero|accoltello|sgozzo|spacco|sfondo|massacro)${e}`,
    "g",
  ),
  new RegExp(`${w}(?:ti|vi)\\s+faccio\\s+(?:fuori|a\\s+pezzi|secco)${e}`, "g"),
];

// Cheap pre-check: every pattern holds one of these words for the person addressed or theirs, and
// English chat seldom does (formal Dutch "u" is left out: English chat is full of "u"), so the
// patterns run on few English messages.
const addressee =
  /(?<![a-z])(?:dich|euch|dir|sie|ihnen|dein|deine|euer|eure|je|jou|jullie|te|t'|vous|ta|ton|votre|os|los|lhe|sua|tua|su|ti|vi)(?![a-z])/;

const negated = /(?<![a-z])(?:nicht|niet|nooit|pas|jamais|no|nunca|non|mai|nao)(?![a-z])/;

export interface LanguageThreatHit {
  start: number;
  end: number;
  excerpt: string;
}

/** Threats of violence in the six other languages, in folded text. */
export function findThreatsInOtherLanguages(folded: string): LanguageThreatHit[] {
  if (!addressee.test(folded)) return [];
  const hits: LanguageThreatHit[] = [];
  for (const pattern of patterns)
    for (const match of matchesIn(pattern, folded)) {
      const end = match.index + match[0].length;
      if (!negated.test(folded.slice(match.index, end + 12))) hits.push({ start: match.index, end, excerpt: match[0] });
    }
  return hits;
}
