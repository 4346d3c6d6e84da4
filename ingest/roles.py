"""A document's role, read from its own text when it comes without a metadata file.

Most documents a counselor uploads have no metadata: a job posting whose first line is the job
board's name, a school's program page, a handbook profile. The role is the occupation the
document is about: the one its title, headings and file name name, and its text names most.
The names job seekers type come from the text too:
  - names it states: "Certified Nursing Assistant (CNA)", "Phlebotomists, also called
    phlebotomy technicians", "Health information technicians, also known as medical records
    specialists";
  - short forms, guessed: "pharmacy tech" for Pharmacy Technician, "PTA" for Physical
    Therapist Assistant, "PT aide" for Physical Therapy Aide. Guesses can collide (a
    Physical Therapy Aide is a "PTA" too); the bot's role catalog drops a guess that two roles
    share, and a stated name always beats a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.occupations import (
    NOT_MODIFIERS,
    canonical,
    is_head_noun,
    occupation_phrases,
    singular,
)

# "X, also known as Y", "X (also called Y or Z)", "Y, sometimes referred to as X"
_ALSO = re.compile(
    r"\b(?:(?:also|sometimes|often|commonly|more commonly|formerly|widely)\s+)?"
    r"(?:known as|called|referred to as|titled)\s+"
    r"|\b(?:you\s+)?(?:may|might|will)?\s*(?:also\s+)?know\s+(?:them|it|the job|the role)\s+as\s+"
    r"|\bknown\s+(?:everywhere|locally|widely|generally|informally)\s+as\s+"
    r"|\b(?:often|sometimes|usually)\s+(?:just|simply|shortened to)(?:\s+called)?\s+",
    re.IGNORECASE,
)
# "Pinecrest's official title is Instructional Paraprofessional": the job's own name, whoever
# the sentence's subject is
_NAMES_THE_JOB = re.compile(
    r"\b(?:official|formal)\s+(?:job\s+)?title\s+is\s+"
    # "Older staff still call the job unit secretary", "some use the older titles ..."
    r"|\b(?:call|calls|called|know|knows)\s+(?:the|this)\s+(?:job|role|position)\s+(?:as\s+)?"
    r"|\b(?:use|uses|used)\s+(?:the\s+)?(?:older\s+|old\s+|other\s+)?titles?\s+"
    r"|\b(?:the|this)\s+(?:job|role|position)\s+is\s+(?:also\s+|sometimes\s+|often\s+)?"
    r"(?:called|known\s+as)\s+"
    r"|\b(?:everybody|everyone|people|staff|nurses|most\s+people)\s+(?:just\s+|simply\s+)?"
    r"(?:say|says|call\s+it|call\s+them|call\s+the\s+job)\s+(?=[\"“])",
    re.IGNORECASE,
)
# "teacher's aide, instructional aide and paraprofessional all mean the same job"
_SAME_JOB = re.compile(
    r"\b(?:all\s+)?(?:mean|are|name)\s+(?:roughly|basically|pretty much|more or less)?\s*"
    r"the\s+same\s+(?:job|role|work|thing)\b",
    re.IGNORECASE,
)
# '"para" for short', "(HT for short)"
_FOR_SHORT = re.compile(r"\s*\(\s*[\"“]?(?P<short>[A-Za-z][\w-]{1,15})[\"”]?\s+for short\s*\)")
# A line that lists the role's other names: "Also called: X, Y, Z.", "Other job titles: X, Y"
_NAMES_LABEL = re.compile(
    r"(?:^|(?<=[.!?])[ \t]{1,4})[^\w\n]{0,8}(?:also (?:called|known as)|other names"
    r"|alternat(?:e|ive) names)"
    r"\s*:\s*"
    # a list that wraps after a comma goes on on the next, indented line
    r"(?P<names>[^\n]+(?:(?<=,)[ \t]*\n[ \t]+[^\n]+)*)",
    re.IGNORECASE | re.MULTILINE,
)
# An abbreviation spelled out: "LMT, short for licensed massage therapist", "RT (which stands
# for respiratory therapist)".
_SHORT_FOR = re.compile(
    r"\b(?P<short>[A-Z][A-Za-z]{0,2}[A-Z]{1,3})s?\)?,?\s+(?:which is |which stands |that is )?"
    r"(?:short|stands) for\s+(?P<name>[^.;:()]{3,60})"
)
# Where the names after "also called" end: punctuation, or a clause that follows them. Each
# name then ends at its last occupation word ("phlebotomy technicians draw blood").
_NAME_END = re.compile(
    r"[.;:()\[\]!?]|,\s+(?:who|which|that|and they|are|is)\b"
    r"|\s+(?:who|which|that|are|is|can|must|may|will)\b",
    re.IGNORECASE,
)
_NAME_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z-]{0,5}?(?:s|'s)?")
# "Childcare Worker (Daycare Assistant)": a whole name in brackets
_BRACKETED_NAME = re.compile(r"\s*\(\s*([A-Za-z][A-Za-z'’ -]{2,50}?)\s*\)")
_ABBREVIATION = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{0,2}[A-Z][A-Za-z-]{0,5}?)(?:s|'s)?\s*\)")
_TITLE_NOISE = re.compile(
    r"\s*(\[[^\]]*\]|\b(job|role|position)\s+(description|profile|posting|template)s?\b"
    r"|\bcareer\s+(guide|profile|information)\b|\btemplate\b|\bnow hiring\b|\bhiring\b)\s*",
    re.IGNORECASE,
)
_SMALL = {"of", "and", "the", "for", "in", "a", "an", "to", "or"}
# "Physical Therapy Aide | Careers at Lindenfield": a title's parts
_TITLE_PARTS = re.compile(r"\s+[|–—:·]\s+|\s+-\s+")
# ... and, looking for the doer a title ends in, "Radiology Scheduler / Imaging Front Desk",
# "Youth Program Leader Certificate (After-School)"
_TITLE_PHRASES = re.compile(rf"{_TITLE_PARTS.pattern}|\s+[/]\s+|\s+--\s+|\s*\(")
# What a page's title may end in besides the job: "Youth Program Leader Certificate",
# "School Bus Monitor FAQ"
_PAGE_WORDS = set(
    """certificate certification program programme course courses training degree diploma
    apprenticeship faq faqs questions guide profile snapshot posting opening openings job jobs
    career careers overview""".split()
)
# Words ending like doers ("-er", "-or") that name no one
_NOT_DOERS = set(
    """center centre career corner order number letter newsletter water summer winter september
    october november december cover paper chapter semester register computer power tower river
    silver border poster folder banner footer header after other under over never ever either
    neither whether together better major minor door floor color colour honor honour error
    interior exterior senior junior factor sector mirror motor tractor elevator calculator
    indicator detector answer matter member""".split()
)
_FIELDS = {"therapy", "therapist", "care"}
_DOER_FIELDS = {"medical", "dental", "clinical", "pharmacy", "health"}


@lru_cache(maxsize=1)
def _english():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def is_english_word(word: str) -> bool:
    """ "mrs" is no short name for Medical Records Specialist: an English word reads as itself."""
    return word in _english()


@dataclass(frozen=True)
class DerivedRole:
    """What the text says the role is: its name, the names it states, short forms guessed."""

    name: str
    stated: tuple[str, ...] = ()
    guessed: tuple[str, ...] = ()


def _display(phrase: str, seen_as: Sequence[str]) -> str:
    """The role's name in Title Case, or as the document capitalises it in a title."""
    for written in seen_as:
        words = written.split()
        if all(w[:1].isupper() or w.lower() in _SMALL for w in words) and not written.isupper():
            return _tidy(re.sub(r"\s+", " ", written).strip())
    words = canonical(phrase).split()
    # "MRI Technologist", not "Mri": a word as the text writes it in capitals
    capitals = {
        w.lower(): w
        for seen in seen_as
        if not seen.isupper()  # a title in capitals says nothing of which words are acronyms
        for w in seen.split()
        if len(w) > 1 and w.isupper()
    }
    return " ".join(capitals.get(w) or (w if w in _SMALL else w[:1].upper() + w[1:]) for w in words)


