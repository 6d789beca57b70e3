"""Summary without a language model: the most representative sentences, and who talked how long."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import mmss
from bot.summaries.summary import Summary, TalkTime
from database.models import Segment, Speaker

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
MIN_WORDS = 4


def talk_time(speakers: Sequence[Speaker], names: SpeakerNames) -> list[TalkTime]:
    total = sum(s.talk_seconds for s in speakers) or 1.0
    ordered = sorted(speakers, key=lambda s: (-s.talk_seconds, s.label))
    return [
        TalkTime(speaker=names.name(s.label), seconds=s.talk_seconds, share=s.talk_seconds / total) for s in ordered
    ]


def _sentences(segments: Sequence[Segment]) -> list[tuple[float, str | None, str]]:
    out = []
    for seg in segments:
        for sentence in _SENTENCE_END.split(seg.text.strip()):
            if sentence:
                out.append((seg.start, seg.speaker, sentence.strip()))
    return out


def key_sentences(segments: Sequence[Segment], names: SpeakerNames, count: int) -> list[str]:
    """Score sentences by the document frequency of their content words; keep the top ones in call order."""
    sentences = _sentences(segments)
    tokens = [[w.lower() for w in _WORD.findall(text)] for _, _, text in sentences]
    freq = Counter(w for words in tokens for w in set(words) if len(w) > 3)
    scored = []
    for i, words in enumerate(tokens):
        if len(words) < MIN_WORDS:
            continue
        content = [freq[w] for w in words if len(w) > 3]
        scored.append((sum(content) / (len(words) ** 0.5), i))
    chosen = sorted(i for _, i in sorted(scored, reverse=True)[:count])
    if not chosen:  # very short calls: keep everything that was said
        chosen = list(range(min(count, len(sentences))))
    result = []
    for i in chosen:
        start, speaker, text = sentences[i]
        result.append(f"[{mmss(start)} · {names.name(speaker)}] {text}")
    return result


def extractive_summary(
    segments: Sequence[Segment], speakers: Sequence[Speaker], language: str | None, count: int = 7, *, word: str
) -> Summary:
    """``word``: "Speaker" in the user's language, for the speakers nobody named."""
    names = SpeakerNames.of_speakers(speakers, word, unknown="?")
    return Summary(
        made_by="extractive",
        language=language,
        key_points=key_sentences(segments, names, count),
        talk_time=talk_time(speakers, names),
    )
