"""The trials of the voice-profile calibration (benchmarks/voice_profiles.py) and the numbers it prints: the
threshold, its false- and true-accept rates per pair of channels, the minimum of speech, the margin."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from bot.speakers.voices.matching import ASK_GAP, Candidate, match_speakers, profile_score

MARGINS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08)
MINIMUMS_S = (0.0, 1.6, 2.0, 2.4, 3.0, 4.0)


@dataclass(frozen=True)
class Heard:
    """A target's voice print and the seconds of clean speech the service says it was made from."""

    vector: np.ndarray
    seconds: float


# voice → its calls → channel → (full print, short prints)
Prints = dict[str, list[dict[str, tuple[Heard, list[Heard]]]]]


def _pairs(heard: Prints, short: bool) -> list[tuple[float, bool, str, str, float]]:
    """(score, same person, enrolment channel, probe channel, probe seconds) for each profile × probe of another
    call: a profile is one call's full print in one channel; probes are full prints, or the short ones."""
    out = []
    for owner, calls in heard.items():
        for i, channel_prints in enumerate(calls):
            for enrol_channel, (enrolled, _) in channel_prints.items():
                for name, theirs in heard.items():
                    for j, probe_prints in enumerate(theirs):
                        if name == owner and i == j:
                            continue
                        for channel, (full, shorts) in probe_prints.items():
                            for probe in shorts if short else [full]:
                                score = profile_score(probe.vector, [enrolled.vector])
                                out.append((score, name == owner, enrol_channel, channel, probe.seconds))
    return out


def _rates(trials: list[tuple[float, bool, str, str, float]], threshold: float) -> tuple[float, float, int, int]:
    same = np.asarray([t[0] for t in trials if t[1]])
    other = np.asarray([t[0] for t in trials if not t[1]])
    far = float(np.mean(other >= threshold)) if len(other) else 0.0
    tar = float(np.mean(same >= threshold)) if len(same) else 0.0
    return far, tar, len(other), len(same)


def _group(trial: tuple[float, bool, str, str, float]) -> str:
    a, b = sorted((trial[2], trial[3]))
    return f"{a} ↔ {b}"


def choose_threshold(trials: list[tuple[float, bool, str, str, float]], far: float) -> float:
    """The lowest threshold whose false-accept rate is at most ``far`` in every group of channel pairs (different
    voices through one channel score highest: the channel is part of what the encoder hears)."""
    groups: dict[str, list[tuple[float, bool, str, str, float]]] = {}
    for trial in trials:
        groups.setdefault(_group(trial), []).append(trial)
    grid = np.round(np.arange(0.5, 1.0, 0.01), 2)
    return float(min((t for t in grid if all(_rates(g, t)[0] <= far for g in groups.values())), default=1.0))


def _by_channels(trials: list[tuple[float, bool, str, str, float]], threshold: float) -> None:
    groups: dict[str, list[tuple[float, bool, str, str, float]]] = {}
    for trial in trials:
        groups.setdefault(_group(trial), []).append(trial)
    for group, members in sorted(groups.items()):
        far, tar, others, same = _rates(members, threshold)
        print(f"  {group:<36} FAR {far:6.2%} of {others:5d}   TAR {tar:6.2%} of {same:4d}")


def _minimum(full: list, short: list, threshold: float, far: float) -> float:
    """The least seconds of clean speech from which prints keep the false-accept rate: short prints (and full
    ones) bucketed by the seconds the service reports, each profile and probe heard through the same channel."""
    print(
        f"at {threshold:.2f}, prints by their seconds of clean speech, same channel (short ones: the first 1, 2, "
        "4, 8 windows):"
    )
    same = [t for t in full + short if t[2] == t[3]]
    edges = [*MINIMUMS_S, float("inf")]
    chosen = None
    for low, high in reversed(list(itertools.pairwise(edges))):
        bucket = [t for t in same if low <= t[4] < high]
        rate, tar, others, _ = _rates(bucket, threshold)
        scores = [t[0] for t in bucket if t[1]]
        median = float(np.median(scores)) if scores else float("nan")
        print(
            f"  {low:3.1f}-{high:3.1f} s: FAR {rate:6.2%} of {others:6d}  TAR {tar:6.2%}  same-person median "
            f"{median:.3f}"
        )
        if others and rate > far and chosen is None:
            chosen = high
    return chosen if chosen is not None and chosen != float("inf") else MINIMUMS_S[0]


