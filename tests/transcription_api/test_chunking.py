"""ASR chunk planning and the seams between chunks (no model needed)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from transcription_api.engine.chunking import EDGE_PAD_S, EDGE_REACH_S, WINDOW_S, drop_seam_repeats, plan_chunks
from transcription_api.engine.types import Segment, Word


def test_chunks_fit_whisper_window_and_reach_into_pauses_without_overlapping() -> None:
    regions = [(0.3, 8.0), (8.13, 19.5), (20.5, 29.0), (29.4, 41.0), (60.0, 61.0), (61.5, 95.0)]
    chunks = plan_chunks(regions, audio_end=95.1)
    assert len(chunks) == 4  # as few as greedy packing needs
    assert all(c.end - c.start <= WINDOW_S for c in chunks)
    assert [r for c in chunks for r in c.regions][:5] == regions[:5]
    # the first cut is in the 1 s pause, not in the 0.4 s one where greedy packing would cut
    assert chunks[0].regions == regions[:2] and chunks[1].regions == regions[2:4]
    # reaching 1 s into the silence, but no further than the audio's start or half the pause to the next chunk
    assert chunks[0].start == pytest.approx(0.0) and chunks[0].end == pytest.approx(20.0)
    assert chunks[1].start == pytest.approx(20.0) and chunks[1].end == pytest.approx(42.0)
    assert chunks[2].start == pytest.approx(59.0)
    for before, after in pairwise(chunks):
        assert before.end <= after.start
        assert before.regions[-1][1] <= before.end <= before.regions[-1][1] + EDGE_REACH_S
    assert chunks[-1].end == pytest.approx(95.1)  # a region longer than a window is cut into pieces that fit
    assert chunks[-1].regions == [(78.25, 95.0)]


def test_pauses_shorter_than_twice_the_padding_are_shared() -> None:
    chunks = plan_chunks([(0.0, 29.0), (29.1, 40.0)], audio_end=40.0)
    assert chunks[0].end == pytest.approx(29.05) and chunks[1].start == pytest.approx(29.05)


@pytest.mark.parametrize(("span", "reach"), [(29.6, EDGE_PAD_S), (29.0, 0.5), (27.0, EDGE_REACH_S)])
def test_a_full_window_reaches_only_as_far_as_whisper_input_allows(span: float, reach: float) -> None:
    chunks = plan_chunks([(10.0, 10.0 + span)], audio_end=60.0)
    assert (chunks[0].start, chunks[0].end) == (pytest.approx(10.0 - reach), pytest.approx(10.0 + span + reach))
    assert chunks[0].end - chunks[0].start <= WINDOW_S + 1e-9


def test_no_regions_no_chunks() -> None:
    assert plan_chunks([], audio_end=10.0) == []


def words(text: str, start: float, step: float = 0.3) -> list[Word]:
    """Whisper-like tokens: "$9" and ",000" are separate, the second glued to the first."""
    out = []
    for i, token in enumerate(text.replace(",000", " ,000").split()):
        out.append(Word(token, start + i * step, start + i * step + 0.25, space_before=not token.startswith(",")))
    return out


def segment(text: str, start: float) -> Segment:
    ws = words(text, start)
    return Segment(ws[0].start, ws[-1].end, text, words=ws)


def test_a_phrase_repeated_across_a_seam_is_dropped_from_the_later_chunk() -> None:
    first = segment("We are about 9,000 over budget.", 10.0)
    second = segment("9,000 over budget. Where did the money go?", first.end + 0.3)
    kept = drop_seam_repeats([first, second])
    assert [s.text for s in kept] == ["We are about 9,000 over budget.", "Where did the money go?"]
    assert kept[1].start == kept[1].words[0].start


def test_words_said_again_after_a_real_pause_stay() -> None:
    first = segment("Nine thousand over budget.", 0.0)
    later = segment("Nine thousand over budget? That is a lot.", first.end + 2.5)
    assert [s.text for s in drop_seam_repeats([first, later])] == [first.text, later.text]


def test_a_single_repeated_word_is_not_a_repeat() -> None:
    first = segment("Did you say yes?", 0.0)
    second = segment("Yes. We agreed.", first.end + 0.2)
    assert drop_seam_repeats([first, second])[1].text == "Yes. We agreed."


def test_a_chunk_that_only_repeats_disappears() -> None:
    first = segment("Send it by Friday.", 0.0)
    second = segment("by Friday.", first.end + 0.2)
    assert [s.text for s in drop_seam_repeats([first, second])] == ["Send it by Friday."]


def test_edge_words_stretched_over_the_reached_silence_are_cut_back_to_the_speech() -> None:
    from transcription_api.engine.asr import to_segment

    raw = {"start": 4.0, "end": 12.0, "text": "Hi. Good morning all"}
    stretched = [Word("Hi.", 4.1, 4.5), Word("Good", 4.5, 5.3), Word("morning", 5.3, 5.8), Word("all", 10.0, 12.0)]
    segment = to_segment(raw, stretched, [(3.0, 3.5), (5.0, 10.5), (13.0, 14.0)])
    # "Hi." lies wholly before the VAD's speech (a word it missed): kept; the words running into it are cut back
    assert [(w.start, w.end) for w in segment.words] == [(4.1, 4.5), (4.8, 5.3), (5.3, 5.8), (10.0, 10.7)]
    assert (segment.start, segment.end) == (4.1, 10.7)
    alone = to_segment(raw, [Word("Good", 4.0, 5.3), Word("all", 10.0, 12.0)], [(5.0, 10.5)])
    assert (alone.start, alone.end) == (4.8, 10.7) and alone.words[0].start == 4.8
