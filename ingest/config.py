"""Settings of the ingestion step; the composition root nests them in the full Settings."""

from pydantic import BaseModel, ConfigDict, Field

from ingest.store import SEARCH_EF


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    batch_size: int = Field(16, ge=1, le=4096, description="Texts per embedding batch.")
    max_chunk_chars: int = Field(
        900,
        ge=200,
        le=20000,
        description="Soft upper bound on a chunk's length; tables stay whole.",
    )
    max_file_mb: float = Field(
        20.0, gt=0, description="Files larger than this are skipped with a message."
    )
    embedding_model: str | None = Field(
        None,
        description="A sentence-transformers model folder (torch) or .onnx file (onnx-int8); "
        "empty means the bundled MiniLM.",
    )
    embedding_backend: str = Field(
        "onnx-int8",
        description="How the model runs: onnx-int8 (onnxruntime, int8 weights) or torch "
        "(sentence-transformers). Changing it rebuilds the store.",
    )
    lock_wait_seconds: float = Field(
        300.0,
        ge=0,
        description="How long an ingest (an upload, `careerbot ingest`) waits for another one "
        "running on the same store, from any replica, to finish.",
    )
    collection_prefix: str = Field(
        "careerbot",
        description="Prefix of the Chroma collection names (lets stores share a server).",
    )
    search_ef: int = Field(
        SEARCH_EF,
        ge=10,
        le=10000,
        description="How widely Chroma's vector index searches (its HNSW ef_search). Wide "
        "enough that a knowledge base of some thousand sections is searched exactly, so the same "
        "question gets the same answer after every restart; lower is faster on very large "
        "stores.",
    )
