"""How occupations are named in English: the head nouns job titles end in.

Both steps read it: ingestion finds a document's role in its text ("Phlebotomists, also called
phlebotomy technicians, ..."), the bot tells a question about another occupation ("how much do
electricians make?") from one about a role of the knowledge base.
"""

from __future__ import annotations

import re

# Head nouns of job titles, singular. Managers, supervisors and the like are left out: guides
# mention them as the people a role reports to, not as the role.
HEAD_NOUNS = frozenset(
    """
    accountant actor actuary administrator advisor adviser agent aide analyst anesthesiologist
    architect artist assistant astronaut athlete attendant attorney auditor baker banker barber
    barista bartender biologist bookkeeper brewer bricklayer butcher buyer caregiver carpenter
    cashier chef chemist chiropractor cleaner clerk coach coder consultant cook coordinator
    cosmetologist counselor counsellor courier curator dancer designer detective developer
    dietitian dietician dentist doctor driver economist editor electrician emt engineer
    esthetician farmer firefighter fisherman florist gardener geologist groomer guard
    hairdresser handler hygienist illustrator inspector instructor interpreter janitor jeweler
    journalist judge keeper labourer laborer landscaper lawyer librarian lifeguard locksmith
    machinist mason mathematician mechanic medic midwife miner model musician nanny nurse
    nutritionist officer operator optician optometrist orderly painter paralegal paramedic
    pathologist pharmacist phlebotomist photographer physician physicist physiotherapist pilot
    plumber podiatrist politician porter professor programmer psychiatrist psychologist
    radiographer radiologist realtor receptionist recruiter reporter researcher roofer sailor
    salesperson scientist secretary singer soldier sonographer sorter specialist statistician
    steward surgeon surveyor tailor teacher tech technician technologist teller therapist
    trainer translator tutor veterinarian vet waiter waitress welder worker writer
    representative processor educator navigator practitioner dispenser scribe transporter
    doula sitter embalmer paraprofessional apprentice housekeeper custodian dispatcher
    telecommunicator caseworker fitter advocate
    """.split()
)
# Titles made of one word around a head ("histotechnician", "paraeducator") and the families
# of occupations English names by their ending ("perfusionist", "mortician", "audiologist").
_HEAD_ENDINGS = re.compile(
    r"^[a-z]{3,}(?:technician|technologist|therapist|assistant|educator|ician|ologist|ographer)$"
)
# "-ist" names a doer only when written in lower case: "Thorquist" is someone's name
_DOER = re.compile(r"^[a-z]{5,}ist$")
_NOT_HEADS = frozenset(
    """
    checklist waitlist playlist shortlist wishlist watchlist blacklist whitelist booklist
    communist nationalist socialist capitalist tourist motorist
    """.split()
)
# Short names of roles that stand for a whole title.
ABBREVIATED_HEADS = frozenset("cna lpn rn lvn emt cma rma hha pca".split())

_PLURALS = {"technicians": "technician", "aides": "aide", "nurses": "nurse"}


def _is_head(low: str) -> bool:
    return low in HEAD_NOUNS or (bool(_HEAD_ENDINGS.match(low)) and low not in _NOT_HEADS)


def singular(word: str) -> str:
    """The singular of a head noun as job titles use it ("assistants" -> "assistant")."""
    low = word.lower()
    if _is_head(low) or low in ABBREVIATED_HEADS:
        return low
    if low in _PLURALS:
        return _PLURALS[low]
    for suffix, repl in (("ies", "y"), ("ses", "s"), ("s", "")):
        base = low[: -len(suffix)] + repl
        if low.endswith(suffix) and (_is_head(base) or suffix == "s" and _doer(base)):
            return base
    if low.endswith("men") and low[:-3] + "man" in HEAD_NOUNS:
        return low[:-3] + "man"
    if len(low) > 5 and low.endswith(("ers", "ors")):
        return low[:-1]  # "schedulers", "monitors": the doers a document's title names
    return low


def _doer(low: str) -> bool:
    return bool(_DOER.match(low)) and low not in _NOT_HEADS


