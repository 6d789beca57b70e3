"""Command line over the bot's pipeline: ``python -m bot.cli process FILE`` (``--help`` lists every option and
BOT_* setting; flags win over the environment, which wins over ``--env-file``).

Prints the summary exactly as the bot would send it (as displayed, or ``--html`` for the raw message) and
writes the transcript file. Needs no tokens: without an LLM it makes the extractive summary, and without a
reachable transcription service it starts one locally with the packaged model.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import mimetypes
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from pathlib import Path

from bot.app import arguments, wiring
from bot.app.log_redaction import configure_logging
from bot.deletion.service_deletions import ServiceDeletions
from bot.options.call_options import CallOptions
from bot.pipeline.progress_view import Progress, ProgressStage, status_text
from bot.pipeline.runner import CallPipeline
from bot.shared.error_view import describe
from bot.shared.errors import BotError, TranscriptionUnavailable
from bot.shared.html_lines import to_plain
from bot.shared.settings import BotSettings
from bot.summaries.summary import Summary
from bot.summaries.view import render_summary
from bot.texts import Texts, texts_for
from bot.transcription import local_api
from database import Call, CallOrigin, CallStatus, Database
from database.calls import NewCall

CLI_USER_ID = 0
LINE_ENDING_STAGES = (ProgressStage.API_DOWN, ProgressStage.REUSED)  # printed once, not redrawn in place


class PathFiles:
    """The recording is already a local file: read it in place."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @asynccontextmanager
    async def open(self, call: Call) -> AsyncIterator[Path]:
        yield self._path


class ConsoleReporter:
    """Progress on stderr (one redrawn line), results on stdout, the transcript into a file."""

    def __init__(self, texts: Texts, transcript_path: Path, html: bool) -> None:
        self.texts, self.transcript_path, self.html = texts, transcript_path, html
        self.ok = True

    async def progress(self, call: Call, progress: Progress, force: bool = False) -> None:
        line = status_text(progress, self.texts, call.file_name or "")
        end = "\n" if progress.stage.finished or progress.stage in LINE_ENDING_STAGES else ""
        print(f"\r\033[K{line}", end=end, file=sys.stderr, flush=True)

    def _write_transcript(self, transcript: str) -> None:
        if transcript:
            self.transcript_path.parent.mkdir(parents=True, exist_ok=True)
            self.transcript_path.write_text(transcript, encoding="utf-8")
            print(f"{self.texts.transcript_caption}: {self.transcript_path}", file=sys.stderr)

    async def deliver(self, call: Call, summary: Summary | None, transcript: str) -> None:
        print(file=sys.stderr)
        messages = render_summary(summary, self.texts) if summary else [self.texts.empty_transcript]
        for message in messages:
            print(message if self.html else to_plain(message))
        self._write_transcript(transcript)

    async def summary_failed(self, call: Call, reason: str, transcript: str) -> None:
        self.ok = False
        print(f"\n{self.texts.summary_failed.format(reason=reason)}", file=sys.stderr)
        self._write_transcript(transcript)

    async def failed(self, call: Call, error: BotError | None) -> None:
        self.ok = False
        print(f"\n{describe(error, self.texts)}", file=sys.stderr)


def fingerprint(path: Path) -> str:
    """Stands in for Telegram's file_unique_id: size plus a hash of the first and last MiB."""
    size = path.stat().st_size
    digest = hashlib.sha1(str(size).encode())
    with path.open("rb") as fh:
        digest.update(fh.read(2**20))
        fh.seek(max(0, size - 2**20))
        digest.update(fh.read(2**20))
    return digest.hexdigest()[:32]


async def _reachable_api(settings: BotSettings, stack: AsyncExitStack, local: bool) -> str:
    client = wiring.transcription_client(settings)
    try:
        await client.health()
        return settings.transcription_api_url
    except TranscriptionUnavailable:
        if not (local and local_api.available()):
            raise
    finally:
        await client.aclose()
    print("Starting a local transcription service…", file=sys.stderr)
    return await stack.enter_async_context(local_api.local_transcription_api(settings.work_dir / "local-api"))


async def _open_pipeline(
    settings: BotSettings, stack: AsyncExitStack, reporter: ConsoleReporter, path: Path
) -> CallPipeline:
    db = await Database.open(settings.database_path)
    stack.push_async_callback(db.aclose)
    client = wiring.transcription_client(settings)
    stack.push_async_callback(client.aclose)
    llm = wiring.llm_client(settings)
    if llm is not None:
        stack.push_async_callback(llm.close)
    summarizer = wiring.summarizer(settings, llm)
    # its own temporary folder: the bot clears stale download-*/audio-* entries of the work dir when it starts
    options = replace(wiring.pipeline_options(settings), work_dir=settings.work_dir / "cli")
    # the service's copy of the transcript is deleted once it is stored (retried by the next run if unreachable)
    deletions = ServiceDeletions(db, client, settings.retry_initial_delay, settings.retry_max_delay)
    stack.push_async_callback(deletions.flush)
    voices = wiring.voice_recognition(settings, db)
    return CallPipeline(db, client, summarizer, reporter, PathFiles(path), options, voices, cleanup=deletions)


async def process(args: argparse.Namespace, settings: BotSettings) -> int:
    """Run one recording through the pipeline; exit status 0 when the summary was printed."""
    path: Path = args.file
    mime = mimetypes.guess_type(path.name)[0] or ""
    texts = texts_for(args.lang)
    if not path.is_file() or not mime.startswith(("audio/", "video/")):
        print(texts.unsupported, file=sys.stderr)
        return 2
    async with AsyncExitStack() as stack:
        api_url = await _reachable_api(settings, stack, local=not args.no_local_api)
        settings = settings.model_copy(update={"transcription_api_url": api_url})
        reporter = ConsoleReporter(texts, args.out_dir / f"{path.stem}.txt", args.html)
        pipeline = await _open_pipeline(settings, stack, reporter, path)
        db = pipeline.db
        await db.users.upsert(CLI_USER_ID, args.lang, "cli")
        source_kind, size = ("video" if mime.startswith("video/") else "audio"), path.stat().st_size
        chosen = CallOptions(args.speakers, None, args.vocabulary)  # language: --language
        new = NewCall(
            CLI_USER_ID,
            0,
            source_kind,
            str(path.resolve()),
            fingerprint(path),
            path.name,
            mime,
            size,
            origin=CallOrigin.CLI,
            transcription_options=chosen.to_json(),
        )
        call = await db.calls.create(new)
        await reporter.progress(call, Progress(ProgressStage.RECEIVED))
        await pipeline.run(CLI_USER_ID, call.id)
        final = await db.calls.get(CLI_USER_ID, call.id)
        return 0 if reporter.ok and final is not None and final.status is CallStatus.DONE else 1


def configure(args: argparse.Namespace) -> BotSettings:
    """Settings (flags > environment > env file > defaults) and logging (warnings only unless asked for more)."""
    settings = arguments.cli_settings(args)
    level = settings.log_level if "log_level" in settings.model_fields_set else "warning"
    configure_logging(settings.secrets, level.upper())
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments.parse_cli_args(argv)
    settings = configure(args)
    try:
        return asyncio.run(process(args, settings))
    except TranscriptionUnavailable as exc:
        print(f"{texts_for(args.lang).status_api_down}\n({settings.transcription_api_url}: {exc})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
