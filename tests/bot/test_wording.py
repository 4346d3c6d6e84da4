"""A passage's word counts as the question's when it is the same word written otherwise."""

from bot.text import content_stems
from bot.wording import SYNONYM_SHARE, TermMatcher, Vocabulary


def _stems(text: str) -> set[str]:
    return set(content_stems(text))


def _shares(question_word: str, passage: str) -> dict[str, float]:
    [term] = content_stems(question_word)
    passage_stems = _stems(passage)
    return TermMatcher({term}, passage_stems).shares(passage_stems)


def test_another_ending_of_the_question_word_is_the_same_word():
    # the stemmer leaves "specialty" and "specializations" apart
    assert _shares("specialty", "These may include specializations in storm repairs.") == {
        content_stems("specialty")[0]: 1.0
    }
    assert _shares("compliance", "Comply with harbour regulations.")


def test_an_everyday_word_meets_the_trade_s_word_at_a_share():
    assert list(_shares("kids", "Some work in pediatric clinics.").values()) == [SYNONYM_SHARE]
    assert list(_shares("CV", "On a resume, look for a boat card.").values()) == [SYNONYM_SHARE]


def test_a_short_common_beginning_is_no_match():
    assert _shares("state", "A written statement of duties.") == {}
    assert _shares("treat", "Treatment plans are written by the therapist.") == {}


def test_the_knowledge_base_s_related_stems_are_found_both_ways():
    vocabulary = Vocabulary(_stems("specializations specialty compliance comply pediatric boats"))
    assert vocabulary.related(content_stems("specialty")[0]) == {content_stems("special")[0]}
    assert vocabulary.related(content_stems("special")[0]) == {content_stems("specialty")[0]}
    assert content_stems("pediatric")[0] in vocabulary.related(content_stems("kids")[0])
    assert vocabulary.related(content_stems("boats")[0]) == set()


def test_the_keyword_index_s_plain_stems_meet_the_everyday_word():
    # the keyword index stems "children" to "children" and "kids" to "kid"
    vocabulary = Vocabulary(["children", "pediatr", "boat"])
    assert vocabulary.related("kid") == {"children", "pediatr"}


def test_a_phrase_is_read_in_the_words_passages_use():
    from bot.evidence import question_terms

    # "move up" is advancement, not moving patients
    terms = question_terms("is there room to move up as a kelp tech?")
    assert content_stems("advance")[0] in terms
    assert content_stems("move")[0] not in terms


def test_a_person_s_word_or_a_look_alike_is_not_the_question_s_word():
    # "physical" is no "physician", "technical" no "technician", "direct" no "director"
    assert _shares("physical", "You work under a physician.") == {}
    assert _shares("technical", "Technicians tie the knots.") == {}
    assert _shares("direct", "Directors set the schedule.") == {}
    # a stressful job is not one that takes blood pressure
    assert _shares("stressful", "Take vital signs such as blood pressure.") == {}