def clean_title(title: str) -> str:
    """A title without the words that name the kind of page: "Bell Tuner job description
    [Updated for 2025]" -> "Bell Tuner"."""
    parts = [p for p in _TITLE_PARTS.split(title) if p.strip()]
    name = _TITLE_NOISE.sub(" ", parts[0] if parts else title)
    return re.sub(r"\s+", " ", name).strip(" -:|")


def _titles(title_hint: str, headings: Sequence[str], heads: frozenset[str]) -> list[str]:
    parts = []
    for title in [title_hint, *headings[:1]]:
        parts += [p for p in _TITLE_PARTS.split(_TITLE_NOISE.sub(" ", title)) if p]
    if not any(occupation_phrases(p, extra_heads=heads) for p in parts):
        # a school's or employer's name first ("PINECREST VALLEY COMMUNITY COLLEGE"), the
        # document's own title a heading or two below it
        for heading in headings[1:4]:
            if occupation_phrases(heading, extra_heads=heads):
                return parts + _titles(heading, [], heads)
    return parts


def title_heads(title_hint: str, headings: Sequence[str], text: str) -> frozenset[str]:
    """Head words a document's title gives that no word list holds: the doer ending a short
    title ("Radiology Scheduler / Imaging Front Desk", "School Bus Monitor - FAQ", "Youth
    Program Leader Certificate"), when the text too calls people by it ("A bus monitor rides
    ..."), not only a certificate ("the Group Exercise Leader Certificate", "Certified Group
    Exercise Leader (CGEL)")."""
    out = set()
    for title in [title_hint, *headings[:4]]:
        for part in _TITLE_PHRASES.split(_TITLE_NOISE.sub(" ", title)):
            words = re.findall(r"[A-Za-z][A-Za-z'’-]*", part)
            while words and words[-1].lower() in _PAGE_WORDS:
                words.pop()
            if not 2 <= len(words) <= 5 or words[0].lower() in NOT_MODIFIERS:
                continue
            if not all(w[:1].isupper() or w.lower() in _SMALL for w in words):
                continue
            last = words[-1].lower()
            doer = len(last) >= 5 and last.endswith(("er", "or")) and last not in _NOT_DOERS
            if doer and not is_head_noun(last) and _calls_people(text, last):
                out.add(last)
    return frozenset(out)


