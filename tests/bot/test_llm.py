"""The optional LLM path, with LangChain's fake chat models: no network."""

from dataclasses import replace

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.config import BotSettings
from bot.errors import BotError
from bot.llm import LLMRewriter, make_chat_model


class DownChatModel(FakeListChatModel):
    """A chat model whose server is down."""

    def _call(self, *args, **kwargs):
        raise ConnectionError("connection refused")


@pytest.fixture
def extractive(bot):
    return bot.answer("how much do kelp farm technicians make?")


def rewriter(bot, *responses):
    return LLMRewriter(FakeListChatModel(responses=list(responses)), bot.embedder.encode)


def number_of(extractive, figure):
    return next(c.n for c in extractive.citations if figure in c.quote)


def test_supported_sentences_with_good_citations_are_kept(bot, extractive):
    n = number_of(extractive, "$41,300")
    reply = f"A kelp farm technician can expect an average of $41,300 (USD) per year [{n}]."
    out = rewriter(bot, reply).rewrite(extractive)
    assert out.answer.startswith("A kelp farm technician can expect an average of $41,300")
    assert "[1]" in out.answer and len(out.citations) == 1
    assert "$41,300" in out.citations[0].quote
    assert not out.notice


def test_unsupported_sentences_are_dropped_and_said_so(bot, extractive):
    n = number_of(extractive, "$41,300")
    reply = (
        f"The average pay is $41,300 (USD) per year [{n}]. "
        f"Most technicians also get a $5,000 signing bonus [{n}]."
    )
    out = rewriter(bot, reply).rewrite(extractive)
    assert "$41,300" in out.answer
    assert "signing bonus" not in out.answer and "5,000" not in out.answer
    assert "1 unsupported sentence" in out.answer


def test_bogus_citations_fall_back_to_the_extractive_answer(bot, extractive):
    out = rewriter(bot, "Technicians earn $90,000 [7]. They love their jobs.").rewrite(extractive)
    assert out.citations == extractive.citations
    assert extractive.answer in out.answer
    assert out.notice and out.answer.startswith("_LLM unavailable")


def test_a_reply_without_citations_falls_back(bot, extractive):
    out = rewriter(bot, "They earn a decent living.").rewrite(extractive)
    assert out.citations == extractive.citations and "no passage" in out.notice


def test_a_server_error_falls_back_with_a_one_line_notice(bot, extractive):
    out = LLMRewriter(DownChatModel(responses=["unused"]), bot.embedder.encode).rewrite(extractive)
    assert out.citations == extractive.citations
    assert "ConnectionError" in out.notice and "\n" not in out.notice


def test_the_bot_uses_the_llm_when_attached_and_never_for_refusals(bot):
    answer = bot.answer("Do KFAs need a license?")
    n = next(c.n for c in answer.citations if "State aquaculture license" in c.quote)
    bot.llm = rewriter(bot, f"Yes: a state aquaculture license [{n}].")
    try:
        with_llm = bot.answer("Do KFAs need a license?")
        assert with_llm.answer.startswith("Yes: a state aquaculture license")
        refused = bot.answer("What does a registered nurse earn?")
        assert refused.refused and "registered nurse" in refused.answer
    finally:
        bot.llm = None


def test_unknown_provider_is_a_clear_error():
    with pytest.raises(BotError, match="ollama:MODEL, openai:MODEL"):
        make_chat_model(BotSettings(llm="gemini:pro"))


def test_providers_build_langchain_chat_models_without_calling_them():
    ollama = make_chat_model(BotSettings(llm="ollama:llama3.2", llm_base_url="http://127.0.0.1:9"))
    openai = make_chat_model(
        BotSettings(llm="openai:gpt-4o-mini", llm_base_url="http://127.0.0.1:9/v1")
    )
    assert type(ollama).__name__ == "ChatOllama" and type(openai).__name__ == "ChatOpenAI"


def test_prompt_carries_the_passages_and_the_rules(bot, extractive):
    messages = rewriter(bot, "x").messages(replace(extractive), history=[])
    assert "ONLY" in messages[0].content and "[1]" in messages[-1].content
    assert extractive.citations[0].quote in messages[-1].content
