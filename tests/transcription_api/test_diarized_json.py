"""OpenAI's diarized transcription (``diarized_json``, known speakers, refused parameters) through the real `openai`
client against the service under uvicorn, and known speakers on the seed route."""

from __future__ import annotations

from pathlib import Path

import httpx
import openai
import pytest
from openai.types.audio import TranscriptionDiarized

from tests.support.known_voices import (
    VoicedCall,
    data_url,
    ogg_bytes,
    reference_samples,
    two_voice_call,
    wav_bytes,
)
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import API_KEY, Client

DIARIZE = "gpt-4o-transcribe-diarize"


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> VoicedCall:
    return two_voice_call(tmp_path_factory.mktemp("known") / "call.ogg")


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """10 s of each voice from other recordings (Tom as Ogg/Opus, Anna as WAV), and Ken, who is not in the call.
    Clips this long are needed: the same voice scores 0.95-0.97 against the call's speaker with them, at the
    threshold (see engine.known_speakers)."""
    folder = tmp_path_factory.mktemp("references")
    return {
        "Tom": data_url(ogg_bytes(reference_samples("Tom", 10), folder, "tom"), "audio/ogg"),
        "Anna": data_url(wav_bytes(reference_samples("Anna", 10), folder, "anna"), "audio/wav"),
        "Ken": data_url(wav_bytes(reference_samples("Ken", 10), folder, "ken"), "audio/wav"),
    }


@pytest.fixture
def oai(api: TranscriptionService) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{api.url}/v1", api_key=API_KEY, max_retries=0, timeout=240)


def _diarized(oai: openai.OpenAI, call: VoicedCall, **extra: object) -> TranscriptionDiarized:
    with call.path.open("rb") as handle:
        fields = {"response_format": "diarized_json", "language": "en", **extra}
        return oai.audio.transcriptions.create(model=DIARIZE, file=handle, **fields)  # type: ignore[call-overload,no-any-return]


def _who_is_who(call: VoicedCall, segments: list[tuple[str, float, float]]) -> dict[str, set[str]]:
    """Label -> the personas its segments were spoken by."""
    found: dict[str, set[str]] = {}
    for label, start, end in segments:
        found.setdefault(label, set()).add(call.persona_at(start, end) or "?")
    return found


