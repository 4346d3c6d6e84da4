"""What a question asks that the knowledge base does not say.

Three signs, each general: a place the role's documents never name (pay in Texas); a quantity
asked for that no retrieved passage states (how many hours, how long, how much it costs);
a subject the documents never mention (tuition, unions, outlook). The answer then says so
plainly and offers the closest passages it has, never a figure of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.text import STOPWORDS, normalize, stem, tokens

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

_QUANTITY_ASKS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bhow (long|many (years|months|weeks|days|semesters))\b|\bhow much time\b"),
        re.compile(
            r"\b(\d+|one|two|three|four|five|six)\b[^.]{0,20}\b(years?|months?|weeks?|days?|semesters?)\b"
        ),
        "how long it takes",
    ),
    (
        re.compile(r"\bhow many hours\b"),
        re.compile(r"\b\d+\s*(-| to )?\s*\d*\s*hours?\b"),
        "how many hours it takes",
    ),
    (
        re.compile(r"\b(cost|costs|tuition|fees?|price|expensive|afford)\b"),
        re.compile(r"\$\s?\d[^.]{0,40}\b(tuition|cost|fee)|\b(tuition|cost|fee)[^.]{0,40}\$\s?\d"),
        "costs or tuition",
    ),
    (
        re.compile(
            r"\b(outlook|growth rate|job growth|percent|percentage|how many (jobs|openings)"
            r"|job market)\b"
        ),
        re.compile(r"\d+(\.\d+)?\s*(%|percent)|\b\d[\d,]* (jobs|openings|positions)\b"),
        "job outlook figures",
    ),
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
    hiring look want main key primary usual common actual actually
    """.split()
)


def places_named(question: str) -> list[str]:
    text = " " + " ".join(tokens(question)) + " "
    found = []
    for place in PLACES:
        if f" {place.replace('-', ' ')} " in text:
            found.append(place.replace("-", " ").title())
    return found


def quantity_gaps(question: str, evidence_texts: Sequence[str]) -> list[str]:
    """Quantities the question asks for that none of the passages states."""
    q = normalize(question)
    joined = normalize(" ".join(evidence_texts))
    return [
        label
        for asks, states, label in _QUANTITY_ASKS
        if asks.search(q) and not states.search(joined)
    ]


# What job seekers often ask and career guides often leave out: such a word marks a gap as
# soon as the role's documents never use it. (Flagging every unknown word marked gaps in
# ordinary questions: "a brand-new grad", "a normal shift".)
FACET_WORDS = frozenset(
    stem(w)
    for w in """tuition cost costs fee fees price loan loans scholarship scholarships union unions
    unionized overtime bonus bonuses tips commission visa sponsorship relocation relocate pension
    stipend burnout turnover maternity paternity parental childcare reciprocity citizenship nights
    weekends""".split()
)


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
    quantities: Sequence[str],
    terms: Sequence[str],
    topics: Sequence[str] = (),
) -> str:
    """What is not covered, as a phrase that follows "The knowledge base does not cover"."""
    parts = [t for t in topics if t]
    parts += [f"{place} specifically" for place in places]
    parts += list(quantities)
    if terms:
        parts.append(", ".join(f"“{t}”" for t in terms))
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]
