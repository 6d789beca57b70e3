"""Acknowledgement latency: N users send a voice note at the same moment through the Bot API emulator.

Measures, per user, the time from the update becoming available to the bot until the bot's status message
("📥 Received …") reaches the emulator. The bot runs as its own process (``python -m bot``) on a fresh SQLite
file. By default the transcription API URL points nowhere, so the background work after the acknowledgement
(getFile, upload attempts with backoff) runs but costs no CPU; pass ``--api-url`` to use a real service.

The reference, printed next to each figure: the floor that Telegram's rate limits put under the same burst. The
bot's rate limiter (PTB's AIORateLimiter, as Telegram asks) allows about 30 messages a second overall: a burst of
30, then one every 1/30 s. Telegram's other limit, about 1 message a second per chat, does not bind here (every
user gets one acknowledgement, in their own chat). So the k-th acknowledgement cannot go out before
max(0, (k - 30) / 30) s: one burst of 50 needs ~0.67 s at best, and no bot under these limits can do better.
Bursts less than 1 s apart (``--pause`` below 1) share that budget, so the floor above holds for pauses of 1 s or more.

    python benchmarks/bot_ack_latency.py [--users 50] [--api-url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.shared.settings import BotSettings  # noqa: E402
from tests.fakes.bot_api import BotApiEmulator, TgUser  # noqa: E402
from tests.fakes.serving import free_port  # noqa: E402
from tests.support.bot_process import BotProcess  # noqa: E402
from tests.support.media import synthesize_call, to_voice_note  # noqa: E402

GLOBAL_RATE = 30.0  # messages a second, over all chats (Telegram's limit; PTB's AIORateLimiter default)
GLOBAL_BURST = 30  # the limiter's bucket: this many go out at once before the rate applies
PER_CHAT_RATE = 1.0  # messages a second in one private chat (does not bind: one acknowledgement per chat)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rate_limit_floor(users: int) -> list[float]:
    """The earliest moment each of ``users`` simultaneous acknowledgements can be sent under Telegram's limits."""
    return [max(0.0, (k - GLOBAL_BURST) / GLOBAL_RATE) for k in range(1, users + 1)]


def ratio(measured: float, floor: float) -> str:
    return f"{measured / floor:.2f}x the floor" if floor > 0 else "floor 0"


def report(label: str, wall: float, latencies: list[float]) -> None:
    floor = rate_limit_floor(len(latencies))
    mean_ms = statistics.fmean(latencies) * 1000
    print(
        f"{label}: {len(latencies)} concurrent users, all acknowledged in {wall:.2f} s (floor {max(floor):.2f} s), "
        f"mean {mean_ms:.0f} ms (target p95 < 1000 ms)"
    )
    for name, pick in (("p50", statistics.median), ("p95", lambda v: percentile(v, 0.95)), ("max", max)):
        measured, least = pick(latencies), pick(floor)
        print(
            f"  {name}: measured {measured * 1000:4.0f} ms | rate-limit floor {least * 1000:4.0f} ms | "
            f"{(measured - least) * 1000:+4.0f} ms, {ratio(measured, least)}"
        )


async def run(users: int, api_url: str, rounds: int, pause: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        voice = to_voice_note(synthesize_call(root / "call.wav"), root / "voice.ogg")
        emulator = BotApiEmulator(files_dir=root / "telegram-bot-api")
        await emulator.start()
        settings = BotSettings(
            telegram_token=emulator.token,
            telegram_api_url=emulator.base_url,
            telegram_file_url=emulator.file_url,
            telegram_local_mode=True,
            telegram_files_dir=root / "telegram-bot-api",
            transcription_api_url=api_url,
            database_path=root / "bot.sqlite3",
            work_dir=root / "work",
            retry_initial_delay=5.0,
        )
        bot = BotProcess(settings, root / "bot.log").start()
        try:
            await emulator.wait_for(lambda: emulator.method_count("getUpdates") > 0, timeout=60)
            for number in range(1, rounds + 1):
                if number > 1:
                    await asyncio.sleep(pause)
                await measure(emulator, voice, users, first_id=number * 100_000, label=f"round {number}")
        finally:
            bot.stop()
            await emulator.stop()


async def measure(emulator: BotApiEmulator, voice: Path, users: int, first_id: int, label: str) -> None:
    people = [TgUser(first_id + i) for i in range(users)]
    started = time.monotonic()
    pushed = {
        user.id: emulator.pending_since[emulator.send_media(user, "voice", voice, mime="audio/ogg")] for user in people
    }

    def acked() -> bool:
        return all(emulator.messages(user.id) for user in people)

    await emulator.wait_for(acked, timeout=120)
    latencies = [emulator.messages(uid)[0].sent_at - pushed[uid] for uid in pushed]
    assert all(emulator.messages(uid)[0].text.startswith("📥") for uid in pushed)
    report(label, time.monotonic() - started, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="the first round includes warm-up effects")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between bursts (see below)")
    parser.add_argument("--api-url", default=f"http://127.0.0.1:{free_port()}")
    args = parser.parse_args()
    print(
        f"reference: Telegram's rate limits, {GLOBAL_RATE:.0f} messages/s overall (burst {GLOBAL_BURST}) and "
        f"{PER_CHAT_RATE:.0f}/s per chat (one acknowledgement per chat: it does not bind)"
    )
    asyncio.run(run(args.users, args.api_url, args.rounds, args.pause))


if __name__ == "__main__":
    main()
