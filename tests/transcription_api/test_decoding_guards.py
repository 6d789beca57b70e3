"""The rules that decide whether a decoded chunk is speech, a repetition loop, or invented (no model needed)."""

from __future__ import annotations

from faster_whisper.transcribe import TranscriptionOptions

from transcription_api.engine.decoding import Decoded, compression_ratio, looks_invented

OPTIONS = TranscriptionOptions(
    beam_size=5,
    best_of=5,
    patience=1,
    length_penalty=1,
    repetition_penalty=1,
    no_repeat_ngram_size=0,
    log_prob_threshold=-1.0,
    no_speech_threshold=0.6,
    compression_ratio_threshold=2.4,
    condition_on_previous_text=False,
    prompt_reset_on_temperature=0.5,
    temperatures=[0.0, 0.2, 0.4],
    initial_prompt=None,
    prefix=None,
    suppress_blank=True,
    suppress_tokens=[-1],
    without_timestamps=True,
    max_initial_timestamp=0.0,
    word_timestamps=False,
    prepend_punctuations="",
    append_punctuations="",
    multilingual=False,
    max_new_tokens=None,
    clip_timestamps="0",
    hallucination_silence_threshold=None,
    hotwords=None,
)
SPEECH = "We spent forty seven thousand dollars on the campaign last quarter, about nine thousand over budget."


def decoded(no_speech: float, logprob: float, text: str = SPEECH) -> Decoded:
    return Decoded([1, 2, 3], logprob, no_speech, compression_ratio(text))


def test_silence_is_a_likely_no_speech_decoded_without_confidence() -> None:
    assert decoded(0.8, -1.9, " you.").is_silence(OPTIONS)
    assert not decoded(0.8, -0.4).is_silence(OPTIONS)  # confident text wins over the no-speech token
    assert not decoded(0.1, -1.9).is_silence(OPTIONS)


def test_repetition_loops_and_improbable_text_are_decoded_again() -> None:
    loop = " ".join(["I'm going to get a little bit of a"] * 8)
    assert compression_ratio(loop) > 2.4 and decoded(0.1, -0.2, loop).needs_fallback(OPTIONS)
    assert decoded(0.1, -1.3).needs_fallback(OPTIONS)
    assert not decoded(0.1, -0.2).needs_fallback(OPTIONS)
    assert not decoded(0.9, -1.3).needs_fallback(OPTIONS)  # silence is not retried


def alignment(*items: tuple[str, float, float, float]) -> list[dict]:
    return [{"word": w, "start": s, "end": e, "probability": p} for w, s, e, p in items]


def test_words_stretched_over_music_are_invented_when_speech_is_doubtful() -> None:
    stretched = alignment((" Thank", 0.0, 12.4, 0.6), (" you.", 12.4, 12.9, 0.7))
    assert looks_invented(decoded(0.43, -1.1, " Thank you."), stretched, OPTIONS)
    assert not looks_invented(decoded(0.05, -1.1, " Thank you."), stretched, OPTIONS)


def test_ordinary_words_are_not_invented() -> None:
    spoken = alignment(
        (" Thank", 0.2, 0.5, 0.9),
        (" you", 0.5, 0.7, 0.95),
        (" for", 0.7, 0.85, 0.9),
        (" calling", 0.85, 1.3, 0.97),
        (".", 1.3, 1.3, 0.9),
    )
    assert not looks_invented(decoded(0.45, -0.3, " Thank you for calling."), spoken, OPTIONS)
