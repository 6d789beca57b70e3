"""Files that would make ffmpeg read another recording are refused: by the probe and the decoder themselves, and by
the HTTP API at submit (415, before any model runs). A hung ffmpeg is killed at its time limit and reaped."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from tests.speech import Dialogue, ffmpeg
from tests.support.hostile_media import Attack, build_attacks, read_by_plain_ffmpeg
from tests.support.processes import ffmpeg_children, wait_for_ffmpeg_child
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import Client
from transcription_api.engine.audio import decode, probe_async
from transcription_api.engine.errors import MediaError

REFUSAL = "The file is not an audio or video recording"
UPLOADABLE = [  # the attacks whose content is the attack (a name alone never reaches the service's ffmpeg)
    "ffconcat-sibling",
    "ffconcat-relative",
    "ffconcat-absolute",
    "hls-relative",
    "hls-absolute",
    "hls-file-url",
    "image-sequence",
]


@pytest.fixture(scope="module")
def attacks(tmp_path_factory: pytest.TempPathFactory, dialogue: Dialogue) -> dict[str, Attack]:
    victim = tmp_path_factory.mktemp("uploads") / "victim.ogg"
    ffmpeg("-i", str(dialogue.path), "-c:a", "libopus", str(victim))
    return build_attacks(victim.parent, victim)


@pytest.mark.parametrize("name", [*UPLOADABLE, "concat-protocol-name", "subfile-protocol-name"])
async def test_probe_and_decode_refuse_the_attack(attacks: dict[str, Attack], name: str) -> None:
    attack = attacks[name]
    assert (read_by_plain_ffmpeg(attack.path) > 0) == attack.leaks  # the control: unconfined ffmpeg follows it
    with pytest.raises(MediaError) as probed:
        await probe_async(attack.path)
    assert probed.value.unsupported and str(probed.value).startswith(REFUSAL)
    with pytest.raises(MediaError) as decoded:
        await asyncio.to_thread(decode, attack.path)
    assert decoded.value.unsupported and str(decoded.value).startswith(REFUSAL)


def test_the_real_recording_beside_them_still_decodes(attacks: dict[str, Attack], dialogue: Dialogue) -> None:
    audio = decode(attacks["ffconcat-sibling"].path.parent / "victim.ogg")
    assert abs(audio.size / 16_000 - dialogue.turns[-1].end) < 1.0


@pytest.mark.parametrize("name", UPLOADABLE)
def test_submit_refuses_the_attack_with_415(
    api: TranscriptionService, client: Client, attacks: dict[str, Attack], name: str
) -> None:
    uploads = api.data_dir / "uploads"
    planted = uploads / "victim.ogg"  # a recording beside the upload, where the sibling/relative ones look
    shutil.copyfile(attacks[name].path.parent / "victim.ogg", planted)
    try:
        response = client.submit(attacks[name].path)
    finally:
        planted.unlink()
    assert response.status_code == 415, response.text
    assert response.json()["detail"].startswith(REFUSAL)
    assert list(uploads.iterdir()) == []  # the refused upload is gone
    with attacks[name].path.open("rb") as handle:
        response = client.http.post("/v1/audio/transcriptions", files={"file": handle}, data={"model": "whisper-1"})
    assert response.status_code == 415
    assert response.json()["error"]["message"].startswith(REFUSAL)


async def test_a_probe_that_hangs_is_killed_at_its_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "upload"
    os.mkfifo(fifo)  # ffmpeg blocks opening it: a hung probe
    with pytest.raises(MediaError, match=r"took longer than 0\.5 s") as refused:
        await probe_async(fifo, timeout_s=0.5)
    assert not refused.value.unsupported and ffmpeg_children() == []


async def test_a_decode_that_hangs_is_killed_at_its_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "upload"
    os.mkfifo(fifo)
    with pytest.raises(MediaError, match=r"took longer than 0\.5 s \(TRANSCRIBE_FFMPEG_TIMEOUT_S\)"):
        await asyncio.to_thread(decode, fifo, 0.5)
    assert ffmpeg_children() == []


class Cancelled(Exception):
    pass


async def test_a_cancelled_decode_kills_and_reaps_ffmpeg(tmp_path: Path) -> None:
    fifo = tmp_path / "upload"
    os.mkfifo(fifo)
    cancel = asyncio.Event()

    def check() -> None:
        if cancel.is_set():
            raise Cancelled

    decoding = asyncio.create_task(asyncio.to_thread(decode, fifo, 600.0, check))
    pid = await wait_for_ffmpeg_child()
    cancel.set()
    with pytest.raises(Cancelled):
        await decoding
    assert ffmpeg_children() == [] and not Path(f"/proc/{pid}").exists()
