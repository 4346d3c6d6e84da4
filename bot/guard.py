"""What kind of request a question is, decided from the whole of it before anything is searched.

careerbot answers requests for information in the career guides. It does not carry out tasks
(write a cover letter, translate the duties), it does not give personal medical, legal,
financial or safety advice, and it does not take instructions, wherever they are written: in
the question, in an HTML comment, in brackets or quotes. Naming a role changes none of this:
"write me a cover letter for an OT tech job" is a task, not a question about OT techs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.question import Question
from bot.text import normalize

INFORMATION, TASK, ADVICE, INSTRUCTION, GREETING = (
    "information",
    "task",
    "advice",
    "instruction",
    "greeting",
)


@dataclass(frozen=True)
class Request:
    kind: str  # INFORMATION, TASK, ADVICE, INSTRUCTION or GREETING
    domain: str = ""  # for advice: "medical", "legal", "financial" or "safety"


# Instructions to the bot, in the question itself.
_OVERRIDE = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|prompts?|rules|"
    r"guidelines|previous|above|knowledge base|context|everything|documents?|guides?|sources?)\b"
    r"|\bsystem prompt\b|\byour (instructions|prompt|rules|programming|guidelines)\b"
    r"|\byou are now\b|\b(from now on|you (will|must|should|are to|can now)|please) act as\b"
    r"|\bpretend\b|\bjailbreak|\bdeveloper mode\b|\bdan\b.*\b(mode|now)\b|\bnew rules?\b"
    r"|\bmake (it|something|one|them) up\b|\bmake up\b|\binvent (a|an|some|the)\b|\bfabricate\b"
    r"|\bno restrictions\b|\broleplay\b|\brole-play\b|\bunrestricted\b|\bsudo\b"
    r"|<\s*/?\s*(system|assistant|instructions?)\s*>|\bnew instructions\b"
    r"|\b(even if|whether or not) (it'?s|they'?re|the (documents?|guides?|knowledge base)) "
    r"(doesn'?t|don'?t|do not|does not|not)\b"
    r"|\b(tell|inform) (the user|users|everyone|them|people) (that|they)\b"
    r"|\b(say|state|claim|confirm|assert|answer|reply|respond)\b.{0,12}\b(that )?(the (documents?|"
    r"guides?|sources?|knowledge base) (says?|state|claims?)|yes to everything|only with)\b"
    r"|\b(do not|don't|never) (cite|mention|use|check) (the )?(sources?|documents?|citations?|"
    r"guides?)\b|\bwithout (any )?(citations?|sources?)\b|\bjust (guess|make)\b"
    r"|\b(skip|drop|remove|leave out|forget) (the |all )?(citations?|sources?|quotes?|documents?|"
    r"guides?)\b|\byour (own |honest |personal |real )?(opinion|knowledge|thoughts)\b"
    r"|\b(answer|respond|reply) (from|with|using|in) your\b|\bfrom now on\b"
    r"|(^|[\s\"'(\[])(system|assistant)\s*:|\bnote to (the )?(ai|bot|assistant|model|system)\b"
    r"|\b(ai|bot|assistant|model) reading this\b|\b(and|then|just|also) say (that )?\b",
)
# In an aside (a comment, markup, brackets, quotes), any words addressed to the bot.
_ADDRESSED = re.compile(
    r"\b(ignore|disregard|forget|override|pretend|act as|you are|you're|you must|you will|"
    r"you should|say|tell|answer|respond|reply|output|print|write|claim|state that|confirm|"
    r"repeat|reveal|assistant|system|instructions?|prompt|bot|ai|model)\b"
)

_ARTIFACTS = (
    r"cover letters?|resumes?|résumés?|cvs?|e-?mails?|letters?|essays?|poems?|haikus?|"
    r"limericks?|stor(y|ies)|songs?|jokes?|speech(es)?|scripts?|code|programs? in|"
    r"interview (answers|questions|responses)|answers for (my|an|the) interview|linkedin|"
    r"bios?|biograph(y|ies)|profiles?|messages?|posts?|tweets?|thank[- ]you( notes?)?|"
    r"personal statements?|statements? of purpose|job (ad|posting|description)s?|riddles?|"
    r"raps?|lyrics|recipes?|summar(y|ies) of my|elevator pitch(es)?|slogans?|"
    r"(study|workout|meal|career|business|training|week|weekly|daily) (schedules?|plans?)|"
    r"schedules?|timetables?|flash ?cards|practice (questions|tests?|exams?)|quiz(zes)?|"
    r"workouts?|playlists?|routines?|lesson plans?|class plans?|flyers?"
)
_TASK_VERBS = (
    r"write|draft|compose|create|generate|make|prepare|produce|rewrite|edit|proofread|polish|"
    r"improve|format|fix|review|critique|design|give|tell|sing"
)
_REQUEST_START = (
    r"(^|[.!?;:,]\s*|\b(please|pls|can you|could you|would you|will you|help me( to)?|"
    r"i need( you)?( to)?|i want( you)?( to)?|i'd like( you)?( to)?|now|also|then)\s+)"
)
_TASK = re.compile(
    _REQUEST_START
    + r"("
    + _TASK_VERBS
    + r")\b(?:\s+(me|us|him|her|them))?\b.{0,40}\b("
    + _ARTIFACTS
    + r")\b"
    r"|\btranslat(e|ion)\b.{0,60}\b(into|to|in)\s+[a-z]+\b|\bin (spanish|french|german|chinese|"
    r"arabic|portuguese|tagalog|vietnamese|korean|russian|hindi|italian|japanese)\b"
    r"|\b(summari[sz]e|rewrite|edit|proofread|review|critique|improve|fix|shorten|format) "
    r"(my|it|this|that|these)\b(?! (job|role|career|up))"
    r"|\bhere('s| is) my (resume|cv|cover letter|draft|essay|letter|profile|statement)\b"
    r"|\b(role ?play|simulate|mock interview|interview me|quiz me)\b"
    # words to say for the asker: "a good interview answer for ...", "how should I answer ..."
    r"|\b(good|best|strong|great|perfect) interview (answers?|responses?|replies) (to|for)\b"
    r"|\b(good|best|strong|great|perfect) (answers?|responses?|replies) (to|for)\b.{0,60}"
    r"\binterview"
    r"|\b(what|how) (should|do|would|could) i (say|answer|respond|reply)\b.{0,40}\binterview"
    r"|\binterview\b.{0,40}\b(what|how) (should|do|would|could) i (say|answer|respond|reply)\b"
)

# A person's own health, told: "I have a bad back", "I'm pregnant", "I hurt my wrist".
_HEALTH_TOLD = re.compile(
    r"\b(i|i'm|im|i am|i've|ive|i have|i had|i got|i was)( been| recently| currently| just|"
    r" really| so| now)?\s+(\w+\s+){0,3}(pregnan\w*|injured|hurt|strained|sprained|sick|ill|"
    r"diagnosed|in pain|disabled|recovering)\b"
    r"|\b(i|i've|ive) (hurt|injured|strained|sprained|pulled|broke|twisted|tore) my\b"
    # a body part told of with what is wrong with it ("my back hurts", not "good with my hands")
    r"|\bmy (bad |sore |injured |weak )?(back|knees?|wrists?|shoulders?|neck|hips?|ankles?|hands?"
    r"|arms?|legs?|feet|foot|eyes?|skin|chest|head|stomach|lungs?|ears?)\b(?=.{0,30}\b(hurts?"
    r"|hurting|aches?|aching|pain|injur\w*|sore|problems?|issues?|surgery|broken|weak|bad|burn\w*"
    r"|itch\w*|swollen|numb\w*|bleed\w*|shak\w*|trembl\w*|gives? out|acting up))"
    r"|\bmy (bad|sore|injured|weak) (back|knees?|wrists?|shoulders?|neck|hips?|ankles?)\b"
    r"|\bmy (health|"
    r"pregnancy|injury|pain|condition|symptoms|diagnosis|disability|anxiety|depression|adhd|"
    r"asthma|diabetes|migraines?|arthritis|allerg\w*|doctor|meds|medication|inhaler|insulin|"
    r"dose|dosage)\b"
    r"|\b(i have|i've got|ive got|i got|i've had|i had|i suffer from) (\w+ ){0,2}(asthma|diabetes|"
    r"migraines|arthritis|allergies|epilepsy|seizures|a heart condition|high blood pressure|copd)\b"
    r"|\b\d+ (months|weeks) pregnant\b"
    r"|\b(i have|i've got|ive got|i got|i've had|ive had|i had|i'm having|im having|i keep getting)"
    r" (\w+ ){0,2}(pain|aches?|fever|rash|infection|cough|swelling|dizziness|numbness|headaches?|"
    r"chest pain|shortness of breath)\b(?! (control|management|prevention|training|experience"
    r"|care|relief|assessment))"
    r"|\b(i'm|im|i am|i feel|i've been|ive been) (\w+ ){0,2}(dizzy|nauseous|feverish"
    r"|short of breath)\b"
    r"|\b(i have|i've got|ive got|i got|i've had|i had) (a |an )?(bad|weak|injured|sore|"
    r"chronic|broken|torn|slipped|herniated)\b"
)
# Asking what to do about it: treatment, doses, whether it is safe for them.
_HEALTH_ASKED = re.compile(
    r"\b(what|which|how much|any) (stretches|exercises|meds|medications?|medicines?|pills?|"
    r"painkillers?|dose|dosage|treatment) (should|can|could|do|would) (i|you recommend)\b"
    r"|\b(should|can|could) i (just |still |also )?(take|use|try)\b.{0,30}\b(meds|medications?|"
    r"ibuprofen|tylenol|advil|aspirin|antibiotics?|pills?|painkillers?|drugs?)\b"
    r"|\bwhat (meds|medication|medicine|antibiotic)\b"
    r"|\b(stretches|exercises) (and|or) (meds|medication)\b"
    r"|\bhow much (ibuprofen|tylenol|acetaminophen|advil|aspirin|medicine|medication|benadryl)\b"
    r"|\b(dose|dosage) (of|for)\b|\bhow (do|should|can) i (treat|heal|fix|manage) (my|it|this)\b"
    r"|\bshould i (keep|stop|continue|quit) (working|lifting|going)\b|\bwhat should i do\b"
    r"|\bshould i (double|increase|decrease|lower|raise|skip|stop|change|take|use) (my|the|a|an|"
    r"extra) (dose|dosage|meds|medications?|inhaler|insulin|pills?|prescription|puffs?)\b"
)
_LEGAL = re.compile(
    r"\b(sue|suing|lawsuit|lawyer|attorney|legal advice|legally|illegal|unlawful|"
    r"discriminat\w*|harass\w*|wrongful\w*|my rights|labor board|file a complaint|"
    r"workers'? comp(ensation)? claim|non[- ]?competes?|break my contract|breach|small claims)\b"
    r"|\bcan (they|he|she|it|my \w+|the \w+) (actually |legally |really )?enforce\b"
    r"|\btake (them|him|her|it|my \w+|the \w+) to court\b"
    r"|\b(will|would|could|can) i (go to jail|get arrested|be arrested|get locked up)\b"
    r"|\bwhat should i (tell|say to) (my|the) (po|probation officer|parole officer|lawyer|judge"
    r"|attorney)\b|\b(on|violat\w*) (my )?(probation|parole)\b.{0,60}\b(should|will|what|can)\b"
    r"|\bcan (my|an|the) (employer|boss|manager|company|clinic|hospital) (fire|terminate|make|"
    r"force|refuse|deny|cut|dock|withhold)\b|\b(fired|terminated|laid off) me\b"
)
_FINANCIAL = re.compile(
    r"\b(which|what) (funds?|stocks?|investments?|etfs?|index funds?|bonds?)\b"
    r"|\binvest(ing|ment)?\b.{0,30}\b(my|401|ira|roth|savings)\b"
    r"|\b(my|our) (401 ?\(?k\)?|403 ?\(?b\)?|ira|roth|pension|portfolio|savings|taxes|debts?|"
    r"loans?|mortgage|budget|credit)\b.{0,50}\b(should|which|how|pick|choose|allocate|invest|pay"
    r" off|put)\b|\b(tax|taxes) (advice|deduct\w*|returns?)\b"
    r"|\bpay (down|off) (my|the)\b.{0,30}\b(loans?|debts?|cards?|mortgage)\b|\b(invest|save) it\b"
    r"|\bshould i take (out )?(a |an )?(\w+ )?loan\b"
    r"|\bloan (from|against|out of) (my|our) (401|403|ira|roth|retirement|pension)"
    r"|\bshould i (invest|buy|sell|refinance|take out|borrow|consolidate|use|put|pay off|get"
    r"|cash out|withdraw|drain|empty)\b"
    r".{0,50}\b(loans?|credit cards?|debt|savings|money|401|403|ira|stocks?|funds?|mortgage"
    r"|cards?)"
)
_SAFETY = re.compile(
    r"\b(is it|would it be) (safe|ok|okay|risky|dangerous) (for me )?to\b|\bsafe for me\b"
    r"|\bat risk if i\b"
)
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|me|my|myself)\b")
_GREETING = re.compile(
    r"^(hi|hello|hey|hiya|good (morning|afternoon|evening)|thanks|thank you|thx|ty|ok|okay|"
    r"cool|great|bye|goodbye)( there| careerbot| so much| you)?[.! ]*$"
)


def is_instruction(text: str) -> bool:
    return bool(_OVERRIDE.search(normalize(text)))


def is_task(text: str) -> bool:
    return bool(_TASK.search(normalize(text)))


def advice_domain(text: str) -> str:
    """ "medical", "legal", "financial" or "safety" for a request for personal advice, else ""."""
    text = normalize(text)
    told = bool(_HEALTH_TOLD.search(text))
    if _HEALTH_ASKED.search(text) or told and (_asks_about_self(text) or _SAFETY.search(text)):
        return "medical"
    if _LEGAL.search(text):
        return "legal"
    if _FINANCIAL.search(text):
        return "financial"
    if _SAFETY.search(text) and _FIRST_PERSON.search(text):
        return "safety"
    return ""


def health_told(text: str) -> bool:
    """The question tells of the asker's own health, without asking what to do about it
    ("how demanding is the job? I have a bad back"): answered, with a word of care."""
    return bool(_HEALTH_TOLD.search(normalize(text)))


def _asks_about_self(text: str) -> bool:
    """ "can I still work as ...", "will I be able to ...": the question is about the asker."""
    return bool(
        re.search(
            r"\b(can|could|should|will|would|may) i\b|\bam i (able|allowed|ok)\b|\bis it ok "
            r"(for me|if i)\b|\bwill i be able\b",
            text,
        )
    )


def _bracketed(question: Question) -> list[str]:
    """The asides written in brackets: a quotation may say "tell", a bracketed note to the
    bot is an instruction."""
    return [a for a in question.asides if f"[{a}]" in question.text or f"{{{a}}}" in question.text]


def read_request(question: Question) -> Request:
    """What the question asks of the bot, from all of it (asides included)."""
    if (
        is_instruction(question.asked)
        or any(_ADDRESSED.search(normalize(h)) for h in question.hidden)
        or any(_ADDRESSED.search(normalize(a)) for a in _bracketed(question))
        or any(is_instruction(a) for a in question.asides)
    ):
        return Request(INSTRUCTION)
    if is_task(question.text):
        return Request(TASK)
    domain = advice_domain(question.text)
    if domain:
        return Request(ADVICE, domain)
    if _GREETING.match(question.normalized):
        return Request(GREETING)
    return Request(INFORMATION)