def is_head_noun(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a word ends a job title: an English head noun, or one of `extra`, the heads a
    document's own title establishes ("Radiology Scheduler")."""
    if _is_head(singular(word)) or (extra and singular(word) in extra):
        return True
    return word.islower() and _doer(singular(word))


# Words that come before a head noun without naming the occupation ("an experienced nurse",
# "our technicians", "licensed practical nurse" keeps "licensed": it is part of the title).
NOT_MODIFIERS = frozenset(
    """
    a an the this that these those our your their his her its my any all each every some many
    most more other others such new good great best ideal typical successful experienced
    skilled qualified entry senior junior level lead head chief staff team full part time
    become becoming work working job jobs career careers hire hiring salary pay paid earn make
    called named known titled title titles
    duty duties role roles do does being be as is are was were and or of for to in on at by
    with from than who whom whose which what when where why how not no as well also
    """.split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# head nouns that, before a place or a thing, are the adjective of a field ("vet clinic")
ATTRIBUTIVE = frozenset({"vet"})
ATTRIBUTED = frozenset(
    """clinic clinics hospital hospitals office offices school schools practice practices front
    desk visit visits bill bills care""".split()
)


def _joins(gap: str) -> bool:
    """Words with this between them may be one name: a title ends at a line's end."""
    return gap.strip() == "" and "\n" not in gap


def occupation_phrases(
    text: str, max_modifiers: int = 3, extra_heads: frozenset[str] = frozenset()
) -> list[tuple[str, int, int]]:
    """(phrase as written, start, end) of every occupation named in the text: up to
    `max_modifiers` words before a head noun ("certified nursing assistant"), or before one of
    `extra_heads`."""
    words = list(_WORD.finditer(text))
    out = []
    for i, m in enumerate(words):
        if not is_head_noun(m.group(0), extra_heads):
            continue
        followed = i + 1 < len(words) and is_head_noun(words[i + 1].group(0), extra_heads)
        if followed and _joins(text[m.end() : words[i + 1].start()]):
            continue  # "therapist assistant": the next word ends the title
        if (
            m.group(0).lower() in ATTRIBUTIVE
            and i + 1 < len(words)
            and text[m.end() : words[i + 1].start()] == " "
            and words[i + 1].group(0).lower() in ATTRIBUTED
        ):
            continue  # "a Vet Clinic": the veterinary clinic, no vet
        start = i
        joined = 0  # "Medical Billing and Coding Specialist": a title's "and" joins two fields
        while start > 0 and i - start < max_modifiers + joined:
            before = words[start - 1].group(0)
            raw_gap = text[words[start - 1].end() : words[start].start()]
            gap = "\n" if "\n" in raw_gap else raw_gap.strip()
            if (
                before.lower() == "and"
                and not joined
                and start >= 2
                and gap == ""
                and words[start].group(0)[:1].isupper()
                and words[start - 2].group(0)[:1].isupper()
                and words[start - 2].group(0).lower() not in NOT_MODIFIERS
                and not is_head_noun(words[start - 2].group(0))  # two occupations listed
            ):
                start -= 1
                joined = 1
                continue
            # "Harrowgate's technicians" are no title; a "teacher's aide" is one
            possessive = before.lower().endswith(("'s", "’s"))
            if (
                before.lower() in NOT_MODIFIERS
                or gap not in ("", "-")
                or (possessive and not is_head_noun(before[:-2]))
            ):
                break
            start -= 1
        if words[start].group(0).lower() == "and":
            start += 1
        out.append((text[words[start].start() : m.end()], words[start].start(), m.end()))
    return out


def canonical(phrase: str) -> str:
    """A name compared case- and plural-blind: "Physical Therapist Assistants" ->
    "physical therapist assistant"."""
    words = re.sub(r"\s+", " ", phrase.replace("’", "'")).strip().split(" ")
    if not words or not words[0]:
        return ""
    words[-1] = singular(words[-1])
    return " ".join(w.lower() for w in words)
