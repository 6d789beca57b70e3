"""A block's segments as they can be told before the recording ends: text and times final, speakers provisional.

Speakers are decided over the whole recording once its last block is done (engine.pipeline.assign_speakers). To
tell a block's segments at once, its words get speakers from the voices heard so far: every voice window embedded
up to and including this block is clustered (the clustering is bounded: engine.clustering.MAX_CLUSTERED), numbered
by first appearance as the final labels are. A later block can change the picture (a voice first heard later, a
count estimated differently), so the final transcript may relabel or re-split a streamed segment; it is what
counts. A whole-audio diarizer (pyannote) has no partial answer: its streamed segments carry no speaker.
"""

from __future__ import annotations

import copy
from typing import Any

from transcription_api.engine.blocks import BlockWork
from transcription_api.engine.diarize import VoiceWindows
from transcription_api.engine.speakers import assign_speakers, split_turns
from transcription_api.engine.types import JobOptions, Segment
from transcription_api.engine.vad import Regions


def provisional_segments(
    diarizer: Any,
    block: BlockWork,
    heard: list[VoiceWindows],
    regions: Regions,
    language: str,
    options: JobOptions,
) -> list[Segment]:
    """``block``'s segments (copies: the block's own are labelled again at the end) with the speakers the voices
    ``heard`` so far suggest, cut into one-speaker sentences; ``regions`` are the speech so far (absolute)."""
    segments = copy.deepcopy(block.segments)
    if not options.diarize or diarizer.whole_audio or not heard or not segments:
        return segments
    found = diarizer.label(
        VoiceWindows.join(heard),
        regions,
        min_speakers=options.min_speakers,
        max_speakers=options.max_speakers,
        num_speakers=options.num_speakers,
    )
    assign_speakers(segments, [t for t in found.turns if t.end > block.offset and t.start < block.end])
    return split_turns(segments, language)
