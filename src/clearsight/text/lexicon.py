"""The words the reader looks for, as data: targets (facts), body sites, people and modifiers.

Every entry is a regular-expression fragment matched case-insensitively on whole words, unless it
is marked case-sensitive (abbreviations such as "DA", "DNA" and "HI" that are ordinary words in
lower case). Codes are the exchange format's (`clearsight.format.spec`), so a fact read from a
narrative can sit beside the structured columns `injury_type`, `body_sites` and `explanation`.

To teach the reader a new phrase, add a line here and a labelled sentence to
`tests/text/labelled_sentences.jsonl`; the evaluation test then shows what it gained and lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from clearsight.format.spec import BODY_SITES, EXPLANATIONS, INJURY_TYPES

# --------------------------------------------------------------------------------------------
# Kinds of fact and their values
# --------------------------------------------------------------------------------------------

INJURY = "injury"
EXPLANATION = "explanation"
NEW_ADULT = "new_adult"
DOMESTIC_ABUSE = "domestic_abuse"
SUBSTANCE_MISUSE = "substance_misuse"
MENTAL_HEALTH = "mental_health"
CHILD_NOT_SEEN = "child_not_seen"
NOT_MOBILE = "not_mobile"
NEGLECT_SIGN = "neglect_sign"

#: Every kind of fact and the values it takes.
KINDS: dict[str, tuple[str, ...]] = {
    INJURY: INJURY_TYPES,
    EXPLANATION: EXPLANATIONS,
    NEW_ADULT: ("new", "unknown"),
    DOMESTIC_ABUSE: ("domestic_abuse",),
    SUBSTANCE_MISUSE: ("alcohol", "drugs", "unspecified"),
    MENTAL_HEALTH: ("mental_health",),
    CHILD_NOT_SEEN: ("not_brought", "no_access", "not_seen", "not_seen_alone"),
    NOT_MOBILE: ("not_mobile",),
    NEGLECT_SIGN: ("hunger", "hygiene", "clothing", "head_lice", "dental_decay"),
}


@dataclass(frozen=True)
class Term:
    """A phrase that names a fact: the regex fragments, the kind and value, implied sites."""

    kind: str
    value: str
    patterns: tuple[str, ...]
    sites: tuple[str, ...] = ()  # body sites the phrase itself names ("black eye" -> eye)
    case_sensitive: bool = False
    #: Kept only when the narrative names an injury or how one happened: "no explanation",
    #: "consistent with" and "later said" are about other things too.
    needs_injury: bool = False
    #: A sign that is an injury unless its sentence names a medical cause (`MEDICAL_CAUSES`):
    #: "swollen lip" after a punch, not "lip swelling" in an allergic reaction.
    medical_sign: bool = False


TERMS: tuple[Term, ...] = (
    # ---- injuries -------------------------------------------------------------------------
    Term(
        INJURY,
        "bruise",
        (
            r"bruis(?:e|es|ed|ing)",
            r"contusions?",
            r"petechia(?:e|l)?(?:\s+(?:rash|haemorrhages?|spots))?",
            r"discolou?ration",
            r"finger\s?-?tip\s+(?:marks|bruis\w*)",
            r"fingermarks?",
            r"grip\s+marks?",
            r"slap\s+marks?",
            r"hand\s?-?print(?:\s+marks?)?",
        ),
    ),
    Term(INJURY, "bruise", (r"black\s+eyes?", r"shiners?"), sites=("eye",)),
    Term(
        INJURY,
        "bruise",
        (r"subconjunctival\s+(?:haemorrhages?|hemorrhages?|bleeds?|bleeding)",),
        sites=("subconjunctiva",),
    ),
    Term(INJURY, "bruise", (r"love\s+bites?",), sites=("neck",)),
    Term(
        INJURY,
        "fracture",
        (
            r"fractur(?:e|es|ed|ing)",
            r"#\s?(?:of\s+)?(?:the\s+)?(?:(?:left|right|l|r)\s+)?(?:femur|humerus|radius|ulna|tibia"
            r"|fibula|clavicle|skull|ribs?|wrist|arm|leg)",
            r"broken\s+(?:bones?|arm|leg|wrist|ankle|fingers?|toes?|ribs?|nose|collar\s?bone"
            r"|femur|jaw)",
            r"(?:metaphyseal|spiral|buckle|greenstick)\s+(?:fracture|break|injury|lesion)s?",
            r"breaks?\s+(?:to|in|of)\s+(?:the|his|her)\s+(?:\w+\s+)?(?:arm|leg|wrist|femur|bone)",
            r"(?:broke|broken|breaking)\s+(?:her|his|their|the\s+baby's|the\s+child's)\s+"
            r"(?:nose|arm|leg|wrist|jaw|ribs?|collar\s?bone|fingers?|toes?|ankle|femur)",
            r"(?:arm|leg|wrist|nose|jaw|ribs?|femur|collarbone|ankle|finger|toe)s?\s+(?:was|were"
            r"|had\s+been|has\s+been|is|are)\s+broken",
        ),
    ),
    Term(INJURY, "fracture", (r"skull\s+fractures?", r"fractured\s+skull"), sites=("head",)),
    Term(INJURY, "fracture", (r"rib\s+fractures?", r"fractured\s+ribs?"), sites=("chest",)),
    Term(INJURY, "burn", (r"burn(?:s|t|ed)?", r"cigarette\s+burns?")),
    Term(INJURY, "scald", (r"scald(?:s|ed|ing)?",)),
    Term(
        INJURY,
        "head_injury",
        (
            r"head\s+injur(?:y|ies)",
            r"head\s+trauma",
            r"(?:bumped|banged|hit|knocked|bashed|bangs?|bumps?|knocks?)\s+(?:to\s+)?(?:his|her"
            r"|their|the)\s+head",
            r"(?:bump|bang|knock|blow)\s+(?:to|on)\s+(?:the|his|her)\s+head",
            r"(?:sub|extra)dural(?:\s+(?:haemorrhages?|hemorrhages?|haematomas?|bleeds?))?",
            r"intracranial\s+(?:bleed|bleeding|haemorrhage|injury)",
            r"brain\s+injury",
            r"abusive\s+head\s+trauma",
            r"concussion",
        ),
        sites=("head",),
    ),
    Term(INJURY, "head_injury", (r"HI", r"SDH", r"AHT"), sites=("head",), case_sensitive=True),
    Term(
        INJURY,
        "laceration",
        (
            r"lacerations?",
            r"lacerated",
            r"gash(?:es)?",
            r"(?:a|small|deep|superficial|two|several|\d+\s?cm|large)\s+cuts?",
            r"cuts?\s+(?:to|on|above|below|over)",
            r"open\s+wounds?",
            r"wounds?",
        ),
    ),
    Term(INJURY, "laceration", (r"split\s+lip", r"cut\s+lip"), sites=("mouth",)),
    Term(INJURY, "bite", (r"bites?(?!\s+to\s+eat)(?:\s+marks?)?", r"bitten", r"teeth\s+marks?")),
    Term(
        INJURY,
        "abrasion",
        (
            r"abrasions?",
            r"graz(?:e|es|ed|ing)",
            r"scratch(?:es|ed)?",
            r"carpet\s+burns?",
            r"friction\s+burns?",
            r"scuff(?:s|ed)?",
        ),
    ),
    Term(
        INJURY,
        "other",
        (
            r"injur(?:y|ies|ed)",
            r"marks?",
            r"red\s+marks?",
            r"welts?",
            r"lumps?",
            r"haematomas?",
            r"hematomas?",
            r"non-?\s?accidental(?:\s+injur(?:y|ies))?",
        ),
    ),
    Term(INJURY, "other", (r"swelling", r"swollen"), medical_sign=True),
    Term(INJURY, "other", (r"NAI",), case_sensitive=True),
    Term(INJURY, "other", (r"pulled\s+elbows?",), sites=("arm",)),
    Term(
        INJURY,
        "other",
        (r"torn\s+frenulum", r"frenulum\s+(?:tear|torn|injury)", r"torn\s+frenum"),
        sites=("frenulum",),
    ),
    # ---- explanations (the account given for an injury) ------------------------------------
    Term(
        EXPLANATION,
        "none",
        needs_injury=True,
        patterns=(
            r"no\s+(?:clear\s+|plausible\s+|obvious\s+|adequate\s+|reasonable\s+|known\s+)?"
            r"(?:explanation|account|mechanism)(?:\s+(?:was\s+)?(?:given|offered|provided))?",
            r"unexplained",
            r"unwitnessed",
            r"(?:would|could|did|will)(?:\s+not|n't)\s+say\s+how",
            r"no\s+history\s+of\s+\w+\s+(?:or|and)\s+(?:trauma|injury|a\s+fall|falls?|accidents?)",
            r"no\s+history\s+(?:was\s+)?(?:given|offered|provided)",
            r"(?:was|were|is|are)\s+unable\s+to\s+explain",
            r"unable\s+to\s+(?:explain|account\s+for|say\s+how)",
            r"(?:could|can)\s*(?:not|n't)\s+(?:explain|account\s+for|say\s+how)",
            r"cannot\s+(?:explain|account\s+for|say\s+how)",
            r"(?:do|does|did)\s*(?:not|n't)\s+know\s+how",
            r"(?:not\s+|un)sure\s+how",
            r"not\s+known\s+how",
            r"(?:not|un)aware\s+of\s+(?:how|any\s+(?:accident|fall|incident|trauma))",
            r"mechanism\s+(?:of\s+injury\s+)?(?:is\s+|was\s+)?(?:unclear|unknown|not\s+known)",
            r"no\s+idea\s+how",
            r"no\s+history\s+of\s+(?:any\s+)?(?:trauma|injury|a\s+fall|falls?|accidents?"
            r"|an\s+accident|a\s+bump|bumps)",
            r"explanation\s*:\s*none",
            r"(?:did|does|could|would)(?:\s+not|n't)\s+(?:give|offer|provide)\s+(?:an?\s+|any\s+)?"
            r"(?:explanation|account)",
            r"without\s+(?:an?\s+)?explanation",
        ),
    ),
    Term(
        EXPLANATION,
        "inconsistent",
        needs_injury=True,
        patterns=(
            r"(?:not|\w+n't)\s+(?:fully\s+|entirely\s+)?(?:consistent|in\s+keeping|compatible)\s+with",
            r"inconsistent\s+with",
            r"(?:does|did|do)\s*(?:not|n't)\s+(?:fit|match|account\s+for|explain)",
            r"implausible",
            r"unlikely\s+to\s+(?:have\s+been\s+caused|cause|be\s+accidental|explain)",
            r"explanation\s+(?:was\s+)?not\s+(?:accepted|plausible|credible)",
            r"not\s+a\s+(?:plausible|credible)\s+(?:explanation|account)",
            r"developmentally\s+(?:inappropriate|implausible|unlikely)",
            r"would\s+not\s+(?:explain|cause)",
            r"(?:explanation|account)s?\s+(?:was\s+|were\s+)?(?:rejected|doubted|disbelieved"
            r"|not\s+believed)",
            r"not\s+(?:felt|thought|considered|judged|found)\s+(?:to\s+be\s+)?(?:plausible|credible"
            r"|likely)",
            r"inconsistent\s+(?:explanation|account|history)",
            r"explanation\s+(?:is\s+|was\s+)?inconsistent",
        ),
    ),
    Term(
        EXPLANATION,
        "consistent",
        needs_injury=True,
        patterns=(
            r"(?:consistent|in\s+keeping|compatible)\s+with",
            r"(?:plausible|reasonable|appropriate|satisfactory|credible|clear)\s+"
            r"(?:explanation|account)",
            r"explanation\s+(?:was\s+|is\s+)?(?:plausible|accepted|reasonable|appropriate"
            r"|satisfactory|credible)",
            r"(?<!non-)(?<!non\s)(?<!non)accidental(?:ly)?",
            r"fits\s+with\s+(?:the\s+)?(?:explanation|account|history|mechanism)",
            r"(?:mechanism|explanation|account|history)\s+(?:is\s+|was\s+)?(?:consistent|plausible"
            r"|fits|matches)",
        ),
    ),
    Term(
        EXPLANATION,
        "changing",
        (
            r"chang(?:ed|es|ing)\s+(?:(?:her|his|their|the)\s+)?(?:account|explanation|story"
            r"|version)s?",
            r"(?:account|explanation|story|version)s?\s+(?:has\s+|have\s+|had\s+)?(?:changed"
            r"|varied|differed|differ|conflict(?:ed)?)",
            r"(?:different|differing|conflicting|varying|contradictory|several|two|changing)\s+"
            r"(?:accounts?|explanations?|versions?|stories)",
            r"(?:another|second|new|a\s+different)\s+(?:account|explanation|version)",
            r"inconsistent\s+(?:accounts|explanations|versions|stories)",
        ),
    ),
    Term(
        EXPLANATION,
        "changing",
        needs_injury=True,
        patterns=(
            r"(?:later|then|subsequently|now)\s+(?:(?:she|he|they|mother|mum|father|dad|the\s+\w+)\s+)?"
            r"(?:said|says|stated|states|told|tells|reported"
            r"|reports|claimed|claims|explained|disclosed|alleged|gave|suggested|suggests)",
            r"(?:initially|originally|at\s+first|first)\s+(?:said|stated|told|reported|claimed"
            r"|explained|suggested)",
        ),
    ),
    # ---- a new or unknown adult in the household -------------------------------------------
    Term(
        NEW_ADULT,
        "new",
        (
            r"new\s+(?:partner|boyfriend|girlfriend|relationships?|husband|wife|male\s+partner"
            r"|man|male|adult|lodger|partner's)",
            r"(?:boyfriend|partner|girlfriend|man|male|he|stepfather|step-?dad)\s+(?:has\s+|had\s+"
            r"|have\s+|is\s+|was\s+|recently\s+|now\s+)*(?:moved|moving)\s+in(?:to)?",
            r"(?:man|male|boyfriend|partner)\s+(?:called\s+\w+\s+)?(?:who\s+)?(?:often\s+"
            r"|sometimes\s+|regularly\s+|has\s+been\s+|is\s+|was\s+)?(?:stays|sleeps|staying"
            r"|sleeping)\s+over",
            r"new\s+friend",
            r"(?:friend|man|male|boyfriend)\s+(?:who\s+)?(?:lives|is\s+living|has\s+been\s+living)"
            r"\s+with\s+(?:them|us|her|the\s+family|mum|mother)",
            r"moved\s+(?:her\s+|his\s+)?(?:boyfriend|partner|girlfriend)\s+in",
            r"(?:has\s+|had\s+|have\s+)?moved\s+in\s+with\s+(?:the\s+family|her|mother|mum|them"
            r"|the\s+mother)",
            r"(?:started|starting|begun|began|in)\s+a\s+(?:new\s+)?relationship",
            r"(?:a\s+)?lodger",
            r"(?:boyfriend|partner)\s+(?:is\s+|was\s+|has\s+been\s+)?(?:staying|living)"
            r"\s+(?:at|with|there)",
        ),
    ),
    Term(
        NEW_ADULT,
        "unknown",
        (
            r"unknown\s+(?:adult\s+)?(?:male|man|adult|female|woman|person|visitor|individual)s?",
            r"unidentified\s+(?:adult\s+)?(?:male|man|adult|female|woman|person)s?",
            r"unnamed\s+(?:male|man|adult|partner|boyfriend)",
            r"(?:a\s+)?(?:man|male)\s+(?:was\s+)?(?:present|seen|heard|in\s+the\s+(?:home"
            r"|property|flat|house)|at\s+the\s+(?:home|property|flat|house)|answered)",
            r"male\s+voice",
            r"(?:man|male|adult|person|people)\s+(?:she|he|they|the\s+child|mum|mother)\s+"
            r"(?:does|did|do)(?:\s+not|n't)\s+know",
            r"(?:a\s+)?(?:man|male)\s+coming\s+and\s+going",
            r"(?:a\s+)?(?:man|male)\s+(?:has\s+been\s+|had\s+been\s+|was\s+|is\s+)?seen\s+"
            r"(?:leaving|entering|arriving|going\s+into|coming\s+out)",
            r"(?<!new\s)(?:a\s+)?(?:man|male)\s+(?:is\s+|was\s+|has\s+been\s+)?(?:staying|living)"
            r"\s+(?:at|with|there)",
            r"man's\s+voice",
            r"(?:refused|declined|would\s+not|wouldn't)\s+(?:to\s+)?(?:give|provide|share)\s+"
            r"(?:his|her|their)\s+(?:name|details)",
            r"(?:men|males)\s+(?:coming\s+and\s+going|visiting|staying)",
        ),
    ),
    # ---- domestic abuse ---------------------------------------------------------------------
    Term(
        DOMESTIC_ABUSE,
        "domestic_abuse",
        (
            r"domestic\s+(?:abuse|violence|incident|incidents|assault|disturbance|argument"
            r"|dispute|related)s?",
            r"domestics?(?!\s+(?:chores|cleaning|work|duties|appliances))",
            r"coercive(?:\s+and\s+controlling)?(?:\s+(?:control|behaviour))?",
            r"controlling\s+(?:behaviour|relationship)",
            r"(?:non-?\s?fatal\s+)?strangulation",
            r"strangled",
            r"(?:grabbed|held)\s+(?:her|him|mother|mum)\s+(?:by\s+the\s+)?(?:throat|neck)",
            r"(?:hit|punched|slapped|kicked|pushed|assaulted|strangled|headbutted|threatened"
            r"|attacked|beat|beaten|hitting|punching|slapping|assaulting|threatening)\s+(?:the\s+)?"
            r"(?:mother|mum|wife|girlfriend|partner|her\s+partner|his\s+partner|father|dad"
            r"|husband|boyfriend|mummy|daddy)",
            r"threatened\s+to\s+kill\s+(?:her|him|mother|mum|partner)",
            r"(?:was|is|been|became|being|were)\s+(?:physically\s+)?violent\s+(?:towards|to|with)\s+"
            r"(?:her|him|mother|mum|mummy|partner|father|dad|each\s+other)",
            r"(?:common|actual\s+bodily\s+harm|abh|gbh)\s+assault\s+on\s+(?:mother|partner)",
            r"non-?\s?molestation\s+order",
            r"(?:DVPN|DVPO)s?",
            r"Clare'?s\s+Law",
            r"intimate\s+partner\s+(?:violence|abuse)",
            r"(?:partner|relationship)\s+(?:abuse|violence)",
            r"violent\s+relationship",
            r"violence\s+(?:in|at)\s+the\s+(?:home|household|relationship)",
            r"fleeing\s+(?:domestic\s+)?(?:abuse|violence)",
            r"(?:assault(?:ed)?|attacked|hit|beaten|kicked|punched|slapped|pushed|strangled|bitten"
            r"|threatened|raped|choked)\s+(?:\w+\s+){0,4}?by\s+(?:her|his|the|mother's)?\s*"
            r"(?:ex|partner"
            r"|husband|boyfriend|ex-?\s?partner|ex-?\s?boyfriend|wife|girlfriend)",
            r"assault\s+on\s+(?:the\s+)?(?:mother|mum|partner|wife|girlfriend|her\s+partner)",
            r"abusive\s+(?:relationship|partner|ex-?\s?partner|husband|boyfriend|marriage)",
            r"(?:relationship|partner|ex-?\s?partner|husband|boyfriend)\s+(?:was|is|had\s+been"
            r"|has\s+been)\s+(?:abusive|violent)",
            r"violent\s+(?:partner|ex-?\s?partner|husband|boyfriend)",
            r"(?:arguments?|rows?|fights?|fighting|altercations?)\s+between\s+(?:the\s+)?"
            r"(?:parents|couple|mother\s+and\s+(?:the\s+)?(?:father|partner|her\s+partner)"
            r"|mum\s+and\s+(?:dad|her\s+partner))",
            r"(?:women's\s+)?refuge",
            r"restraining\s+orders?",
            r"(?:arrested|charged|convicted|cautioned|remanded)\s+(?:for|with)\s+(?:assaulting"
            r"|attacking|hitting|strangling|threatening|harassing|stalking)\s+(?:her|mother|mum"
            r"|the\s+mother|his\s+partner|his\s+wife|his\s+girlfriend)",
            r"(?:emotional|financial|economic|psychological|physical|verbal|sexual)\s+(?:and\s+\w+"
            r"\s+)?abuse\s+(?:by|from)\s+(?:her|his|the)\s+(?:partner|husband|wife|boyfriend"
            r"|girlfriend|ex-?\s?partner|ex)",
            r"locked\s+(?:her|mummy|mum|mother)\s+(?:in|out)",
            r"violence(?!\s+(?:at|in)\s+school)",
            r"(?:kicked|smashed|broke|punched|punching|kicking|smashing)\s+(?:the\s+|a\s+)?(?:door"
            r"|doors|window|windows|walls?|tv|television)(?:\s+(?:in|down))?",
            r"(?:partner|boyfriend|husband|ex-?\s?partner|ex|girlfriend|wife)\s+(?:had\s+|has\s+)?"
            r"(?:hit|punched|kicked|slapped|pushed|broke|strangled|assaulted|attacked|beat|threw"
            r"|grabbed|choked|bit|headbutted)\s+(?:\w+\s+){0,3}?(?:her|mother|mum|mummy)"
            r"(?!\s+(?:son|daughter|child|baby|brother|sister|children))",
            r"violence\s+between\s+(?:them|the\s+couple|the\s+parents|mother\s+and|mum\s+and)",
            r"violen(?:ce|t)\s+(?:towards|to|against)\s+(?:his|her)\s+(?:\w+\s+)?(?:partners?|wife"
            r"|girlfriends?|ex-?\s?partners?)",
            r"(?:calls|calling|called)\s+her\s+names",
            r"(?:stops|stopping|stopped|prevents|preventing)\s+her\s+(?:from\s+)?(?:seeing|going"
            r"|contacting|working|leaving)",
            r"(?:controls|controlling|controlled|takes|took)\s+(?:all\s+)?(?:her|the)\s+(?:money"
            r"|finances|bank\s+card|phone)",
            r"checks\s+her\s+phone",
            r"isolat(?:es|ed|ing)\s+her",
            r"(?:shouts|shouting|shouted|screams|screaming|swears|swearing)\s+at\s+(?:mummy|mum"
            r"|mother)",
            r"perpetrators?(?:\s+programme)?",
            r"(?:hurting|hurt|hitting|hits|hit|punched|kicked|slapped|strangled)\s+(?:mummy|mum|mother)",
        ),
    ),
    Term(
        DOMESTIC_ABUSE,
        "domestic_abuse",
        (r"DA", r"DV", r"MARAC", r"DASH", r"IDVA", r"DVDS"),
        case_sensitive=True,
    ),
    # ---- parental substance misuse ----------------------------------------------------------
    Term(
        SUBSTANCE_MISUSE,
        "alcohol",
        (
            r"alcohol(?!\s+(?:gel|wipes?|free|-free))",
            r"alcoholic",
            r"alcoholism",
            r"drunk(?!\s+(?:\d|his|her|the|all|well|milk|water|feeds?|from))",
            r"(?:intoxicated|inebriated|hungover)",
            r"under\s+the\s+influence\s+of\s+(?:drink|alcohol)",
            r"(?:smelt|smelled|smelling|smell)\s+(?:strongly\s+)?of\s+(?:alcohol|drink|beer|lager)",
            r"(?:heavy|binge|excessive|problem|problematic|daily|harmful|dependent)\s+drinking",
            r"(?:been|was|were|is|are|started|start|resumed|continues|continued|keeps)\s+"
            r"drinking(?!\s+(?:milk|water|well|from|formula|juice|feeds?))",
            r"drinking\s+(?:alcohol|heavily|excessively|daily|every\s+day|again|wine|beer|lager"
            r"|cider|spirits|vodka|cans)",
            r"drinks?\s+(?:heavily|excessively|daily|alcohol|every\s+day|to\s+excess|a\s+lot)",
            r"(?:(?<=denies\s)|(?<=denied\s)|(?<='s\s)|(?<=his\s)|(?<=her\s)|(?<=any\s)|(?<=not\s)"
            r"|(?<=stopped\s))drinking"
            r"(?!\s+(?:milk|water|well|from|formula|juice|feeds?))",
            r"cans\s+of\s+(?:lager|beer|cider)",
            r"(?:drinks|drinking|drank|drunk)\s+(?:a|one|two|three|four|\d+)\s+(?:bottles?|cans"
            r"|litres?|pints)",
            r"bottles?\s+of\s+(?:wine|vodka|spirits|cider)",
            r"alcohol[-\s]dependen(?:t|ce|cy)",
            r"alcohol\s+detox",
            r"(?:hidden|hides|hiding|stashed)\s+(?:\w+\s+)?bottles|bottles?\s+(?:hidden|stashed)",
            r"binge(?:s|ing)?(?:\s+drinking)?",
            r"(?:weekend|drinking)\s+binges?",
            r"drink[-\s]driv(?:e|ing)",
            r"drunk[-\s]driv(?:e|ing)",
            r"(?:(?<=he\s)|(?<=she\s)|(?<=they\s))drinks?(?!\s+(?:milk|water|juice|tea|coffee))",
            r"empty\s+(?:bottles|cans)",
            r"(?:vodka|lager|cider)",
            r"(?:(?<=had\s)|(?<=having\s)|(?<=have\s))(?:a\s+)?drinks?",
            r"drinks?\s+(?:wine|beer|lager|cider|vodka|gin|whisky|spirits)",
        ),
    ),
    Term(
        SUBSTANCE_MISUSE,
        "drugs",
        (
            r"drugs?(?=\s+(?:or|and|&|/)\s*alcohol\s+(?:use|misuse|abuse))",
            r"(?:illicit\s+|illegal\s+|recreational\s+|class\s+a\s+)?drugs?\s+(?:use|misuse|abuse"
            r"|using|taking|dealing|paraphernalia|dependency|addiction|habit|debt)",
            r"(?:using|taking|uses|takes|smoking|smokes|smoked|used|took)\s+(?:illicit\s+)?"
            r"(?:drugs|cannabis|heroin|cocaine|crack|spice|ketamine)",
            r"illicit\s+(?:drugs|substances)",
            r"drugs?\s+(?:issues?|problems?|concerns?|history)",
            r"drugs(?=\s*(?:,|or|and|/)\s*(?:alcohol|drink))",
            r"drugs?\s+(?:service|team|worker|treatment|clinic)",
            r"(?:supplying|supply|selling|sells|possession\s+of)\s+(?:class\s+[abc]\s+)?drugs",
            r"drugs\s+(?:found|seized|in\s+the\s+(?:home|property|flat|house))",
            r"under\s+the\s+influence\s+of\s+(?:drugs|cannabis)",
            r"class\s+a",
            r"cannabis",
            r"weed",
            r"heroin",
            r"cocaine",
            r"crack(?:\s+cocaine)?(?!\s+in)",
            r"spice",
            r"ketamine",
            r"amphetamines?",
            r"mdma",
            r"ecstasy",
            r"opiates?",
            r"opioids?(?!\s+analgesi)",
            r"methadone",
            r"buprenorphine",
            r"subutex",
            r"needles?\s+(?:found|in\s+the\s+home|in\s+the\s+property)",
            r"paraphernalia",
            r"drug\s+(?:dealer|dealing|user|den)",
            r"deal(?:s|ing)?\s+drugs",
            r"(?:smelt|smelled|smell|strong\s+smell)\s+of\s+(?:cannabis|weed|skunk)",
        ),
    ),
    Term(
        SUBSTANCE_MISUSE,
        "unspecified",
        (
            r"substance\s+(?:misuse|use|abuse|dependency|addiction)",
            r"under\s+the\s+influence(?!\s+of\s+(?:alcohol|drink|drugs|cannabis))",
            r"addict(?:ion|ed)?",
            r"detox",
            r"(?:using|uses|used|misusing|misuses)\s+(?:illicit\s+)?substances",
            r"misus(?:e|es|ing)\s+(?:her|his|their)?\s*(?:prescribed\s+)?medication",
            r"misus(?:e|es|ing)\s+substances",
        ),
    ),
    # ---- parental mental ill-health -----------------------------------------------------------
    Term(
        MENTAL_HEALTH,
        "mental_health",
        (
            r"mental\s+(?:ill-?\s?health|illness|health)",
            r"(?:post-?\s?natal|perinatal|antenatal|postpartum)\s+(?:depression|mental\s+health"
            r"|psychosis|anxiety)",
            r"depress(?:ion|ed|ive)",
            r"low\s+(?:in\s+)?mood",
            r"anxiety",
            r"panic\s+attacks?",
            r"psychos(?:is|es)",
            r"psychotic",
            r"schizo\w*",
            r"bi-?polar",
            r"(?:emotionally\s+unstable\s+)?personality\s+disorder",
            r"suicid(?:e|al)(?:\s+(?:ideation|thoughts|attempt))?",
            r"self[-\s]?harm(?:ing|ed|s)?",
            r"overdosed?",
            r"sectioned",
            r"mental\s+health\s+act",
            r"(?:crisis|home\s+treatment)\s+team",
            r"hearing\s+voices",
            r"paranoi(?:a|d)",
            r"ptsd",
            r"post-?\s?traumatic\s+stress",
            r"eating\s+disorder",
            r"ocd",
            r"anti-?\s?depressants?",
            r"sertraline",
            r"fluoxetine",
            r"citalopram",
            r"mirtazapine",
            r"olanzapine",
            r"quetiapine",
            r"psychiatric",
            r"psychiatrist",
            r"struggling\s+to\s+cope",
            r"(?:wants?|wanted|wanting)\s+to\s+die",
            r"better\s+off\s+without\s+(?:her|him|me|them)",
            r"anorexia",
            r"bulimia",
            r"(?:cannot|can't|unable\s+to|not\s+able\s+to|struggling\s+to|does\s+not|doesn't)\s+"
            r"bond(?:ing)?\s+with",
            r"thoughts\s+of\s+(?:harming|hurting|killing)\s+(?:her|him|them)sel(?:f|ves)",
            r"(?:harm|harming|hurt|hurting)\s+(?:her|him|them)sel(?:f|ves)",
            r"kill\s+(?:her|him|them)sel(?:f|ves)",
            r"(?:end|ending)\s+(?:her|his|their)\s+(?:own\s+)?life",
            r"not\s+coping",
        ),
    ),
    Term(
        MENTAL_HEALTH,
        "mental_health",
        (r"PND", r"CMHT", r"EUPD", r"BPD", r"MH", r"IAPT"),
        case_sensitive=True,
    ),
    # ---- the child not brought, not seen, no access -----------------------------------------
    Term(
        CHILD_NOT_SEEN,
        "not_brought",
        (
            r"(?:(?:was|were|has\s+been|have\s+been)\s+)?not\s+brought",
            r"(?:did\s*not|didn't|failed\s+to|failing\s+to|fail\s+to)\s+(?:attend|bring)",
            r"non-?\s?attendance",
            r"(?:missed|missing)\s+(?:\w+\s+){0,3}?(?:appointments?|immunisations?|vaccinations?"
            r"|reviews?|checks?|clinics?|assessments?)",
            r"(?:appointments?|immunisations?|reviews?|checks?)\s+(?:was\s+|were\s+)?(?:missed"
            r"|not\s+attended)",
            r"not\s+taken\s+to",
            r"no[-\s]show",
        ),
    ),
    Term(
        CHILD_NOT_SEEN,
        "not_brought",
        (r"DNA(?!\s+test)'?d?s?", r"WNB", r"DNAs"),
        case_sensitive=True,
    ),
    Term(
        CHILD_NOT_SEEN,
        "no_access",
        (
            r"no\s+access",
            r"no\s+(?:reply|answer)",
            r"no\s+response\s+at\s+the\s+(?:door|address|property)",
            r"(?:nobody|no-?\s?one|no\s+one)\s+(?:answered|came\s+to\s+the\s+door|home|in)",
            r"(?:unable|could\s*not|couldn't|did\s+not|failed)\s+to\s+gain\s+(?:access|entry)",
            r"(?:refused|denied|declined)\s+(?:access|entry)",
            r"(?:access|entry)\s+(?:was\s+)?(?:refused|denied)",
            r"(?:calling\s+)?card\s+(?:was\s+)?left",
            r"not\s+at\s+home",
            r"(?:house|home|property|flat)\s+(?:was\s+|appeared\s+|seemed\s+)?empty",
            r"(?:nobody|no-?\s?one|no\s+one)\s+(?:was\s+)?(?:home|in|at\s+home|there)",
            r"(?:not|no)\s+(?:responding|response)\s+to\s+(?:calls|letters|home\s+visits|visits"
            r"|the\s+door|phone\s+calls)",
            r"(?:not|no\s+one|nobody|did\s+not|didn't)\s+(?:answering|answered|answer|opening"
            r"|opened|open|coming\s+to)\s+the\s+door",
        ),
    ),
    Term(
        CHILD_NOT_SEEN,
        "not_seen_alone",
        (
            r"(?:(?:child|children|baby|young\s+person|he|she|they)\s+(?:was\s+|were\s+)?)?"
            r"not\s+(?:been\s+)?(?:seen|spoken\s+to)\s+(?:on\s+(?:his|her|their)\s+own|alone)",
            r"(?:unable|not\s+able|could\s*not|couldn't|did\s+not|didn't)\s+(?:to\s+)?(?:see"
            r"|speak\s+to|talk\s+to)\s+(?:the\s+)?(?:child|children|him|her|them|baby|young"
            r"\s+person)\s+(?:alone|on\s+(?:his|her|their)\s+own)",
            r"(?:would\s+not|wouldn't|refused\s+to)\s+(?:allow|let)\s+(?:the\s+)?(?:child|him|her"
            r"|them)\s+(?:to\s+)?(?:be\s+)?(?:seen|spoken\s+to|speak)\s+(?:alone|on)",
        ),
    ),
    Term(
        CHILD_NOT_SEEN,
        "not_seen",
        (
            r"(?:child|children|baby|infant|toddler|young\s+person|he|she|they|siblings?)\s+"
            r"(?:(?:was|were|has|have|had)(?:n't|\s+not|\s+never)|not|never)\s+(?:been\s+)?"
            r"(?:seen|sighted)",
            r"not\s+(?:been\s+)?(?:seen|sighted)\s+(?:since|for)",
            r"(?:did\s*not|didn't|unable\s+to|could\s*not|couldn't|not\s+able\s+to|was\s+not"
            r"\s+able\s+to)\s+see\s+(?:the\s+)?(?:child|children|baby|infant|toddler|young"
            r"\s+person|siblings)(?!'s)",
            r"(?:did\s*not|didn't|unable\s+to|could\s*not|couldn't)\s+see\s+(?:him|her|them)"
            r"(?=\s*(?:[.,;:]|$|\s(?:as|because|today|on|at|during|when|and)\b))",
            r"(?:would\s+not|wouldn't|did\s+not|didn't|refused\s+to)\s+(?:let|allow)\s+(?:the\s+)?"
            r"(?:sw|social\s+worker|hv|health\s+visitor|worker|officers?|police|nurse|us|staff)\s+"
            r"(?:to\s+)?(?:see|into)\s+(?:the\s+)?(?:baby|child|children|him|her|them)(?!'s)",
            r"(?:child|children|baby)\s+(?:was\s+|were\s+)?not\s+(?:present|available|home"
            r"|at\s+home)",
            r"(?:child|children|baby|infant|toddler|siblings?|twins|boys|girls)\s+(?:\w+\s+){0,4}?"
            r"(?:was|were)\s+not\s+(?:seen|sighted)",
        ),
    ),
    # ---- a baby (or a disabled child) not independently mobile ----------------------------
    Term(
        NOT_MOBILE,
        "not_mobile",
        (
            r"not\s+(?:yet\s+)?(?:independently\s+)?mobile(?:\s+yet)?",
            r"non-?\s?mobile",
            r"pre-?\s?mobile",
            r"immobile",
            r"not\s+(?:yet\s+)?(?:rolling|crawling)(?:\s+over)?(?:\s+yet)?",
            r"not\s+yet\s+(?:sitting|moving)(?:\s+(?:up|around|about))?",
            r"(?:cannot|can't|can\s+not|unable\s+to)\s+(?:yet\s+)?(?:roll|crawl)(?:\s+over)?",
        ),
    ),
)

# ---- signs of neglect as schools and health staff record them (since reader version 3;
# more ways of saying them since version 4) ------------------------------------------------
#: What a child may smell of that is not about the child's care (substance misuse, a fire).
_NOT_NEGLECT_SMELL = (
    r"(?!\s+of\s+(?:alcohol|drink|booze|beer|cannabis|weed|skunk|smoke|cigarettes)\b)"
)
NEGLECT_TERMS: tuple[Term, ...] = (
    Term(
        NEGLECT_SIGN,
        "hunger",
        (
            r"hungry",
            r"hunger",
            r"(?:no|without(?:\s+any)?)\s+breakfast",
            r"without\s+(?:any\s+)?food",
            r"(?:taking|takes|took|stealing|steals|stole|hoarding|hoards|scavenging\s+for"
            r"|ask(?:s|ed|ing)\s+(?:staff\s+|others\s+)?for|begging\s+for)\s+(?:extra\s+)?food",
            r"(?:no|little|very\s+little)\s+food\s+(?:seen\s+)?(?:at\s+home|in\s+the\s+"
            r"(?:house|home|flat|kitchen|fridge|cupboards?))",
            r"(?:fridge|cupboards?|kitchen)\s+(?:was\s+|were\s+)?(?:empty|bare)",
            # since version 4
            r"(?:ask(?:s|ed|ing)?|begg?(?:s|ed|ing)?|pester(?:s|ed|ing)?)\s+(?:the\s+)?(?:staff"
            r"|teachers?|adults?|neighbours?|friends|other\s+(?:children|pupils|parents)|peers)"
            r"\s+for\s+(?:food|snacks?|something\s+to\s+eat|their\s+(?:food|lunch|leftovers))",
            r"(?:eats?|eating|ate)\s+(?:\w+\s+)?(?:ravenously|voraciously|greedily)",
            r"ravenous(?:ly)?",
            r"famished",
            r"starving",
            r"(?:wolf(?:s|ed|ing)?|gobbl(?:es|ed|ing)|cram(?:s|med|ming))\s+(?:down\s+)?"
            r"(?:his|her|their|the)\s+(?:food|lunch|dinner|meal|breakfast)",
            r"food\s+(?:insecurity|insecure|poverty)",
            r"underweight",
            r"failure\s+to\s+thrive",
            r"(?:has|had|have)\s*(?:not|n't)\s+(?:eaten|been\s+fed|had\s+(?:anything|a\s+meal"
            r"|any\s+food))(?=\s+(?:since|for|all\s+day|today|yesterday))",
            r"(?:has|had|have)\s*(?:not|n't)\s+(?:eaten|been\s+fed)\s+(?:anything|properly)",
            r"nothing\s+(?:to\s+eat|for\s+(?:tea|dinner|supper|lunch|breakfast))",
            r"(?:no|without(?:\s+any)?)\s+(?:tea|dinner|supper|evening\s+meal|lunch\s+money)"
            r"(?=\s+(?:last\s+night|again|at\s+home|yesterday|the\s+night\s+before|for\s+days))",
            r"(?:skip(?:s|ped|ping)|miss(?:es|ed|ing)|go(?:es)?\s+without|went\s+without"
            r"|going\s+without)\s+meals",
            r"no\s+food\s+(?:apart\s+from|except|other\s+than|available)",
            r"(?:not\s+enough|insufficient|inadequate)\s+food",
            r"(?:difficult(?:y|ies)|struggl(?:e|es|ing))\s+(?:affording|to\s+afford|buying"
            r"|to\s+buy|paying\s+for)\s+food",
            r"(?:eating|taking|searching)\s+(?:food\s+)?(?:from|through|in)\s+(?:the\s+)?bins?",
        ),
    ),
    Term(
        NEGLECT_SIGN,
        "hygiene",
        (
            r"unkempt",
            r"dishevelled",
            r"grubby",
            r"unwashed",
            r"poor\s+(?:personal\s+|home\s+)?hygiene",
            r"(?:dirty|soiled|stained|smelly)\s+(?:school\s+|pe\s+)?(?:uniform|clothes|clothing"
            r"|nappy|nappies|bedding|kit)",
            r"(?:heavily|very)\s+soiled",
            r"(?:clothes|clothing|uniform)\s+(?:was\s+|were\s+)?(?:again\s+)?(?:dirty|soiled"
            r"|unwashed|stained)",
            r"(?:clothes|uniform|hair)\s+(?:unwashed|soiled|matted)",
            r"(?:he|she|they|child)\s+smel(?:l|ls|led|t)\b" + _NOT_NEGLECT_SMELL,
            r"smel(?:l|ls|led|t|ling)\s+(?:very\s+|quite\s+)?(?:strongly\s+)?of\s+(?:\w+\s+and\s+)?"
            r"(?:stale\s+)?(?:urine|faeces|sweat|body\s+odour|wee|poo)",
            r"(?:strong\s+)?smell\s+of\s+(?:stale\s+)?(?:urine|faeces)",
            r"body\s+odour",
            # since version 4
            r"smel(?:ls|led|t)\s+(?:very\s+|really\s+)?(?:strongly|badly|unpleasant(?:ly)?"
            r"|offensive(?:ly)?|bad|awful)" + _NOT_NEGLECT_SMELL,
            r"(?:stank|stinks|stinking|reek(?:s|ed|ing)?)" + _NOT_NEGLECT_SMELL,
            r"(?:strong|unpleasant|offensive)\s+(?:body\s+)?odou?r" + _NOT_NEGLECT_SMELL,
            r"(?:ammonia|urine|faecal)\s+(?:smell|odou?r)",
            r"(?:being|is|was|were|are|always|often|very)\s+smelly",
            r"matted\s+(?:and\s+\w+\s+)?hair",
            r"hair\s+(?:(?:is|was|were)\s+)?(?:matted|unbrushed|greasy|lank|crawling)",
            r"hair\s+(?:has|had)\s*(?:not|n't)\s+been\s+(?:brushed|washed|combed)",
            r"(?:ingrained|engrained|caked(?:-on)?)\s+(?:dirt|grime|muck)",
            r"(?:dirt|grime)\s+(?:ingrained|engrained|caked)",
            r"(?:dirty|grimy|filthy|black)\s+(?:finger\s?nails|nails|feet|face|skin|neck)",
            r"filthy",
            r"(?:same|the\s+same)\s+(?:clothes|clothing|uniform|outfit|t-?shirt|jumper|school"
            r"\s+shirt)\s+(?:\w+\s+){0,3}?(?:all\s+week|for\s+(?:days|a\s+week|several\s+days"
            r"|\w+\s+days)|every\s+day|each\s+day|day\s+after\s+day)",
            r"(?:tights|socks|trousers|jumper|coat|shirt|vest)\s+(?:are|is|were|was)\s+"
            r"(?:\w+\s+and\s+)?(?:dirty|filthy|grubby|stained|soiled)",
            r"nappy\s+(?:has|had)\s*(?:not|n't)\s+been\s+changed",
            r"(?:unchanged|sodden|saturated|overflowing)\s+nappy",
        ),
    ),
    Term(
        NEGLECT_SIGN,
        "clothing",
        (
            r"no\s+coats?",
            r"without\s+(?:a\s+)?coats?",
            r"(?:inappropriately|inadequately|unsuitably|poorly)\s+dressed",
            r"(?:inappropriate|inadequate|unsuitable)\s+(?:clothing|clothes|footwear)",
            r"(?:shoes|trainers|clothes|clothing|uniform)\s+(?:that\s+are\s+|are\s+|is\s+|were\s+"
            r"|was\s+)?"
            r"(?:too\s+small|with\s+holes|worn\s+through|falling\s+apart)",
            r"thin\s+vest\s+in\s+(?:the\s+)?cold",
            # since version 4
            r"(?:no|without(?:\s+any)?)\s+(?:socks|shoes|hat|gloves|jumper|warm\s+clothes"
            r"|winter\s+coat|school\s+shoes)",
            r"(?:summer|light|thin)\s+(?:clothes|clothing|dress|t-?shirt|shorts|jacket|sandals"
            r"|top)\s+in\s+(?:the\s+)?(?:winter|snow|cold|rain|frost|freezing)",
            r"(?:not|isn't|wasn't|aren't|weren't)\s+(?:suitable|appropriate|warm\s+enough)\s+for"
            r"\s+the\s+(?:weather|cold|conditions|season)",
            r"(?:shoes|trainers|boots)\s+(?:that\s+)?(?:let\s+in\s+(?:the\s+)?(?:water|rain)"
            r"|leak(?:ing|s)?|have\s+holes|split|have\s+no\s+soles?)",
            r"holes\s+in\s+(?:both\s+|the\s+|his\s+|her\s+)?(?:elbows|knees|shoes|soles|jumper"
            r"|trousers|coat|sleeves)",
            r"(?:clothes|clothing|uniform|shoes|trainers|coat)\s+(?:(?:are|is|were|was)\s+)?"
            r"(?:outgrown|ill-?fitting|threadbare|ragged)",
            r"(?:ill-?fitting|threadbare|ragged|outgrown)\s+(?:clothes|clothing|shoes|uniform"
            r"|trainers|coat)",
        ),
    ),
    Term(
        NEGLECT_SIGN,
        "head_lice",
        (
            r"head\s*-?\s*lice",
            r"lice",
            r"nits",
            r"scalp\s+infestation",
            # since version 4
            r"louse",
            r"pediculosis",
            r"(?:live\s+)?(?:eggs|nits)\s+(?:visible\s+)?in\s+(?:the\s+|his\s+|her\s+)?hair",
        ),
    ),
    Term(
        NEGLECT_SIGN,
        "dental_decay",
        (
            r"(?:dental|tooth|teeth)\s+decay",
            r"(?:teeth|tooth)\s+(?:(?:are|is|were|was)\s+)?(?:visibly\s+|badly\s+)?(?:decayed"
            r"|rotten|rotting)",
            r"(?:decayed|rotten|rotting|carious|blackened)\s+(?:front\s+)?(?:teeth|tooth|molars?"
            r"|incisors?)",
            r"(?:dental\s+)?caries",
            r"untreated\s+(?:dental|tooth)",
            r"decay",
            # since version 4
            r"cavit(?:y|ies)",
            r"tooth\s?-?ache",
            r"dental\s+(?:abscess|pain|infection)",
            r"(?:black|brown|broken|crumbling)\s+(?:front\s+|back\s+|baby\s+)?(?:teeth|tooth"
            r"|molars?|incisors?)",
            r"(?:teeth|tooth|molars?)\s+(?:(?:are|is|were|was)\s+)?(?:broken\s+down|crumbling"
            r"|blackened|black|brown|rotted)",
            r"(?:tooth|teeth)\s+stumps",
            r"(?:teeth|tooth|molars?)\s+(?:\w+\s+)?(?:extracted|removed)\s+under\s+(?:a\s+)?"
            r"(?:ga|general\s+ana?esthetic)",
            r"(?:dental\s+)?extractions?\s+under\s+(?:a\s+)?(?:ga|general\s+ana?esthetic)",
        ),
    ),
)
TERMS = TERMS + NEGLECT_TERMS

#: Medical causes that make a swelling in the same sentence no injury: an allergic reaction,
#: a sting, an infection (checked only for terms marked `medical_sign`).
MEDICAL_CAUSES = (
    r"allerg\w*",
    r"anaphyla\w*",
    r"urticari\w*",
    r"hives",
    r"angio-?\s?o?edema",
    r"antihistamines?",
    r"(?:a\s+)?reactions?\s+to",
    r"stings?",
    r"eczema",
    r"dermatitis",
    r"cellulitis",
    r"infect\w*",
    r"abscess(?:es)?",
    r"tonsillitis",
    r"conjunctivitis",
    r"mumps",
    r"glands?",
    r"lymph\s+nodes?",
)

# --------------------------------------------------------------------------------------------
# Body sites (codes of the exchange format) and what else names them
# --------------------------------------------------------------------------------------------

SITE_WORDS: dict[str, tuple[str, ...]] = {
    "head": (
        r"head(?!\s+(?:teacher|of\s+year|lice|office|start))",
        r"skull",
        r"temples?",
        r"(?:back|side)\s+of\s+(?:the\s+|his\s+|her\s+)?head",
        r"occip\w*",
        r"parietal",
    ),
    "scalp": (r"scalp",),
    "face": (r"face", r"facial", r"nose", r"chin", r"nasal"),
    "forehead": (r"forehead", r"brow"),
    "eye": (r"eyes?(?!\s+(?:on|contact))", r"periorbital", r"orbital", r"eye\s+socket"),
    "eyelid": (r"eyelids?", r"eye\s+lids?"),
    "subconjunctiva": (
        r"subconjunctiva\w*",
        r"conjunctiva\w*",
        r"whites?\s+of\s+(?:the|his|her)\s+eyes?",
    ),
    "ear": (r"ears?", r"earlobes?", r"pinnae?", r"behind\s+the\s+ear"),
    "cheek": (r"cheeks?",),
    "jaw": (r"jaw(?:line)?", r"angle\s+of\s+(?:the\s+)?jaw", r"mandible"),
    "mouth": (r"mouth", r"lips?", r"gums?", r"tongue", r"palate", r"teeth", r"tooth"),
    "frenulum": (r"frenul\w*", r"frenum"),
    "neck": (r"neck", r"throat"),
    "torso": (r"torso", r"trunk", r"flank"),
    "chest": (r"chest", r"ribs?", r"clavicle", r"collar\s?bone", r"sternum", r"breast"),
    "abdomen": (r"abdomen", r"abdominal", r"tummy", r"stomach", r"belly"),
    "back": (
        r"(?:(?<=his\s)|(?<=her\s)|(?<=the\s))back(?!\s+(?:of|home|to|in|from|out|later|up))",
        r"(?:lower|upper|middle|small\s+of\s+the)\s+back",
        r"spine",
        r"shoulder\s+blades?",
    ),
    "buttocks": (r"buttocks?", r"bottom(?!\s+of)", r"bum", r"sacr\w+", r"gluteal"),
    "genitals": (
        r"genital\w*",
        r"groin",
        r"penis",
        r"vulva",
        r"labia",
        r"scrotum",
        r"perineum",
        r"anogenital",
    ),
    "arm": (
        r"arms?",
        r"forearms?",
        r"upper\s+arms?",
        r"elbows?",
        r"shoulders?",
        r"humerus",
        r"radius",
        r"ulna",
        r"biceps?",
    ),
    "wrist": (r"wrists?",),
    "hand": (
        r"(?<!other\s)hands?(?!\s+(?:over|in))",
        r"fingers?",
        r"thumbs?",
        r"palms?",
        r"knuckles?",
    ),
    "leg": (
        r"legs?",
        r"shins?",
        r"thighs?",
        r"knees?",
        r"calf",
        r"calves",
        r"femur",
        r"tibia",
        r"fibula",
        r"lower\s+legs?",
        r"kneecaps?",
    ),
    "ankle": (r"ankles?",),
    "foot": (r"foot", r"feet", r"toes?", r"heels?", r"soles?"),
}
assert set(SITE_WORDS) == set(BODY_SITES), "every body site of the format has words"

#: Words that make a bruise or mark "patterned" (TEN-4-FACESp's P).
PATTERNED = (
    r"patterned",
    r"pattern",
    r"finger\s?-?tip",
    r"fingermarks?",
    r"finger\s+marks?",
    r"grip",
    r"slap",
    r"hand\s?-?print",
    r"loop(?:ed)?",
    r"linear",
    r"tram-?\s?line",
    r"belt",
    r"buckle",
    r"imprint",
    r"outline\s+of",
    r"parallel",
    r"cord",
)

# --------------------------------------------------------------------------------------------
# People: who a fact is about (subject_role codes of the format, where they fit)
# --------------------------------------------------------------------------------------------

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "mother": (r"mother", r"mum", r"mom", r"mummy", r"birth\s+mother"),
    "father": (r"father", r"dad", r"daddy", r"birth\s+father"),
    "partner": (
        r"partner",
        r"boyfriend",
        r"girlfriend",
        r"step-?\s?father",
        r"step-?\s?dad",
        r"step-?\s?mother",
        r"husband",
        r"wife",
        r"ex-?\s?partner",
        r"ex-?\s?boyfriend",
    ),
    "carer": (r"parents?", r"carers?", r"foster\s+carers?", r"guardians?", r"both\s+parents"),
    "sibling": (
        r"brother",
        r"sister",
        r"siblings?",
        r"half-?\s?(?:brother|sister|siblings?)",
    ),
    "child": (
        r"child",
        r"baby",
        r"infant",
        r"toddler",
        r"young\s+person",
        r"pupil",
        r"son",
        r"daughter",
        r"the\s+boy",
        r"the\s+girl",
    ),
    "other_adult": (
        r"grand(?:mother|father|parents?|ma|pa|mum|dad)",
        r"maternal\s+grand\w+",
        r"paternal\s+grand\w+",
        r"uncle",
        r"aunt(?:ie|y)?",
        r"neighbours?",
        r"lodger",
        r"family\s+friend",
        r"cousin",
        r"unknown\s+(?:male|man|adult)",
        r"(?:male|man)",
    ),
}

# --------------------------------------------------------------------------------------------
# Modifiers: the ConText-style cues that change a fact's polarity, with their scope
# --------------------------------------------------------------------------------------------

NEGATED = "negated"
UNCERTAIN = "uncertain"
HISTORICAL = "historical"
PSEUDO = "pseudo"  # looks like a cue but is not one ("not only", "did not deny")

FORWARD = "forward"
BACKWARD = "backward"
BOTH = "both"

#: Kinds to which the clinical "history of" (which in a medical note often means "the account
#: given", as in "history of a fall") applies as the past tense: not injuries or explanations.
_CONDITIONS = frozenset(
    {DOMESTIC_ABUSE, SUBSTANCE_MISUSE, MENTAL_HEALTH, NEW_ADULT, CHILD_NOT_SEEN, NEGLECT_SIGN}
)


@dataclass(frozen=True)
class Cue:
    """Modifier phrases of one category and direction, with a scope window in words."""

    category: str
    direction: str
    patterns: tuple[str, ...]
    window: int = 8
    applies_to: frozenset[str] | None = None  # None: every kind
    bounded: bool = True  # matched on whole words; False for marks such as "?"


CUES: tuple[Cue, ...] = (
    # ---- pseudo-cues: phrases containing a cue word that do not change polarity ------------
    Cue(
        PSEUDO,
        FORWARD,
        (
            r"not\s+only",
            r"not\s+just",
            r"no\s+(?:increase|change|further)\s+in",
            r"(?:did|does|do)(?:\s+not|n't)\s+deny",
            r"not\s+denied",
            r"(?:did|does|do)(?:\s+not|n't)\s+dispute",
            r"no\s+doubt",
            r"no\s+longer\s+denies",
            r"without\s+(?:delay|doubt)",
            r"nothing\s+but",
            r"no\s+(?:more|less)\s+than",
            r"not\s+(?:been\s+)?able\s+to\s+stop",
            r"(?:can|could)(?:\s+not|n't)\s+stop",
        ),
    ),
    # ---- negation ---------------------------------------------------------------------------
    Cue(
        NEGATED,
        FORWARD,
        (
            r"no",
            r"without",
            r"never",
            r"neither",
            r"nor",
            r"no\s+(?:evidence|sign|signs|indication|indications|suggestion|report|reports"
            r"|mention|disclosure|disclosures|concerns?|worries|issues?)(?:\s+(?:of|about|regarding"
            r"|re|around|over|in\s+relation\s+to|relating\s+to|for|that|with))?",
            r"no\s+(?:known|new|current|recent|further|other|obvious|visible|apparent|reported"
            r"|noted|significant|ongoing)",
            r"no\s+(?:known\s+)?(?:history|hx)\s+of",
            r"no\s+previous",
            r"den(?:y|ies|ied|ying)(?:\s+(?:any|that|all|she|he|they|having|there|ever))*",
            r"refutes",
            r"free\s+(?:of|from)",
            r"negative\s+for",
            r"nothing\s+(?:to\s+suggest|suggest(?:s|ed|ing)|indicat(?:es|ed|ing)|of\s+concern)",
            r"no\s+reason\s+to\s+(?:suspect|believe|think)",
            r"absence\s+of",
            r"none\s+of",
            r"clear\s+of",
            r"abstains?\s+from",
        ),
        window=7,
    ),
    Cue(
        NEGATED,
        FORWARD,
        (
            r"not",
            r"(?:has|had|have)(?:\s+not|n't)(?:\s+(?:been|had|got))?",
            r"(?:is|was|are|were)(?:\s+not|n't)",
            r"(?:did|does|do)(?:\s+not|n't)\s+(?:have|show|see|find|note|observe|report|disclose"
            r"|describe|mention|display|appear\s+to\s+have|appear)",
            r"(?:did|does|do)(?:\s+not|n't)",
            r"can't|cannot",
        ),
        window=4,
    ),
    Cue(
        NEGATED,
        BACKWARD,
        (
            r"(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:denied|excluded|ruled\s+out)",
            r"(?:not|\w+n't)\s+(?:been\s+)?(?:seen|noted|observed|present|found|evident|visible"
            r"|apparent|detected|indicated|an\s+issue|a\s+concern|a\s+factor|suspected)",
            r"(?:is|was|were|are)\s+(?:negative|absent|unremarkable)",
            r"(?:none|nil)\s+(?:seen|noted|observed|found|evident|reported|present|disclosed)",
            r"none",
            r"nil",
            r"(?:(?:was|were|is|are)\s+)?normal(?=\s*(?:[.;,]|$))",
            r"resolved",
        ),
        window=5,
    ),
    Cue(
        NEGATED,
        BOTH,
        (
            r"(?:not|\w+n't)\s+(?:been\s+)?(?:disclosed|reported|mentioned|raised|identified)"
            r"(?:\s+any)?",
        ),
        window=5,
    ),
    # ---- uncertainty and hypothesis ----------------------------------------------------------
    Cue(
        UNCERTAIN,
        FORWARD,
        (
            r"(?:to|will|would)\s+(?:rule\s+out|exclude)",
            r"possibly",
            r"potential(?:ly)?",
            r"probably",
            r"query",
            r"suspects?",
            r"suspicion\s+of",
            r"suspicious\s+(?:of|for)",
            r"concerns?\s+(?:that|about\s+possible|about\s+a\s+possible|of\s+possible)",
            r"may(?:\s+have)?(?:\s+been)?",
            r"might(?:\s+have)?(?:\s+been)?",
            r"could\s+(?:have|be)(?:\s+been)?",
            r"looks?\s+like",
            r"(?:un)?clear\s+(?:whether|if)",
            r"unsure\s+(?:whether|if)",
            r"not\s+(?:sure|certain|known)\s+(?:whether|if)",
            r"(?:to\s+)?(?:check|assess|screen|monitor|review)\s+for",
            r"alleg(?:edly|ing|es)",
            r"allegations?(?:\s+(?:of|that))?",
            r"reportedly",
            r"rumou?rs?(?:\s+(?:of|that))?",
            r"anonymous(?:ly)?",
            r"if",
            r"in\s+case",
            r"(?:at\s+)?risk\s+of",
            r"worried\s+(?:that|about\s+possible)",
            r"consider",
            r"whether",
            r"cannot\s+(?:be\s+)?(?:confirmed|verified)",
        ),
        window=6,
    ),
    Cue(
        UNCERTAIN,
        BOTH,
        (r"(?:appears?|appeared|seems?|seemed)(?:\s+to\s+(?:be|have))?",),
        window=5,
    ),
    Cue(
        UNCERTAIN,
        FORWARD,
        (r"(?<![\w?])\?+(?=\s?[A-Za-z])", r"\(\?\)"),
        window=3,
        bounded=False,
    ),
    Cue(
        UNCERTAIN,
        BOTH,
        (
            r"(?:(?:is|was|were|has|have)\s+)?not\s+(?:yet\s+)?(?:been\s+)?(?:ruled\s+out"
            r"|excluded)",
            r"(?:cannot|can\s*not|can't|could\s*not|couldn't|unable\s+to|did\s+not|not\s+able\s+to)"
            r"\s+(?:be\s+)?(?:rule|ruled|exclude|excluded|discount|discounted)(?:\s+out)?",
            r"(?:(?:is|was|were|are)\s+)?(?:suspected|queried|possible|likely|probable|unconfirmed"
            r"|not\s+confirmed|unclear|uncertain|alleged)",
            r"\(\?\)",
        ),
        window=4,
    ),
    # ---- the past, a previous relationship ---------------------------------------------------
    Cue(
        HISTORICAL,
        FORWARD,
        (
            r"(?:a\s+|known\s+|long\s+|long-standing\s+|past\s+|significant\s+)?(?:history|hx)"
            r"\s+of",
        ),
        window=8,
        applies_to=_CONDITIONS,
    ),
    Cue(
        HISTORICAL,
        FORWARD,
        (
            r"historic(?:al|ally)?",
            r"previous(?:ly)?(?:\s+(?:known|involved))?(?:\s+(?:to|with|for))?",
            r"prior(?!\s+to)",
            r"former(?:ly)?",
            r"used\s+to",
            r"no\s+longer",
            r"abstinent\s+from",
            r"(?:in|is\s+in)\s+recovery\s+from",
            r"recovering",
            r"(?:was|were)\s+known\s+to",
            r"when\s+(?:she|he)\s+was\s+a\s+(?:child|teenager|young\s+person)",
            r"(?:old\s+)?healed",
        ),
        window=5,
    ),
    Cue(
        HISTORICAL,
        FORWARD,
        (r"(?:(?:has|had|have)\s+(?:since\s+)?)?stopped", r"gave\s+up", r"given\s+up"),
        window=0,
    ),
    Cue(
        HISTORICAL,
        BACKWARD,
        (
            r"in\s+(?:the|a|her|his|their|mother's|father's)\s+(?:previous|past|former|last"
            r"|earlier|first)\s+relationships?",
            r"with\s+(?:a\s+|her\s+|his\s+|mother's\s+|father's\s+)?(?:previous|former|ex)"
            r"(?:\s+|-)partners?",
            r"(?:years|months)\s+ago",
            r"in\s+the\s+past",
            r"(?:in|during)\s+(?:19|20)\d\d",
            r"when\s+(?:she|he)\s+was\s+(?:younger|a\s+teenager|a\s+child|at\s+school)",
            r"(?:now|currently)\s+(?:abstinent|sober|clean|resolved|in\s+remission|stable|well)",
            r"(?:abstinent|sober|clean)\s+(?:for|since)",
            r"in\s+(?:her|his|their)\s+(?:teens|twenties|thirties|youth)",
            r"(?:earlier|last)\s+in\s+the\s+year",
            r"as\s+a\s+(?:teenager|child|young\s+person|student)",
            r"(?:is|was|are|were)\s+historic(?:al)?",
            r"historic(?:al|ally)?",
            r"previously",
        ),
        window=8,
    ),
)

#: Words and marks that end a cue's scope within a sentence.
TERMINATORS = (
    r"but",
    r"however",
    r"although",
    r"though",
    r"except(?:\s+for)?",
    r"apart\s+from",
    r"aside\s+from",
    r"other\s+than",
    r"besides",
    r"whereas",
    r"which",
    r"who",
    r"whilst",
    r"while",
    r"then",
    r"later",
    r"because",
    r"as",
    r"since",
    r"so",
    r"when",
    r"after",
    r"until",
    r"yet",
    r"instead",
    r"now",
    r"nevertheless",
    r"although",
    r"though",
    r"said",
    r"says",
    r"stated?",
    r"states",
    r"disclosed",
    r"explained",
    r"admitted",
    r"told",
)

#: Punctuation that ends a cue's scope (the sentence splitter has already cut at . ! ?).
TERMINATOR_MARKS = r"[;()\[\]]|\s[-–—]\s|\n"

#: Words after which a comma or "and"/"or" no longer continues a list of targets.
VERBISH = (
    r"is",
    r"was",
    r"were",
    r"are",
    r"has",
    r"had",
    r"have",
    r"been",
    r"be",
    r"seen",
    r"noted",
    r"observed",
    r"found",
    r"present",
    r"evident",
    r"identified",
    r"given",
    r"made",
    r"raised",
    r"reported",
    r"reports",
    r"said",
    r"says",
    r"stated",
    r"states",
    r"disclosed",
    r"told",
    r"appears",
    r"presented",
    r"attended",
    r"explained",
    r"confirmed",
    r"admitted",
    r"described",
    r"showed",
    r"shows",
    r"discussed",
    r"agreed",
    r"continues",
    r"remains",
    r"will",
    r"would",
    r"can",
    r"could",
    r"should",
    r"[a-z]+ed",
)

#: Words naming how an injury happened: with one of them (or an injury) in the narrative, an
#: explanation phrase is read as the account of an injury, not of an absence or a missed visit.
MECHANISM = (
    r"fell",
    r"falls?",
    r"fallen",
    r"tripped",
    r"slipped",
    r"bumped",
    r"banged",
    r"knocked",
    r"hit",
    r"trapped",
    r"dropped",
    r"rolled",
    r"walked\s+into",
    r"ran\s+into",
    r"pulled",
    r"grabbed",
    r"pushed",
    r"twisted",
    r"accident",
    r"playground",
    r"climbing",
)
