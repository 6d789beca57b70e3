"""The bot follows a call's job by the service's event stream (``GET /transcribe/{id}/events``), through the Bot
API emulator against the real service under uvicorn, which works in 10-second blocks (TRANSCRIBE_BLOCK_S) so the
minute-long test recording is told in several parts. A proxy between them lists what the bot asks, cuts the first
event stream mid-way, or plays an older service without the events route."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.bot.conftest import SERVICE_KEY, make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.event_proxy import EventProxy, Relayed
from tests.support.transcription_service import TranscriptionService

NOTE = "The latest lines so far (speakers are provisional until the end):"
PREVIEW_LINE = re.compile(r"^\[(\d\d):(\d\d)\] Speaker \d: (\S.*)$")
CUT_AFTER = 4  # events passed on before the first stream breaks


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranscriptionService]:
    root = tmp_path_factory.mktemp("bot-events")
    server = TranscriptionService(root / "data", api_key=SERVICE_KEY, settings={"TRANSCRIBE_BLOCK_S": "10"})
    yield server.start()
    server.stop()


@pytest.fixture
async def link(request: pytest.FixtureRequest, service: TranscriptionService) -> AsyncIterator[EventProxy]:
    proxy = EventProxy(service.url, **getattr(request, "param", {}))
    await proxy.start()
    yield proxy
    await proxy.stop()


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def preview_lines(edit: str) -> list[str]:
    """The preview lines of one text of the status message (none when it shows no preview)."""
    _, found, lines = edit.partition(NOTE + "\n")
    return lines.splitlines() if found else []


async def test_segments_show_before_the_job_ends_without_polls_and_a_dropped_stream_resumes_without_repeats(
    tmp_path: Path, emulator: BotApiEmulator, link: EventProxy, recordings: dict[str, Path]
) -> None:
    user = TgUser(2301)
    link.cut_after = CUT_AFTER
    shown_before_done: list[str] = []

    def on_event(event: Relayed) -> None:
        if event.kind == "done":  # what the status message had shown before the bot could know the job ended
            shown_before_done.extend(emulator.messages(user.id)[0].edits)

    link.on_event = on_event
    # the stream is never quiet for a minute here: a status request would be a poll where events work
    settings = make_settings(tmp_path, emulator, link.url, transcript_preview_after_s=0, quiet_poll_interval=60)
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["long_voice"], mime="audio/ogg", duration=75)
        await emulator.wait_for(lambda: emulator.documents(user.id), timeout=120)
        status = emulator.messages(user.id)[0]
        await emulator.wait_for(lambda: status.text.startswith("✅"))

    previews = [preview_lines(edit) for edit in shown_before_done if preview_lines(edit)]
    assert previews, shown_before_done  # the first lines were shown while the job was still running
    transcript = emulator.documents(user.id)[0].document.decode()
    for lines in previews:
        matched = [PREVIEW_LINE.match(line) for line in lines]
        assert all(matched), lines
        stamps = [int(m[1]) * 60 + int(m[2]) for m in matched if m]
        assert stamps == sorted(stamps) and len(set(lines)) == len(lines), lines  # in order, none twice
        # streamed words are final words (only the speakers and where a segment is cut may change at the end)
        assert all(words(m[3]) <= words(transcript) for m in matched if m), lines
    assert preview_lines(status.text) == [] and re.fullmatch(r"✅ Done in \d+s", status.text)

    streams = [r for r in link.requests if r.path.endswith("/events")]
    assert len(streams) == 2 and streams[0].last_event_id is None  # cut once, resumed once
    assert streams[1].last_event_id == link.relayed[CUT_AFTER - 1].id  # after the last event it had
    ids = [event.id for event in link.relayed]
    assert len(ids) == len(set(ids)) and link.relayed[-1].kind == "done"
    assert sum(event.kind == "segment" for event in link.relayed) >= 3  # the recording was told in parts
    assert link.count("GET", "/transcribe/status/") == 0  # no polls where events work


@pytest.mark.parametrize("link", [{"events_route": False}], indirect=True)
async def test_an_older_service_without_the_events_route_is_polled_as_before(
    tmp_path: Path,
    emulator: BotApiEmulator,
    link: EventProxy,
    recordings: dict[str, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = TgUser(2302)
    settings = make_settings(tmp_path, emulator, link.url, transcript_preview_after_s=0)
    with caplog.at_level(logging.INFO, logger="bot.pipeline.job_follow"):
        async with running_bot(settings):
            emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg", duration=20)
            await emulator.wait_for(lambda: emulator.documents(user.id), timeout=120)
            status = emulator.messages(user.id)[0]
            await emulator.wait_for(lambda: status.text.startswith("✅"))

    assert link.count("GET", "/transcribe/", "/events") == 1  # asked once, refused (405)
    assert link.count("GET", "/transcribe/status/") >= 2  # then followed by polling
    assert any(edit.startswith("🎙") for edit in status.edits)
    assert not any(preview_lines(edit) for edit in status.edits)  # no stream, no preview
    assert "following transcription jobs by polling their status" in caplog.text
    assert "friday" in emulator.documents(user.id)[0].document.decode().lower()


async def test_a_restarted_bot_follows_the_stream_from_its_start_into_the_same_status_message(
    tmp_path: Path, emulator: BotApiEmulator, link: EventProxy, recordings: dict[str, Path]
) -> None:
    user = TgUser(2303)
    settings = make_settings(tmp_path, emulator, link.url, transcript_preview_after_s=0)
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["long_voice"], mime="audio/ogg", duration=75)
        status = await emulator.wait_for(lambda: emulator.messages(user.id) and emulator.messages(user.id)[0])
        await emulator.wait_for(lambda: preview_lines(status.text), 90, "the first lines")
    shown_before_restart = len(status.edits)  # stopped mid-job (its state saved); the next start resumes it
    async with running_bot(settings):
        await emulator.wait_for(lambda: emulator.documents(user.id), 120, "the transcript")
        await emulator.wait_for(lambda: status.text.startswith("✅"))

    streams = [r for r in link.requests if r.path.endswith("/events")]
    assert len(streams) == 2 and [r.last_event_id for r in streams] == [None, None]  # from the start again
    statuses = [m for m in emulator.messages(user.id) if m.text and m.text[0] in "📥⏳🎙✅"]
    assert statuses == [status]  # one status message, edited on by the restarted bot
    previews = [preview_lines(edit) for edit in status.edits if preview_lines(edit)]
    assert any(preview_lines(edit) for edit in status.edits[shown_before_restart:])
    for lines in previews:
        stamps = [int(m[1]) * 60 + int(m[2]) for m in map(PREVIEW_LINE.match, lines) if m]
        assert len(stamps) == len(lines) and stamps == sorted(stamps) and len(set(lines)) == len(lines), lines
