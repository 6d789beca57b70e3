"""Files that make a careless ffmpeg read *another* file: the attacks media confinement must refuse.

Each is built next to a victim's recording, naming it the way an attacker who guesses the Bot API server's layout
(``<dir>/<token>/<folder>/file_N.ext``) would. ``leaks`` marks the ones a plain ``ffmpeg -i`` really follows with the
bundled ffmpeg (the control that keeps these tests honest); the others are refused by ffmpeg's own defaults today
(ffconcat's safe mode) and must stay refused whatever those defaults become.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b0e1b60000000049454e44ae426082"
)


@dataclass(frozen=True)
class Attack:
    name: str
    path: Path
    leaks: bool  # plain ffmpeg on ``path`` decodes the victim's audio or reads sibling files


def ffconcat(target: str) -> str:
    return f"ffconcat version 1.0\nfile '{target}'\n"


def hls(target: str) -> str:
    return f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:600\n#EXTINF:600.0,\n{target}\n#EXT-X-ENDLIST\n"


def build_attacks(out: Path, victim: Path) -> dict[str, Attack]:
    """The attack files, written into ``out``, naming ``victim``: by its bare name (a sibling), by a relative path
    through its folder, by its absolute path. With ``out`` the victim's own folder every one of them can reach it."""
    out.mkdir(parents=True, exist_ok=True)
    up = f"../{victim.parent.name}/{victim.name}"
    scripts = {
        "ffconcat-sibling": ("ffconcat-sibling.mp4", ffconcat(victim.name), True),
        "ffconcat-relative": ("ffconcat-relative.mp4", ffconcat(up), False),  # ffconcat's safe mode refuses ".."
        "ffconcat-absolute": ("ffconcat-absolute.mp4", ffconcat(str(victim)), False),  # … and absolute paths
        "hls-relative": ("hls-relative.m3u8", hls(up), True),
        "hls-absolute": ("hls-absolute.m3u8", hls(str(victim)), True),
        "hls-file-url": ("hls-file-url.m3u8", hls(f"file:{victim}"), True),
        # names that are instructions when a path reaches ffmpeg bare (their own content is junk)
        "concat-protocol-name": (f"concat:{victim.name}|{victim.name}", "not media\n", True),
        "subfile-protocol-name": (f"subfile,,start,0,end,0,,:{victim.name}", "not media\n", True),
    }
    attacks = {}
    for name, (file_name, text, leaks) in scripts.items():
        (out / file_name).write_text(text)
        attacks[name] = Attack(name, out / file_name, leaks)
    for index in (1, 2, 3):  # the images the pattern reaches
        (out / f"frame{index}.png").write_bytes(PNG)
    (out / "frame%d.png").write_bytes(PNG)
    attacks["image-sequence"] = Attack("image-sequence", out / "frame%d.png", True)
    return attacks


def read_by_plain_ffmpeg(path: Path) -> int:
    """The control: how many media packets an unconfined ``ffmpeg -i <name>``, run in the file's folder, reads. The
    attack files hold no media of their own, so every packet comes from files they name."""
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        "-i",
        path.name,
        "-map",
        "0",
        "-c",
        "copy",
        "-f",
        "framecrc",
        "-",
    ]
    proc = subprocess.run(cmd, capture_output=True, cwd=path.parent, timeout=60, check=False)
    return sum(1 for line in proc.stdout.decode().splitlines() if line and not line.startswith("#"))
