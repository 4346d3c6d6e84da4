"""The retrieval test: what the bot read in a question, the passages it ranks with their
scores, the answer it gives; and what is kept of an answer that shows a gap."""

import pytest

from bot.errors import BotError
from bot.inspect import explain, gap_record


def test_a_pay_question_reads_the_role_and_topic_and_ranks_the_pay_passage_first(bot):
    result = explain(bot, "How much do kelp techs make?")
    assert result["roles"] == ["Kelp Farm Technician"] and result["topics"] == ["salary"]
    (group,) = result["searched"]
    assert group["doc_ids"] == ["kelp-farm-technician"]  # only that role's document
    passages = group["passages"]
    first = passages[0]
    assert "Salary" in first["section"] and first["cited"]
    assert first["dense"] > 0 and first["bm25"] > 0 and first["dense_rank"] >= 1
    fused = [p["fused"] for p in passages]
    assert fused == sorted(fused, reverse=True)  # the fused score orders the list
    # the answer shown is the one the chat gives
    assert result["answer"]["answer"] == bot.answer("How much do kelp techs make?").answer
    assert "$41,300" in result["answer"]["answer"]


def test_the_passage_with_the_question_s_rare_word_leads_the_bm25_ranking(bot):
    result = explain(bot, "Do kelp techs need to swim?")
    passages = result["searched"][0]["passages"]
    swim = next(p for p in passages if "swim" in p["section"].lower())
    assert swim["bm25_rank"] == 1 and swim["rank"] == 1 and swim["cited"]
    assert "200-meter swim test" in swim["text"]


def test_a_question_naming_no_role_searches_every_document(bot):
    result = explain(bot, "Which job involves boats?")
    assert result["roles"] == []
    (group,) = result["searched"]
    assert group["group"] == "All documents"
    assert set(group["doc_ids"]) == {"kelp-farm-assistant", "kelp-farm-technician"}


def test_a_chosen_role_narrows_the_search_to_its_documents(bot):
    result = explain(bot, "what are the duties?", role="Kelp Farm Assistant")
    assert result["role_chosen"] == "Kelp Farm Assistant"
    assert [g["doc_ids"] for g in result["searched"]] == [["kelp-farm-assistant"]]
    assert {c["doc_id"] for c in result["answer"]["citations"]} == {"kelp-farm-assistant"}


def test_another_occupation_is_named_and_the_question_refused(bot):
    result = explain(bot, "What do radiology techs earn?")
    assert result["others"] == ["radiology techs"] and result["answer"]["refused"]


def test_bad_input_is_a_bot_error_as_in_the_chat(bot):
    with pytest.raises(BotError, match="empty"):
        explain(bot, "  ")
    with pytest.raises(BotError, match="Unknown role"):
        explain(bot, "what do they do?", role="Astronaut")


def test_a_gap_record_keeps_what_the_bot_read_of_refused_and_not_covered_answers(bot):
    refused = gap_record(bot, bot.answer("What do radiology techs earn?"))
    assert refused["refused"] and refused["others"] == ["radiology techs"]
    assert refused["topics"] == ["salary"] and refused["request"] == "information"
    nights = gap_record(bot, bot.answer("Do kelp farm assistants work nights?"))
    assert not nights["refused"] and nights["gaps"]
    assert "Kelp Farm Assistant" in nights["roles"]
    greeting = gap_record(bot, bot.answer("hello"))
    assert greeting["request"] == "greeting"
    assert gap_record(bot, bot.answer("How much do kelp techs make?")) is None
