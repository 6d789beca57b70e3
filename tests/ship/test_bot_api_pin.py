"""The telegram-bot-api pin: the commits local_bot_api/Dockerfile builds are the ones its README documents."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "local_bot_api" / "Dockerfile"
README = ROOT / "local_bot_api" / "README.md"
SHA = "[0-9a-f]{40}"


def dockerfile_pins() -> dict[str, str]:
    return dict(re.findall(rf"^ARG (TELEGRAM_BOT_API_COMMIT|TD_COMMIT)=({SHA})$", DOCKERFILE.read_text(), re.M))


def readme_commit(row: str) -> str:
    """The commit id that opens the value of row ``row`` of the README's pin table."""
    found = re.search(rf"^\| {row} \| `({SHA})`", README.read_text(), re.M)
    assert found, f"local_bot_api/README.md has no '{row}' row starting with a full commit id"
    return found.group(1)


def test_the_dockerfile_builds_the_commits_the_readme_documents() -> None:
    pins = dockerfile_pins()
    assert set(pins) == {"TELEGRAM_BOT_API_COMMIT", "TD_COMMIT"}, "the Dockerfile pins no full commit ids"
    assert readme_commit("commit") == pins["TELEGRAM_BOT_API_COMMIT"]
    assert readme_commit("TDLib") == pins["TD_COMMIT"]


def test_every_commit_the_readme_names_is_a_pinned_one() -> None:
    # The build-from-source recipe repeats the commits: a moved pin must move them too.
    assert set(re.findall(rf"\b{SHA}\b", README.read_text())) == set(dockerfile_pins().values())


def test_the_readme_names_one_bot_api_version_and_the_dockerfile_the_same() -> None:
    versions = set(re.findall(r"Bot API (\d+\.\d+)", README.read_text()))
    assert len(versions) == 1, f"local_bot_api/README.md names several Bot API versions: {sorted(versions)}"
    assert f"(Bot API {versions.pop()})" in DOCKERFILE.read_text()
