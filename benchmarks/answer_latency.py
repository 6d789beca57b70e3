"""Answer latency for a two-hour call, next to /calls in the same run as a reference.

The bot runs as its own process (``python -m bot``) against the Bot API emulator and the fake OpenAI server, which
answers at once and serves real sentence embeddings (all-MiniLM-L6-v2 on this machine's CPU); so the time measured
is the bot's own: history and follow-up rewriting, the question's embedding, hybrid retrieval over the call's
segments, the summary and part notes, the prompt, and the reply. The call (about 1,300 segments) is stored through
``database/`` with the summary and part notes the real map-reduce summarizer makes; the first question also makes
the call's segment vectors and is reported on its own.

    python benchmarks/answer_latency.py [--minutes 120] [--samples 40]
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
from tests.bot.question_set import EN_FACTS, EN_FOLLOW_UPS, WHOLE_CALL, generated_call  # noqa: E402
from tests.bot.test_answers import CALLS, answering_responder, seed  # noqa: E402
from tests.fakes.bot_api import BotApiEmulator, TgUser  # noqa: E402
from tests.fakes.llm_server import FakeLLM  # noqa: E402
from tests.fakes.sentence_model import MODEL_NAME, SentenceModel  # noqa: E402
from tests.fakes.serving import free_port  # noqa: E402
from tests.support.bot_process import BotProcess  # noqa: E402

USER = TgUser(42)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(label: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{label}: p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
        f"max {max(ms):.0f} ms over {len(ms)} samples"
    )


def questions(samples: int) -> list[str]:
    mixed = [q for f in EN_FACTS for q in (f.asked, f.paraphrased)] + WHOLE_CALL["en"]
    mixed += [q for pair in EN_FOLLOW_UPS for q in (pair.first, pair.then)]
    return (mixed * (samples // len(mixed) + 1))[:samples]


async def reply_time(emulator: BotApiEmulator, text: str) -> float:
    before = len(emulator.messages(USER.id))
    pushed = emulator.pending_since[emulator.send_text(USER, text)]
    await emulator.wait_for(lambda: len(emulator.messages(USER.id)) > before, timeout=120)
    return emulator.messages(USER.id)[-1].sent_at - pushed


async def run(minutes: int, samples: int) -> None:
    llm = FakeLLM(responder=answering_responder, embed=SentenceModel())
    await llm.start()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        emulator = BotApiEmulator(files_dir=root / "telegram-bot-api")
        await emulator.start()
        settings = BotSettings(
            telegram_token=emulator.token,
            telegram_api_url=emulator.base_url,
            telegram_file_url=emulator.file_url,
            telegram_local_mode=True,
            transcription_api_url=f"http://127.0.0.1:{free_port()}",
            database_path=root / "bot.sqlite3",
            work_dir=root / "work",
            llm_base_url=llm.base_url,
            embedding_model=MODEL_NAME,
            telegram_files_dir=root / "telegram-bot-api",
        )
        call = CALLS[1].__class__("two-hours", "en", EN_FACTS, EN_FOLLOW_UPS, minutes * 12, USER)
        segments = generated_call("en", call.facts, call.fillers, seed=5)
        started = time.monotonic()
        await seed(settings.database_path, call, segments, llm)
        print(
            f"stored a {segments[-1].end / 3600:.1f}-hour call ({len(segments)} segments) with its summary and "
            f"{len(llm.requests) - 1} part notes in {time.monotonic() - started:.1f} s"
        )
        bot = BotProcess(settings, root / "bot.log").start()
        try:
            await emulator.wait_for(lambda: emulator.method_count("getUpdates") > 0, timeout=60)
            report("first question (embeds the call's segments)", [await reply_time(emulator, "What's the gist?")])
            await reply_time(emulator, "/calls")  # warm-up
            answers = [await reply_time(emulator, q) for q in questions(samples)]
            reference = [await reply_time(emulator, "/calls") for _ in range(samples)]
            report("answers about the two-hour call (update → reply)", answers)
            report("reference in the same run: /calls (update → reply)", reference)
        finally:
            bot.stop()
            await emulator.stop()
            await llm.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=120, help="length of the generated call")
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(run(args.minutes, args.samples))


if __name__ == "__main__":
    main()
