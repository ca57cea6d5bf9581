// The second layer of the crisis check: instead of fixed phrases, a few families of meaning (an intent
// or a decision, dying, a means, a place, a goodbye, hurting one's own body) that must meet within a
// few words of each other, in any order. German puts verbs where it likes ("Am Freitag spring ich von
// der Brücke", "Umbringen werd ich mich") and people write in dialect and with typos, so words are
// also brought to one spelling first and compounds match by their last part ("Autobahnbrücke").
// Guards keep out what only sounds alike: negation, a crisis that lies in the past and is over, and the
// everyday sides of the same words (the pharmacy, the swimming pool, cooking).
import { foldLetters } from './normalize.ts';
import { anchored, anchorsOf, phrase, REPORTING_CONTEXT } from './rules.ts';
import type { Anchors, CrisisClass } from './rules.ts';

// ------------------------------------------------------------ one spelling
/** Dialect and chat spellings of common words, folded like everything else. */
const SPELLINGS: Record<string, string> = Object.fromEntries(
  Object.entries({
    isch: 'ich', ick: 'ich', ech: 'ich', mi: 'mich', nimmi: 'nimmer', nimma: 'nimmer', nich: 'nicht', nid: 'nicht',
    lebn: 'leben', lebe: 'leben', gschnitten: 'geschnitten', gonna: 'going to', wanna: 'want to', gotta: 'got to',
    dont: 'don t', wont: 'won t', cant: 'can t', ive: 'i ve', whats: 'what s',
  }).map(([from, to]) => [foldLetters(from), to.split(' ').map(foldLetters).join(' ')]),
);

/**
 * Words that matter so much that a typo in them should not hide them. A token one slip away (a
 * letter missing or added, two letters swapped) is read as the word; a changed letter is not, as that
 * makes other real words ("starben", "sterne").
 */
const KEY_WORDS = ['myself', 'umbringen', 'sterben', 'tabletten', 'schlaftabletten', 'suizid', 'selbstmord', 'abschiedsbrief', 'aufschneiden', 'aufgeschnitten', 'erhängen', 'verletzen', 'lebensmüde'].map(foldLetters);
const KEY_WORD_SET = new Set(KEY_WORDS);

