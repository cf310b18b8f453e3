// Veiled threats, in the seven languages: menace said as regret ("it would be a shame if something
// happened to your car", "sería una pena que te pasara algo", "es wäre schade, wenn dir was
// passiert"), knowing where someone lives or goes ("I know where your kids go to school", "je sais où
// tu habites", "I know what bus you take"), following them home, and what "happens" to people like
// the one addressed ("accidents happen to people who talk too much", "people like you get stabbed
// round here"). No violent word need be in them, and
// the classifier reads them as calm. Found in folded text (accents folded: "wäre" reads "ware").

import { matchesIn } from "./pattern-matches.ts";

const w = "(?<![a-z])";
const e = "(?![a-z])";

// Whose misfortune it would be: the person addressed or theirs ("your car", "a tu coche", "deinem Auto").
const yours =
  "(?:your|ur|yo)\\s+(?:[a-z']+\\s+)?(?:car|house|home|place|family|kids?|children|son|daughter|wife|husband|mom|mum|mother|dad|father|sister|brother|girlfriend|boyfriend|dog|cat|face|shop|store|business)";
const english = [
  // "It'd be a shame if something happened to you", "would be a pity if your car caught fire".
  `${w}(?:shame|pity)\\s+if\\s+(?:something|anything|smth|sth)\\s+(?:bad\\s+)?(?:were\\s+to\\s+happen|was\\s+to\\s+happen|happened|happens)\\s+to\\s+(?:(?:you|u|ya)${e}|${yours})`,
  // "would be a real shame if someone pushed you down the stairs".
  `${w}(?:shame|pity)\\s+if\\s+(?:someone|somebody|anyone|anybody)\\s+(?:accidentally\\s+)?(?:pushed|shoved|hurt|stabbed|hit|ran\\s+over|beat\\s+up|jumped|followed)\\s+(?:(?:you|u|ya)${e}|${yours})`,
  `${w}(?:shame|pity)\\s+if\\s+${yours}\\s+(?:caught\\s+fire|burned\\s+down|burnt\\s+down|got\\s+(?:hurt|burned|burnt|smashed|torched)|had\\s+an\\s+accident)${e}`,
  // "I know where you live", "we know what school your kids go to", "I know where your wife works".
  `${w}(?:i|we)\\s+know\\s+(?:where\\s+(?:you|u|${yours})\\s+(?:live|lives|sleep|sleeps|go\\s+to\\s+school|goes\\s+to\\s+school|work|works)|(?:what|which)\\s+school\\s+(?:you|u|${yours})\\s+(?:go\\s+to|goes\\s+to|attend|attends))${e}`,
  // Their routine or their door known, or them followed: "i know what bus you take", "i know which
  // flat is yours", "i followed you home". Not "i know what you mean", "i followed you on twitch".
  `${w}(?:i|we)\\s+know\\s+(?:what|which)\\s+(?:bus|train|tram|route|way\\s+home|gym|building|flat|apartment|house|door|car|floor|street|window|locker)\\s+(?:(?:you|u)\\s+(?:take|catch|ride|drive|live\\s+(?:in|on)|go\\s+to|use|park|leave|sleep\\s+in)|is\\s+(?:yours|ur|your|(?:your|ur)\\s+(?:mom|mum|dad|family|wife|husband|girlfriend|boyfriend)'s))${e}`,
  `${w}(?:i|we)\\s*(?:'ve|\\s+have)?\\s+(?:followed|been\\s+following|was\\s+following|tailed)\\s+(?:you|u|${yours})\\s+(?:home|to\\s+(?:your|ur|work|school|class|the\\s+gym|the\\s+station)|all\\s+the\\s+way|around\\s+(?:town|campus|the\\s+(?:shop|store|market|mall)))${e}`,
  `${w}(?:i|we)\\s*(?:'ve|\\s+have)?\\s+(?:been\\s+)?watch(?:ing|ed)\\s+(?:you|u)\\s+(?:sleep|through\\s+(?:your|ur|the)\\s+window|from\\s+(?:across\\s+the\\s+street|outside))${e}`,
  // "Accidents happen, especially to people who talk too much"; not "accidents happen, don't worry".
  `${w}(?:accidents|bad\\s+things|things)\\s+(?:can\\s+|do\\s+|tend\\s+to\\s+)?happen[.,!;:\\s]+(?:especially\\s+|usually\\s+|mostly\\s+|all\\s+the\\s+time\\s+)?to\\s+(?:people|those|folks|guys|girls|snitches)\\s+(?:who|that|like)${e}`,
  // "People like you get stabbed round here", "people like you end up in a ditch"; not "people like
  // you get hurt most by these prices", "people like you get your hair cut there".
  `${w}(?:people|guys|girls|snitches|folks)\\s+like\\s+(?:you|u)\\s+(?:tend\\s+to\\s+|usually\\s+|always\\s+|often\\s+)?(?:get|end\\s+up|wind\\s+up)\\s+(?:[a-z']+\\s+){0,2}?(?:killed|stabbed|shot|dead|beaten|jumped|buried|(?:throats?|necks?)\\s+(?:cut|slit)|found\\s+in\\s+a|in\\s+a\\s+(?:ditch|body\\s+bag|coffin))${e}`,
  `${w}snitches\\s+get\\s+stitches${e}`,
  // Care urged with a menace: "watch your kids, you never know what could happen"; not "watch your
  // kids at the pool, you never know", said of a danger that is nobody's doing (the menace's words
  // must follow the person's at once).
  `${w}(?:watch|mind|look\\s+after|keep\\s+an\\s+eye\\s+on|take\\s+(?:good\\s+)?care\\s+of)\\s+${yours}\\s*[.,;!]*\\s+(?:(?:because|cause|cuz|coz)\\s+)?(?:you\\s+never\\s+know\\s+what\\s+(?:could|might|can|will)\\s+happen|accidents\\s+happen|anything\\s+(?:can|could|might)\\s+happen)${e}`,
  // Menace with what is known or held: "remember what happened to the last guy who reported me?", "i have
  // your ip", "i have a gun and a lot of patience. keep testing me", "i'll handle it myself, with a bat",
  // "next time you mute me i'm gonna find you". Not "i have your address for the invitations", "i'll
  // deal with it with a hammer", "next time you visit i'm coming to your house".
  `${w}remember\\s+what\\s+happened\\s+to\\s+the\\s+last\\s+(?:guy|girl|person|one|kid|dude|mod|man|woman)\\s+who${e}`,
  `${w}(?:i|we)\\s*(?:'ve\\s+got|\\s+have|\\s+got|\\s+know)\\s+(?:your|ur)\\s+ip${e}`,
  `${w}i\\s*(?:'ve\\s+got|\\s+have|\\s+got)\\s+a\\s+(?:gun|knife|glock|pistol|rifle|machete)${e}[^\\n]{0,40}?(?:keep\\s+testing\\s+me|test\\s+me|try\\s+me|don't\\s+push\\s+me)${e}`,
  `${w}(?:i'll|ill|i\\s+will|i'm\\s+gonna|im\\s+gonna)\\s+(?:handle|deal\\s+with|take\\s+care\\s+of|sort\\s+out)\\s+(?:it|him|her|you|u|this|them)\\s*(?:myself\\s*)?,?\\s+with\\s+(?:a|my)\\s+(?:bat|baseball\\s+bat|crowbar|gun|machete)${e}`,
  `${w}next\\s+time\\s+(?:you|u)\\s+[^.!?\\n]{1,40}?(?:i'm|im|i\\s+am|i'll|ill|i\\s+will)\\s+(?:gonna\\s+)?find\\s+(?:you|u)${e}(?!\\s+(?:a|an|the|some|one|something|someone|somewhere)${e})`,
  // Where a body turns up: "you'll turn up in a ditch", "keep it up and you'll be found in the river".
  `${w}(?:you|u)\\s*(?:'ll|will|are\\s+gonna|are\\s+going\\s+to|'re\\s+gonna|'re\\s+going\\s+to|might|could)\\s+(?:turn\\s+up|be\\s+found|get\\s+found|wash\\s+up)\\s+(?:dead\\s+)?(?:in|at\\s+the\\s+bottom\\s+of)\\s+(?:a|the|some)\\s+(?:ditch|river|canal|lake|dumpster|skip|shallow\\s+grave|body\\s+bag)${e}`,
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
  // Care urged with a menace: "cuida a tus hijos, nunca se sabe", "pass auf deine Kinder auf, man weiß
  // nie", "pas maar goed op je kinderen, je weet nooit wat er gebeurt".
  `${w}(?:cuida(?:te)?\\s+(?:bien\\s+)?(?:a\\s+)?(?:tus|tu)|cuida\\s+(?:bem\\s+)?(?:d[oa]s?\\s+)?(?:teus|tuas|seus|suas|teu|tua|seu|sua)|(?:fais|faites)\\s+(?:bien\\s+)?attention\\s+a\\s+(?:tes|ta|ton|vos|votre)|pass(?:t)?\\s+(?:gut\\s+|mal\\s+|lieber\\s+)?auf\\s+(?:deine|dein|euren?|eure)|stai\\s+attent[oa]\\s+(?:ai\\s+tuoi|alle\\s+tue|al\\s+tuo|alla\\s+tua)|pas\\s+(?:maar\\s+)?(?:goed\\s+)?op\\s+(?:je|jouw|jullie))\\s+(?:[a-z]+\\s+){0,2}?[a-z]+(?:\\s+auf)?\\s*[.,;!]*\\s+(?:(?:porque|parce\\s+que|car|denn|perche|want)\\s+)?(?:nunca\\s+se\\s+sabe|uno\\s+nunca\\s+sabe|on\\s+ne\\s+sait\\s+jamais|man\\s+weiss\\s+(?:ja\\s+)?nie|non\\s+si\\s+sa\\s+mai|je\\s+weet\\s+(?:maar\\s+)?nooit\\s+wat\\s+er\\s+(?:kan\\s+|zal\\s+)?(?:gebeurt|gebeuren))${e}`,
  // Where a body turns up: "vas a aparecer en una zanja", "vais acabar numa vala".
  `${w}(?:vas\\s+a|podrias|vai|podes|vais)\\s+(?:aparecer\\s+(?:muert[oa]\\s+|mort[oa]\\s+)?(?:en\\s+una|en\\s+el|numa|num|no|na|em\\s+uma)\\s+(?:zanja|cuneta|rio|vala|valeta|bolsa|saco)|(?:acabar|terminar)\\s+(?:muert[oa]\\s+|mort[oa]\\s+)?(?:en\\s+una|numa|num|em\\s+uma)\\s+(?:zanja|cuneta|vala|valeta|bolsa|saco))${e}`,
  `${w}(?:ik|we|wij)\\s+(?:weet|weten)\\s+waar\\s+(?:je|jij|jullie|jouw\\s+kinderen)\\s+(?:woont|wonen|werkt|werken|slaapt|naar\\s+school\\s+gaan)${e}`,
];

const veiled = new RegExp([...english, ...otherLanguages].join("|"), "g");

// Cheap pre-check: one of the words every pattern holds; most messages have none.
const anyVeiledWord =
  /follow|tailed|watch|shame|pity|know|happen|(?:your|ur)\s+ip|gun|knife|glock|pistol|rifle|machete|handle|deal\s+with|care\s+of|sort\s+out|next\s+time|remember\s+what|like\s+(?:you|u)|snitch|turn\s+up|found|wash\s+up|nunca|jamais|sa\s+mai|nooit|aparecer|acabar|terminar|pena|lastima|pecado|sei\s+onde|sabemos|se\s+donde|dommage|sais|sait|savons|schade|weiss|wissen|peccato|so\s+dove|sappiamo|zonde|jammer|weet/;

export interface VeiledThreatHit {
  start: number;
  end: number;
  excerpt: string;
}

export function findVeiledThreats(folded: string): VeiledThreatHit[] {
  if (!anyVeiledWord.test(folded)) return [];
  return matchesIn(veiled, folded).map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    excerpt: match[0],
  }));
}