def _calls_people(text: str, head: str) -> bool:
    for m in re.finditer(rf"\b{re.escape(head)}s?\b", text, re.I):
        before = text[max(0, m.start() - 40) : m.start()].lower().split()[-4:]
        after = re.match(r"\W*(\w*)", text[m.end() :]).group(1).lower()
        credential = "certified" in before or text[m.end() :].lstrip().startswith("(")
        if not credential and after not in _PAGE_WORDS:
            return True
    return False


def derive_role(
    text: str, headings: Sequence[str], title_hint: str = "", file_stem: str = ""
) -> DerivedRole | None:
    """The role a document is about, or None when its text names no occupation.

    Each occupation named counts once per mention, more for a longer title (one that says
    which assistant), and much more when the title, the first heading or the file name
    names it."""
    heads = title_heads(title_hint, headings, text)
    mentions = occupation_phrases(text, max_modifiers=4, extra_heads=heads)
    if not mentions:
        return None
    counts: Counter[str] = Counter()
    written: dict[str, list[str]] = {}
    for phrase, _, _ in mentions:
        words = canonical(phrase).split()
        for k in range(len(words)):  # "physical therapist assistant" backs "therapist assistant"
            key = " ".join(words[k:])
            counts[key] += 1
        written.setdefault(canonical(phrase), []).append(phrase)
    titled: set[str] = set()
    for part in _titles(title_hint, headings, heads):
        for phrase, _, _ in occupation_phrases(part, max_modifiers=4, extra_heads=heads):
            titled.add(canonical(phrase))
            written.setdefault(canonical(phrase), []).insert(0, phrase)
    stem_words = re.sub(r"[-_]+", " ", file_stem).lower().split()
    in_stem = {key for key in counts if _in_file_name(key, stem_words)}

    def score(key: str) -> float:
        n = len(key.split())
        bonus = 12 if key in titled else 0
        bonus += 6 if key in in_stem else 0
        return counts[key] * (1 + 0.5 * (n - 1)) + bonus * (1 + 0.25 * (n - 1))

    best = max(counts, key=lambda key: (score(key), len(key)))

    def named_in_full(share: float) -> list[str]:
        """Longer names of `best` the title or file name gives, scoring `share` of it."""
        return [
            k
            for k in counts
            if k.endswith(" " + best)
            and (k in titled or k in in_stem)
            and score(k) >= share * score(best)
        ]

    # "technician" counts every technician the text names: the role is the one it names;
    # "equipment technician" backs "biomedical equipment technician": the name in full
    for bare_only, share in ((True, 0.0), (False, 0.5)):
        longer = [] if best in titled or (bare_only and " " in best) else named_in_full(share)
        if longer:
            best = max(longer, key=lambda key: (score(key), len(key)))
    # "EMT" is the "Emergency Medical Technician (EMT)"
    spelled_out = _spelled_out(text, best, heads)
    if spelled_out:
        best = canonical(spelled_out)
        written.setdefault(best, []).insert(0, spelled_out)
    name = _display(best, written.get(best, []))
    stated = stated_names(text, best)
    # "vet receptionist" throughout, "veterinary-receptionist-faq" the file: the name in full
    full = _in_file_name(best, stem_words)
    if full and full != best:
        stated = tuple(dict.fromkeys([_tidy(written.get(best, [best])[0]), *stated]))
        name = _display(full, [])
    return DerivedRole(name, stated, short_forms(name, stated))


