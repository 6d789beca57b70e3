"""Known speakers without a model: the matching rule and its calibrated constants, the clips' life beside the
upload, and how a job's known speakers are stored."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from bot.shared.settings import VOICE_MATCH_THRESHOLD
from bot.speakers.voices import matching
from transcription_api.engine import known_speakers as engine_known
from transcription_api.engine.types import JobOptions, KnownSpeaker
from transcription_api.engine.voice_prints import VoicePrint
from transcription_api.jobs.models import options_json
from transcription_api.jobs.retention import remove_orphan_uploads
from transcription_api.jobs.upload_files import beside, remove_upload


def test_the_rule_is_the_bots_calibrated_one() -> None:
    assert engine_known.MATCH_THRESHOLD == VOICE_MATCH_THRESHOLD
    assert engine_known.MARGIN == matching.MARGIN
    assert engine_known.MIN_SPEECH_S == matching.MIN_SPEECH_S


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, np.float64)
    return vector / np.linalg.norm(vector)


def _print(vector: np.ndarray, seconds: float) -> VoicePrint:
    made = np.asarray(vector, np.float32).view(VoicePrint)
    made.seconds = seconds
    return made


def _at(cosine: float, base: np.ndarray, across: np.ndarray) -> np.ndarray:
    """A unit vector at ``cosine`` to the unit ``base``, turned towards the orthogonal unit ``across``."""
    return cosine * base + float(np.sqrt(1 - cosine**2)) * across


def test_a_name_goes_to_one_speaker_at_the_threshold_with_a_margin() -> None:
    x, y, z = _unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1)
    prints = {"SPEAKER_00": x, "SPEAKER_01": y}
    names, scores = engine_known.match(prints, {"Tom": _at(0.96, x, z), "Anna": _at(0.94, y, z)})
    assert names == {"SPEAKER_00": "Tom"}  # Anna's 0.94 is under the threshold
    assert scores == {"Tom": 0.96, "Anna": 0.94}
    twins = {"Tom": _at(0.97, x, z), "Tim": _at(0.96, x, -z)}  # two names close to one voice: neither leads
    assert engine_known.match(prints, twins)[0] == {}
    assert engine_known.match({"SPEAKER_00": x, "SPEAKER_01": x}, {"Tom": x})[0] == {"SPEAKER_00": "Tom"}


def test_a_print_made_from_too_little_speech_names_nobody() -> None:
    x = _unit(1, 0, 0)
    assert engine_known.match({"SPEAKER_00": _print(x, 1.9)}, {"Tom": x}) == ({}, {})
    assert engine_known.match({"SPEAKER_00": x}, {"Tom": _print(x, 1.9)}) == ({}, {})
    assert engine_known.match({"SPEAKER_00": _print(x, 2.0)}, {"Tom": _print(x, 8.0)})[0] == {"SPEAKER_00": "Tom"}


def test_clips_live_and_die_with_their_upload(tmp_path: Path) -> None:
    kept, gone = tmp_path / "a.upload", tmp_path / "b.upload"
    kept.write_bytes(b"audio")
    for path in (beside(kept, "ref0.pcm"), beside(kept, "ref1.pcm"), beside(gone, "ref0.pcm"), tmp_path / "c.txt"):
        path.write_bytes(b"pcm")
    assert remove_orphan_uploads(tmp_path, lambda: {str(kept)}, min_age_s=0) == 1  # b's clip: its upload is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.upload", "a.upload.ref0.pcm", "a.upload.ref1.pcm", "c.txt"]
    remove_upload(kept)
    assert [p.name for p in tmp_path.iterdir()] == ["c.txt"]


def test_known_speakers_are_stored_with_the_job_options() -> None:
    options = JobOptions(language="en", known_speakers=(KnownSpeaker("Anna", "/data/uploads/x.upload.ref0.pcm"),))
    stored = json.loads(options_json(options))
    assert stored["known_speakers"] == [{"name": "Anna", "reference": "/data/uploads/x.upload.ref0.pcm"}]
    assert JobOptions.from_dict(stored) == options
    before = {k: v for k, v in asdict(JobOptions()).items() if k != "known_speakers"}  # a job stored earlier
    assert JobOptions.from_dict(before) == JobOptions()


def test_with_a_whole_audio_diarizer_nobody_is_named_and_no_clip_is_read() -> None:
    """pyannote makes no voice prints: the clips are not even opened (this one does not exist)."""
    engine = SimpleNamespace(diarizer=SimpleNamespace(whole_audio=True))
    known = (KnownSpeaker("Anna", "/nonexistent/x.upload.ref0.pcm"),)
    naming = engine_known.name_speakers(engine, known, {})  # type: ignore[arg-type]
    assert naming.names == {}
    assert naming.report == [{"name": "Anna", "named": False, "score": None, "reference_speech_s": 0.0}]
