"""What is on a page but is not its content: navigation, banners, calls to action, marketing.

Career pages are web pages first: a job posting comes with a site menu and a cookie banner, a
guide ends with "Similar Posts" and "Immerse yourself further with our generator". None of it
says anything about the role, so none of it is indexed or quoted. HTML pages lose most of it
in extraction (ingest.loaders); these rules catch what remains in any format, line by line.
Each rule names a kind of page furniture, never a particular document's wording.
"""

from __future__ import annotations

import re

# Lines that are page furniture whatever follows them.
_FURNITURE = re.compile(
    r"^\W*("
    # cookie and consent banners
    r"we use cookies|this (site|website) uses cookies|by (continuing|using) (to use )?this site"
    r"|accept (all|cookies)|manage (cookie )?preferences|cookie (policy|settings)"
    # legal lines and footers
    r"|disclaimer\s*:|copyright\b|©|\(c\) \d{4}|all rights reserved|privacy policy"
    r"|terms (of (use|service)|and conditions)|equal opportunity statement\s*:?$"
    # notices about the document itself
    r"|(this is an? )?(fictional|sample|illustrative)( test)? (document|fixture|posting|profile)\b"
    # calls to action
    r"|apply (now|today|here)\b|sign up\b|subscribe\b|click here|learn more\b|read more\b"
    r"|share (this|on)\b|follow us\b|get started\b|request (info|information)\b"
    r"|contact us\b|join our (talent|mailing)|create (an|your) account|log ?in\b|back to top"
    r"|download (our|the|a) |save (this )?job\b|get job alerts|set up job alerts"
    # lists of links to other pages
    r"|similar (posts|jobs|articles)|related (posts|jobs|articles|reading)|more resources"
    r"|you (may|might) also like|leave a (reply|comment)|recent posts|popular posts"
    r"|posted \d+ (minutes?|hours?|days?|weeks?) ago|listing #|job id\b"
    r"|your email address will not be published|required fields are marked"
    # marketing of the site itself
    r"|immerse yourself|check out our|try our|use our|explore our|discover our"
    r")",
    re.IGNORECASE,
)
# Anywhere in a line: the site selling its own tools, or the page presenting itself ("Today,
# we present a tailor-made ... template, designed for posting on job boards").
_SELF_PROMOTION = re.compile(
    r"\bour (\w+ ){0,6}(generator|calculator|newsletter|app|tool|template)s?\b"
    r"|\bwhy stop there\b"
    r"|\b(we|i) (present|offer|bring) (you )?(a|an|this|our)\b[^.]{0,80}"
    r"\b(template|guide|article|post)\b",
    re.IGNORECASE,
)
# Blog filler: lines that introduce or wrap up and state nothing.
_FILLER = re.compile(
    r"^\W*((but|so|and|now) )?let[’']s\b|^\W*(so there (we|you) have it"
    r"|and guess what\b|you[’']re in the right place|look no further|without further ado"
    r"|read on\b|keep reading\b|in this (article|post|guide)\b|remember\s*:?$)",
    re.IGNORECASE,
)
# A template's note to whoever fills it in: "(specify the location or indicate if remote)".
_PLACEHOLDER = re.compile(r"\((specify|indicate|insert|enter|add|replace|include) [^)]*\)", re.I)
# A menu: short items between separators ("Programs · Admissions · Financial aid · Contact").
_SEPARATORS = re.compile(r"\s+[·|•»›/]\s+|\s{3,}")


# Where the document comes from, and when: "Occupational profile from the Pellham Workforce
# Handbook, 2025 edition", "From the Calloway Allied Health Careers series, updated spring
# 2026", "Career sheet -- Wrenfield Career Center (last reviewed: March 2025)". Short lines.
_PROVENANCE = re.compile(
    r"\blast (updated|reviewed|revised)\b"
    # a date after a separator, ending the line: ", updated spring 2026", "(reviewed: 03/2025)"
    r"|[,(|—–-]\s*(page )?(updated|reviewed|revised|published)( on| in)?:? (spring |summer |fall "
    r"|autumn |winter |january |february |march |april |may |june |july |august |september "
    r"|october |november |december |\d{1,2}/(\d{1,2}/)?)?\d{2,4}\W*$"
    r"|^(page )?(updated|reviewed|revised|published):? \S+\W*$"
    r"|^(from|part of) the [^.]{3,80}\b(series|handbook|profiles|library)\b[^.]*\b((19|20)\d\d"
    r"|edition|updated)\b",
    re.IGNORECASE,
)
# ... and the same in an italic line under the title ("*Occupational profile from the ...
# Handbook, 2025 edition*")
_ITALIC_PROVENANCE = re.compile(
    r"\b(from|by) the\b.*\b((19|20)\d\d edition|updated|handbook|series)\b", re.IGNORECASE
)


def is_menu(line: str) -> bool:
    """Three or more short items between separators, with no sentence among them."""
    if "\n" in line.strip():
        return False
    items = [p for p in _SEPARATORS.split(line.strip()) if p.strip()]
    if len(items) < 3:
        return False
    return all(len(item.split()) <= 4 and not item.rstrip().endswith(".") for item in items)


def is_boilerplate(line: str) -> bool:
    """Whether a line (a heading, a sentence, a bullet) is page furniture, not content."""
    raw = line.strip()
    text = raw.strip("*_#>").strip()
    if not text:
        return False
    italic = len(raw) > 2 and raw[0] in "*_" and raw[-1] in "*_"
    if len(text.split()) <= 20 and italic and _ITALIC_PROVENANCE.search(text):
        return True
    return bool(
        _FURNITURE.match(text)
        or _SELF_PROMOTION.search(text)
        or _FILLER.match(text)
        or is_menu(text)
        or _PLACEHOLDER.search(text)
        or (len(text.split()) <= 20 and bool(_PROVENANCE.search(text)))
    )


# Section headings under which everything is furniture ("Similar Posts", "Share this").
_FURNITURE_HEADING = re.compile(
    r"^\W*(similar (posts|jobs|articles)|related (posts|jobs|articles|reading|links)"
    r"|more resources|share( this)?|follow us|leave a (reply|comment)|comments?"
    r"|recent posts|popular posts|request info(rmation)?|sign up|subscribe|newsletter"
    r"|cookie (policy|settings)|footer|navigation|menu)\W*$",
    re.IGNORECASE,
)


def is_furniture_heading(heading: str) -> bool:
    return bool(_FURNITURE_HEADING.match(heading.strip()))
