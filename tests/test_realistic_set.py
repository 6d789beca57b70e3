"""The realistic call set's generator and scorer (tests/realistic): channels do what they claim, the reference
times follow the script, and the scores tell a right speaker stage from a wrong one. Speech here is espeak-ng and
synthetic signals, so these tests are cheap."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest

from tests.neural_speech import RATE
from tests.realistic import (
    CONDITIONS,
    CONVERSATIONS,
    TEST_SUBSET,
    Conversation,
    RealisticCall,
    RefTurn,
    Say,
    Tracks,
    diarization_error_rate,
    overlap_share,
    word_error_rate,
    word_speaker_accuracy,
)
from tests.realistic.channels import add_noise, babble, render_condition, reverb, speech_mask, street
from tests.realistic.render import render


def _decode(path: Path) -> tuple[np.ndarray, int]:
    """Samples and sample rate of ``path`` as ffmpeg reads it (the rate it was stored at)."""
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    )
    rate = int(probe.stderr.split(" Hz")[0].rsplit(" ", 1)[-1])
    raw = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, "<f4"), rate


def _tracks(seconds: float = 8.0) -> Tracks:
    """Two "speakers" of white noise taking turns: near 1-3 s and 5-6 s, far 3.5-4.5 s and 6.5-7.5 s."""
    rng = np.random.default_rng(0)
    near, far = np.zeros(int(seconds * RATE), np.float32), np.zeros(int(seconds * RATE), np.float32)
    turns = [
        RefTurn("near", 1.0, 3.0, "a"),
        RefTurn("far", 3.5, 4.5, "b"),
        RefTurn("near", 5.0, 6.0, "c"),
        RefTurn("far", 6.5, 7.5, "d"),
    ]
    for turn in turns:
        span = slice(int(turn.start * RATE), int(turn.end * RATE))
        (near if turn.speaker == "near" else far)[span] = rng.normal(0, 0.05, span.stop - span.start)
    return Tracks({"near": near, "far": far}, turns)


def _band_share(samples: np.ndarray, rate: int, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples)) ** 2
    freqs = np.fft.rfftfreq(samples.size, 1 / rate)
    return float(spectrum[(freqs >= low) & (freqs < high)].sum() / spectrum.sum())


def test_telephone_is_8_khz_mu_law_and_band_limited(tmp_path: Path) -> None:
    path = render_condition(CONDITIONS["phone"], _tracks(), ("far",), tmp_path / "call")
    header = path.read_bytes()[:64]
    assert header[20:22] == (7).to_bytes(2, "little")  # WAVE_FORMAT_MULAW
    assert int.from_bytes(header[24:28], "little") == 8000
    samples, rate = _decode(path)
    assert rate == 8000
    assert _band_share(samples, rate, 0, 200) < 0.005
    assert _band_share(samples, rate, 3700, 4000) < 0.01
    assert _band_share(samples, rate, 400, 3200) > 0.9


@pytest.mark.parametrize("condition", ["opus-6k", "amr-nb"])
def test_low_bitrate_codecs_are_narrowband_files(tmp_path: Path, condition: str) -> None:
    path = render_condition(CONDITIONS[condition], _tracks(), ("far",), tmp_path / "call")
    samples, rate = _decode(path)
    assert rate in (8000, 48000)  # Opus stores 48 kHz whatever it was fed
    assert _band_share(samples, rate, 4000, rate / 2) < 0.01 and path.stat().st_size < 12_000


@pytest.mark.parametrize("condition", list(CONDITIONS))
def test_every_condition_renders_the_whole_call(tmp_path: Path, condition: str) -> None:
    tracks = _tracks()
    path = render_condition(CONDITIONS[condition], tracks, ("far",), tmp_path / "call")
    samples, rate = _decode(path)
    assert samples.size / rate == pytest.approx(tracks.samples / RATE, abs=0.08)
    assert not list(tmp_path.glob("*partial*")) and not list(tmp_path.glob("*.pcm"))
    turn = tracks.turns[0]  # speech stands out of the silence before it, whatever the channel
    speech = samples[int((turn.start + 0.2) * rate) : int((turn.end - 0.2) * rate)]
    silence = samples[int(0.1 * rate) : int(0.8 * rate)]
    gap_db = 20 * np.log10(np.sqrt(np.mean(speech**2)) / np.sqrt(np.mean(silence**2)))
    assert gap_db > (3.0 if CONDITIONS[condition].kind == "noise" else 20.0)


def test_noise_is_added_at_the_asked_snr() -> None:
    tracks = _tracks()
    speech = tracks.audio["near"] + tracks.audio["far"]
    active = speech_mask(tracks)
    for noise in (street(speech.size, seed=1), np.random.default_rng(5).normal(0, 1, speech.size)):
        for snr in (20.0, 10.0, 5.0):
            added = add_noise(speech, noise, snr, active) - speech
            measured = 20 * np.log10(np.sqrt(np.mean(speech[active] ** 2)) / np.sqrt(np.mean(added**2)))
            assert measured == pytest.approx(snr, abs=0.05)


def test_babble_is_other_voices_talking_at_once(tmp_path: Path) -> None:
    noise = babble(6 * RATE, seed=2, cache_dir=tmp_path)
    again = babble(6 * RATE, seed=2, cache_dir=tmp_path)
    assert np.array_equal(noise, again)
    frames = np.sqrt(np.mean(noise[: 6 * RATE // 320 * 320].reshape(-1, 320) ** 2, axis=1))
    assert np.mean(frames > 0.01) > 0.9  # hardly a pause: several voices overlap
    assert _band_share(noise, RATE, 100, 4000) > 0.8  # speech band


def test_clipping_flattens_about_three_percent_of_speech(tmp_path: Path) -> None:
    tracks = _tracks()
    path = render_condition(CONDITIONS["clipping"], tracks, ("far",), tmp_path / "call")
    samples, _ = _decode(path)
    active = speech_mask(tracks)[: samples.size]
    clipped = np.abs(samples[active]) >= 0.98
    assert 0.02 < clipped.mean() < 0.04
    assert np.abs(samples).max() < 1.0


def test_the_far_side_is_12_db_quieter(tmp_path: Path) -> None:
    tracks = _tracks()
    samples, rate = _decode(render_condition(CONDITIONS["level-12db"], tracks, ("far",), tmp_path / "call"))

    def level(turn: RefTurn) -> float:
        span = samples[int((turn.start + 0.1) * rate) : int((turn.end - 0.1) * rate)]
        return 20 * float(np.log10(np.sqrt(np.mean(span**2))))

    near = np.mean([level(t) for t in tracks.turns if t.speaker == "near"])
    far = np.mean([level(t) for t in tracks.turns if t.speaker == "far"])
    assert near - far == pytest.approx(12.0, abs=1.0)


def test_room_reverb_decays_over_its_rt60() -> None:
    click = np.zeros(RATE, np.float32)
    click[0] = 1.0
    wet = reverb(click, 0.6, seed=1)

    def energy_db(start: float, end: float) -> float:
        return 10 * float(np.log10(np.sum(wet[int(start * RATE) : int(end * RATE)] ** 2)))

    assert energy_db(0.30, 0.35) - energy_db(0.01, 0.06) == pytest.approx(-30.0, abs=4.0)
    assert np.sum(wet[int(0.6 * RATE) :] ** 2) < 1e-6 * np.sum(wet**2)


def test_reference_times_follow_the_script(tmp_path: Path) -> None:
    script = Conversation(
        (
            Say("Mark", "Hello?"),
            Say("Olga", "Hello?", gap=-0.3),
            Say("Mark", "I wanted to ask about the order.", gap=0.5),
            Say("Olga", "Uh-huh.", over=0.5),
            Say("Dave", "Which order?", gap=-0.4),
        ),
        "test",
        ("Olga",),
    )
    tracks = render(script, tmp_path)
    hello, hello_back, ask, backchannel, which = tracks_in_script_order(tracks, script)
    assert hello_back.start == pytest.approx(hello.end - 0.3, abs=1e-3)
    assert ask.start == pytest.approx(hello_back.end + 0.5, abs=1e-3)
    assert backchannel.start == pytest.approx((ask.start + ask.end) / 2, abs=1e-3)
    assert backchannel.end < ask.end and backchannel.end - backchannel.start < 1.0
    assert which.start == pytest.approx(ask.end - 0.4, abs=1e-3)
    for turn in tracks.turns:  # each track holds sound exactly where its speaker's turns are
        track = tracks.audio[turn.speaker]
        assert np.abs(track[int(turn.start * RATE) : int(turn.end * RATE)]).max() > 0.05
    silent_olga = ~speech_mask(Tracks(tracks.audio, [t for t in tracks.turns if t.speaker == "Olga"]))
    assert not np.any(tracks.audio["Olga"][silent_olga])


def tracks_in_script_order(tracks: Tracks, script: Conversation) -> list[RefTurn]:
    remaining = list(tracks.turns)
    ordered = []
    for line in script.lines:
        turn = next(t for t in remaining if t.speaker == line.speaker and t.text == line.text)
        remaining.remove(turn)
        ordered.append(turn)
    return ordered


def test_named_sets_are_consistent() -> None:
    assert {len(CONVERSATIONS[c].speakers) for c in CONVERSATIONS} >= {2, 3, 4, 5, 6}
    assert all(c in CONVERSATIONS and k in CONDITIONS for c, k in TEST_SUBSET)
    monologue = CONVERSATIONS["phone-monologue"]
    words = {s: sum(len(line.text.split()) for line in monologue.lines if line.speaker == s) for s in ("Sara", "Mark")}
    assert words["Sara"] / (words["Sara"] + words["Mark"]) > 0.9
    long = CONVERSATIONS["long-return"].lines
    mei = [i for i, line in enumerate(long) if line.speaker == "Mei"]
    assert max(b - a for a, b in itertools.pairwise(mei)) > 30  # silent for most of the call, then back
    assert sum(line.speaker == "Dave" for line in CONVERSATIONS["meeting-4"].lines) == 2


# --- scoring ------------------------------------------------------------------------------------------------------

CALL = RealisticCall(
    Path("unused.wav"),
    [
        RefTurn("A", 0.5, 2.5, "Hello, how are you today?"),
        RefTurn("B", 1.5, 1.9, "Yeah."),
        RefTurn("B", 3.0, 5.0, "I am fine, thanks for asking."),
        RefTurn("A", 5.4, 6.4, "Good, let us begin."),
    ],
    ["A", "B"],
    "test",
    "clean",
)


def _words(labels: dict[str, str], call: RealisticCall = CALL) -> list[dict[str, object]]:
    """A perfect transcript of ``call``: every word at its estimated time, labelled by ``labels`` (real -> label)."""
    from tests.realistic.scoring import reference_words

    return [
        {"word": w.token, "start": w.time - 0.05, "end": w.time + 0.05, "speaker": labels[w.speaker]}
        for w in reference_words(call)
    ]


def test_a_perfect_hypothesis_scores_perfectly() -> None:
    accuracy, mapping = word_speaker_accuracy(_words({"A": "SPEAKER_01", "B": "SPEAKER_00"}), CALL)
    assert accuracy == 1.0 and mapping == {"SPEAKER_01": "A", "SPEAKER_00": "B"}
    turns = [(t.start, t.end, {"A": "x", "B": "y"}[t.speaker]) for t in CALL.turns]
    assert diarization_error_rate(turns, CALL, collar=0.0) == 0.0
    assert (
        word_error_rate("Hello, how are you today? Yeah. I am fine, thanks for asking. Good, let us begin.", CALL)
        == 0.0
    )


def test_an_overlapped_backchannel_is_judged_by_who_said_it() -> None:
    words = _words({"A": "1", "B": "2"})
    yeah = next(w for w in words if w["word"] == "yeah")
    yeah["speaker"] = "1"  # given to the speaker it was said over
    accuracy, _ = word_speaker_accuracy(words, CALL)
    assert accuracy == pytest.approx(1 - 1 / len(words))


def test_a_word_said_by_both_goes_to_the_nearer_in_time() -> None:
    turns = [
        RefTurn("A", 1.0, 1.4, "Hello?"),
        RefTurn("B", 1.1, 1.8, "Hello?"),
        RefTurn("A", 2.0, 3.0, "Can you hear me?"),
    ]
    both = RealisticCall(Path("unused.wav"), turns, ["A", "B"], "t", "clean")
    heard_once = [
        {"word": "Hello?", "start": 1.0, "end": 1.3, "speaker": "1"},
        *(
            {"word": w, "start": 2.0 + k * 0.25, "end": 2.2 + k * 0.25, "speaker": "1"}
            for k, w in enumerate(["Can", "you", "hear", "me?"])
        ),
    ]
    assert word_speaker_accuracy(heard_once, both) == (1.0, {"1": "A"})
    heard_late = [{**heard_once[0], "start": 1.5, "end": 1.8, "speaker": "2"}, *heard_once[1:]]
    assert word_speaker_accuracy(heard_late, both) == (1.0, {"1": "A", "2": "B"})


def test_merged_and_split_voices_cannot_score_well() -> None:
    merged, _ = word_speaker_accuracy(_words({"A": "1", "B": "1"}), CALL)
    assert merged == pytest.approx(9 / 16)  # A's nine words of sixteen; B's label is left unmapped
    split = _words({"A": "1", "B": "2"})
    for word in split[-4:]:  # A's last turn given a third label
        word["speaker"] = "3"
    accuracy, mapping = word_speaker_accuracy(split, CALL)
    assert accuracy == pytest.approx(1 - 4 / len(split)) and "3" not in mapping
    one_label = [(t.start, t.end, "x") for t in CALL.turns]
    assert diarization_error_rate(one_label, CALL, collar=0.0) > 0.2


def test_the_collar_forgives_small_boundary_shifts() -> None:
    shifted = [(t.start + 0.2, t.end + 0.2, t.speaker) for t in CALL.turns]
    assert diarization_error_rate(shifted, CALL, collar=0.0) > 0.05
    assert diarization_error_rate(shifted, CALL, collar=0.25) == pytest.approx(0.0, abs=1e-9)


def test_wer_counts_a_missing_word() -> None:
    text = "Hello, how are you today? I am fine, thanks for asking. Good, let us begin."
    assert word_error_rate(text, CALL) == pytest.approx(1 / 16)


def test_overlap_share_counts_time_with_two_voices() -> None:
    assert overlap_share(CALL) == pytest.approx(0.4 / 5.0, abs=0.01)