def _identification(heard: Prints, threshold: float, margin: float, gap: float) -> dict[str, int]:
    """Every voice enrolled at once (a profile from the next call, in each channel in turn); each full print is
    a speaker to name: how many were named right, named wrong, asked about the right or the wrong person."""
    counts = dict.fromkeys(("named right", "named wrong", "asked right", "asked wrong", "of"), 0)
    names = list(heard)
    for name, calls in heard.items():
        for j, probe_prints in enumerate(calls):
            for enrol_channel, (_, (probe, _)) in itertools.product(probe_prints, probe_prints.items()):
                gallery = [
                    Candidate(k, [heard[other][(j + 1) % len(heard[other])][enrol_channel][0].vector])
                    for k, other in enumerate(names)
                ]
                found = match_speakers({"S": probe.vector}, gallery, threshold, margin, gap).get("S")
                counts["of"] += 1
                if found is not None:
                    right = "right" if names[found.person_id] == name else "wrong"
                    counts[f"{'asked' if found.ask else 'named'} {right}"] += 1
    return counts


def _closest(heard: Prints) -> None:
    """The pairs of different voices whose prints lie closest (mean over their calls, clean channel)."""
    means = {}
    for a, b in itertools.combinations(heard, 2):
        scores = [float(x[ch][0].vector @ y[ch][0].vector) for x in heard[a] for y in heard[b] for ch in x if ch in y]
        means[(a, b)] = (float(np.mean(scores)), float(np.max(scores)))
    top = sorted(means.items(), key=lambda item: -item[1][0])[:4]
    print(
        "closest different voices (mean / max cosine): "
        + ", ".join(f"{a}–{b} {mean:.3f}/{most:.3f}" for (a, b), (mean, most) in top)
    )


def report(heard: Prints, far: float) -> None:
    full, short = _pairs(heard, short=False), _pairs(heard, short=True)
    same = np.asarray([t[0] for t in full if t[1]])
    other = np.asarray([t[0] for t in full if not t[1]])
    print(
        f"same-person trials: {len(same)} (scores {same.min():.3f} min, {np.median(same):.3f} median); "
        f"different-person: {len(other)} ({np.median(other):.3f} median, {other.max():.3f} max)"
    )
    _closest(heard)
    threshold = choose_threshold(full, far)
    for t in (threshold - 0.02, threshold, threshold + 0.02):
        rate, tar, _, _ = _rates(full, t)
        print(f"threshold {t:.2f}: FAR {rate:6.2%}  TAR {tar:6.2%}")
    print(f"chosen threshold {threshold:.2f} (lowest with FAR ≤ {far:.0%}), by channels:")
    _by_channels(full, threshold)
    minimum = _minimum(full, short, threshold - ASK_GAP, far)  # the least score at which a print is used at all
    print(f"minimum of clean speech: {minimum:.1f} s")
    print(f"asked about (threshold - {ASK_GAP:.2f} = {threshold - ASK_GAP:.2f}), by channels:")
    _by_channels(full, threshold - ASK_GAP)
    print("every voice enrolled, each print named or asked about, by margin over the second-best person:")
    for margin in MARGINS:
        counts = _identification(heard, threshold, margin, ASK_GAP)
        total = counts.pop("of")
        shares = "  ".join(f"{k} {v / total:6.2%}" for k, v in counts.items())
        print(f"  margin {margin:.2f}: {shares}  of {total}")
