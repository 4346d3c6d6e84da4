"""Rank fusion: pure functions over ranked lists of ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> dict[str, float]:
    """Reciprocal rank fusion (Cormack et al., 2009).

    score(d) = sum over rankings i of  w_i / (k + rank_i(d)),  rank counted from 1;
    a ranking that does not hold d adds nothing.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def boost(scores: Mapping[str, float], bonus: Mapping[str, float]) -> dict[str, float]:
    """score(d) + bonus(d): topic and role preferences on top of the fused ranks."""
    return {item: score + bonus.get(item, 0.0) for item, score in scores.items()}


def ranked(scores: Mapping[str, float]) -> list[str]:
    """Ids by score, highest first; ties keep a stable, id-ordered place."""
    return sorted(scores, key=lambda item: (-scores[item], item))
