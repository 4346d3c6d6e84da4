"""Settings of the answering step; nested in the full Settings."""

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class BotSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chunk_candidates: int = Field(12, ge=1, le=200, description="Chunks kept after rank fusion.")
    max_quotes: int = Field(5, ge=1, le=20, description="Most passages quoted in one answer.")
    answer_words: int = Field(110, ge=30, le=600, description="Soft word budget of an answer.")
    offtopic_similarity: float = Field(
        0.42,
        ge=0,
        le=1,
        description="A question naming no role and no topic is refused as off-topic when no "
        "passage is at least this similar (cosine). Calibrated on eval/questions.yaml.",
    )
    topic_only_similarity: float = Field(
        0.3,
        ge=0,
        le=1,
        description="The same floor for a question naming a topic (pay, licence...) but no role.",
    )
    freshness_seconds: float = Field(
        2.0, ge=0, description="How often the bot checks the store for newly ingested documents."
    )
    llm: str | None = Field(
        None,
        description="Optional LLM as provider:model, e.g. ollama:llama3.2 or openai:gpt-4o-mini. "
        "Empty means extractive answers with no LLM.",
    )
    llm_base_url: str | None = Field(
        None, description="Base URL of the LLM server (Ollama or OpenAI-compatible)."
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for the LLM server, if any.")
    llm_timeout_seconds: float = Field(30.0, gt=0, description="Give up on the LLM after this.")
