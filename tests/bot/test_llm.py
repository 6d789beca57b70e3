"""Summaries through the fake OpenAI-compatible server over HTTP: prompt content, map-reduce bounds, proxy."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator

import pytest

from bot.llm.chunking import CHARS_PER_TOKEN, estimate_tokens
from bot.llm.client import build_openai_client
from bot.shared.errors import JobNotFound, SummaryError
from bot.summaries.prompts import SummaryRequest
from bot.summaries.summarizer import LLMSummarizer
from bot.summaries.templates import template_for
from bot.transcription.client import TranscriptionClient
from tests.fakes.http_proxy import CountingProxy
from tests.fakes.llm_server import FakeLLM, merging_responder

CONTEXT, OUTPUT = 2000, 400
LAST_FACT = "the zebra launch moves to March."


def request(language: str | None) -> SummaryRequest:
    return SummaryRequest(language, template_for("generic"))


def cited(line: str) -> str:
    """A transcript line as a summary item: its text, then its [mm:ss]."""
    return f"{line[8:]} {line[:7]}"


def summarizer_for(llm: FakeLLM, proxy: str | None = None, timeout: float = 10.0) -> LLMSummarizer:
    client = build_openai_client(llm.base_url, "sk-test", timeout, proxy)
    return LLMSummarizer(client, "fake-model", CONTEXT, OUTPUT, concurrency=3)


def transcript(total_chars: int) -> list[str]:
    lines: list[str] = []
    i = 0
    while sum(len(line) + 1 for line in lines) < total_chars:
        speaker = 1 + i % 2
        lines.append(f"[{i // 60:02d}:{i % 60:02d}] Speaker {speaker}: line {i} says something about item {i}.")
        i += 1
    return lines


@pytest.fixture
async def proxy() -> AsyncIterator[CountingProxy]:
    server = CountingProxy()
    await server.start()
    yield server
    await server.stop()


async def test_short_transcript_is_one_call_with_speakers_in_the_prompt(fake_llm: FakeLLM) -> None:
    summarizer = summarizer_for(fake_llm)
    lines = ["[00:00] Speaker 1: We ship on Friday.", "[00:04] Speaker 2: Alice sends the report."]
    summary = (await summarizer.summarize(lines, request("en"))).summary
    await summarizer.aclose()
    (sent,) = fake_llm.requests
    assert sent["model"] == "fake-model"
    assert "\n".join(lines) in sent["messages"][-1]["content"]
    assert "language of the call (en)" in sent["messages"][0]["content"]
    assert summary.decisions == ["Ship on Friday [00:00]"]  # cited: the line it comes from
    assert summary.action_items[0].owner == "Alice" and summary.action_items[0].due == "Monday"


async def test_transcript_ten_times_the_budget_is_map_reduced_without_truncation(fake_llm: FakeLLM) -> None:
    fake_llm.responder = merging_responder
    summarizer = summarizer_for(fake_llm)
    lines = transcript(10 * summarizer.input_budget * int(CHARS_PER_TOKEN))
    lines.append(f"[59:59] Speaker 2: Decision: {LAST_FACT}")  # said only at the very end
    assert estimate_tokens("\n".join(lines)) >= 10 * summarizer.input_budget
    summary = (await summarizer.summarize(lines, request("en"))).summary
    await summarizer.aclose()

    maps = {prompt: note for prompt, note in fake_llm.answered if prompt.startswith("This is part")}
    reduces = [prompt for prompt, _ in fake_llm.answered if prompt.startswith("These are JSON summaries")]
    assert len(maps) + len(reduces) == len(fake_llm.requests)
    assert 10 <= len(maps) <= 12 and 1 <= len(reduces) <= 2  # bounded: ~one call per budget, then reduce
    mapped = "\n".join(maps)
    assert all(line in mapped for line in lines)  # every line reached the model: nothing truncated
    for sent in fake_llm.requests:  # and every request fits the context budget
        text = "".join(m["content"] for m in sent["messages"])
        assert estimate_tokens(text) + sent["max_tokens"] <= CONTEXT

    assert len(set(maps.values())) == len(maps)  # each part's notes are its own
    reduced = "\n".join(reduces)
    assert [note for note in maps.values() if note not in reduced] == []  # every note reached a reduce prompt
    last_part = [prompt for prompt in maps if prompt.startswith(f"This is part {len(maps)} of {len(maps)} ")]
    assert [prompt for prompt in maps if LAST_FACT in prompt] == last_part != []
    assert summary.decisions == [f"{LAST_FACT} [59:59]"]  # the fact only the last part holds reached the summary
    first_lines = [cited(json.loads(note)["key_points"][0]) for note in maps.values()]
    assert sorted(summary.key_points) == sorted(first_lines)  # so did every other part's notes
    assert summary.key_points[0] == cited(lines[0])  # in the call's order, citing its line


async def test_large_notes_are_reduced_over_several_levels_and_keep_every_group(fake_llm: FakeLLM) -> None:
    padding = "x" * 1500

    def padded(messages: list[dict[str, str]]) -> str:  # notes keep every decision, each too large to share a reduce
        return json.dumps({**json.loads(merging_responder(messages)), "overview": padding, "key_points": ["k"]})

    fake_llm.responder = padded
    summarizer = summarizer_for(fake_llm)
    lines = transcript(20 * summarizer.input_budget * int(CHARS_PER_TOKEN))
    lines.append(f"[59:59] Speaker 2: Decision: {LAST_FACT}")  # said only at the very end: the last group holds it
    summary = (await summarizer.summarize(lines, request(None))).summary
    await summarizer.aclose()
    maps = [prompt for prompt in fake_llm.prompts() if prompt.startswith("This is part")]
    reduces = [(prompt, answer) for prompt, answer in fake_llm.answered if prompt.startswith("These are JSON")]
    assert 20 <= len(maps) <= 23
    assert 2 <= len(reduces) <= len(maps)  # several levels, yet fewer reduce calls than chunks
    assert any(answer in prompt for prompt, _ in reduces for _, answer in reduces)  # a reduce of reduced notes
    for sent in fake_llm.requests:
        text = "".join(m["content"] for m in sent["messages"])
        assert estimate_tokens(text) <= CONTEXT
    assert summary.decisions == [f"{LAST_FACT} [59:59]"]  # the last group's content reached the summary


async def test_llm_errors_become_summary_errors(fake_llm: FakeLLM) -> None:
    fake_llm.fail_status = 503
    summarizer = summarizer_for(fake_llm)
    with pytest.raises(SummaryError, match="HTTP 503"):
        await summarizer.summarize(["[00:00] Speaker 1: hi there"], request("en"))
    fake_llm.fail_status, fake_llm.delay = None, 3.0
    slow = summarizer_for(fake_llm, timeout=0.5)
    with pytest.raises(SummaryError, match="timed out"):
        await slow.summarize(["[00:00] Speaker 1: hi there"], request("en"))
    await summarizer.aclose()
    await slow.aclose()


async def test_only_llm_traffic_goes_through_the_proxy(
    fake_llm: FakeLLM, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarizer = summarizer_for(fake_llm, proxy=proxy.url)
    await summarizer.summarize(["[00:00] Speaker 1: through the proxy"], request("en"))
    await summarizer.aclose()
    assert proxy.seen == [f"{fake_llm.base_url}/chat/completions"]
    assert len(fake_llm.requests) == 1

    monkeypatch.setenv("HTTP_PROXY", proxy.url)  # even a process-wide proxy variable is ignored for the API
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    client = TranscriptionClient(fake_llm.base_url.removesuffix("/v1"))
    with pytest.raises(JobNotFound):  # the fake LLM has no /health: a direct 404
        await client.health()
    await client.aclose()
    assert len(proxy.seen) == 1


def test_chunk_count_matches_budget() -> None:
    from bot.llm.chunking import chunk_lines

    lines = transcript(30_000)
    chunks = chunk_lines(lines, 1000)
    minimum = math.ceil(sum(len(x) + 1 for x in lines) / 3000)
    assert minimum <= len(chunks) <= minimum + 1
    assert "\n".join(chunks).splitlines() == lines
    assert chunk_lines(["y" * 7000], 1000) == ["y" * 3000, "y" * 3000, "y" * 1000]  # cut, never dropped
