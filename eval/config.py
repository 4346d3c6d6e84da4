"""Settings of the evaluation step; nested in the full Settings."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class EvalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    questions: Path | None = Field(
        None, description="Question set (YAML or CSV); empty means the shipped eval/questions.yaml."
    )
    thresholds: Path | None = Field(
        None, description="Gate thresholds; empty means the shipped eval/thresholds.yaml."
    )
    out_dir: Path = Field(Path("eval/out"), description="Where reports are written.")
