// Insults, slurs and swearing of the other languages chat is moderated in: Spanish, French, German,
// Portuguese, Italian and Dutch. Same pattern syntax as terms.ts, matched against folded text (accents
// removed, "ß" as "ss"). The classifier has seen little of some of these languages (next to no Dutch or
// Spanish insults), so these words do not wait for it to agree (decide.ts).
//
// Kept to words that are insults wherever they appear. Left out on purpose, as everyday words of one of
// these languages or of Swedish, Norwegian and Danish: French "con" (Spanish and Italian "with"),
// "pédé" (Portuguese "pede", asks), "tapette" (a fly swatter), Italian "finocchio" (fennel) and "troia"
// (a town), Portuguese "piranha", Spanish "zorra" (a vixen), Dutch "eikel" (an acorn), "lul" (chat's
// "lol"), "trut" (Swedish: a gull), "nikker" (Danish: nods), "kanker" alone (cancer), and "negro"
// (Spanish and Portuguese: black).

import type { FindingSeverity, TermCategory } from "./verdict.ts";

export interface OtherLanguageTerm {
  term: string;
  category: TermCategory;
  severity: FindingSeverity;
  patterns: readonly string[];
  /** The list's language (ISO 639-1), or several when the word is shared. */
  language: string;
  /** As in terms.ts: phrases holding a match that are something else (an exclamation, not an insult). */
  allow?: readonly string[];
}

type Row = readonly [term: string, language: string, patterns: readonly string[], allow?: readonly string[]];

function group(category: TermCategory, severity: FindingSeverity, rows: readonly Row[]): OtherLanguageTerm[] {
  return rows.map(([term, language, patterns, allow]) => ({
    term,
    category,
    severity,
    patterns,
    language,
    ...(allow ? { allow } : {}),
  }));
}

// Exclamations built on an insult ("¡la puta madre, qué golazo!"): not an insult at anyone.
const exclamations = ["puta madre", "puta que pariu", "puta que o pariu", "porca puttana"];

