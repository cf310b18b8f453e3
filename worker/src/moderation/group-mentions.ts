// A message that names a group and says nothing of it but that it exists or is what it is: a bare
// name ("lesbians?", "Black women 💜", "jews") or an affirmation ("trans women are women", "refugees
// are people too", "las mujeres trans son mujeres", "vluchtelingen zijn ook gewoon mensen"). The
// classifier learnt from text where group names come mostly with abuse, and reads the name itself as
// an attack (Dixon et al. 2018 measured the same of Perspective); the rules read such a message whole
// and set the classifier's reading aside. Anything more said of the group, even one word, leaves the
// classifier's reading standing: "trans women are men" is not an affirmation.

import { groupNames } from "./group-names.ts";

/** Nouns for people, in the seven languages (folded): the head of a group's name. */
const PEOPLE = [
  "people|ppl|persons|person|folks|folk|women|woman|men|man|girls|girl|boys|boy|kids|kid|children|child|couples|couple|parents|students|players|gamers",
  "personas|persona|gente|mujeres|mujer|hombres|hombre|chicas|chicos|ninos|ninas|parejas",
  "gens|personnes|femmes|femme|hommes|homme|filles|garcons|enfants",
  "menschen|mensch|leute|frauen|frau|manner|mann|madchen|kinder|paare",
  "pessoas|pessoa|mulheres|mulher|homens|homem|meninas|meninos|criancas|casais",
  "persone|donne|donna|uomini|uomo|ragazze|ragazzi|bambini|coppie",
  "mensen|mens|vrouwen|vrouw|mannen|meisjes|jongens|kinderen|stellen",
].join("|");

/** Words that say which group, before or after the noun: "trans women", "mujeres trans", "schwarze Menschen". */
const IDENTITY = [
  "woman|man|gay|gays|lesbian|bi|bisexual|trans|transgender|nonbinary|non-binary|intersex|asexual|lgbt|lgbtq|black|white|brown|asian|jewish|muslim|christian|catholic|hindu|sikh|buddhist|atheist|arab|latino|latina|latinx|hispanic|mexican|african|indian|chinese|japanese|korean|polish|romanian|indigenous|native|immigrant|migrant|refugee|disabled|disability|deaf|blind|autistic|elderly|older|young|orthodox|inuit|aboriginal|maori",
  // Nationalities, as nouns and adjectives.
  "nigerians|nigerian|romanians|romanian|somalis|somali|palestinians|palestinian|israelis|israeli|ukrainians|ukrainian|russians|russian|filipinos|filipino|iranians|iranian|syrians|syrian|afghans|afghan|iraqis|iraqi|turks|turkish|kurds|kurdish|poles|brazilians|brazilian|colombians|colombian|venezuelans|cubans|cuban|haitians|haitian|jamaicans|jamaican|ethiopians|ethiopian|eritreans|sudanese|albanians|albanian|moroccans|moroccan|algerians|algerian|egyptians|egyptian|lebanese|vietnamese|koreans|thais|thai|bangladeshis|bangladeshi|nepalis|tamils|tamil|armenians|armenian|pakistani|irish|scots|welsh|colombianos|marroquies|rumanos|ucranianos|venezolanos|marocains|algeriens|roumains|ukrainiens|turcs|polen|russen|rumanen|ukrainer|syrer|afghanen|brasileiros|angolanos|venezuelanos|romeni|albanesi|marocchini|ucraini|polen|vlamingen|nederlanders|belgen|surinamers|antillianen",
  "lesbianas|negras|negros|negra|negro|judias|judios|judia|judio|musulmanas|musulmanes|musulmana|musulman|inmigrantes|refugiadas|refugiados|gitanas|gitanos|discapacitadas|discapacitados|sordas|sordos|ciegas|ciegos|mayores|indigenas",
  "homosexuels|lesbiennes|noires|noirs|noir|noire|juives|juifs|juif|juive|musulmanes|musulmans|immigrees|immigres|refugiees|refugies|handicapees|handicapes|sourdes|sourds|aveugles|agees",
  "schwule|schwul|lesbische|schwarze|judische|muslimische|behinderte|gehorlose|blinde|alte|junge|queere",
  "pretas|pretos|judeus|muculmanas|muculmanos|imigrantes|deficientes|surdas|surdos|cegas|cegos|idosas|idosos",
  "nere|neri|ebree|ebrei|musulmane|musulmani|immigrate|immigrati|rifugiate|rifugiati|disabili|sorde|sordi|cieche|ciechi|anziane|anziani",
  "homo|homoseksuele|lesbische|zwarte|joodse|islamitische|moslim|gehandicapte|dove|oudere|jonge",
].join("|");

const identityWords: ReadonlySet<string> = new Set([...IDENTITY.split("|"), ...groupNames]);
const peopleWords: ReadonlySet<string> = new Set(PEOPLE.split("|"));
/** What a bare name may hold besides names: articles, "and", "all". */
const fillerWords: ReadonlySet<string> = new Set(
  "the|all|and|or|of|our|my|some|many|los|las|les|des|die|der|den|und|y|et|e|o|ou|en|de|het|i|gli|le|la|el|a|an|as|os".split(
    "|",
  ),
);

