import yaml
from click.testing import CliRunner

from bot.feedback import FeedbackStore
from careerbot.cli import main


def test_thumbs_down_and_refused_questions_become_draft_rows(isolated_env):
    store = FeedbackStore(isolated_env / "feedback.sqlite")
    answer = {
        "question": "Do OT techs work weekends?",
        "answer": "The knowledge base does not cover nights or weekends.",
        "citations": [],
    }
    store.rate("down", answer)
    store.rate("up", {"question": "Do OTAs need a license?", "answer": "Yes [1]", "citations": []})
    store.refused(
        {
            "question": "What do radiology techs earn?",
            "answer": "The knowledge base has no information...",
        }
    )
    store.refused({"question": "what do  radiology techs earn?", "answer": "again"})
    store.refused({"question": "what does an OT tech actually do all day?", "answer": "in the set"})

    result = CliRunner().invoke(main, ["drafts"], catch_exceptions=False)
    rows = yaml.safe_load(result.stdout)
    assert [r["question"] for r in rows] == [
        "Do OT techs work weekends?",
        "What do radiology techs earn?",
    ]
    assert rows[0]["expect"] == "answer" and rows[0]["_why"] == "thumbs down"
    assert rows[1]["expect"] == "refuse" and rows[1]["facts"] == []
    assert result.stdout.startswith("# Draft rows")
