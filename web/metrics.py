"""Prometheus metrics of one replica, served at /metrics.

Counters and histograms per process (one process per replica), so `sum by (...)` over the
replicas gives the deployment's figures. The bot and the feedback store are measured from
outside (the answering code knows nothing of metrics): MeasuredBot and MeasuredFeedback wrap
them with the same methods.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

# Seconds: a cached answer takes milliseconds, a loaded replica several seconds.
ANSWER_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
INGEST_BUCKETS = (0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """The metrics of one app; a registry of its own, so several apps live in one process."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        self.questions = Counter(
            "careerbot_questions",
            "Questions answered (chat, /ask API and MCP, role cards).",
            registry=registry,
        )
        self.refusals = Counter(
            "careerbot_refusals",
            "Questions refused: the knowledge base does not cover them.",
            registry=registry,
        )
        self.not_covered = Counter(
            "careerbot_not_covered",
            "Answers that say the knowledge base does not cover part of the question.",
            registry=registry,
        )
        self.answer_seconds = Histogram(
            "careerbot_answer_seconds",
            "Time to answer a question.",
            buckets=ANSWER_BUCKETS,
            registry=registry,
        )
        self.feedback = Counter(
            "careerbot_feedback",
            "Thumbs up and down given in the chat.",
            ["rating"],
            registry=registry,
        )
        self.errors = Counter(
            "careerbot_errors",
            "Failures, by operation (answer, feedback, ingest) and exception type.",
            ["operation", "kind"],
            registry=registry,
        )
        self.ingest_seconds = Histogram(
            "careerbot_ingest_seconds",
            "Duration of the ingests this replica ran (start-up, uploads, deletes).",
            buckets=INGEST_BUCKETS,
            registry=registry,
        )
        self.ingest_documents = Counter(
            "careerbot_ingest_documents",
            "Documents the ingests of this replica added, changed, removed or skipped.",
            ["change"],
            registry=registry,
        )
        self.ingest_chunks = Counter(
            "careerbot_ingest_chunks_embedded",
            "Chunks embedded by the ingests of this replica.",
            registry=registry,
        )
        self.chunks = Gauge(
            "careerbot_store_chunks",
            "Chunks in the store after the last ingest this replica ran.",
            registry=registry,
        )
        for rating in ("up", "down"):  # a series exists before its first event
            self.feedback.labels(rating)
        for change in ("added", "changed", "removed", "skipped"):
            self.ingest_documents.labels(change)

    def record_answer(self, answer) -> None:
        self.questions.inc()
        if answer.refused:
            self.refusals.inc()
        if answer.gaps:
            self.not_covered.inc()
        self.answer_seconds.observe(answer.latency_ms / 1000)

    def record_error(self, operation: str, exc: BaseException) -> None:
        self.errors.labels(operation, type(exc).__name__).inc()

    def record_ingest(self, report) -> None:
        """From an ingest's report (ingest.pipeline.IngestReport)."""
        self.ingest_seconds.observe(report.seconds)
        for change in ("added", "changed", "removed", "skipped"):
            self.ingest_documents.labels(change).inc(len(getattr(report, change)))
        self.ingest_chunks.inc(report.chunks_written)
        self.chunks.set(report.chunks_total)

    def measured_ingest(self, ingest: Callable) -> Callable:
        """An ingest function (ingest(progress=...) -> IngestReport) that records itself."""

        def run(*args, **kwargs):
            try:
                report = ingest(*args, **kwargs)
            except Exception as exc:
                self.record_error("ingest", exc)
                raise
            self.record_ingest(report)
            return report

        return run

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MeasuredBot:
    """The bot, counting its answers, refusals, gaps, latency and failures."""

    def __init__(self, bot, metrics: Metrics) -> None:
        self._bot = bot
        self._metrics = metrics

    def answer(self, question, history=(), role=None):
        try:
            answer = self._bot.answer(question, history, role)
        except Exception as exc:
            self._metrics.record_error("answer", exc)
            raise
        self._metrics.record_answer(answer)
        return answer

    def __getattr__(self, name):
        return getattr(self._bot, name)


class MeasuredFeedback:
    """The feedback store, counting thumbs up and down and failures to store them."""

    def __init__(self, feedback, metrics: Metrics) -> None:
        self._feedback = feedback
        self._metrics = metrics

    def rate(self, rating, answer, role=None, reason=None):
        try:
            row = self._feedback.rate(rating, answer, role, reason)
        except Exception as exc:
            self._metrics.record_error("feedback", exc)
            raise
        self._metrics.feedback.labels(rating).inc()
        return row

    def gap(self, record, role=None):
        try:
            return self._feedback.gap(record, role)
        except Exception as exc:
            self._metrics.record_error("feedback", exc)
            raise

    def __getattr__(self, name):
        return getattr(self._feedback, name)


def may_read_metrics(policy: str, client_host: str | None, headers) -> bool:
    """Whether a request may read /metrics: "network" lets anyone, "loopback" only a client on
    this machine that did not come through a proxy (a proxy on this machine connects from
    loopback, so a forwarded request is not local), "off" nobody."""
    if policy == "network":
        return True
    if policy != "loopback" or not client_host:
        return False
    if any(h in headers for h in ("x-forwarded-for", "forwarded", "x-real-ip")):
        return False
    try:
        return ipaddress.ip_address(client_host).is_loopback
    except ValueError:
        return client_host == "localhost"
