"""Diarization only: the words of an earlier transcript get their speakers again, without speech recognition.

The recording is read block by block as for a full job (engine.blocks): each block's speech regions are found and
its voice windows embedded; the given words are placed in the block they start in; then speakers are clustered
over the whole recording (with the job's speaker count) and assigned to the words exactly as for a new transcript.
The words keep their text and times; only ``speaker`` changes, and segments are cut again at speaker changes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from transcription_api.engine.audio import PcmFile
from transcription_api.engine.blocks import BlockWork, blocks
from transcription_api.engine.diarize import VoiceWindows
from transcription_api.engine.known_speakers import apply_names
from transcription_api.engine.progress import ignore_progress
from transcription_api.engine.speakers import rename_by_first_appearance, split_turns
from transcription_api.engine.types import JobOptions, Segment, Stage, Transcript, Word, join_words
from transcription_api.engine.voice_prints import describe

if TYPE_CHECKING:
    from transcription_api.engine.pipeline import Engine

Report = Callable[[Stage, float], None]


def speakers_for_words(engine: Engine, recording: PcmFile, options: JobOptions, report: Report) -> Transcript:
    """A transcript of ``options.words`` with speakers found in ``recording``; the recognizer never runs."""
    words = [Word(w.word, w.start, w.end, space_before=w.space_before) for w in options.words or ()]
    done: list[BlockWork] = []
    windows: list[VoiceWindows] = []
    embed = not engine.diarizer.whole_audio
    starts = [w.start for w in words]  # in time order (checked at the API edge)
    for block in blocks(recording, engine.speech.regions):
        last = block.end >= recording.seconds - 1e-6  # takes any word starting past the audio's end too
        mine = words[bisect_left(starts, block.offset) : len(words) if last else bisect_left(starts, block.end)]
        if embed and block.regions and mine:
            windows.append(engine.diarizer.embed(block.audio, block.regions, ignore_progress).shifted(block.offset))
        segments = [Segment(mine[0].start, mine[-1].end, join_words(mine), words=mine)] if mine else []
        done.append(BlockWork(block.offset, block.end, block.absolute_regions(), segments))
        report(Stage.DIARIZING, 25.0 * block.end / max(recording.seconds, 1e-9))
    language = options.language or ""
    prints = {}
    if any(block.segments for block in done) and (windows or not embed):  # no speech found: no speakers
        prints = engine.assign_speakers(recording, done, windows, options, report)
    report(Stage.FINISHING, 0)
    segments = split_turns([segment for block in done for segment in block.segments], language)
    mapping = rename_by_first_appearance(segments)
    found = apply_names(
        engine,
        options.known_speakers,
        segments,
        list(mapping.values()),
        {new: prints[old] for old, new in mapping.items() if old in prints},
    )
    report(Stage.FINISHING, 100)
    embeddings = describe(found.prints) if options.speaker_embeddings else None
    return Transcript(
        language=language,
        duration=round(recording.seconds, 3),
        segments=segments,
        speakers=found.labels,
        speaker_embeddings=embeddings,
        known_speakers=found.known,
    )