def _in_file_name(key: str, stem_words: Sequence[str]) -> str:
    """The words of a file name that name the occupation `key`, in full where the key clips
    them ("veterinary receptionist" for "vet receptionist"); "" when the name does not."""
    words = key.split()
    for j in range(len(stem_words) - len(words) + 1):
        span = [*stem_words[j : j + len(words) - 1], singular(stem_words[j + len(words) - 1])]
        if span == words or _clipped_form(words, span):
            return " ".join(span)
    return ""


def _spelled_out(text: str, key: str, heads: frozenset[str] = frozenset()) -> str:
    """The full name a text gives an abbreviation it mostly uses: "Emergency Medical
    Technician" for "EMT" when it writes "Emergency Medical Technician (EMT)"; empty when the
    key is not an abbreviation or the text never spells it out."""
    if " " in key:
        return ""
    for phrase, _, end in occupation_phrases(text, extra_heads=heads):
        abbreviation = _ABBREVIATION.match(text, end)
        if (
            abbreviation
            and abbreviation.group(1).lower() == key
            and abbreviates(abbreviation.group(1), phrase)
        ):
            return phrase
    return ""


def stated_names(text: str, role: str) -> tuple[str, ...]:
    """Other names the text gives the role: an abbreviation in brackets after it, the names
    after "also known as" / "also called" beside it, and the name before them when the role
    is the one named after."""
    # the role's own head word names the job in its text, in a word list or not ("scheduler")
    heads = frozenset(role.split()[-1:])
    names: list[str] = []
    for label in _NAMES_LABEL.finditer(text):  # "Also called: X, Y, Z." under the title
        names += _names_listed(label.group("names"), heads)
    for short in _SHORT_FOR.finditer(text):  # "LMT, short for licensed massage therapist"
        spelled = [
            canonical(p) for p, _, _ in occupation_phrases(short.group("name"), extra_heads=heads)
        ]
        if spelled and (spelled[0] == role or spelled[0].endswith(" " + role)):
            names.append(short.group("short"))
    previous = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for cue in _NAMES_THE_JOB.finditer(sentence):
            names += _names_after(sentence[cue.end() :], heads)
        same = _SAME_JOB.search(sentence)
        if same:
            listed = [
                p for p, _, _ in occupation_phrases(sentence[: same.start()], extra_heads=heads)
            ]
            if role in (canonical(p) for p in listed):
                names += listed
        for cue in _ALSO.finditer(sentence):
            before = occupation_phrases(sentence[: cue.start()], extra_heads=heads)
            after = _names_after(sentence[cue.end() :], heads)
            if not before:
                # "Sometimes called histology technicians ...": the job the sentence before
                # is about
                opening = not sentence[: cue.start()].strip(" (\"'")
                earlier = occupation_phrases(previous, extra_heads=heads)
                if opening and role in (canonical(p) for p, _, _ in earlier):
                    names += after
                continue
            subject = canonical(before[-1][0])
            # "Occupational health and safety technicians, often called ...": the phrase read
            # before the cue may be the role's name cut short at "and"
            cut_short = " " in subject and role.endswith(" " + subject)
            # "Our delivery technicians, often just called ...": a long name's last words
            named_before = sentence[: cue.start()].lower().count(role.split()[0])
            if subject == role or (cut_short and (named_before or len(role.split()) > 3)):
                names += after
            elif _clipped_form(subject.split(), role.split()):
                names += [before[-1][0], *after]  # "Lab assistants, also called lab aides"
            elif role in (canonical(n) for n in after):
                names.append(before[-1][0])
        previous = sentence
    known = {role} | {canonical(n) for n in names}
    for phrase, _, end in occupation_phrases(text, extra_heads=heads):
        key = canonical(phrase)
        if key not in known:
            continue
        abbreviation = _ABBREVIATION.match(text, end)
        if abbreviation and abbreviates(abbreviation.group(1), phrase):
            # the role's own abbreviation first: it is the name job seekers type most
            names.insert(0 if key == role else len(names), abbreviation.group(1))
        bracketed = _BRACKETED_NAME.match(text, end) if key == role else None
        in_brackets = _name_in(bracketed.group(1), heads) if bracketed else ""
        if in_brackets:  # "Childcare Worker (Daycare Assistant)": the name it goes by
            names.append(in_brackets)
        short = _FOR_SHORT.match(text, end)
        if short:
            names.append(short.group("short"))
    out: dict[str, str] = {}
    for name in names:
        key = canonical(name)
        if key and key != role and len(key.split()) <= 5:
            out.setdefault(key, _tidy(name))
    return tuple(out.values())


