"""The shared ffmpeg confinement: real recordings of every common kind still open, nothing else does, and a hung
ffmpeg is killed and reaped."""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest

from confined_ffmpeg import DEMUXERS, FfmpegTimeout, ffmpeg_exe, input_args, opened, run
from tests.support.hostile_media import build_attacks, read_by_plain_ffmpeg
from tests.support.processes import ffmpeg_children, wait_for_ffmpeg_child

# extension → encoder options: what phones, recorders, messengers and video tools write
FORMATS = {
    "ogg": ["-c:a", "libopus"],
    "opus": ["-c:a", "libopus"],
    "oga": ["-c:a", "libvorbis"],
    "m4a": ["-c:a", "aac"],
    "mp4": ["-c:a", "aac"],
    "mov": ["-c:a", "aac"],
    "3gp": ["-c:a", "aac"],
    "webm": ["-c:a", "libopus"],
    "mkv": ["-c:a", "libvorbis"],
    "mka": ["-c:a", "flac"],
    "mp3": ["-c:a", "libmp3lame"],
    "wav": ["-c:a", "pcm_s16le"],
    "w64": ["-c:a", "pcm_s16le"],
    "flac": ["-c:a", "flac"],
    "aac": ["-c:a", "aac"],
    "ac3": ["-c:a", "ac3"],
    "amr": ["-c:a", "libopencore_amrnb", "-ar", "8000"],
    "wma": ["-c:a", "wmav2"],
    "avi": ["-c:a", "mp3"],
    "flv": ["-c:a", "aac"],
    "ts": ["-c:a", "mp2"],
    "mpg": ["-c:a", "mp2"],
    "caf": ["-c:a", "pcm_s16le"],
    "aiff": ["-c:a", "pcm_s16be"],
    "au": ["-c:a", "pcm_s16be"],
    "wv": ["-c:a", "wavpack"],
}


def probe(path: Path) -> str:
    """ffmpeg's description of ``path`` opened the confined way."""
    cmd = [ffmpeg_exe(), "-nostdin", "-hide_banner", *input_args(path)]
    return subprocess.run(cmd, capture_output=True, timeout=60, check=False).stderr.decode()


@pytest.fixture(scope="module")
def victim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("documents") / "file_0.ogg"
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=3", "-c:a", "libopus", str(path)]
    subprocess.run(cmd, check=True)
    return path


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_every_common_recording_format_opens(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"recording.{extension}"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=f=300:d=1",
            *FORMATS[extension],
            str(path),
        ],
        check=True,
    )
    described = probe(path)
    assert opened(described) and "Audio:" in described, described


def test_every_listed_demuxer_exists_in_the_bundled_ffmpeg() -> None:
    listing = subprocess.run([ffmpeg_exe(), "-hide_banner", "-demuxers"], capture_output=True, check=True).stdout
    table = listing.decode().split(" ---\n", 1)[1].splitlines()  # " DEd name   description": flags are 3 wide
    names = {name for line in table for name in line[5:].split()[0].split(",")}
    assert set(DEMUXERS) <= names, set(DEMUXERS) - names
    assert not {"concat", "hls", "image2", "dash", "sdp", "rtsp", "ffmetadata", "tty", "data"} & set(DEMUXERS)


def test_the_input_is_a_file_url_of_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = input_args(Path("concat:a.ogg|b.ogg"))
    assert args[-2:] == ["-i", f"file:{tmp_path}/concat:a.ogg|b.ogg"]
    assert args[args.index("-protocol_whitelist") + 1] == "file"


def test_every_attack_is_refused_and_the_controls_show_it_is_one(tmp_path: Path, victim: Path) -> None:
    attacks = build_attacks(victim.parent, victim)
    for attack in attacks.values():
        assert (read_by_plain_ffmpeg(attack.path) > 0) == attack.leaks, f"{attack.name}: the control changed"
        described = probe(attack.path)
        assert not opened(described), f"{attack.name}: {described}"
        if not attack.name.endswith("-name"):  # the content is the attack: refused by the format list
            assert "not on whitelist" in described, described  # (a name attack reads only its own junk)
        assert "Input #0" not in described and victim.name not in described.replace(str(attack.path), "")


async def test_a_hung_ffmpeg_is_killed_and_reaped_at_its_time_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "never-written.ogg"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes: a decoder that hangs
    with pytest.raises(FfmpegTimeout, match=r"within 0\.5 s"):
        await run(input_args(fifo), 0.5)
    assert ffmpeg_children() == []


async def test_a_cancelled_ffmpeg_is_killed_and_reaped(tmp_path: Path) -> None:
    fifo = tmp_path / "never-written.ogg"
    os.mkfifo(fifo)
    task = asyncio.create_task(run(input_args(fifo), 600))
    pid = await wait_for_ffmpeg_child()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert ffmpeg_children() == [] and not Path(f"/proc/{pid}").exists()
