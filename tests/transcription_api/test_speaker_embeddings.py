"""Voice prints on request: one unit embedding per speaker, over real HTTP from the real service and model."""

from __future__ import annotations

import numpy as np
import openai
import pytest

from tests.speech import Dialogue
from tests.transcription_api.conftest import API_KEY, Client

# espeak's alice and bob: their windows lie 0.40-0.57 apart in cosine distance (tests/speech.py), one voice's
# windows 0.16-0.23; the prints of two different voices must be far less alike than a voice with itself.
DIFFERENT_VOICES_MAX_COSINE = 0.75


def _vectors(block: dict) -> dict[str, np.ndarray]:
    assert block["model"] == "resemblyzer" and block["version"], block
    assert block["dimensions"] == 256
    return {speaker: np.asarray(vector, dtype=np.float64) for speaker, vector in block["speakers"].items()}


@pytest.fixture(scope="module")
def with_prints(api, dialogue: Dialogue) -> dict:
    with Client(api.url) as c:
        body = c.wait(c.submit_ok(dialogue.path, speaker_embeddings="true"))
    assert body["status"] == "completed", body
    return dict(body["result"])


def test_one_unit_vector_per_speaker(with_prints: dict) -> None:
    vectors = _vectors(with_prints["speaker_embeddings"])
    assert sorted(vectors) == with_prints["speakers"] == ["SPEAKER_00", "SPEAKER_01"]
    for vector in vectors.values():
        assert vector.shape == (256,)
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-4)


def test_each_print_says_how_much_clean_speech_it_was_made_from(with_prints: dict) -> None:
    block = with_prints["speaker_embeddings"]
    assert sorted(block["speech"]) == sorted(block["speakers"])
    for speech in block["speech"].values():  # each voice speaks several seconds in turns away from the changes
        assert 2.0 <= speech["seconds"] <= with_prints["duration"] and speech["windows"] >= 2, speech


def test_different_voices_have_different_prints(with_prints: dict) -> None:
    first, second = _vectors(with_prints["speaker_embeddings"]).values()
    assert float(first @ second) < DIFFERENT_VOICES_MAX_COSINE


def test_openai_route_carries_them_in_verbose_json(api, dialogue: Dialogue, with_prints: dict) -> None:
    oai = openai.OpenAI(base_url=f"{api.url}/v1", api_key=API_KEY, max_retries=0, timeout=240)
    with dialogue.path.open("rb") as handle:
        result = oai.audio.transcriptions.create(
            model="whisper-1",
            file=handle,
            response_format="verbose_json",
            extra_body={"speaker_embeddings": "true"},
        )
    vectors = _vectors(result.model_extra["speaker_embeddings"])
    same = _vectors(with_prints["speaker_embeddings"])
    assert sorted(vectors) == sorted(same)
    for speaker, vector in vectors.items():  # the same recording gives the same voices
        assert float(vector @ same[speaker]) > 0.99


def test_a_print_leaves_out_windows_near_a_change_of_speaker_and_mixed_ones() -> None:
    from transcription_api.engine.types import SpeakerTurn
    from transcription_api.engine.voice_prints import voice_prints

    centers = np.arange(0.4, 10.0, 0.4)
    labels = (centers > 5.0).astype(int)
    first, second, mixed = np.eye(3)
    embeddings = np.where(labels[:, None] == 0, first, second)
    near = np.abs(centers - 5.0) < 1.2
    embeddings[near] = mixed  # windows reaching across the change hold both voices
    stable = np.ones(len(centers), dtype=bool)
    stable[2] = False  # and one the diarizer found unstable
    embeddings[2] = mixed
    turns = [SpeakerTurn(0.0, 5.0, "SPEAKER_00"), SpeakerTurn(5.0, 10.0, "SPEAKER_01")]
    prints = voice_prints(centers, embeddings.astype(np.float16), stable, labels, turns)
    assert np.allclose(prints[0], first) and np.allclose(prints[1], second)
    # SPEAKER_00's clean windows are centred at 0.4, 0.8, 1.6 … 3.6 s (1.2 s unstable, 4.0 s near the change):
    # 8 windows of 1.6 s covering -0.4 … 4.4 s together
    assert (prints[0].windows, prints[0].seconds) == (8, pytest.approx(4.8))


def test_a_print_from_mixed_windows_only_says_it_had_no_clean_speech() -> None:
    from transcription_api.engine.types import SpeakerTurn
    from transcription_api.engine.voice_prints import describe, voice_prints

    centers = np.asarray([1.0, 1.4, 5.0, 5.4, 5.8, 6.2, 6.6, 7.0])
    labels = np.asarray([0, 0, 1, 1, 1, 1, 1, 1])  # two windows of a voice heard only around a change
    turns = [SpeakerTurn(0.0, 1.6, "SPEAKER_00"), SpeakerTurn(1.6, 8.0, "SPEAKER_01")]
    embeddings = np.eye(8)[:, :4].astype(np.float16) + 0.1
    prints = voice_prints(centers, embeddings, np.ones(8, dtype=bool), labels, turns)
    assert (prints[0].seconds, prints[0].windows) == (0.0, 0)
    speech = describe({"SPEAKER_00": prints[0], "SPEAKER_01": prints[1]})["speech"]
    assert speech == {"SPEAKER_00": {"seconds": 0.0, "windows": 0}, "SPEAKER_01": {"seconds": 3.6, "windows": 6}}
