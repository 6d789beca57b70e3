"""What the pipeline needs from its surroundings: where files come from and where reports go."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Protocol

from bot.pipeline.progress_view import Progress
from bot.shared.errors import BotError
from bot.summaries.prompts import SummaryRequest
from bot.summaries.summarizer import SummaryResult
from bot.summaries.summary import Summary
from database.models import Call


class FileSource(Protocol):
    def open(self, call: Call) -> AbstractAsyncContextManager[Path]:
        """Yield a readable local path of the call's recording; clean up anything temporary after."""
        ...


class JobCleanup(Protocol):
    def wake(self) -> None:
        """Jobs were queued for deletion on the transcription service (``pending_deletions``): delete them."""
        ...


class Summarizer(Protocol):
    async def summarize(self, lines: list[str], request: SummaryRequest) -> SummaryResult: ...

    async def aclose(self) -> None: ...


class PassageIndex(Protocol):
    async def index_call(self, call: Call) -> None:
        """Make and keep the embeddings of the call's passages (never raises: answers can do without)."""
        ...


class NameSuggester(Protocol):
    async def find(self, call: Call) -> object:
        """Find and keep the names heard in the call's transcript, to be offered to the user (never raises for a
        model failure)."""
        ...

    async def aclose(self) -> None: ...


class CallReporter(Protocol):
    async def progress(self, call: Call, progress: Progress, force: bool = False) -> None:
        """Show where the call stands (throttled unless ``force``)."""
        ...

    async def deliver(self, call: Call, summary: Summary | None, transcript: str) -> None:
        """Send the result: the summary (or a no-speech note when ``None``) and the transcript file."""
        ...

    async def summary_failed(self, call: Call, reason: str, transcript: str) -> None:
        """Send the transcript, the reason and a way to retry the summary."""
        ...

    async def failed(self, call: Call, error: BotError | None) -> None:
        """The call cannot finish; ``None`` means an unexpected internal error."""
        ...
