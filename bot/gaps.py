"""What a question asks for that the documents do not state, said before the closest lines.

A question often asks for one specific thing: an age limit, one state's rules, how long
training takes, what it costs, night shifts, remote work, a growth rate. Each such thing is a
facet: a pattern for asking it, and a pattern for a passage that states it. When the role's
documents hold a passage that states it, that passage answers; when none does, the answer
opens with "The documents do not state <that thing> for <role>." and then gives the closest
lines it has, never a figure of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.text import STOPWORDS, normalize, stem, tokens


@dataclass(frozen=True)
class Facet:
    said: str  # as the answer names it: "The documents do not state <said> for ..."
    asks: re.Pattern[str]
    states: re.Pattern[str]
    # what looks like the thing asked but is not: no "closest line" to offer in its place
    misleads: re.Pattern[str] | None = None


def _facet(said: str, asks: str, states: str, misleads: str = "") -> Facet:
    return Facet(
        said, re.compile(asks), re.compile(states), re.compile(misleads) if misleads else None
    )


_NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)"
FACETS: tuple[Facet, ...] = (
    _facet(
        "an age requirement",
        r"\b(age (limit|requirement|minimum|cutoff)|minimum age|how old|too old|too young|age"
        r" to (start|become|work|apply)|what age|under 18|old enough|at my age)\b"
        r"|\btoo late\b.{0,30}\b(become|start|switch|change|career|begin|get into)\b"
        r"|\b(i'?m|i am) (almost |nearly |over |in my )?\d{2}s?(?=\s*(,|\.|\?|!|$|and\b|years old"
        r"|y/?o\b))|\b(a|an) (1[3-9]|[2-9]\d)[- ]?(year[- ]old|yr[- ]old|y/?o)\b",
        # "at least 18", not "at least 125 pounds" or "at least 2 years of experience"
        r"\b(at least|minimum age|must be|aged?) (of )?(1[4-9]|[2-6]\d|sixteen|seventeen|eighteen"
        r"|twenty-one)\b(?=\s*($|[.,;:)]|years?\b|(or|and) (older|over|above)\b"
        r"|to (apply|work|enroll|start|begin|take|sit|be hired|train)\b|when\b|before\b|by\b))"
        r"|\b\d{2} (years old|years of age|or older)\b",
    ),
    _facet(
        "how long it takes",
        r"\bhow long\b(?! (is|are|do|does) (a |the |their |your )?shifts?)"
        r"|\bhow many (years|months|weeks|days|semesters)\b|\bhow much time\b"
        r"|\bhow quickly\b|\bhow fast can i\b",
        # "1 to 2 years of experience" is how long people have worked, not how long it takes
        # ("one per semester" is how often, not how long)
        r"\b" + _NUMBER + r"\b[^.]{0,25}(?<!per )(?<!each )(?<!every )"
        r"\b(years?|months?|weeks?|days?|semesters?)\b"
        r"(?!'? of ([\w-]+ ){0,3}(experience|work))"
        # "employed within six months of graduation", "the credential within 12 months of
        # hire": a deadline from a date, not the time training takes
        r"(?! (of|after|from) (hire|hiring|graduation|graduating|finishing|completing|employment"
        r"|starting|the (start|end)))",
        r"\b(years?|months?)'? of ([\w-]+ ){0,3}(experience|work)\b",
    ),
    _facet(
        "how many hours it takes",
        r"\bhow many (hours|clock hours|clinical hours|fieldwork hours)\b(?! (a|per) (week|day))",
        r"\b\d+\s*(-|to)?\s*\d*\s*(clock |clinical |training )?hours?\b",
    ),
    _facet(
        "how many hours a week it is",
        r"\bhours (a|per) (week|day)\b|\b(9|nine)[- ]to[- ](5|five)\b|\bhow many hours (a|per|do)\b"
        r"|\bhow long (is|are|do|does) (a |the |their |your )?shifts?\b",
        r"\b\d+\s*(-|to)?\s*\d*\s*hours? (a|per) (week|day|shift)\b|\b\d+[- ]hour shifts?\b"
        r"|\b\d{1,2}(:\d\d)?\s*(a\.m\.|am)\b.{0,20}\b\d{1,2}(:\d\d)?\s*(p\.m\.|pm)\b",
    ),
    _facet(
        "what it costs",
        r"(?<!moving )\b(cost|costs|tuition|fees?|price|expensive|afford)\b"
        r"|\bhow much (is|are|does) (the |a |an |their |your )?([\w&-]+ ){0,3}(program|course"
        r"|training|school|classes|certificate)\b"
        r"|\b(program|course|training|school|classes)\b.{0,40}\bhow much (is|are) (it|that)\b"
        r"|\bpay for (the |my )?(school|training|program|course|classes|exam|certification)\b",
        r"\$\s?\d[^.]{0,40}\b(tuition|cost|fee|per credit)"
        r"|\b(tuition|cost|fee)s?\b[^.]{0,40}\$\s?\d",
    ),
    _facet(
        "a growth rate",
        r"\bgrowth rate\b|\bhow fast\b.{0,30}\bgrow"
        r"|(%|\bpercent(age)?\b)[^?.]{0,40}\b(grow\w*|growth|increase|outlook|demand)\b"
        r"|\b(grow\w*|growth|increase|outlook|demand)\b[^?.]{0,40}(%|\bpercent(age)?\b)",
        r"\d+(\.\d+)?\s*(%|percent)",
    ),
    _facet(
        "job outlook figures",
        r"\b(job growth|how many (jobs|openings)|projected"
        r"|(job|employment) outlook|growing (field|job|career|occupation)s?"
        r"|(jobs?|field|careers?|demand|employment) (is |are )?(growing|expected to grow))\b"
        r"|\bany (numbers|figures|stats|statistics)\b",
        r"\d+(\.\d+)?\s*(%|percent)\s*(growth|increase|more jobs)|\b\d[\d,]* (new )?(jobs|openings|"
        r"positions)\b",
    ),
    _facet(
        "night, evening or weekend shifts",
        r"\b(nights?|night shifts?|overnights?|evenings?|weekends?|graveyard|on[- ]call|"
        r"12[- ]hour)\b",
        r"\b(nights?|overnight|evenings?|weekends?|holidays|on call|on-call|around the clock|"
        r"\d+[- ]hour shifts?|saturdays?|sundays?)\b",
    ),
    _facet(
        "remote work",
        r"\b(remote(ly)?|work from home|wfh|telehealth|telework|hybrid|from home|virtual(ly)?)\b",
        r"\b(remote(ly)?|from home|telehealth|telework|virtual(ly)?)\b",
    ),
    _facet("part-time work", r"\bpart[- ]time\b", r"\bpart[- ]time\b"),
    _facet(
        "hourly pay",
        r"\b(hourly|per hour|an hour|/hr|hour(ly)? (rate|wage|pay))\b",
        r"\b(per|an|a|/) ?(hour|hr)\b|\bhourly\b",
    ),
    _facet(
        "a caseload",
        r"\b(caseload|case load|how many (patients|clients|residents|people) (a|per|do|does|will|"
        r"would|an?|each))\b",
        r"\b(\d+|two|three|four|five|six|ten) (to \w+ )?(patients|clients|residents)\b"
        r"|\bcaseload\b",
    ),
    _facet(
        "how much continuing education it takes",
        r"\b(how (many|much|often)|hours|credits|units)\b.{0,40}\b(ceus?|ce"
        r"|continuing[- ]ed(ucation)?|recertif\w*|renew\w*)\b"
        r"|\b(ceus?|ce|continuing[- ]ed(ucation)?)\b.{0,20}\b(hours|credits)\b",
        r"\b\d+ (hours|credits|units|ceus?)\b[^.]{0,40}\b(continuing education|renew\w*)\b"
        r"|\bcontinuing education\b[^.]{0,60}\b\d+ (hours|credits|units)\b|\brenew\w* every\b"
        r"|\bevery (\d+|two|three) (months|years)\b",
    ),
    _facet(
        "how a license or certification is renewed",
        r"\b(renew\w*|recertif\w*|expire[sd]?|expiration|lapse)\b",
        r"\b(renew\w*|recertif\w*|expire[sd]?|expiration)\b|\bevery (\d+|two|three|five) "
        r"(months|years)\b",
    ),
    _facet(
        "a background check",
        r"\b(background (check|screening)|criminal (record|history|background)|felon(y|ies)|"
        r"convictions?)\b",
        r"\b(background (check|screening)|criminal)\b",
    ),
    _facet("a drug test", r"\bdrug (test|screen)\w*\b", r"\bdrug (test|screen)"),
    _facet(
        "a dress code",
        r"\b(dress code|uniforms?|what (do|does|would|will) (i|they|you|we) wear|scrubs|tattoos?|"
        r"piercings?)\b",
        r"\bdress code\b|\buniforms?\b|\bscrubs\b|\battire\b|\bdress(ed)? (in|professionally)\b"
        r"|\bwears? (a |an )?(scrubs|uniform|masks?|gowns?|gloves)\b|\btattoos?\b",
    ),
    _facet("union membership", r"\bunion(s|ized)?\b", r"\bunion"),
    _facet(
        "how many states",
        r"\bhow many states\b|\b(which|what) states\b",
        r"\b\d+ states\b|\ball (50 )?states\b|\bevery state\b",
    ),
    _facet(
        "a car or pay for driving",
        r"\b(own car|a car|vehicle|mileage|gas money|driv(e|ing) between|reimburse\w*"
        r"|drivers?'?s? licen[cs]e)\b",
        r"\b(car|vehicle|mileage|per mile|driver'?s license|reimburse\w*)\b",
    ),
    _facet(
        "an application deadline",
        r"\b(deadline|due date|apply by|when (do|does|can|should) (i|you) apply)\b",
        r"\bdeadline\b|\bapply by\b|\bapplications? (are )?(due|accepted|reviewed)\b"
        r"|\b(starts?|begins?) (each|every|in) (january|february|march|april|may|june|july|"
        r"august|september|october|november|december|fall|spring|summer|year)\b",
    ),
    _facet(
        "help with moving",
        r"\b(relocat\w*|moving (costs?|expenses?|allowance|assistance))\b",
        r"\brelocat\w*|\bmoving (costs?|expenses?|allowance|assistance)\b",
    ),
    _facet("parking", r"\bparking\b", r"\bparking\b"),
    _facet("overtime", r"\bovertime\b", r"\bovertime\b|\btime and a half\b"),
    _facet("a bonus", r"\b(sign[- ]on|signing|hiring)? ?bonus(es)?\b", r"\bbonus"),
    _facet(
        "a retirement match",
        r"\b(401 ?\(?k\)?|403 ?\(?b\)?|retirement) match\w*\b|\bemployer match\b",
        r"\bmatch\b",
    ),
    _facet(
        "online study",
        r"\bonline (programs?|degrees?|courses?|class(es)?|schools?|training|study)\b"
        r"|\b(study|learn|train|do it|programs?|degree|classes) online\b",
        r"\bonline\b|\bdistance learning\b",
    ),
    _facet(
        "pass rates",
        r"\bpass rates?\b|\bhow many (people )?pass\b|\bpassing rates?\b",
        r"\b\d+\s*%\s*(of [^.]{0,30})?pass(ed)?\b|\bpass rate\b",
    ),
)

US_STATES = """
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    new-hampshire new-jersey new-mexico new-york north-carolina north-dakota ohio oklahoma
    oregon pennsylvania rhode-island south-carolina south-dakota tennessee texas utah
    vermont virginia washington west-virginia wisconsin wyoming
    """.split()
PLACES = (
    US_STATES
    + """
    canada mexico uk england scotland wales ireland australia new-zealand india
    philippines germany france nyc chicago houston los-angeles san-francisco seattle
    boston miami atlanta dallas denver phoenix toronto london
    """.split()
)

# What job seekers often ask and career guides often leave out: such a word marks a gap as
# soon as the role's documents never use it. (Flagging every unknown word marked gaps in
# ordinary questions: "a brand-new grad", "a normal shift".)
FACET_WORDS = frozenset(
    stem(w)
    for w in """tuition loan loans scholarship scholarships tips commission visa sponsorship
    relocation relocate pension stipend burnout turnover maternity paternity parental childcare
    reciprocity citizenship stress stressful""".split()
)

# Words a question uses without asking about them: they never mark a gap on their own.
GENERIC_WORDS = frozenset(
    stem(w)
    for w in """
    job jobs career careers work working worker role position people person become
    becoming need get make earn start typical day week good best usually normally
    required require enough anything tell explain know think thinking switch switching
    going back go kind type sort thing things way ways someone something look looking
    find average typically expect expected pretty lot lots real right able also usually
    currently new old want day week better worse still even ever much
    many long often yes hi hello thanks thank question answer help mean means difference
    different compare versus vs same similar between which other others both either
    school degree program license licence certification certificate salary pay wage
    education training skill duty benefit environment requirement qualification exam
    course class college university diploma responsibility task setting work employer hire
    hiring look want main key primary usual common actual actually rundown summary list
    overview basics everything involve involved include includes kind sure cool okay ok
    """.split()
)


# What a cost is the cost of: a program's tuition is not stated by an exam's fee, nor an
# exam's fee by the tuition.
_EXAM_WORDS = r"(exams?|tests?|licen[cs]es?|certifications?|credentials?|boards?)"
_TRAINING_WORDS = r"(tuition|programs?|courses?|training|school|classes|certificates?|degrees?)"
# A sum said to be a cost, not a wage ("Board-certified techs earn $24.50 an hour" is no fee).
_COST_WORDS = r"(costs?|fees?|charges?|charged|price|tuition|per credit)"
_COST_OF = {
    _EXAM_WORDS: _facet(
        "what the exam costs",
        "",
        rf"(?=.*\b{_EXAM_WORDS}\b)(?=.*\b{_COST_WORDS}\b)[^.]*\$\s?\d",
    ),
    _TRAINING_WORDS: _facet(
        "what the training costs",
        "",
        rf"\btuition\b[^.]*\$\s?\d|\$\s?\d[^.]*\btuition\b|\bper credit\b|\btotal( estimated)?"
        rf"( program)? cost\b|(?=.*\b{_TRAINING_WORDS}\b)(?=.*\b{_COST_WORDS}\b)[^.]*\$\s?\d",
    ),
}


def facets_asked(question: str) -> list[Facet]:
    """The specific things a question asks for; a cost as the cost of what it names."""
    text = normalize(question)
    found = [f for f in FACETS if f.asks.search(text)]
    if any(f.said == "a growth rate" for f in found):  # the figure asked is the percentage
        found = [f for f in found if f.said != "job outlook figures"]
    for i, facet in enumerate(found):
        if facet.said == "what it costs":
            named = [f for words, f in _COST_OF.items() if re.search(rf"\b{words}\b", text)]
            if len(named) == 1:
                found[i] = named[0]
    return found


def states(facet: Facet, passage: str) -> bool:
    return bool(facet.states.search(normalize(passage)))


def misleads(facet: Facet, passage: str) -> bool:
    """The passage looks like it states the facet and does not ("2 years of experience" for
    how long a program takes)."""
    return facet.misleads is not None and bool(facet.misleads.search(normalize(passage)))


_VARIES_BY_PLACE = re.compile(
    r"\b(vary|varies|differ|differs|depend|depends|based (up)?on)\b[^.]{0,80}\b(location|"
    r"geograph\w*|region\w*|state|states|area|city|where (you|they) (live|work))\b"
    r"|\bfrom state to state\b|\bby (state|region|location)\b(?!\s+boards?)"
)


def varies_by_place(passage: str) -> bool:
    """The passage says what it states depends on where one works."""
    return bool(_VARIES_BY_PLACE.search(normalize(passage)))


def places_named(question: str) -> list[str]:
    text = " " + " ".join(t.removesuffix("'s") for t in tokens(question)) + " "
    found = []
    for place in PLACES:
        if f" {place.replace('-', ' ')} " in text:
            found.append(place.replace("-", " ").title())
    return found


def unknown_terms(
    question: str,
    mentioned: Callable[[str], bool],
    known_words: frozenset[str] = frozenset(),
) -> list[str]:
    """Often-uncovered facets the question asks about that the role's documents never mention
    (`mentioned` forgives typos)."""
    out = []
    for word in tokens(question):
        if word in STOPWORDS or len(word) < 3 or word.isdigit() or "$" in word:
            continue
        stemmed = stem(word)
        if stemmed in known_words or stemmed not in FACET_WORDS:
            continue
        if not mentioned(word):
            out.append(word)
    return out


def describe_gaps(
    places: Sequence[str],
    facets: Sequence[str],
    terms: Sequence[str],
    topics: Sequence[str] = (),
) -> str:
    """What is not stated, as a phrase that follows "The documents do not state"."""
    parts = [t for t in topics if t]
    parts += [f"anything specific to {place}" for place in places]
    parts += list(facets)
    if terms:
        parts.append("anything about " + ", ".join(f"“{t}”" for t in terms))
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]
