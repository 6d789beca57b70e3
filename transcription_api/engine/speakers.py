"""Give every word a speaker (whisperx.assign_word_speakers) and cut segments into one-speaker sentences."""

from __future__ import annotations

from typing import Any

from transcription_api.engine.languages import NO_SPACE_LANGUAGES
from transcription_api.engine.types import Segment, SpeakerTurn, Word, join_words

_SENTENCE_END = (".", "?", "!", "。", "？", "！", "…")


def assign_speakers(segments: list[Segment], turns: list[SpeakerTurn]) -> None:
    """Set ``speaker`` on segments and words in place from diarization turns."""
    if not turns or not segments:
        return
    import pandas as pd
    import whisperx

    frame = pd.DataFrame([{"start": t.start, "end": t.end, "speaker": t.speaker} for t in turns])
    payload: dict[str, Any] = {"segments": [_as_whisperx(s) for s in segments]}
    whisperx.assign_word_speakers(frame, payload, fill_nearest=True)
    for segment, raw in zip(segments, payload["segments"], strict=True):
        segment.speaker = raw.get("speaker")
        for word, raw_word in zip(segment.words, raw["words"], strict=True):
            word.speaker = raw_word.get("speaker", segment.speaker)


def _as_whisperx(segment: Segment) -> dict[str, Any]:
    return {
        "start": segment.start,
        "end": segment.end,
        "text": segment.text,
        "words": [{"word": w.word, "start": w.start, "end": w.end} for w in segment.words],
    }


def split_turns(segments: list[Segment], language: str) -> list[Segment]:
    """One output segment per sentence and speaker, so a line never mixes two voices.

    A token glued to the one before it (",000" after "$47") belongs to the same word: it keeps that word's speaker
    and never starts a line. In languages written without spaces every character is glued, so there only the
    speaker and the sentence end split lines.
    """
    spaced = language not in NO_SPACE_LANGUAGES
    out: list[Segment] = []
    for segment in segments:
        if not segment.words:
            out.append(segment)
            continue
        piece: list[Word] = []
        for word in segment.words:
            if piece and spaced and not word.space_before:
                word.speaker = piece[-1].speaker
            elif piece and (word.speaker != piece[-1].speaker or piece[-1].word.endswith(_SENTENCE_END)):
                out.append(_from_words(piece))
                piece = []
            piece.append(word)
        out.append(_from_words(piece))
    return out


def _from_words(words: list[Word]) -> Segment:
    return Segment(
        start=words[0].start, end=words[-1].end, text=join_words(words), speaker=words[0].speaker, words=words
    )


def rename_by_first_appearance(segments: list[Segment]) -> dict[str, str]:
    """Relabel speakers SPEAKER_00, SPEAKER_01… in order of first speech; return old label → new label."""
    mapping: dict[str, str] = {}
    for segment in segments:
        for label in [segment.speaker, *(w.speaker for w in segment.words)]:
            if label is not None and label not in mapping:
                mapping[label] = f"SPEAKER_{len(mapping):02d}"
    for segment in segments:
        segment.speaker = mapping.get(segment.speaker) if segment.speaker else None
        for word in segment.words:
            word.speaker = mapping.get(word.speaker) if word.speaker else None
    return mapping
