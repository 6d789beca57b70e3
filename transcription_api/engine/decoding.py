"""Batched whisper decoding with the guards sequential whisper applies to every window.

whisperx decodes a batch of chunks once, with beam search, and keeps whatever comes out: a chunk of music or noise
comes back as an invented sentence, a stuck decoder as the same phrase over and over. Here every chunk is checked
as faster-whisper checks its windows: a chunk the model thinks holds no speech (no-speech probability above the
threshold) and that decoded with a low average log-probability is silence and yields nothing; a chunk whose text
is too repetitive (compression ratio) or too improbable (average log-probability) is decoded again by sampling at
rising temperatures, only that chunk, and the best attempt is kept. Music and steady noise can still fool the
decoder into a confident "Thank you."; openai-whisper's hallucination test (words stretched over seconds, or
improbable) then drops the text of a chunk the model already doubts holds speech.
"""

from __future__ import annotations

import string
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Decoded:
    tokens: list[int]  # text tokens only
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float

    def is_silence(self, options: Any) -> bool:
        """faster-whisper's rule: the model expects no speech and is not confident in what it wrote."""
        return (
            options.no_speech_threshold is not None
            and self.no_speech_prob > options.no_speech_threshold
            and (options.log_prob_threshold is None or self.avg_logprob < options.log_prob_threshold)
        )

    def too_repetitive(self, options: Any) -> bool:
        threshold = options.compression_ratio_threshold
        return threshold is not None and self.compression_ratio > threshold

    def needs_fallback(self, options: Any) -> bool:
        improbable = options.log_prob_threshold is not None and self.avg_logprob < options.log_prob_threshold
        return not self.is_silence(options) and (self.too_repetitive(options) or improbable)


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def decode_batch(
    model: Any, features: np.ndarray, encoded: Any, prompts: list[list[int]], tokenizer: Any, options: Any
) -> list[Decoded]:
    """Beam-search every chunk at once, then re-decode only the chunks that fail the guards, and drop silence.

    ``model`` is a faster-whisper model (``.model`` is the CTranslate2 whisper, ``.encode`` its encoder);
    ``features`` are the chunks' mel spectrograms, ``encoded`` their encoder output.
    """
    attempts: list[list[Decoded]] = [[d] for d in _generate(model, encoded, prompts, tokenizer, options, 0.0)]
    pending = [i for i, tries in enumerate(attempts) if tries[-1].needs_fallback(options)]
    for temperature in [t for t in options.temperatures if t > 0]:
        if not pending:
            break
        subset = model.encode(features[pending])
        retried = _generate(model, subset, [prompts[i] for i in pending], tokenizer, options, temperature)
        for index, decoded in zip(pending, retried, strict=True):
            attempts[index].append(decoded)
        pending = [i for i in pending if attempts[i][-1].needs_fallback(options)]
    chosen = [_best(tries, options) for tries in attempts]
    return [Decoded([], d.avg_logprob, d.no_speech_prob, 0.0) if d.is_silence(options) else d for d in chosen]


def _best(tries: list[Decoded], options: Any) -> Decoded:
    """The last attempt if it passed; otherwise the most probable one that is not a repetition loop."""
    if not tries[-1].needs_fallback(options):
        return tries[-1]
    readable = [d for d in tries if not d.too_repetitive(options)]
    return max(readable or tries, key=lambda d: d.avg_logprob)


def _generate(
    model: Any, encoded: Any, prompts: list[list[int]], tokenizer: Any, options: Any, temperature: float
) -> list[Decoded]:
    if temperature > 0:
        search: dict[str, Any] = {
            "beam_size": 1,
            "num_hypotheses": options.best_of,
            "sampling_topk": 0,
            "sampling_temperature": temperature,
        }
    else:
        search = {"beam_size": options.beam_size, "patience": options.patience}
    results = model.model.generate(
        encoded,
        prompts,
        length_penalty=options.length_penalty,
        repetition_penalty=options.repetition_penalty,
        no_repeat_ngram_size=options.no_repeat_ngram_size,
        max_length=model.max_length,
        return_scores=True,
        return_no_speech_prob=True,
        suppress_blank=options.suppress_blank,
        suppress_tokens=options.suppress_tokens,
        **search,
    )
    decoded = []
    for result in results:
        tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        length = len(result.sequences_ids[0])
        avg_logprob = result.scores[0] * (length**options.length_penalty) / (length + 1)
        text = tokenizer.decode(tokens).strip()
        decoded.append(Decoded(tokens, float(avg_logprob), float(result.no_speech_prob), compression_ratio(text)))
    return decoded


def looks_invented(decoded: Decoded, words: list[dict[str, Any]], options: Any) -> bool:
    """openai-whisper's anomaly test on the first words, for a chunk with a raised no-speech probability."""
    if options.no_speech_threshold is None or decoded.no_speech_prob <= options.no_speech_threshold / 3:
        return False
    spoken = [w for w in words if w["word"].strip() and w["word"].strip() not in string.punctuation][:8]
    if not spoken:
        return False
    score = sum(_anomaly(float(w["probability"]), float(w["end"]) - float(w["start"])) for w in spoken)
    return score >= 3 or score + 0.01 >= len(spoken)


def _anomaly(probability: float, duration: float) -> float:
    score = 1.0 if probability < 0.15 else 0.0
    if duration < 0.133:
        score += (0.133 - duration) * 15
    if duration > 2.0:
        score += duration - 2.0
    return score