const NAME = `(?:${[...groupNames].join("|")}|${IDENTITY})`;
/** A group's name: articles, words saying which group, the head noun (captured), more such words. */
const GROUP = `(?:(?:the|all|our|los|las|les|die|as|os|le|gli|i|de|het|la|el|a|an|der|een|un|una|une|uma) )?(?:${NAME} )*(?<head>${PEOPLE}|${NAME})(?: ${NAME})*`;

/** Whole messages, read as lowercase words joined by single spaces. */
const affirmations: readonly RegExp[] = [
  // "trans women are women", "a trans woman is a woman", "immigrants are people too", "gay people are just people".
  `(?:yes |yeah |reminder |reminder that |just a reminder |remember |fact )?${GROUP} (?:are|is|r) (?:just |also |all |still |simply |literally )?(?:(?:a |an )?(?:people|persons|person|humans?|human beings?|valid|welcome|equal|loved|real|family|our neighbou?rs|real people)|(?:a |an )?\\k<head>)(?: (?:too|as well|here|obviously|period|full stop|end of story|simple as|like (?:you|us|everyone else) and me|like (?:you|us|everyone else)))*`,
  `${GROUP} (?:lives|rights) matter(?: too)?`,
  `${GROUP} rights are (?:human|civil) rights`,
  `${GROUP} (?:belong|are welcome|is welcome) (?:here|in (?:this|our) (?:room|server|chat|country|community|team|guild))(?: too)?`,
  `(?:love|respect|support|solidarity with|welcome|happy pride to|proud of|i stand with|we stand with|stand with) (?:to )?${GROUP}(?: everywhere| here)?`,
  `no (?:human|human being|person|one) is illegal`,
  // Spanish: "las mujeres trans son mujeres", "los refugiados son personas igual que tú y yo".
  `${GROUP} (?:son|es) (?:tambien |solo |simplemente )?(?:(?:una |un )?(?:personas|persona|seres humanos|humanos|bienvenid[oa]s?|\\k<head>))(?: (?:tambien|(?:igual que|como) (?:tu|vos|usted|nosotros|todos|cualquiera)(?: y yo)?))*`,
  `ningun ser humano es ilegal`,
  // French: "les hommes trans sont des hommes", "les réfugiés c'est des gens comme nous".
  `${GROUP} (?:sont|est|c'est|ce sont) (?:aussi |juste |avant tout )?(?:des |une |un )?(?:gens|personnes|personne|humains|etres humains|bienvenue?s?|\\k<head>)(?: (?:comme (?:nous|vous|toi|tout le monde|les autres)|avant tout))*`,
  `aucun etre humain n'est illegal`,
  // German: "trans Frauen sind Frauen", "Flüchtlinge sind auch nur Menschen".
  `${GROUP} (?:sind|ist) (?:auch |nur |einfach |auch nur )?(?:(?:ein|eine) )?(?:menschen|mensch|willkommen|\\k<head>)(?: wie (?:du und ich|wir|alle anderen|alle))?`,
  `kein mensch ist illegal`,
  // Portuguese: "mulheres trans são mulheres", "imigrantes são pessoas também".
  `${GROUP} (?:sao|e) (?:tambem |so |apenas )?(?:(?:uma|um) )?(?:pessoas|pessoa|seres humanos|humanos|bem-vind[oa]s|bem vind[oa]s|\\k<head>)(?: (?:tambem|como (?:voce|nos|todo mundo|qualquer um)))*`,
  `nenhum ser humano e ilegal`,
  // Italian: "le donne trans sono donne", "i rifugiati sono persone come noi".
  `${GROUP} (?:sono|e) (?:anche |solo |semplicemente )?(?:(?:una|un) )?(?:persone|persona|esseri umani|umani|benvenut[ieo]|\\k<head>)(?: come (?:te|noi|tutti))?`,
  `nessun essere umano e illegale`,
  // Dutch: "trans mannen zijn mannen", "vluchtelingen zijn ook gewoon mensen".
  `${GROUP} (?:zijn|is) (?:ook |gewoon |ook gewoon |gewoon ook )?(?:een )?(?:mensen|mens|welkom|\\k<head>)(?: (?:net als (?:jij|wij|iedereen)|hoor))*`,
  `geen mens is illegaal`,
].map((pattern) => new RegExp(`^(?:${pattern})$`));

const MAX_WORDS = 16;
/** "No human is illegal" names no group: its word for illegal lets it past the lookup. */
const ILLEGAL = /^il+eg/;
const notWord = /[^a-z'-]+/;
/** One of those words as a whole word: true whenever the lookup below can be, and one search. */
const anyIdentityWord = new RegExp(`(?<![a-z'-])(?:(?:${[...identityWords].join("|")})(?![a-z'-])|il+eg)`);

export type GroupMention = "named" | "affirmed";

/** How the message names a group and nothing more, or null (folded text). */
export function groupMentionOnly(folded: string): GroupMention | null {
  // Most messages name no group: one search says so, without splitting them into words.
  if (!anyIdentityWord.test(folded)) return null;
  const words = folded.split(notWord).filter((word) => word.length > 0 && word !== "-" && word !== "'");
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  if (!words.some((word) => identityWords.has(word) || ILLEGAL.test(word))) return null;
  if (words.every((word) => identityWords.has(word) || peopleWords.has(word) || fillerWords.has(word))) return "named";
  const said = words.join(" ");
  return affirmations.some((pattern) => pattern.test(said)) ? "affirmed" : null;
}