function oneSlipAway(token: string, key: string): boolean {
  const dl = token.length - key.length;
  if (dl === 0) {
    // two neighbouring letters swapped
    let i = 0;
    while (i < key.length && token[i] === key[i]) i++;
    return i < key.length - 1 && token[i] === key[i + 1] && token[i + 1] === key[i] && token.slice(i + 2) === key.slice(i + 2);
  }
  if (dl !== 1 && dl !== -1) return false;
  const [long, short] = dl === 1 ? [token, key] : [key, token];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

/** One spelling for dialect, chat language and small typos in the key words. */
export function canonicalSentence(sentence: string): string {
  let changed = false;
  const words = sentence.trim().split(' ').map((word) => {
    const spelled = SPELLINGS[word];
    if (spelled !== undefined) {
      changed = true;
      return spelled;
    }
    if (word.length >= 5 && !KEY_WORD_SET.has(word)) {
      for (const key of KEY_WORDS) {
        if (Math.abs(key.length - word.length) <= 1 && word[0] === key[0] && oneSlipAway(word, key)) {
          changed = true;
          return key;
        }
      }
    }
    return word;
  });
  return changed ? ` ${words.join(' ')} ` : sentence;
}

// ------------------------------------------------------------ families of meaning
// Written in the rule language of rules.ts: `word*` a word start, `*word` a compound ending in word.
const SELF = '(ich|mich|mir|mein*|i|me|my|myself|mine)';
const INTENT = '(will|wil|möchte|mochte|werde|werd|plane|überlege|uberlege|überleg|uberleg|gehe|geh)';
const INTENT_EN = '(want to|going to|plan to|planning to|planning|ready to|about to|i ll|i will|wish i could) ~1 (die|be dead|kill myself|end my life|end it all|end everything|ending everything)';
const DECISION = '(beschlossen|entschieden|entschlossen|entschluss|plan steht|steht fest|decided|made up my mind|mind is made up|made my plan|my plan)';
const DYING = '(sterben|sterbe|tot sein|tot zu sein|umbringen|umzubringen|mich töten|mich zu töten|aus dieser welt|aus der welt|to die|be dead|kill myself|end my life|ending everything|end everything)';
const FINAL_TIME = '(morgen|bald|nächste woche|nachste woche|nächsten|nachsten|heute nacht|heute abend|am montag|am dienstag|am mittwoch|am donnerstag|am freitag|am samstag|am sonntag|wochenende|tonight|tomorrow|soon|next week|this weekend|much longer|lange)';
const GONE = '(nicht mehr da|nicht mehr hier|nicht mehr am leben|nicht mehr leben|nicht mehr unter euch|won t be (here|around|alive)|not be (here|around|alive)|no longer (be )?(here|around|alive))';
const LAST = '(mein letztes|meine letzte|mein letzter|meinen letzten|my last|my final|der letzte tag|the last day)';
const DONE_WITH = '(es tun|es machen|do it|schluss|vorbei|over|done|zeit zu gehen|time to go|gehen|gone)';
const MEANS = '(tabletten|pillen|medikamente|medis|schlaftabletten|*tabletten|insulin|strick|seil|schlinge|rope|noose|pills|tablets|meds|sleeping pills|painkillers|gift|poison)';
const MEANS_READY = '(bereit|parat|ready|zu beenden|beenden|ist schluss|vorbei|do it|es tun|end it|(reichen|reicht) ~2 (für|fur) mich|enough for me)';
const PLACE = '(*brücke|*brucke|brucke|brücke|*gleis|gleis|gleise|gleisen|zug|züge|*dach|dach|hochhaus|*hochhaus|balkon|klippe|turm|parkhaus|bridge|roof|train|tracks|tower|cliff|balcony|parking garage|garage|car park)';
const FALL = '(spring*|runterspring*|sprung|stürz*|sturz*|werf*|jump*|throw myself|step in front|mich vor|mich unter|myself in front)';
const DRIVE = '(fahr*|fährt|steuer*|lenk*|drive|driving|crash|crashing)';
const DRIVE_INTO = '(gegen (einen|eine|den|die|das) (baum|wand|mauer|pfeiler|brückenpfeiler|lkw)|off the road|into a (tree|wall)|into oncoming)';
const LAST_WORDS = '(letzten brief|letzter brief|letzte worte|letzten worte|last letter|last note|final note|final letter|last words|goodbye note|goodbye letter)';
const LONGING = '(sehne mich|sehn mich|sehnsucht|relief|erlösung|erlosung|erleichterung|the only way out|der einzige ausweg|einziger ausweg|einfacher|leichter|easier)';
const INGEST = '(schluck*|swallow*|einwerf*|reinwerf*)';
const EVERYTHING = '(alles|alle|every|all of them|all my|the whole|die ganze|den ganzen|die ganzen)';
const SWALLOW_FIGURE = phrase('(runter|hinunter|herunter|in mich hinein|ärger|arger|gefühle|gefuhle|feelings|pride|stolz|kröte|krote|pille bitter)');
const HURT_VERB = '(ritz*|*geritzt|geritzt|*schnitten|schneid*|*schneide|verletz*|verbrenn*|verbrannt|brenne*|kratz*|schlag*|schlug|hau|haue|drück*|hunger*|cut|cutting|burn*|scratch*|punch*|hit|hitting|bang*|starve*)';
const BODY_OR_SELF = '(mich|mir|myself|arm|arme|armen|bein|beine|beinen|haut|handgelenk*|oberschenkel|bauch|kopf|hand|narben|my arm|my arms|my skin|my legs|my thighs|my wrists|my knuckles|walls|knuckles|myself)';
const HURT_SIGN = '(wieder|absichtlich|mit absicht|selbst gemacht|bis es blutet|bis es weh tut|bis sie blau|blau sind|blutig|blutet|spüre|spure|bestrafen|druck|zigarett*|klinge|scherbe|again|on purpose|until it bleeds|until (they|my) [a-z]+ bleed|bleed|to punish|blade|lighter|hot spoon)';
const THIRD = '(er|sie|ihn|ihr|he|she|him|her|they|jemand|someone|freund|freundin|bruder|schwester|kollege|sohn|tochter|friend|brother|sister|son|daughter|figur|character)';

// ------------------------------------------------------------ guards
/** A crisis told as past and over: "vor zwei Jahren …, heute geht es mir besser". */
const PAST_AND_OVER = phrase('(vor ~1 (jahren|monaten|jahr)|damals|früher|fruher|years ago|back then|used to)');
const BETTER_NOW = phrase('(besser|gut|überwunden|uberwunden|geschafft|better|recovered|over it|fine now)');
const STILL = phrase('(wieder|immer noch|noch immer|jetzt|seit|again|still|lately)');
/** Saying no to it: "ich würde mir nie etwas antun", "I would never kill myself". */
const NEGATED = phrase('(nie|niemals|keinesfalls|auf keinen fall|never|would not|wouldn t|will not|not going to|nicht sterben|not die)');
/** Everyday sides of the same words. */
const EVERYDAY = phrase('(apotheke|pharmacy|entsorg*|abgegeben|abgelaufen|expired|dispose*|verschrieben|prescribed|wie immer|morgens|abends|täglich|taglich|jeden tag|pro tag|am tag|every (day|morning|night)|per day|darf ich|vitamin*|schaukel|swing|klettern|climbing|camping|boot|boat|zelt|tent|wäsche|wasche|laundry|freibad|schwimmbad|sprungturm|dreier|pool|swim*|schwimm*|bungee|fallschirm|baden|zum baden|ins wasser|in den see|im see|meeting|party|haha|lol|parachute|urlaub|ferien|holiday|vacation|büro|buro|office|arbeit|work|umzug|umziehe|moving|rente|ruhestand|retire*|beim|versehentlich|aus versehen|accident*|by accident|while [a-z]+ing|job|stelle|firma|kündig*|kundig*|studium|schule|uni|verein|kochen|cooking|gemüse*|gemuse*|finger|rasier*|shaving|friseur|haare|hair|zahnarzt|sport|training|gym|vertrag|contract|beziehung|relationship|spiel|game|level|finanzamt|bewerbung)');

interface ClauseRule {
  cls: CrisisClass;
  /** Families that must all appear, each within `within` words of the first one found, in any order. */
  groups: RegExp[];
  within: number;
  /** Per family, words of which one must stand in the sentence: a cheap test before the expressions. */
  anchors: Array<Anchors | null>;
  /** The writer speaks of themselves somewhere in the sentence (or the rule's groups say so already). */
  self: boolean;
  everyday: boolean;
  /** The match does not count when this also stands in the sentence. */
  unless?: RegExp;
}

const SELF_RE = phrase(SELF);
/** The writer as subject or object, not only "my" (which also opens "my friend says she …"). */
const STRICT_SELF = phrase('(ich|mich|mir|i|me|myself)');
// "wie man sich umbringt" is impersonal, not about someone else.
const SICH = /(?<! man) sich /;
const THIRD_RE = phrase(THIRD);

const clause = (cls: CrisisClass, within: number, groups: string[], options: { self?: boolean; everyday?: boolean; unless?: RegExp | string } = {}): ClauseRule => ({
  cls,
  groups: groups.map((g) => new RegExp(phrase(g).source, 'g')),
  within,
  anchors: groups.map(anchorsOf),
  self: options.self ?? true,
  everyday: options.everyday ?? true,
  unless: typeof options.unless === 'string' ? phrase(options.unless) : options.unless,
});

/** What people decide to stop that is not their life. */
const OTHER_ENDINGS = '(rauch*|smok*|alkohol|alcohol|trinken|drinking|diät|diat|diet|zucker|sugar|ihm|ihr|dir|him|her|freund|boyfriend|girlfriend|quit)';

export const CLAUSE_RULES: ClauseRule[] = [
  // intent, a decision, a time or a longing, next to dying
  clause('explicit_intent', 4, [INTENT, DYING], { unless: '(nicht|not) (stirbt|sterben|sterbe)' }),
  clause('explicit_intent', 0, [INTENT_EN]),
  clause('explicit_intent', 8, [DECISION, `(${DYING}|${LAST}|${DONE_WITH}|${GONE})`], { unless: OTHER_ENDINGS }),
  clause('explicit_intent', 6, [FINAL_TIME, GONE]),
  clause('explicit_intent', 6, [LONGING, '(tod|sterben|tot sein|tot zu sein|death|dying|being dead|dead)'], { unless: '(war|was|oma|opa|mutter|vater|mother|father|grandma|grandpa|hund|katze|dog|cat|für sie|für ihn|for her|for him)' }),
  // means at hand, places to fall from, a car as a weapon against oneself
  clause('explicit_intent', 8, [MEANS, MEANS_READY], { self: false }),
  clause('explicit_intent', 2, ['(genug|genügend|enough)', `(${MEANS}|*tabletten)`]),
  clause('explicit_intent', 6, ['(wie viele|wieviele|how many)', MEANS, '(ausgerechnet|gezählt|gezahlt|gerechnet|counted|worked out|figured out)']),
  clause('explicit_intent', 4, [INGEST, EVERYTHING], { unless: SWALLOW_FIGURE }),
  clause('explicit_intent', 6, ['(dosis|dose|menge|amount)', '(tödlich|todlich|letal|lethal|fatal|deadly)'], { unless: '(warn*|verhindern|prevent*|kinder|kids|children|haustier*|pets|hund|katze|dog|cat)' }),
  clause('explicit_intent', 6, [PLACE, FALL], { unless: '(auf den zug|in den zug|aufspring*|auf den letzten|onto the train|catch the train)' }),
  clause('explicit_intent', 8, [DRIVE, DRIVE_INTO]),
  clause('explicit_intent', 8, ['(methoden|möglichkeiten|moglichkeiten|wege|ways|methods|wie man|how to)', '(umbringt|umzubringen|stirbt|sterben kann|töten|kill myself|kill yourself|to die|suicide)', '(gesucht|gegoogelt|recherchiert|nachgelesen|looked up|searched|googled|researched)']),
  clause('explicit_intent', 0, ['(damit|so that) ~2 (man|ich|i|you) ~2 (sicher |bestimmt |schnell |sure )?(stirbt|sterbe|tot ist|tot bin|die|dies)'], { self: false, unless: '(nicht|not|überlebt|uberlebt|survive*|erste hilfe|first aid)' }),
  // goodbyes and last letters
  clause('explicit_intent', 8, ['(verabschiedet|verabschiede|said goodbye|say goodbye|saying goodbye)', '(zeit zu gehen|time to go|time for me to go)']),
  clause('explicit_intent', 4, ['(abschiedsbrief|abschiedsbriefe|my goodbye|meinen abschied|goodbye letter|goodbye note)', '(geschrieben|written|wrote|schreib*|fertig|done|finished)']),
  clause('explicit_intent', 6, [LAST_WORDS, '(schreib*|geschrieben|wrote|written|writing|write|kinder|eltern|familie|family|kids|parents)']),
  // hurting one's own body
  clause('self_harm', 8, [HURT_VERB, BODY_OR_SELF, HURT_SIGN], { unless: '(hin|aufs ohr|ins bett|durch|voll|essen|juck*|itch*|mück*|muck*|mosquito|neurodermitis|ekzem|ofen|oven|stove|herd|bügel*|bugel*|iron|sonne|sun|sonnenbrand|sunburn|nägel|nagel|nails)' }),
  clause('self_harm', 4, ['(narben|scars|wunden|wounds)', '(selbst gemacht|mir selbst|myself|selbst zugefügt|selbst zugefugt|self inflicted)']),
  clause('self_harm', 4, ['(greif*|nehm*|hol*|grab*|reach for|used|use)', '(zur klinge|die klinge|klinge|rasierklinge|a blade|the blade|blade|razor)']),
  clause('self_harm', 4, ['(ritz*|cutting)', '(wieder|again|seit|still)']),
  // distress said without the usual phrases
  clause('implicit_distress', 4, ['(müde|mude|tired|erschöpft|erschopft|sick)', '(vom leben|von allem|of everything|of life|of living|of it all)']),
  clause('implicit_distress', 5, ['(niemand|keiner|keinem|nobody|no one)', '(braucht|sieht|vermisst|auffallen|merken|needs|sees|notice|would miss|cares about)', '(mich|me|wenn ich|if i)']),
  clause('implicit_distress', 0, ['((wozu|wofür|wofur) ~1 (das alles|alles|leben|weitermachen) ~2 noch|(what s|what is) the point (of|in) (anything|everything|living|life|trying|going on|it all)|why bother (living|anymore|with anything))'], { self: false }),
  clause('implicit_distress', 0, ['(es|das|it|things|life|das leben|mein leben) ~2 (wird|wirds|gets|get|will get|is going to get) ~2 (nie|nimmer|never) ~1 (besser|better)'], { self: false }),
  clause('implicit_distress', 4, ['(weiß|weiss|weis)', '(nicht mehr weiter|nimmer weiter)'], { unless: '(aufgabe|rätsel|ratsel|formular|code|navi|hausaufgabe*|rezept)' }),
  clause('implicit_distress', 4, ['innerlich', '(gestorben|tot|leer|kaputt)']),
  clause('implicit_distress', 4, ['(keinen weg|keinen ausweg|no way)', '(raus|hinaus|heraus|mehr|out)'], { unless: '(parkhaus|labyrinth|wald|gebäude|gebaude|escape|maze|stau|traffic)' }),
  clause('implicit_distress', 4, ['(wie lange|how long)', '(aushalte|aushalten|durchhalte|durchhalten|can take|hold on|keep going)'], { unless: '(hitze|warten|schlange|stau|meeting|sitzung|vortrag|heat|queue|wait)' }),
  clause('implicit_distress', 4, ['(keine hoffnung|no hope)', '(für mich|fur mich|for me|mehr)']),
  clause('implicit_distress', 5, ['(fühl*|fuhl*|feel|feeling)', '(wie ein stück dreck|wie ein stuck dreck|wie ein nichts|like a ghost|like trash|like garbage|invisible|unsichtbar)']),
];

/** Start positions (as word numbers) of every match of a family in a sentence. */
function positions(re: RegExp, sentence: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    let words = 0;
    for (let i = 0; i < m.index; i++) if (sentence.charCodeAt(i) === 32) words++;
    out.push(words);
    re.lastIndex = m.index + 1;
  }
  return out;
}

