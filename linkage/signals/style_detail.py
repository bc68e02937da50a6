"""The writing-style signal's sentence about a pair (its evidence's detail): whether the two
accounts' writing was compared, how it came out and from how many words, which posts were left
out as following one template, and why the clue counted for less."""

from __future__ import annotations

from linkage.signals.style_features import Sample
from linkage.signals.style_kind import Kind


def pair_detail(
    bits: float,
    samples: tuple[Sample, Sample],
    kinds: tuple[Kind, Kind],
    factors: tuple[float, float, float],
    left: tuple[frozenset[int], frozenset[int]],
) -> str:
    """The detail of a pair weighted ``bits``, from its two ``samples`` and ``kinds`` of
    writing, the ``factors`` its weight was shrunk by (kind, coverage, occasions:
    :mod:`linkage.signals.style_shaping`) and the posts of each side ``left`` out as following
    a template both use (:mod:`linkage.signals.style_templates`)."""
    (sa, sb), (ka, kb) = samples, kinds
    kind, coverage, occasions = factors
    left_a, left_b = left
    factor = kind * coverage * occasions
    if kind == 0.0:
        detail = (
            "the two accounts hold different kinds of writing (for example long "
            "messages against short replies), so their styles are not compared"
        )
    elif coverage == 0.0:
        detail = (
            "the writing is unlike the reference writing the tool compares styles "
            "against (another language, or chat), so the styles are not compared"
        )
    elif bits >= 1:
        detail = (
            "the writing shares habits of spelling, punctuation and phrasing well "
            f"beyond what unrelated writers share (from {sa.words:,} and {sb.words:,} words)"
        )
    elif bits <= -1:
        detail = f"the writing styles differ (judged from {sa.words:,} and {sb.words:,} words)"
    else:
        detail = (
            "the writing styles neither match nor differ clearly "
            f"(from {sa.words:,} and {sb.words:,} words)"
        )
    if (left_a or left_b) and detail.endswith(")"):
        few = len(left_a) + len(left_b)
        posts = "1 post that follows" if few == 1 else f"{few} posts that follow"
        detail = detail[:-1] + f"; {posts} a template both use left out)"
    if 0.0 < factor < 1.0:
        why = []
        if kind < 1.0 or coverage < 1.0:
            why.append(
                "the two are different kinds of writing, or unlike the writing linkage learned from"
            )
        if occasions < 1.0:
            few = min(ka.posts, kb.posts)
            why.append(f"one side has only {'one post' if few == 1 else f'{few} posts'}")
        detail = detail[:-1] + f"; counted for less: {' and '.join(why)})"
    return detail
