"""/calls and /search latency with 1,000 stored calls of one user (plus other users' calls in the same file).

The bot runs as its own process (``python -m bot``) against the Bot API emulator on a SQLite file filled through
``database/`` (segments indexed by the FTS5 triggers as in production). Each sample is the time from the command
becoming available to the bot until its reply reaches the emulator; the database query alone is timed too.

    python benchmarks/conversation_latency.py [--calls 1000] [--segments 40] [--samples 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.settings import BotSettings  # noqa: E402
from database import CallStatus, Database, Segment, Speaker  # noqa: E402
from database.calls import NewCall  # noqa: E402
from database.search_terms import tokens  # noqa: E402
from tests.fakes.bot_api import BotApiEmulator, TgUser  # noqa: E402
from tests.fakes.serving import free_port  # noqa: E402
from tests.support.bot_process import BotProcess  # noqa: E402

USER = 42
WORDS = [
    "budget", "migration", "vendor", "release", "hiring", "contract", "design", "testing", "customers", "roadmap",
    "onboarding", "pricing", "security", "support", "marketing", "deadline", "invoice", "server", "database",
    "meeting", "report", "quarter", "client",
]  # fmt: skip
QUERIES = ["budget", "migration deadline", "vendor contract", "invoice", "security review", "client report"]
# Speech-like word frequencies (Zipf): a few very common words, the topic words above among the frequent ones.
VOCABULARY = [f"word{i}" for i in range(20)] + WORDS + [f"term{i}" for i in range(3000)]
WEIGHTS = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(label: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"{label}: p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
          f"max {max(ms):.1f} ms over {len(ms)} samples (target < 100 ms)")  # fmt: skip


async def fill(path: Path, calls: int, segments: int) -> None:
    rng = random.Random(7)
    db = await Database.open(path)
    try:
        for user, count in ((USER, calls), (USER + 1, calls // 4)):
            await db.users.upsert(user, "en", "Bench")
            for n in range(count):
                call = await db.calls.create(NewCall(user, user, "audio", f"f{n}", f"u{user}-{n}", f"call-{n}.mp3",
                                                     "audio/mpeg", 1))  # fmt: skip
                segs = [
                    Segment(i * 5.0, i * 5.0 + 4.5, " ".join(rng.choices(VOCABULARY, WEIGHTS, k=12)), f"S{i % 2}")
                    for i in range(segments)
                ]
                speakers = [Speaker("S0", "Speaker 1", 100.0), Speaker("S1", "Speaker 2", 90.0)]
                await db.transcripts.replace(user, call.id, segs, speakers)
                await db.calls.update(user, call.id, status=CallStatus.DONE, duration=segments * 5.0,
                                      delivered_at=time.time(), title=f"Weekly sync {n}")  # fmt: skip
    finally:
        await db.close()


async def query_times(path: Path, samples: int) -> None:
    db = await Database.open(path)
    try:
        pages, searches = [], []
        for i in range(samples):
            started = time.perf_counter()
            await db.calls.page(USER, (i % 5) * 6, 6)
            pages.append(time.perf_counter() - started)
            started = time.perf_counter()
            await db.search.segments(USER, tokens(QUERIES[i % len(QUERIES)]), 10)
            searches.append(time.perf_counter() - started)
        report("database: calls page query", pages)
        report("database: search query    ", searches)
    finally:
        await db.close()


async def command_times(emulator: BotApiEmulator, command: str, samples: int) -> list[float]:
    user, times = TgUser(USER), []
    for i in range(samples):
        text = command if command == "/calls" else f"/search {QUERIES[i % len(QUERIES)]}"
        before = len(emulator.messages(USER))
        pushed = emulator.pending_since[emulator.send_text(user, text)]
        await emulator.wait_for(lambda before=before: len(emulator.messages(USER)) > before, timeout=30)
        times.append(emulator.messages(USER)[-1].sent_at - pushed)
    return times


async def run(calls: int, segments: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.monotonic()
        await fill(root / "bot.sqlite3", calls, segments)
        print(f"stored {calls} calls × {segments} segments for the user (+{calls // 4} of another user) "
              f"in {time.monotonic() - started:.1f} s")  # fmt: skip
        await query_times(root / "bot.sqlite3", samples)
        emulator = BotApiEmulator(files_dir=root / "telegram-bot-api")
        await emulator.start()
        settings = BotSettings(
            telegram_token=emulator.token, telegram_api_url=emulator.base_url, telegram_file_url=emulator.file_url,
            telegram_local_mode=True, telegram_files_dir=root / "telegram-bot-api", transcription_api_url=f"http://127.0.0.1:{free_port()}",
            database_path=root / "bot.sqlite3", work_dir=root / "work",
        )  # fmt: skip
        bot = BotProcess(settings, root / "bot.log").start()
        try:
            await emulator.wait_for(lambda: emulator.method_count("getUpdates") > 0, timeout=60)
            await command_times(emulator, "/calls", 3)  # warm-up
            report("bot: /calls  (update → reply)", await command_times(emulator, "/calls", samples))
            report("bot: /search (update → reply)", await command_times(emulator, "/search", samples))
        finally:
            bot.stop()
            await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=40, help="segments per call")
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.calls, args.segments, args.samples))


if __name__ == "__main__":
    main()
