"""Only an LLM's reply streams, as it arrives and sentence by checked sentence; the live
region hears the answer once, when it is complete."""

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.feedback import FeedbackStore
from bot.llm import LLMRewriter
from web.chat import ChatApp

QUESTION = "how much do kelp farm technicians make?"


@pytest.fixture
def llm_bot(bot):
    yield bot
    bot.llm = None


def test_an_llm_reply_streams_its_checked_sentences_and_is_announced_once(llm_bot, tmp_path):
    extractive = llm_bot.answer(QUESTION)
    n = next(c.n for c in extractive.citations if "$41,300" in c.quote)
    reply = (
        f"A kelp farm technician can expect an average of $41,300 (USD) per year [{n}]. "
        f"Most technicians also get a $5,000 signing bonus [{n}]. "
        f"That is $41,300 (USD) per year on average [{n}]."
    )
    llm_bot.llm = LLMRewriter(FakeListChatModel(responses=[reply]), llm_bot.embedder.encode)
    app = ChatApp(llm_bot, FeedbackStore(tmp_path / "f.sqlite"))
    # each step as it was when it was sent (the chat changes one list in place)
    steps = [(m[-1]["content"], said) for m, _, _, said in app.respond(QUESTION, [], "", {})]
    shown = [text for text, _ in steps]
    assert len(steps) >= 2  # the first sentence came before the reply was complete
    assert "$41,300" in shown[0] and "That is" not in shown[0]
    assert all("signing bonus" not in text for text in shown)  # never shown, not even briefly
    assert "That is $41,300" in shown[-1] and "1 unsupported sentence" in shown[-1]
    announcements = [said for _, said in steps]
    assert all(not isinstance(a, str) for a in announcements[:-1])  # left unchanged
    assert "That is $41,300" in announcements[-1]


def test_without_an_llm_the_answer_is_one_update(bot, tmp_path):
    app = ChatApp(bot, FeedbackStore(tmp_path / "f.sqlite"))
    steps = list(app.respond(QUESTION, [], "", {}))
    assert len(steps) == 1 and "$41,300" in steps[0][0][-1]["content"]
