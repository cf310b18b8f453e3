// Veiled threats, in the seven languages: menace said as regret ("it would be a shame if something
// happened to your car", "sería una pena que te pasara algo", "es wäre schade, wenn dir was
// passiert"), knowing where someone lives ("I know where your kids go to school", "je sais où tu
// habites"), and what "happens" to people like the one addressed ("accidents happen to people who
// talk too much", "people like you get stabbed round here"). No violent word need be in them, and
// the classifier reads them as calm. Found in folded text (accents folded: "wäre" reads "ware").

const w = "(?<![a-z])";
const e = "(?![a-z])";

// Whose misfortune it would be: the person addressed or theirs ("your car", "a tu coche", "deinem Auto").
const yours =
  "(?:your|ur|yo)\\s+(?:[a-z']+\\s+)?(?:car|house|home|place|family|kids?|children|son|daughter|wife|husband|mom|mum|mother|dad|father|sister|brother|girlfriend|boyfriend|dog|cat|face|shop|store|business)";
const english = [
  // "It'd be a shame if something happened to you", "would be a pity if your car caught fire".
  `${w}(?:shame|pity)\\s+if\\s+(?:something|anything|smth|sth)\\s+(?:bad\\s+)?(?:were\\s+to\\s+happen|was\\s+to\\s+happen|happened|happens)\\s+to\\s+(?:(?:you|u|ya)${e}|${yours})`,
  `${w}(?:shame|pity)\\s+if\\s+${yours}\\s+(?:caught\\s+fire|burned\\s+down|burnt\\s+down|got\\s+(?:hurt|burned|burnt|smashed|torched)|had\\s+an\\s+accident)${e}`,
  // "I know where you live", "we know what school your kids go to", "I know where your wife works".
  `${w}(?:i|we)\\s+know\\s+(?:where\\s+(?:you|u|${yours})\\s+(?:live|lives|sleep|sleeps|go\\s+to\\s+school|goes\\s+to\\s+school|work|works)|(?:what|which)\\s+school\\s+(?:you|u|${yours})\\s+(?:go\\s+to|goes\\s+to|attend|attends))${e}`,
  // "Accidents happen, especially to people who talk too much"; not "accidents happen, don't worry".
  `${w}(?:accidents|bad\\s+things|things)\\s+(?:can\\s+|do\\s+|tend\\s+to\\s+)?happen[.,!;:\\s]+(?:especially\\s+|usually\\s+|mostly\\s+|all\\s+the\\s+time\\s+)?to\\s+(?:people|those|folks|guys|girls|snitches)\\s+(?:who|that|like)${e}`,
  // "People like you get stabbed round here", "people like you end up in a ditch"; not "people like
  // you get hurt most by these prices", "people like you get your hair cut there".
  `${w}(?:people|guys|girls|snitches|folks)\\s+like\\s+(?:you|u)\\s+(?:tend\\s+to\\s+|usually\\s+|always\\s+|often\\s+)?(?:get|end\\s+up|wind\\s+up)\\s+(?:[a-z']+\\s+){0,2}?(?:killed|stabbed|shot|dead|beaten|jumped|buried|(?:throats?|necks?)\\s+(?:cut|slit)|found\\s+in\\s+a|in\\s+a\\s+(?:ditch|body\\s+bag|coffin))${e}`,
  `${w}snitches\\s+get\\s+stitches${e}`,
];