def _clipped_form(short: Sequence[str], full: Sequence[str]) -> bool:
    """ "lab assistant" for "clinical laboratory assistant": the full name's last words, one
    or more of them cut short to three letters or more, the head word whole."""
    if len(short) < 2 or len(short) > len(full):
        return False
    tail = full[len(full) - len(short) :]
    if short[-1] != tail[-1]:
        return False
    pairs = list(zip(short[:-1], tail[:-1], strict=True))
    return all(len(s) >= 3 and t.startswith(s) for s, t in pairs) and any(s != t for s, t in pairs)


_COMPOUND_HEADS = ("technician", "technologist", "therapist", "assistant")


def _initials(name: str) -> str:
    """ "HT" for Histotechnician: a word made of a field and a head gives both initials."""
    out = []
    for w in name.split():
        if w.lower() in _SMALL:
            continue
        out.append(w[0])
        for head in _COMPOUND_HEADS:
            if w.lower().endswith(head) and len(w) > len(head) + 2:
                out.append(head[0])
    return "".join(out).upper()


def abbreviates(short: str, name: str) -> bool:
    """ "CNA" for Certified Nursing Assistant, "CPhT" for Certified Pharmacy Technician: its
    capitals are the name's initials (so "ARRT" after "... of Radiologic Technologists" is an
    organisation's, not the role's), or its last words' ("CSR" for veterinary client service
    representative)."""
    capitals = "".join(c for c in short if c.isupper())
    words = [w for w in name.split() if w.lower() not in _SMALL]
    return capitals == _initials(name) or any(
        capitals == _initials(" ".join(words[k:])) for k in range(1, len(words) - 1)
    )


# the items of a list of names after "also called": "X, Y or Z", "X and Y"; a label's list
# keeps "and" inside a name ("brace and limb fabrication technician")
_LIST_ITEMS = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+")
_LABEL_ITEMS = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+|;\s*")
_DETERMINERS = {"the", "a", "an", "our", "their", "your", "his", "her", "its", "this"}


def _bare(part: str) -> str:
    """A name without the quotes, markup and article around it: 'simply a "monitor tech"'."""
    while True:
        stripped = re.sub(
            r"^(?:a|an|the|simply|just|also|often|sometimes|usually)\s+",
            "",
            part.strip(" ,.\"“”'‘’*_"),
            flags=re.I,
        )
        if stripped == part:
            return part
        part = stripped


