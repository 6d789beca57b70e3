"""Known speakers: the call's speakers whose voice matches a reference clip the client gave come back under the
client's names.

A reference's voice print is made as a call speaker's is (engine.voice_prints): silero speech regions of the clip,
resemblyzer windows, the unit mean of its clean windows. It is compared with each speaker's print of the call by
the rule the bot names a known person by (bot/speakers/voices/matching.py), with its calibration
(``benchmarks/voice_profiles.py``): a speaker is named only at a cosine of at least MATCH_THRESHOLD, when the
name leads the speaker's second-best name by MARGIN, and when both prints were made from at least MIN_SPEECH_S of
clean speech; each name goes to at most one speaker, best score first. Everyone else keeps a generic label.

The API process holds no model, so these constants are the bot's values restated (tests/transcription_api/
test_known_speakers.py checks that they stay equal). Measured on neural voices, references cut from another
recording: the same voice scores 0.93-0.97 against a clean call's speaker (3-10 s clips), other voices at most
0.77; on a call full of overlaps and backchannels 0.84-0.93, which names nobody (see the service README).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from transcription_api.engine.audio import PcmFile
from transcription_api.engine.errors import MediaError
from transcription_api.engine.progress import ignore_progress
from transcription_api.engine.types import KnownSpeaker, Segment
from transcription_api.engine.voice_prints import VoicePrint, voice_prints

if TYPE_CHECKING:
    from transcription_api.engine.pipeline import Engine

MATCH_THRESHOLD = 0.95  # bot.shared.settings.VOICE_MATCH_THRESHOLD
MARGIN = 0.03  # bot.speakers.voices.matching.MARGIN
MIN_SPEECH_S = 2.0  # bot.speakers.voices.matching.MIN_SPEECH_S


@dataclass(frozen=True, slots=True)
class Naming:
    """Which call speaker (its generic label) each known name went to, and what every name scored."""

    names: dict[str, str]  # generic label -> the client's name
    report: list[dict[str, Any]]  # per known speaker: name, named, score, reference_speech_s


@dataclass(frozen=True, slots=True)
class Speakers:
    """A transcript's speakers once known speakers are named: the list, each one's voice print, the naming report."""

    labels: list[str]
    prints: dict[str, np.ndarray]
    known: list[dict[str, Any]] | None


def apply_names(
    engine: Engine,
    known: tuple[KnownSpeaker, ...],
    segments: list[Segment],
    labels: list[str],
    prints: dict[str, np.ndarray],
) -> Speakers:
    """Name the speakers the ``known`` references match (segments and words in place); without known speakers,
    or with no diarization, everything stays as it is."""
    if not known or not labels:
        return Speakers(labels, prints, None if not known else name_speakers(engine, known, {}).report)
    naming = name_speakers(engine, known, prints)
    renamed = {naming.names.get(label, label): vector for label, vector in prints.items()}
    return Speakers(rename(segments, labels, naming.names), renamed, naming.report)


def reference_print(engine: Engine, speaker: KnownSpeaker) -> VoicePrint | None:
    """The voice print of ``speaker``'s reference clip; None when the clip holds no speech."""
    path = Path(speaker.reference)
    if not path.is_file():
        raise MediaError(f"The reference clip of '{speaker.name}' is no longer on disk; submit the job again.")
    pcm = PcmFile(path)
    audio = pcm.read(0, pcm.samples)
    regions = engine.speech.regions(audio)
    if not regions:
        return None
    windows = engine.diarizer.embed(audio, regions, ignore_progress)
    if not len(windows.centers):
        return None
    labels = np.zeros(len(windows.centers), dtype=int)
    return voice_prints(windows.centers, windows.embeddings, windows.stable, labels, [])[0]


def name_speakers(engine: Engine, known: tuple[KnownSpeaker, ...], prints: dict[str, np.ndarray]) -> Naming:
    """Match the known speakers' references against the call speakers' ``prints`` (by generic label). A
    whole-audio diarizer (pyannote) makes no voice prints: there is nothing to compare, and nobody is named."""
    whole_audio = engine.diarizer.whole_audio
    references = {speaker.name: None if whole_audio else reference_print(engine, speaker) for speaker in known}
    names, scores = match(prints, {name: p for name, p in references.items() if p is not None})
    speech = {name: round(p.seconds, 1) if p is not None else 0.0 for name, p in references.items()}
    report = [
        {"name": name, "named": name in names.values(), "score": scores.get(name), "reference_speech_s": speech[name]}
        for name in references
    ]
    return Naming(names, report)


def match(prints: dict[str, np.ndarray], references: dict[str, np.ndarray]) -> tuple[dict[str, str], dict[str, float]]:
    """(generic label -> name for the speakers named, name -> its best cosine to any speaker)."""
    usable = {label: p for label, p in prints.items() if _enough_speech(p)}
    refs = {name: p for name, p in references.items() if _enough_speech(p)}
    scores = {
        (label, name): float(np.asarray(p, np.float64) @ np.asarray(r, np.float64))
        for label, p in usable.items()
        for name, r in refs.items()
    }
    best = {name: round(max(s for (_, n), s in scores.items() if n == name), 4) for name in refs if usable}
    names: dict[str, str] = {}
    for (label, name), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < MATCH_THRESHOLD or label in names or name in names.values():
            continue
        runner_up = max((s for (other, n), s in scores.items() if other == label and n != name), default=-1.0)
        if score - runner_up >= MARGIN:
            names[label] = name
    return names, best


def rename(segments: list[Segment], speakers: list[str], names: dict[str, str]) -> list[str]:
    """Put the names on segments and words in place; returns the speakers list renamed."""
    for segment in segments:
        segment.speaker = names.get(segment.speaker, segment.speaker) if segment.speaker else None
        for word in segment.words:
            word.speaker = names.get(word.speaker, word.speaker) if word.speaker else None
    return [names.get(label, label) for label in speakers]


def _enough_speech(vector: np.ndarray) -> bool:
    """A print that says how much clean speech it was made from needs MIN_SPEECH_S of it (see voice_prints)."""
    return not isinstance(vector, VoicePrint) or vector.seconds >= MIN_SPEECH_S