// The same regret and knowledge in the six other languages; each names the person addressed or theirs.
const otherLanguages = [
  // Spanish: "sería una pena que te pasara algo", "una lástima si le pasara algo a tu coche", "sé dónde vives".
  `${w}(?:pena|lastima)\\s+(?:que|si)\\s+(?:(?:te|os)\\s+(?:pasara|pasase|pase|ocurriera|sucediera|ocurra|suceda)\\s+algo|(?:le|les)\\s+(?:pasara|pasase|pase|ocurriera|sucediera|ocurra|suceda)\\s+algo\\s+a\\s+(?:ti|tu|tus))${e}`,
  `${w}(?<!no\\s+)(?:se|sabemos)\\s+(?:donde|a\\s+que\\s+colegio\\s+van\\s+tus\\s+hijos)\\s+(?:vives|trabajas|vive\\s+tu\\s+familia|duermes)${e}`,
  // Portuguese: "seria uma pena se algo acontecesse com você", "sei onde você mora".
  `${w}(?:pena|pecado)\\s+se\\s+(?:algo|alguma\\s+coisa)\\s+(?:te\\s+)?(?:acontecesse|acontecer)\\s+(?:com|a|ao)\\s+(?:(?:a|o|os|as)\\s+)?(?:voce|vc|tu|ti|sua|seu|teu|tua|seus|suas)${e}`,
  `${w}(?<!nao\\s+)(?:eu\\s+)?(?:sei|sabemos)\\s+onde\\s+(?:voce|vc|tu|a\\s+sua\\s+familia)\\s+(?:mora|moras|vive|vives|trabalha|trabalhas|dorme)${e}`,
  // French: "ce serait dommage qu'il t'arrive quelque chose", "je sais où tu habites".
  `${w}dommage\\s+(?:qu'il|s'il|si\\s+quelque\\s+chose|que\\s+quelque\\s+chose)\\s*(?:t'|te\\s+|vous\\s+)(?:arrive|arrivait|arriverait)${e}`,
  `${w}dommage\\s+(?:qu'il|s'il|si\\s+quelque\\s+chose)\\s+(?:arrive|arrivait|arriverait)\\s+(?:quelque\\s+chose\\s+)?a\\s+(?:toi|ta|ton|tes|votre|vos)${e}`,
  `${w}(?:je|on|nous)\\s+(?:sais|sait|savons)\\s+ou\\s+(?:tu|vous)\\s+(?:habites|habitez|vis|vivez|bosses|travailles|dors)${e}`,
  // German: "es wäre schade, wenn dir was passiert", "ich weiß, wo du wohnst".
  `${w}schade\\s*,?\\s+wenn\\s+(?:dir|euch|deine[mnrs]?|eurer?|eurem)\\s+(?:[a-z]+\\s+){0,2}?(?:was|etwas)\\s+(?:passiert|passieren|passierte|zustosst|zustossen|zustiesse)${e}`,
  `${w}(?:ich|wir)\\s+(?:weiss|wissen)\\s*,?\\s+wo\\s+(?:du|ihr|deine\\s+kinder|deine\\s+familie)\\s+(?:wohnst|wohnt|wohnen|lebst|lebt|arbeitest|schlafst|zur\\s+schule\\s+gehen)${e}`,
  // Italian: "sarebbe un peccato se ti succedesse qualcosa", "so dove abiti".
  `${w}peccato\\s+se\\s+(?:(?:ti|vi)\\s+(?:succedesse|capitasse|succede|capita|succedera|capitera)\\s+qualcosa|(?:succedesse|capitasse|succede|capita)\\s+qualcosa\\s+(?:a\\s+te|a\\s+voi|alla\\s+tua|al\\s+tuo|ai\\s+tuoi|alle\\s+tue))${e}`,
  `${w}(?<!non\\s+)(?:io\\s+)?(?:so|sappiamo)\\s+(?:dove|in\\s+che\\s+scuola\\s+vanno\\s+i\\s+tuoi\\s+figli)\\s+(?:abiti|vivi|lavori|dormi|abita\\s+la\\s+tua\\s+famiglia)${e}`,
  // Dutch: "het zou zonde zijn als jou iets overkwam", "ik weet waar je woont".
  `${w}(?:zonde|jammer)\\s+(?:zijn\\s+|wezen\\s+)?(?:als|mocht)\\s+(?:er\\s+)?(?:(?:jou|je|jullie)\\s+iets\\s+(?:overkomt|overkwam|zou\\s+overkomen|gebeurt|gebeurde)|iets\\s+(?:met|aan)\\s+(?:jou|je|jouw|jullie)\\s+(?:[a-z]+\\s+)?(?:gebeurt|gebeurde|zou\\s+gebeuren|overkomt|overkwam))${e}`,
  `${w}(?:ik|we|wij)\\s+(?:weet|weten)\\s+waar\\s+(?:je|jij|jullie|jouw\\s+kinderen)\\s+(?:woont|wonen|werkt|werken|slaapt|naar\\s+school\\s+gaan)${e}`,
];

const veiled = new RegExp([...english, ...otherLanguages].join("|"), "g");

// Cheap pre-check: one of the words every pattern holds; most messages have none.
const anyVeiledWord =
  /shame|pity|know|happen|like\s+(?:you|u)|snitch|pena|lastima|pecado|sei\s+onde|sabemos|se\s+donde|dommage|sais|sait|savons|schade|weiss|wissen|peccato|so\s+dove|sappiamo|zonde|jammer|weet/;

export interface VeiledThreatHit {
  start: number;
  end: number;
  excerpt: string;
}

export function findVeiledThreats(folded: string): VeiledThreatHit[] {
  if (!anyVeiledWord.test(folded)) return [];
  return [...folded.matchAll(veiled)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    excerpt: match[0],
  }));
}
