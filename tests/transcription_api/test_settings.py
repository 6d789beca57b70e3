"""Settings read from the environment the way an operator writes env/transcription_api.env.example."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcription_api.engine.errors import ModelUnavailable
from transcription_api.engine.models import choose_model
from transcription_api.settings import ApiSettings

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_env_file_loads_to_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (ROOT / "env" / "transcription_api.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            monkeypatch.setenv(name, value)
    settings = ApiSettings()
    assert settings.model_dump() == ApiSettings.model_construct().model_dump() | {"api_key": None}
    assert settings.language is None and settings.model_dir is None and settings.api_key is None


def test_values_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCRIBE_MAX_UPLOAD_MB", "10")
    monkeypatch.setenv("TRANSCRIBE_API_KEY", "  ")
    monkeypatch.setenv("TRANSCRIBE_DEVICE", "cpu")
    settings = ApiSettings()
    assert settings.max_upload_bytes == 10 * 1024 * 1024 and settings.api_key is None
    monkeypatch.setenv("TRANSCRIBE_DEVICE", "tpu")
    with pytest.raises(ValueError, match="device"):
        ApiSettings()


def test_model_choice(tmp_path: Path) -> None:
    packaged = choose_model(ApiSettings(data_dir=tmp_path, device="cpu"))
    assert (packaged.label, packaged.compute_type, packaged.english_only) == ("packaged-base", "int8", False)
    assert (Path(packaged.reference) / "model.bin").stat().st_size > 100_000_000
    tiny = choose_model(ApiSettings(data_dir=tmp_path, device="cpu", model="packaged-tiny.en"))
    assert tiny.english_only and (Path(tiny.reference) / "model.bin").exists()
    gpu = choose_model(ApiSettings(data_dir=tmp_path, device="cuda"))
    assert (gpu.reference, gpu.compute_type) == ("large-v3", "float16")
    with pytest.raises(ModelUnavailable, match="does not exist"):
        choose_model(ApiSettings(data_dir=tmp_path, device="cpu", model=str(tmp_path / "missing")))
    with pytest.raises(ModelUnavailable, match=r"no model\.bin"):
        choose_model(ApiSettings(data_dir=tmp_path, device="cpu", model=str(tmp_path)))


def test_service_refuses_to_start_with_a_clear_reason(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "TRANSCRIBE_DATA_DIR": str(tmp_path), "TRANSCRIBE_MODEL": str(tmp_path / "no-such-model")}
    done = subprocess.run(
        [sys.executable, "-m", "transcription_api"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith(
        f"transcription_api cannot start: Model directory {tmp_path / 'no-such-model'} does not exist."
    )
    assert "Traceback" not in done.stderr
