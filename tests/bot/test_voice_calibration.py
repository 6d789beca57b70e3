"""The voice-match threshold, margin and minimum of speech pinned on real prints: neural voices (piper joe and
the two Kokoro voices the encoder finds closest, nezumi and gongitsune) in two calls each with other sentences,
each call beside an espeak partner, through the service's own speaker stage (silero VAD → resemblyzer windows →
clustering → voice prints) and scored as the bot scores them (bot.speakers.voices.matching). Synthesized lines are
cached under ~/.cache/call-assistant/voice-pins."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.shared.settings import VOICE_MATCH_THRESHOLD
from bot.speakers.voices.matching import MIN_SPEECH_S, Candidate, enough_speech, match_speakers

CACHE = Path.home() / ".cache" / "call-assistant" / "voice-pins"
RATE = 16_000
CALLS = {
    "one": [
        "I spoke with the supplier yesterday and they agreed to a lower price.",
        "The new office opens in March, so we need to plan the move now.",
    ],
    "two": [
        "Our customers asked for a faster checkout on the mobile app.",
        "We are still waiting for the legal review of the agreement.",
    ],
}
PARTNER = ["Good, send me the numbers.", "Fine, let us talk on Monday."]
VOICES = ("joe", "nezumi", "gongitsune")


@dataclass(frozen=True)
class Heard:
    vector: np.ndarray
    seconds: float
    first_window: np.ndarray  # the print a speaker who said no more than one window's worth would have
    first_seconds: float


def _line(voice: str, text: str) -> np.ndarray:
    from tests.neural_speech import speak

    path = CACHE / f"{voice}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.npy"
    if not path.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, speak(voice, text))
    return np.load(path)


def _partner(text: str) -> np.ndarray:
    from benchmarks.voice_profiles import espeak

    return espeak("en-us+f4", 50, text)


def _call(voice: str, lines: list[str]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    gap = np.zeros(int(0.6 * RATE), np.float32)
    pieces, turns, cursor = [gap], [], 0.6
    for mine, theirs in zip(lines, PARTNER, strict=True):
        speech = _line(voice, mine)
        turns.append((cursor, cursor + speech.size / RATE))
        reply = _partner(theirs)
        pieces += [speech, gap, reply, gap]
        cursor += (speech.size + reply.size + 2 * gap.size) / RATE
    noise = np.random.default_rng(1).normal(0, 10 ** (-62 / 20), sum(p.size for p in pieces)).astype(np.float32)
    return np.concatenate(pieces) + noise, turns


@pytest.fixture(scope="module")
def heard() -> dict[tuple[str, str], Heard]:
    from benchmarks.voice_profiles import PrintMaker

    maker = PrintMaker()
    prints = {}
    for voice in VOICES:
        for call, lines in CALLS.items():
            made = maker.target_prints(*_call(voice, lines))
            first = made.short[0]
            prints[voice, call] = Heard(made.full.vector, made.full.seconds, first.vector, first.seconds)
    return prints


def _named(probe: Heard, gallery: dict[str, Heard]) -> dict[str, str | bool]:
    """Whom the bot takes ``probe`` for with ``gallery`` as the user's people: {"person", "ask"} or {}."""
    people = list(gallery)
    found = match_speakers(
        {"S": probe.vector}, [Candidate(i, [gallery[p].vector]) for i, p in enumerate(people)], VOICE_MATCH_THRESHOLD
    )
    return {"person": people[found["S"].person_id], "ask": found["S"].ask} if "S" in found else {}


def test_the_same_voice_in_another_call_is_recognised(heard: dict[tuple[str, str], Heard]) -> None:
    # joe's prints of the two calls: cosine 0.929 (measured), 0.049 above the threshold less ASK_GAP (0.88): asked
    # about as joe ("may be joe?"), not named — on clean calls the threshold could be 0.88, on a telephone line
    # different voices reach 0.97, and the bot cannot tell the channel from a print
    assert _named(heard["joe", "two"], {"joe": heard["joe", "one"]}) == {"person": "joe", "ask": True}
    for voice in VOICES:  # 0.884-0.929 with itself: never taken for another voice
        assert _named(heard[voice, "two"], {v: heard[v, "one"] for v in VOICES}).get("person") in (voice, None)


def test_the_close_kokoro_voices_are_not_named_for_each_other(heard: dict[tuple[str, str], Heard]) -> None:
    # nezumi and gongitsune, the closest pair of voices the encoder hears (0.85 mean, up to 0.93 over the
    # benchmark's calls): their first calls score 0.893 against each other (measured), above 0.86 (the threshold
    # before these calibrations), 0.057 below today's
    close = _named(heard["nezumi", "one"], {"gongitsune": heard["gongitsune", "one"]})
    assert close == {} or close["ask"]  # asked about at most, never named silently
    assert float(heard["nezumi", "one"].vector @ heard["gongitsune", "one"].vector) < VOICE_MATCH_THRESHOLD
    for probe, own, other in (
        ("nezumi", "two", "one"),
        ("gongitsune", "two", "one"),
        ("nezumi", "one", "two"),
        ("gongitsune", "one", "two"),
    ):
        both = {voice: heard[voice, other] for voice in ("nezumi", "gongitsune")}
        assert _named(heard[probe, own], both).get("person") in (probe, None)  # leads by 0.046-0.082 measured


def test_a_print_from_a_second_or_two_of_speech_is_not_used(heard: dict[tuple[str, str], Heard]) -> None:
    for one in heard.values():  # one window of clean speech: 1.6 s, as a speaker who only says "yes, right"
        assert one.first_seconds < MIN_SPEECH_S and not enough_speech(one.first_seconds)
        assert one.seconds >= MIN_SPEECH_S and enough_speech(one.seconds)  # two sentences: 2.5-5.9 s measured