def test_diarized_json_names_known_speakers_and_letters_the_others(
    oai: openai.OpenAI, call: VoicedCall, references: dict[str, str]
) -> None:
    """Tom's reference names him; Anna, not given, gets OpenAI's first letter; Ken, not in the call, names nobody."""
    vad = {"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 500}
    known = {"known_speaker_names": ["Ken", "Tom"], "known_speaker_references": [references["Ken"], references["Tom"]]}
    result = _diarized(oai, call, chunking_strategy=vad, **known)
    assert isinstance(result, TranscriptionDiarized) and result.task == "transcribe"
    assert result.usage is not None and result.usage.type == "duration"
    assert result.usage.seconds == result.duration and result.duration == pytest.approx(call.turns[-1][2] + 0.6, 0.05)
    assert [s.type for s in result.segments] == ["transcript.text.segment"] * len(result.segments)
    assert len({s.id for s in result.segments}) == len(result.segments)
    labels = _who_is_who(call, [(s.speaker, s.start, s.end) for s in result.segments])
    assert labels == {"Tom": {"Tom"}, "A": {"Anna"}}
    longest = max(call.turns[0][3].split(), key=len).strip(".,?!").lower()
    assert longest in result.text.lower() and result.text.startswith(result.segments[0].text)


def test_the_seed_route_names_known_speakers(
    api: TranscriptionService, client: Client, call: VoicedCall, references: dict[str, str]
) -> None:
    """Form fields as on the OpenAI route; only Anna is given, so Tom keeps a generic label; the clips leave with
    the job."""
    fields = {"language": "en", "known_speaker_names[]": "Anna", "known_speaker_references[]": references["Anna"]}
    with call.path.open("rb") as handle:
        response = client.http.post("/transcribe/", files={"file": ("call.ogg", handle)}, data=fields)
    assert response.status_code == 200, response.text
    task_id = response.json()["task_id"]
    assert client.status(task_id)["options"]["known_speakers"] == ["Anna"]  # the names, not where the clips lie
    result = client.wait(task_id)["result"]
    assert result["speakers"] == ["SPEAKER_00", "Anna"]
    labels = _who_is_who(call, [(s["speaker"], s["start"], s["end"]) for s in result["segments"]])
    assert labels == {"SPEAKER_00": {"Tom"}, "Anna": {"Anna"}}
    assert {w["speaker"] for s in result["segments"] for w in s["words"]} == {"SPEAKER_00", "Anna"}
    [known] = result["known_speakers"]
    assert known["name"] == "Anna" and known["named"] and known["score"] >= 0.95
    assert not list((api.data_dir / "uploads").glob("*.upload.*"))


def _refused(oai: openai.OpenAI, call: VoicedCall, **extra: object) -> openai.BadRequestError:
    with pytest.raises(openai.BadRequestError) as refused:
        _diarized(oai, call, **extra)
    return refused.value


def test_bad_reference_clips_are_refused_naming_which(
    api: TranscriptionService, oai: openai.OpenAI, call: VoicedCall, references: dict[str, str], tmp_path: Path
) -> None:
    short = data_url(wav_bytes(reference_samples("Tom", 1.2), tmp_path, "short"), "audio/wav")
    long = data_url(wav_bytes(reference_samples("Tom", 12), tmp_path, "long"), "audio/wav")
    text = data_url(b"plain text, not a recording " * 40, "audio/wav")
    cases = [
        (
            ["Tom", "Anna"],
            [references["Tom"], "https://example.com/anna.wav"],
            "known_speaker_references[1]",
            "known_speaker_references[1] is not a data URL",
        ),
        (
            ["Tom", "Anna"],
            [references["Tom"], text],
            "known_speaker_references[1]",
            "known_speaker_references[1] is not a usable audio clip: The file is not an audio or video recording",
        ),
        (
            ["Tom"],
            [short],
            "known_speaker_references[0]",
            "known_speaker_references[0] holds 1.20 s of audio; a reference clip must be 2-10 s.",
        ),
        (
            ["Tom"],
            [long],
            "known_speaker_references[0]",
            "known_speaker_references[0] holds more than 10 s of audio; a reference clip must be 2-10 s.",
        ),
        (
            ["Tom", "tom"],
            [references["Tom"]] * 2,
            "known_speaker_names[1]",
            "known_speaker_names[1] ('tom') is given twice; each name must be unique.",
        ),
        (
            ["SPEAKER_01"],
            [references["Tom"]],
            "known_speaker_names[0]",
            "known_speaker_names[0] ('SPEAKER_01') is a generic speaker label; choose a name.",
        ),
        (
            ["Tom", "Anna"],
            [references["Tom"]],
            "known_speaker_references[]",
            "2 known_speaker_names[] but 1 known_speaker_references[]: give one reference clip per name, in the same"
            " order.",
        ),
        (list("abcde"), [references["Tom"]] * 5, "known_speaker_names[]", "5 known speakers; at most 4 are supported."),
    ]
    for names, clips, param, message in cases:
        error = _refused(oai, call, known_speaker_names=names, known_speaker_references=clips)
        assert (error.status_code, error.code, error.param) == (400, "invalid_value", param), message
        assert error.body == {
            "message": error.body["message"],
            "type": "invalid_request_error",  # type: ignore[index]
            "param": param,
            "code": "invalid_value",
        }
        assert str(error.body["message"]).startswith(message)  # type: ignore[index]
    fields = {"known_speaker_names[]": "Tom", "known_speaker_references[]": short}
    seed = httpx.post(
        f"{api.url}/transcribe/",
        headers={"Authorization": f"Bearer {API_KEY}"},
        files={"file": ("call.ogg", call.path.read_bytes())},
        data=fields,
        timeout=60,
    )
    assert seed.status_code == 400 and seed.json()["detail"].startswith("known_speaker_references[0] holds 1.20 s")
    assert not list((api.data_dir / "uploads").glob("*.upload.*"))  # no clip left behind by a refused request


def test_parameters_the_diarizing_model_refuses(oai: openai.OpenAI, call: VoicedCall) -> None:
    cases = [
        ({"prompt": "A budget meeting."}, "prompt", "unsupported_parameter"),
        ({"include": ["logprobs"]}, "include[]", "unsupported_parameter"),
        ({"timestamp_granularities": ["word"]}, "timestamp_granularities[]", "unsupported_parameter"),
        ({"response_format": "verbose_json"}, "response_format", "unsupported_parameter"),
        (
            {"chunking_strategy": {"type": "server_vad", "threshold": 1.5}},
            "chunking_strategy.threshold",
            "invalid_value",
        ),
        ({"chunking_strategy": {"type": "semantic"}}, "chunking_strategy.type", "invalid_value"),
    ]
    for extra, param, code in cases:
        error = _refused(oai, call, **extra)
        assert (error.status_code, error.param, error.code) == (400, param, code)
        assert error.type == "invalid_request_error" and param.split(".")[0].rstrip("[]") in error.message


def test_the_openapi_schema_shows_the_new_fields(api: TranscriptionService) -> None:
    schema = httpx.get(f"{api.url}/openapi.json", timeout=30).json()
    form = "multipart/form-data"
    openai_fields = schema["paths"]["/v1/audio/transcriptions"]["post"]["requestBody"]["content"][form]["schema"]
    seed_fields = schema["paths"]["/transcribe/"]["post"]["requestBody"]["content"][form]["schema"]
    assert "diarized_json" in openai_fields["properties"]["response_format"]["enum"]
    for fields in (openai_fields, seed_fields):
        assert {"known_speaker_names[]", "known_speaker_references[]"} <= set(fields["properties"])
