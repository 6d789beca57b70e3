"""Transcript text keeps whisper's own spacing: words carry whether a space came before them (no model needed)."""

from __future__ import annotations

from transcription_api.engine.alignment import _segment
from transcription_api.engine.asr import to_words
from transcription_api.engine.speakers import split_turns
from transcription_api.engine.types import Segment, Transcript, Word, join_words


def tokens(*items: tuple[str, float, str]) -> list[dict]:
    """faster-whisper alignment entries: the word as emitted (leading space and all), its start, its speaker."""
    return [{"word": w, "start": s, "end": s + 0.2, "probability": 0.9, "speaker": who} for w, s, who in items]


def test_whisper_tokens_are_stored_stripped_and_rejoin_exactly() -> None:
    emitted = [" We", " spent", " $47", ",000,", " about", " 3", ".5", "%", " at", " 10", ":30", " by", " e", "-mail."]
    words = to_words(
        [{"word": w, "start": i * 0.3, "end": i * 0.3 + 0.2, "probability": 0.9} for i, w in enumerate(emitted)],
        offset=5.0,
        limit=20.0,
    )
    assert [w.word for w in words][:4] == ["We", "spent", "$47", ",000,"]
    assert [w.space_before for w in words][:4] == [True, True, True, False]
    assert join_words(words) == "We spent $47,000, about 3.5% at 10:30 by e-mail."
    assert words[0].start == 5.0 and all(5.0 <= w.start <= w.end <= 20.0 for w in words)


def test_sentences_and_speakers_split_lines_but_never_a_glued_token() -> None:
    items = tokens(
        (" It", 0, "A"),
        (" costs", 0.3, "A"),
        (" $9", 0.6, "A"),
        (",000.", 0.9, "B"),
        (" Too", 1.5, "B"),
        (" much", 1.8, "B"),
        ("!", 2.0, "B"),
    )
    words = [Word(i["word"].strip(), i["start"], i["end"], i["speaker"], 0.9, i["word"][0] == " ") for i in items]
    lines = split_turns([Segment(0.0, 2.2, "ignored", words=words)], "en")
    assert [(s.speaker, s.text) for s in lines] == [("A", "It costs $9,000."), ("B", "Too much!")]
    assert lines[0].words[-1].speaker == "A"  # ",000." belongs to the word "$9,000."


def test_languages_without_spaces_join_without_spaces() -> None:
    chars = [Word(c, i * 0.2, i * 0.2 + 0.2, "A", 0.9, space_before=i == 0) for i, c in enumerate("我们开会。好的")]
    chars[-2].speaker = chars[-1].speaker = "B"
    lines = split_turns([Segment(0.0, 1.4, "", words=chars)], "zh")
    assert [(s.speaker, s.text) for s in lines] == [("A", "我们开会。"), ("B", "好的")]


def test_wav2vec2_words_keep_the_numbers_it_cannot_time() -> None:
    timed = [{"word": "Budget", "start": 1.0, "end": 1.4, "score": 0.9}, {"word": "is", "start": 1.5, "end": 1.6}]
    raw = {
        "start": 1.0,
        "end": 4.0,
        "text": " Budget is $47,000 now.",
        "words": [*timed, {"word": "$47,000"}, {"word": "now.", "start": 3.0, "end": 3.3}],
    }
    segment = _segment(raw, spaced=True)
    assert join_words(segment.words) == "Budget is $47,000 now."
    assert (segment.words[2].start, segment.words[2].end) == (1.6, 1.6)
    chars = {**raw, "words": [{"word": c, "start": 1.0, "end": 1.1} for c in "好的"]}
    assert join_words(_segment(chars, spaced=False).words) == "好的"


def test_results_stored_before_the_field_existed_still_load() -> None:
    words = [{"word": "Hello", "start": 0.0, "end": 0.4}, {"word": "there", "start": 0.5, "end": 1.0}]
    segments = [{"start": 0.0, "end": 1.0, "text": "Hello there", "words": words}]
    transcript = Transcript.from_dict({"language": "en", "duration": 2.0, "speakers": [], "segments": segments})
    assert join_words(transcript.segments[0].words) == "Hello there"
    assert transcript.to_dict()["segments"][0]["words"][1]["space_before"] is True


def test_openai_text_of_a_call_without_spaces_glues_its_lines() -> None:
    from transcription_api.routes.openai_compat import _render

    lines = [{"start": 0.0, "end": 1.0, "text": "我们开会。"}, {"start": 1.0, "end": 1.4, "text": "好的"}]
    assert _render({"language": "zh", "segments": lines}, "text").body.decode() == "我们开会。好的"
    spaced = [{"start": 0.0, "end": 1.0, "text": "We meet."}, {"start": 1.0, "end": 1.4, "text": "Fine."}]
    assert _render({"language": "en", "segments": spaced}, "text").body.decode() == "We meet. Fine."
