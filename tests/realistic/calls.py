"""A conversation through a condition, as a file plus its reference; built once and kept on disk by a key of the
script, the voices, the channel and :data:`FORMAT_VERSION`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.realistic.channels import CONDITIONS, render_condition
from tests.realistic.render import RefTurn, Tracks, cached_tracks
from tests.realistic.scripts import CAST, CONVERSATIONS

FORMAT_VERSION = 1  # bump when rendering or a channel changes, so cached files are rebuilt
DEFAULT_CACHE = Path.home() / ".cache" / "call-assistant" / "realistic"

# Cheap enough for the test suite: short calls (40-70 s of speech each).
TEST_SUBSET: list[tuple[str, str]] = [
    ("phone-hello", "phone"),
    ("phone-quick", "opus-6k"),
    ("meeting-4", "babble-10"),
]


@dataclass(frozen=True)
class RealisticCall:
    path: Path  # the file a user would send (Ogg/Opus, WAV or AMR; telephone ones are 8 kHz)
    turns: list[RefTurn]  # the reference, by start time; turns may overlap
    speakers: list[str]  # the real speakers in it
    conversation: str
    condition: str

    @property
    def duration(self) -> float:
        return max(t.end for t in self.turns) + 0.6


def realistic_call(conversation: str, condition: str, cache_dir: Path = DEFAULT_CACHE) -> RealisticCall:
    """``conversation`` (a key of CONVERSATIONS) through ``condition`` (a key of CONDITIONS)."""
    if conversation not in CONVERSATIONS:
        raise ValueError(f"unknown conversation {conversation!r}; known: {', '.join(CONVERSATIONS)}")
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; known: {', '.join(CONDITIONS)}")
    script = CONVERSATIONS[conversation]
    key = _key(conversation, asdict(CONDITIONS[condition]))
    meta = cache_dir / f"{conversation}-{condition}-{key}.json"
    if meta.is_file():
        stored = json.loads(meta.read_text())
        if (cache_dir / stored["file"]).is_file():
            turns = [RefTurn(**t) for t in stored["turns"]]
            return RealisticCall(cache_dir / stored["file"], turns, script.speakers, conversation, condition)
    tracks = speaker_tracks(conversation, cache_dir)
    path = render_condition(CONDITIONS[condition], tracks, script.side_b, meta.with_suffix(""))
    partial = meta.with_suffix(".partial.json")
    partial.write_text(json.dumps({"file": path.name, "turns": [asdict(t) for t in tracks.turns]}))
    partial.replace(meta)
    return RealisticCall(path, tracks.turns, script.speakers, conversation, condition)


def speaker_tracks(conversation: str, cache_dir: Path = DEFAULT_CACHE) -> Tracks:
    """Clean per-speaker audio of ``conversation`` (16 kHz float32, one track per speaker, silence where the
    speaker does not talk) with its reference turns: what voice prints can be made from."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    return cached_tracks(CONVERSATIONS[conversation], cache_dir, _key(conversation, None))


def _key(conversation: str, condition: object) -> str:
    script = CONVERSATIONS[conversation]
    voices = {name: CAST[name] for name in script.speakers}
    payload = [FORMAT_VERSION, [asdict(line) for line in script.lines], voices, list(script.side_b), condition]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:16]
