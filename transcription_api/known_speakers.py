"""Known speakers on submit: ``known_speaker_names[]`` with ``known_speaker_references[]`` (audio clips as data
URLs), checked, and each clip decoded, as an upload is, by the confined ffmpeg (engine.audio, confined_ffmpeg) to
16 kHz PCM kept beside the job's upload (jobs.upload_files): that is how it reaches a worker in the distributed mode,
and it is deleted with the upload. The engine names the speakers (engine.known_speakers).

A bad list or clip is refused with 400 saying which one and why; whatever was written for the request by then goes
with the upload when the route closes it.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

import anyio

from transcription_api.engine.audio import PcmFile, decode_to_file
from transcription_api.engine.errors import MediaError
from transcription_api.engine.types import KnownSpeaker
from transcription_api.errors import ApiError
from transcription_api.jobs.upload_files import beside
from transcription_api.uploads import ReceivedUpload

NAMES = "known_speaker_names[]"
REFERENCES = "known_speaker_references[]"
MAX_KNOWN = 4
MIN_REFERENCE_S, MAX_REFERENCE_S = 2.0, 10.0
LENGTH_SLACK_S = 0.1  # encoders pad a clip by a few tens of milliseconds: a 10 s clip may decode to 10.05 s
NAME_MAX_CHARS = 64
REFERENCE_MAX_BYTES = 4 * 2**20  # one data URL: 10 s of 48 kHz stereo 16-bit WAV is 2.6 MB in base64
DECODE_TIMEOUT_S = 30.0
# Form fields as they may come: the openai client sends ``name[]`` once per item; plain repeated names work too.
_NAMES_MAX_BYTES, _REFERENCES_MAX_BYTES = 4 * NAME_MAX_CHARS * MAX_KNOWN, REFERENCE_MAX_BYTES * MAX_KNOWN
LIST_FIELDS = {
    NAMES: _NAMES_MAX_BYTES,
    "known_speaker_names": _NAMES_MAX_BYTES,
    REFERENCES: _REFERENCES_MAX_BYTES,
    "known_speaker_references": _REFERENCES_MAX_BYTES,
}
_DATA_URL = re.compile(r"data:(?P<type>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)", re.DOTALL)


class KnownSpeakerRefused(ApiError):
    """A known speaker's name or reference clip that cannot be used; ``param`` says which one."""

    status_code = 400
    openai_code = "invalid_value"

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


async def receive_known_speakers(upload: ReceivedUpload) -> tuple[KnownSpeaker, ...]:
    """The request's known speakers, their clips decoded beside ``upload``; none when it names nobody."""
    names = upload.lists.get(NAMES, []) + upload.lists.get("known_speaker_names", [])
    references = upload.lists.get(REFERENCES, []) + upload.lists.get("known_speaker_references", [])
    check_names(names, references)
    known = []
    for index, (name, reference) in enumerate(zip(names, references, strict=True)):
        clip = data_url_bytes(index, reference)
        path = await anyio.to_thread.run_sync(store_clip, upload.path, index, clip)
        known.append(KnownSpeaker(name=name.strip(), reference=str(path)))
    return tuple(known)


def check_names(names: list[str], references: list[str]) -> None:
    """As many names as clips, at most MAX_KNOWN, each name short, not blank and given once."""
    if len(names) != len(references):
        raise KnownSpeakerRefused(
            REFERENCES if len(names) > len(references) else NAMES,
            f"{len(names)} known_speaker_names[] but {len(references)} known_speaker_references[]: give one"
            " reference clip per name, in the same order.",
        )
    if len(names) > MAX_KNOWN:
        raise KnownSpeakerRefused(NAMES, f"{len(names)} known speakers; at most {MAX_KNOWN} are supported.")
    seen: set[str] = set()
    for index, raw in enumerate(names):
        name, param = raw.strip(), f"known_speaker_names[{index}]"
        if not name:
            raise KnownSpeakerRefused(param, f"{param} is empty; give each known speaker a name.")
        if len(name) > NAME_MAX_CHARS:
            raise KnownSpeakerRefused(param, f"{param} is longer than {NAME_MAX_CHARS} characters.")
        if re.fullmatch(r"SPEAKER_\d+", name, re.IGNORECASE):
            raise KnownSpeakerRefused(param, f"{param} ('{name}') is a generic speaker label; choose a name.")
        if name.casefold() in seen:
            raise KnownSpeakerRefused(param, f"{param} ('{name}') is given twice; each name must be unique.")
        seen.add(name.casefold())


def data_url_bytes(index: int, reference: str) -> bytes:
    """The bytes a ``data:`` URL carries (base64 or percent-encoded)."""
    param = f"known_speaker_references[{index}]"
    found = _DATA_URL.fullmatch(reference.strip())
    if found is None:
        raise KnownSpeakerRefused(param, f"{param} is not a data URL; send the clip as 'data:audio/wav;base64,...'.")
    try:
        if ";base64" in found["params"].lower():
            clip = base64.b64decode("".join(found["data"].split()), validate=True)
        else:
            clip = unquote_to_bytes(found["data"])
    except (binascii.Error, ValueError):
        raise KnownSpeakerRefused(param, f"{param} is not valid base64.") from None
    if not clip:
        raise KnownSpeakerRefused(param, f"{param} is empty.")
    return clip


def store_clip(upload: Path, index: int, clip: bytes) -> Path:
    """Decode the clip beside the upload (blocking: call from a thread); its length must be 2-10 s."""
    param = f"known_speaker_references[{index}]"
    source, pcm = beside(upload, f"ref{index}.src"), beside(upload, f"ref{index}.pcm")
    try:
        source.write_bytes(clip)
        seconds = decode_to_file(source, pcm, DECODE_TIMEOUT_S, max_seconds=MAX_REFERENCE_S).seconds
    except MediaError as exc:
        seconds = PcmFile(pcm).seconds if pcm.is_file() else 0.0
        if not seconds:  # decoded to nothing: not audio, or damaged (a clip too short is told below)
            pcm.unlink(missing_ok=True)
            raise KnownSpeakerRefused(param, f"{param} is not a usable audio clip: {exc}") from None
    finally:
        source.unlink(missing_ok=True)
    if not MIN_REFERENCE_S <= seconds <= MAX_REFERENCE_S + LENGTH_SLACK_S:
        pcm.unlink(missing_ok=True)
        held = f"{seconds:.2f} s" if seconds < MAX_REFERENCE_S + 1 else f"more than {MAX_REFERENCE_S:g} s"
        raise KnownSpeakerRefused(
            param, f"{param} holds {held} of audio; a reference clip must be {MIN_REFERENCE_S:g}-{MAX_REFERENCE_S:g} s."
        )
    return pcm
