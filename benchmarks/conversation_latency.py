"""/calls and /search latency with 1,000 stored calls of one user (plus other users' calls in the same file).

The bot runs as its own process (``python -m bot``) against the Bot API emulator on a SQLite file filled through
``database/`` (segments indexed by the FTS5 triggers as in production). Each sample is the time from the command
becoming available to the bot until its reply reaches the emulator.

The reference, measured in the same run on the same database file: a plain indexed SQLite query answering the same
question (stdlib ``sqlite3``, no bot, no ``database/`` layer): the page of calls through the ``calls(user_id, id)``
index, and the FTS5 match of the same terms restricted to the user and ranked by bm25. Each command's p50 and p95
are printed next to the reference's and as a ratio (what the bot adds on top of what SQLite itself needs).

    python benchmarks/conversation_latency.py [--calls 1000] [--segments 40] [--samples 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.shared.settings import BotSettings  # noqa: E402
from database import CallStatus, Database, Segment, Speaker  # noqa: E402
from database.calls import NewCall  # noqa: E402
from database.search import match_expression  # noqa: E402
from database.search_terms import tokens  # noqa: E402
from tests.fakes.bot_api import BotApiEmulator, TgUser  # noqa: E402
from tests.fakes.serving import free_port  # noqa: E402
from tests.support.bot_process import BotProcess  # noqa: E402

USER = 42
WORDS = [
    "budget",
    "migration",
    "vendor",
    "release",
    "hiring",
    "contract",
    "design",
    "testing",
    "customers",
    "roadmap",
    "onboarding",
    "pricing",
    "security",
    "support",
    "marketing",
    "deadline",
    "invoice",
    "server",
    "database",
    "meeting",
    "report",
    "quarter",
    "client",
]
QUERIES = ["budget", "migration deadline", "vendor contract", "invoice", "security review", "client report"]
# Speech-like word frequencies (Zipf): a few very common words, the topic words above among the frequent ones.
VOCABULARY = [f"word{i}" for i in range(20)] + WORDS + [f"term{i}" for i in range(3000)]
WEIGHTS = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return statistics.median(ms), percentile(ms, 0.95)


def report(label: str, bot: list[float], plain: list[float]) -> None:
    (bot50, bot95), (ref50, ref95) = summary(bot), summary(plain)
    print(
        f"{label}: bot p50 {bot50:.1f} ms, p95 {bot95:.1f} ms (target < 100 ms) | plain indexed SQLite query "
        f"p50 {ref50:.2f} ms, p95 {ref95:.2f} ms | ratio p50 {bot50 / ref50:.0f}x, "
        f"p95 {bot95 / ref95:.0f}x"
    )


async def fill(path: Path, calls: int, segments: int) -> None:
    rng = random.Random(7)
    db = await Database.open(path)
    try:
        for user, count in ((USER, calls), (USER + 1, calls // 4)):
            await db.users.upsert(user, "en", "Bench")
            for n in range(count):
                call = await db.calls.create(
                    NewCall(user, user, "audio", f"f{n}", f"u{user}-{n}", f"call-{n}.mp3", "audio/mpeg", 1)
                )
                segs = [
                    Segment(i * 5.0, i * 5.0 + 4.5, " ".join(rng.choices(VOCABULARY, WEIGHTS, k=12)), f"S{i % 2}")
                    for i in range(segments)
                ]
                speakers = [Speaker("S0", 1, 100.0), Speaker("S1", 2, 90.0)]
                await db.transcripts.replace(user, call.id, segs, speakers)
                await db.calls.update(
                    user,
                    call.id,
                    status=CallStatus.DONE,
                    duration=segments * 5.0,
                    delivered_at=time.time(),
                    title=f"Weekly sync {n}",
                )
    finally:
        await db.aclose()


# The reference queries: the least SQLite must do to answer /calls (one page, newest first) and /search.
PLAIN_PAGE = "SELECT id, title, status, created_at FROM calls WHERE user_id = ? ORDER BY id DESC LIMIT 6 OFFSET ?"
PLAIN_SEARCH = (
    "SELECT s.call_id, s.idx, s.start, s.text FROM segment_search JOIN segments s ON s.id = segment_search.rowid"
    " JOIN calls c ON c.id = s.call_id WHERE segment_search MATCH ? AND c.user_id = ?"
    " ORDER BY bm25(segment_search) LIMIT 10"
)


def plain_query_times(path: Path, samples: int) -> dict[str, list[float]]:
    """The reference: each query ``samples`` times on one stdlib connection to the same file."""
    times: dict[str, list[float]] = {"/calls": [], "/search": []}
    with sqlite3.connect(path) as db:
        for i in range(samples):
            for command, sql, args in (
                ("/calls", PLAIN_PAGE, (USER, 0)),  # the first page, as /calls shows it
                ("/search", PLAIN_SEARCH, (match_expression(tokens(QUERIES[i % len(QUERIES)])), USER)),
            ):
                started = time.perf_counter()
                rows = db.execute(sql, args).fetchall()
                times[command].append(time.perf_counter() - started)
                assert rows, (command, args)
    return times


async def command_times(emulator: BotApiEmulator, command: str, samples: int) -> list[float]:
    user, times = TgUser(USER), []
    for i in range(samples):
        text = command if command == "/calls" else f"/search {QUERIES[i % len(QUERIES)]}"
        before = len(emulator.messages(USER))
        pushed = emulator.pending_since[emulator.send_text(user, text)]
        await emulator.wait_for(lambda before=before: len(emulator.messages(USER)) > before, timeout=30)
        times.append(emulator.messages(USER)[-1].sent_at - pushed)
    return times


async def bot_times(root: Path, samples: int) -> dict[str, list[float]]:
    emulator = BotApiEmulator(files_dir=root / "telegram-bot-api")
    await emulator.start()
    settings = BotSettings(
        telegram_token=emulator.token,
        telegram_api_url=emulator.base_url,
        telegram_file_url=emulator.file_url,
        telegram_local_mode=True,
        telegram_files_dir=root / "telegram-bot-api",
        transcription_api_url=f"http://127.0.0.1:{free_port()}",
        database_path=root / "bot.sqlite3",
        work_dir=root / "work",
    )
    bot = BotProcess(settings, root / "bot.log").start()
    try:
        await emulator.wait_for(lambda: emulator.method_count("getUpdates") > 0, timeout=60)
        await command_times(emulator, "/calls", 3)  # warm-up
        return {command: await command_times(emulator, command, samples) for command in ("/calls", "/search")}
    finally:
        bot.stop()
        await emulator.stop()


async def run(calls: int, segments: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.monotonic()
        await fill(root / "bot.sqlite3", calls, segments)
        print(
            f"stored {calls} calls × {segments} segments for the user (+{calls // 4} of another user) "
            f"in {time.monotonic() - started:.1f} s; {samples} samples each"
        )
        bot = await bot_times(root, samples)
        plain = plain_query_times(root / "bot.sqlite3", samples)
        report("/calls  (update → reply)", bot["/calls"], plain["/calls"])
        report("/search (update → reply)", bot["/search"], plain["/search"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=40, help="segments per call")
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.calls, args.segments, args.samples))


if __name__ == "__main__":
    main()