function meets(rule: ClauseRule, sentence: string, words: Set<string>, list: string[]): boolean {
  for (const a of rule.anchors) if (!anchored(a, words, list)) return false;
  const found: number[][] = [];
  for (const re of rule.groups) {
    const at = positions(re, sentence);
    if (at.length === 0) return false;
    found.push(at);
  }
  // Some choice of one position per family must lie within `within` words of a position of the first.
  return (found[0] as number[]).some((anchor) => found.slice(1).every((list) => list.some((p) => Math.abs(p - anchor) <= rule.within)));
}

/**
 * The classes the clause rules find in one folded sentence (after figures of speech were removed).
 * Third-person sentences count as distress about someone else, not as the writer's own intent.
 */
export function clauseClasses(sentence: string): CrisisClass[] {
  const s = canonicalSentence(sentence);
  const out = new Set<CrisisClass>();
  const list = s.trim().split(' ');
  const words = new Set(list);
  let guards: { negated: boolean; over: boolean; everyday: boolean; self: boolean; someoneElse: boolean; reporting: boolean } | undefined;
  for (const rule of CLAUSE_RULES) {
    if (out.has(rule.cls) || !meets(rule, s, words, list) || rule.unless?.test(s)) continue;
    if (!guards) {
      const strictSelf = STRICT_SELF.test(s);
      guards = {
        negated: NEGATED.test(s),
        over: pastAndOver(s),
        everyday: EVERYDAY.test(s),
        self: SELF_RE.test(s),
        // "sie will sich umbringen", "my friend says he …": someone else's intent or harm.
        someoneElse: SICH.test(s) || (THIRD_RE.test(s) && !strictSelf),
        reporting: !strictSelf && REPORTING_CONTEXT.test(s),
      };
    }
    if (guards.over || guards.reporting || (rule.everyday && guards.everyday)) continue;
    if (rule.cls !== 'implicit_distress' && guards.negated) continue;
    if (rule.cls !== 'implicit_distress' && guards.someoneElse) {
      // Someone else's intent is a worry the writer carries: distress, not their own intent.
      out.add('implicit_distress');
      continue;
    }
    if (rule.self && !guards.self) continue;
    out.add(rule.cls);
  }
  return [...out];
}

/** "Ich würde nie …", "I would never …": a refusal; the phrase rules do not count it either. */
export const REFUSAL = phrase('(würde|wurde|would|könnte|konnte|could) ~1 (nie|niemals|never)');

/** A crisis told as past and over; the phrase rules do not count it either. */
export function pastAndOver(sentence: string): boolean {
  return PAST_AND_OVER.test(sentence) && BETTER_NOW.test(sentence) && !STILL.test(sentence);
}