def _name_in(part: str, heads: frozenset[str] = frozenset()) -> str:
    """The longest run of a part's words that ends in an occupation word or an abbreviation,
    or "" when the part is no name ("work under the direction of ...")."""
    if re.fullmatch(r"\s*[\"“][A-Za-z][\w&-]{1,15}[\"”]\s*", part):
        return _bare(part)  # a nickname in quotes: "biomed", "para"
    words = _bare(part).split()[:5]
    ends = [
        i
        for i, w in enumerate(words)
        if is_head_noun(w.lower().strip("'’"), heads)
        or _NAME_ABBREVIATION.fullmatch(w)
        or w.lower().endswith("tech")  # "histotech"
    ]
    if not ends or set(w.lower() for w in words[1 : ends[-1]]) & _DETERMINERS:
        return ""
    return " ".join(words[: ends[-1] + 1])


def _names_after(rest: str, heads: frozenset[str] = frozenset()) -> list[str]:
    cut = _NAME_END.search(rest)
    span = rest[: cut.start()] if cut else rest
    again = _ALSO.search(span)  # "BT, and sometimes called ABA therapists": a list of its own
    span = span[: again.start()] if again else span
    names = []
    for part in _LIST_ITEMS.split(span):
        name = _name_in(part, heads)
        if not name:
            break  # a clause ("..., supports the therapists") ends the names
        names.append(name)
    return names


def _names_listed(line: str, heads: frozenset[str] = frozenset()) -> list[str]:
    """The names a label lists ("Also called: CHW, promotor/a, community health
    representative (CHR), patient navigator (in some clinics)"): each item that is a name,
    and an abbreviation in brackets after it."""
    names = []
    for item in _LABEL_ITEMS.split(line.split(". ")[0]):
        inside = re.findall(r"\(([^)]*)\)", item)
        name = _name_in(re.sub(r"\([^)]*\)", " ", item).rstrip(". "), heads)
        if name:
            names.append(name)
            names += [a.strip() for a in inside if _NAME_ABBREVIATION.fullmatch(a.strip())]
    return names


def _tidy(name: str) -> str:
    words = name.split()
    if words and any(c.isupper() for c in words[-1][1:]):  # an abbreviation: "CPhT", "CNAs"
        if words[-1].endswith("s") and words[-1][-2].isupper():
            words[-1] = words[-1][:-1]
    elif words:
        last = singular(words[-1])
        words[-1] = last if words[-1].islower() else last[:1].upper() + last[1:]
    return " ".join(words)


def short_forms(name: str, stated: Sequence[str] = ()) -> tuple[str, ...]:
    """Short names job seekers type, guessed from the title: "pharmacy tech", "PT aide",
    "PTA". The catalog drops the ones two roles share."""
    words = name.split()
    if len(words) < 2:
        return ()
    head = words[-1].lower()
    modifiers = [w for w in words[:-1] if w.lower() not in _SMALL]
    out: list[str] = []
    if head in ("technician", "technologist"):
        out.append(" ".join([*(w.lower() for w in words[:-1]), "tech"]))
    if len(modifiers) == 2 and modifiers[-1].lower() in _FIELDS:
        # the therapies go by their initials: "PT aide", "OT tech"
        initials = "".join(w[0].upper() for w in modifiers)
        out.append(f"{initials} {head}")
        if head in ("technician", "technologist"):
            out.append(f"{initials} tech")
    if head == "specialist":
        # "Medical Billing and Coding Specialist" is a "medical coder", a "biller"
        # the activities the specialist does: a gerund right before the head or before "and"
        # ("Nursing Informatics Specialist" names no nurser)
        doing = [
            w
            for w, after in zip(words, [*words[1:], ""], strict=True)
            if after.lower() in ("and", head)
        ]
        doers = [w.lower()[:-3] + "er" for w in doing if w.lower().endswith("ing")]
        doers = [d for d in doers if is_english_word(d)]
        field = [w.lower() for w in modifiers[:1] if w.lower() in _DOER_FIELDS]
        for doer in doers:
            out += [" ".join([*field, doer])] + ([doer] if field else [])
    letters = "".join(w[0].upper() for w in [*modifiers, words[-1]])
    if len(letters) >= 3 and not is_english_word(letters.lower()):
        out.append(letters)
    known = {canonical(s) for s in stated}
    return tuple(o for o in dict.fromkeys(out) if canonical(o) not in known)