export const otherLanguageTerms: readonly OtherLanguageTerm[] = [
  ...group("slur", "severe", [
    ["maricon", "es", ["|maricon|", "|maricones|"]],
    ["sudaca", "es", ["|sudaca|", "|sudacas|"]],
    ["bougnoule", "fr", ["|bougnoul"]],
    ["youpin", "fr", ["|youpin|", "|youpins|", "|youpine|"]],
    ["schwuchtel", "de", ["|schwuchtel"]],
    ["kanake", "de", ["|kanake|", "|kanaken|"]],
    ["frocio", "it", ["|frocio|", "|froci|", "|frocia|"]],
    ["ricchione", "it", ["|ricchion"]],
  ]),
  ...group("slur", "moderate", [
    ["marica", "es", ["|marica|", "|maricas|"]],
    ["gouine", "fr", ["|gouine|", "|gouines|"]],
    ["viado", "pt", ["|viado|", "|viados|", "|viadinho"]],
    ["flikker", "nl", ["|flikker|", "|flikkers|"]],
  ]),
  ...group("insult", "moderate", [
    // Spanish
    ["pendejo", "es", ["|pendej"]],
    ["gilipollas", "es", ["|gilipollas|", "|gilipolla|"]],
    ["cabron", "es", ["|cabron|", "|cabrona|", "|cabrones|"]],
    ["malparido", "es", ["|malparid"]],
    // Said of someone; "puta" alone is as often an intensifier ("uma puta festa", "lindo pra caralho").
    [
      "hijo de puta",
      "es,pt",
      ["|hijo de puta", "|hija de puta", "|hijos de puta", "|filho da puta", "|filha da puta", "|filhos da puta"],
    ],
    [
      "eres una puta",
      "es,pt",
      ["|eres una puta|", "|sos una puta|", "|sua puta|", "|voce e uma puta|", "|vc e uma puta|"],
    ],
    ["vete a la mierda", "es", ["|vete a la mierda|", "|vete al carajo|"]],
    // French
    ["connard", "fr", ["|connard", "|connasse", "|conne|", "|connes|"]],
    ["salope", "fr", ["|salope|", "|salopes|", "|salaud|", "|salauds|"]],
    ["encule", "fr", ["|encule|", "|encules|", "|enculee|", "|enculer|"]],
    ["pute", "fr", ["|pute|", "|putes|"]],
    ["ta gueule", "fr", ["|ta gueule|", "|ferme ta gueule|", "|ta geule|"]],
    ["nique ta mere", "fr", ["|nique ta mere|", "|nique ta race|"]],
    ["va te faire foutre", "fr", ["|va te faire foutre|", "|va te faire enculer|"]],
    // German
    ["arschloch", "de", ["|arschloch", "|arschgeige|"]],
    ["hurensohn", "de", ["|hurensohn", "|hurensoehne|"]],
    ["wichser", "de", ["|wichser|"]],
    ["fotze", "de", ["|fotze|", "|fotzen|"]],
    ["missgeburt", "de", ["|missgeburt"]],
    ["schlampe", "de", ["|schlampe|", "|schlampen|"]],
    ["spast", "de", ["|spast|", "|spasti|", "|spasten|"]],
    ["drecksau", "de", ["|drecksau|", "|drecksack|", "|dreckssau|"]],
    ["vollidiot", "de", ["|vollidiot"]],
    ["verpiss dich", "de", ["|verpiss dich|", "|fick dich|"]],
    ["halt die fresse", "de", ["|halt die fresse|", "|halts maul|", "|halt's maul|", "|halt dein maul|"]],
    // Portuguese
    ["vadia", "pt", ["|vadia|", "|vadias|"]],
    ["otario", "pt", ["|otario|", "|otaria|", "|otarios|"]],
    ["tarado", "pt,es", ["|tarado|", "|tarada|", "|tarados|"]],
    ["babaca", "pt", ["|babaca|", "|babacas|"]],
    ["arrombado", "pt", ["|arrombad"]],
    ["cuzao", "pt", ["|cuzao|", "|cuzona|"]],
    ["vagabunda", "pt", ["|vagabunda|", "|vagabundas|"]],
    ["vai tomar no cu", "pt", ["|vai tomar no cu|", "|vai se foder|", "|vai te foder|", "|vai a merda|"]],
    // Italian
    ["stronzo", "it", ["|stronz", "|strunz|"]],
    ["coglione", "it", ["|coglion"]],
    ["vaffanculo", "it", ["|vaffanculo|", "|fanculo|", "|va fanculo|"]],
    ["puttana", "it", ["|puttana|", "|puttane|"], exclamations],
    ["testa di cazzo", "it", ["|testa di cazzo|", "|pezzo di merda|", "|faccia di merda|"]],
    ["cornuto", "it", ["|cornuto|", "|cornuta|"]],
    // Dutch
    ["klootzak", "nl", ["|klootzak", "|klootviool"]],
    ["kankerlijer", "nl", ["|kankerlijer", "|kankerhoer", "|kankermongool", "|kankerjoch", "|kanker op|"]],
    ["tyfuslijer", "nl", ["|tyfuslijer", "|teringlijer", "|tyfushoer", "|teringhoer"]],
    ["hoerenjong", "nl", ["|hoerenjong", "|hoerenzoon", "|kutwijf", "|kuthoer"]],
    ["mongool", "nl", ["|mongool|", "|mongolen|"]],
    ["smeerlap", "nl", ["|smeerlap|", "|smeerlappen|", "|zakkenwasser"]],
    ["rot op", "nl", ["|rot op|", "|flikker op|", "|sodemieter op|"]],
    // "You disgust me", "you're so ugly", "you're stupid": said to the reader in so many words.
    ["das asco", "es", ["|das asco|", "|asco das|", "|eres un burro|", "|eres una burra|"]],
    ["fai schifo", "it", ["|fai schifo|", "|fai cagare|", "|fai pena|"]],
    [
      "nojo de voce",
      "pt",
      ["|nojo de voce|", "|nojo de vc|", "|nojo de ti|", "|voce me da nojo|", "|voce e burr", "|vc e burr"],
    ],
    ["tu me degoutes", "fr", ["|tu me degoute|", "|tu me degoutes|", "|vous me degoutez|", "|tu me fais gerber|"]],
    ["du ekelst mich an", "de", ["|du ekelst mich|", "|du widerst mich an|", "|du kotzt mich an|"]],
    [
      "je bent walgelijk",
      "nl",
      ["|ik walg van je|", "|ik walg van jou|", "|je bent walgelijk|", "|wat ben jij lelijk|"],
    ],
  ]),
  ...group("insult", "mild", [
    ["puta", "es,pt", ["|puta|", "|putas|"], exclamations],
    ["desgracado", "pt", ["|desgracad"]],
    ["imbecil", "es,pt", ["|imbecil|", "|imbeciles|", "|imbecis|"]],
    ["estupido", "es", ["|estupido|", "|estupida|", "|estupidos|"]],
    // Also a word of floating point and of weather reports in English.
    [
      "subnormal",
      "es",
      ["|subnormal|", "|subnormales|"],
      ["subnormal number", "subnormal float", "subnormal value", "subnormal temperature", "subnormal growth"],
    ],
    ["abruti", "fr", ["|abruti|", "|abrutie|", "|abrutis|"]],
    ["debile", "fr", ["|debile|", "|debiles|"]],
    ["dummkopf", "de", ["|dummkopf"]],
    ["scemo", "it", ["|scemo|", "|scema|", "|scemi|"]],
    ["cretino", "it,es", ["|cretino|", "|cretina|", "|cretini|", "|cretinos|"]],
    ["pirla", "it", ["|pirla|"]],
    ["sfigato", "it", ["|sfigato|", "|sfigata|", "|sfigati|"]],
    ["trottel", "de", ["|trottel|", "|vollpfosten|", "|tubel|"]],
    ["sukkel", "nl", ["|sukkel|", "|sukkels|"]],
    ["debiel", "nl", ["|debiel|", "|debielen|"]],
  ]),
  ...group("profanity", "moderate", [
    ["cazzo", "it", ["|cazzo|", "|cazzi|"]],
    ["kut", "nl", ["|kut|"]],
  ]),
  ...group("profanity", "mild", [
    ["caralho", "pt", ["|caralho|", "|foda se|", "|fodase|"]],
    ["mierda", "es", ["|mierda|"]],
    ["merde", "fr", ["|merde|"]],
    ["scheisse", "de", ["|scheisse|", "|scheiss|", "|scheise|"]],
    ["merda", "pt,it", ["|merda|"]],
    ["porra", "pt", ["|porra|"]],
  ]),
];
