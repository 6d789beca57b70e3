"""Talk-time picture: each speaker's share of speech and a timeline of who spoke when (PNG, phone-readable)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.shared.speaker_names import SpeakerNames
from database.models import Segment

COLORS = ("#2E86DE", "#E67E22", "#27AE60", "#8E44AD", "#C0392B", "#16A085", "#D4AC0D", "#7F8C8D")


@dataclass(frozen=True, slots=True)
class SpeakerShare:
    name: str
    seconds: float
    share: float


def talk_shares(segments: Sequence[Segment], names: SpeakerNames) -> list[SpeakerShare]:
    """Seconds and share of speech per speaker, most talkative first."""
    totals: dict[str, float] = {}
    for segment in segments:
        who = names.name(segment.speaker)
        totals[who] = totals.get(who, 0.0) + max(0.0, segment.end - segment.start)
    spoken = sum(totals.values()) or 1.0
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return [SpeakerShare(name, seconds, seconds / spoken) for name, seconds in ordered]


def render_talk_time(
    segments: Sequence[Segment],
    names: SpeakerNames,
    *,
    title: str,
    duration: float | None,
    labels: tuple[str, str] = ("Share of speech", "Timeline, min"),
) -> bytes:
    """A 1200×(500+) PNG: shares as horizontal bars, then one timeline lane per speaker."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    shares = talk_shares(segments, names)
    colors = {share.name: COLORS[i % len(COLORS)] for i, share in enumerate(shares)}
    lanes = max(1, len(shares))
    figure, (bars, timeline) = plt.subplots(
        2, 1, figsize=(8, 3.2 + 0.55 * lanes), dpi=150, gridspec_kw={"height_ratios": [1, 1]}
    )
    try:
        _draw_shares(bars, shares, colors, title, labels[0])
        _draw_timeline(timeline, segments, names, shares, colors, duration, labels[1])
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _draw_shares(axis, shares: list[SpeakerShare], colors: dict[str, str], title: str, label: str) -> None:  # type: ignore[no-untyped-def]
    names = [s.name for s in shares][::-1]
    values = [s.share * 100 for s in shares][::-1]
    axis.barh(names, values, color=[colors[n] for n in names])
    for y, share in enumerate(shares[::-1]):
        minutes, seconds = divmod(round(share.seconds), 60)
        axis.text(
            min(share.share * 100 + 1, 88), y, f"{share.share:.0%} · {minutes}:{seconds:02d}", va="center", fontsize=11
        )
    axis.set_xlim(0, 100)
    axis.set_title(title, fontsize=13, loc="left")
    axis.set_xlabel(label, fontsize=10)
    axis.tick_params(labelsize=11)
    axis.spines[["top", "right"]].set_visible(False)


def _draw_timeline(  # type: ignore[no-untyped-def]
    axis,
    segments: Sequence[Segment],
    names: SpeakerNames,
    shares: list[SpeakerShare],
    colors: dict[str, str],
    duration: float | None,
    label: str,
) -> None:
    order = [s.name for s in shares]
    for segment in segments:
        who = names.name(segment.speaker)
        lane = len(order) - 1 - order.index(who)
        axis.broken_barh(
            [(segment.start / 60, max(segment.end - segment.start, 0.5) / 60)], (lane - 0.4, 0.8), color=colors[who]
        )
    end = (duration or max((s.end for s in segments), default=1.0)) / 60
    axis.set_xlim(0, max(end, 0.1))
    axis.set_yticks(range(len(order)), order[::-1], fontsize=11)
    axis.set_xlabel(label, fontsize=10)
    axis.spines[["top", "right"]].set_visible(False)
