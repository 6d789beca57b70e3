"""What users read: HTML escaping and 4096-character splitting, status lines, texts, extractive summaries."""

from __future__ import annotations

import re

from bot.pipeline.progress_view import Progress, ProgressStage, bar, status_text
from bot.shared.html_lines import TELEGRAM_LIMIT, Line, pack, to_plain
from bot.shared.settings import BotSettings
from bot.summaries.extractive import extractive_summary
from bot.summaries.summary import ActionItem, Summary, parse_llm_summary
from bot.summaries.view import render_summary
from bot.texts import EN, RU, texts_for
from database import Segment, Speaker


def balanced(message: str) -> bool:
    return all(message.count(f"<{t}>") == message.count(f"</{t}>") for t in ("b", "i", "code"))


def test_long_summary_splits_at_4096_without_breaking_tags_or_losing_text() -> None:
    points = [f"point {i}: <script>alert('x')</script> & more " * 3 for i in range(150)]
    summary = Summary(
        overview="A " + "very long overview sentence. " * 300,
        key_points=points,
        action_items=[ActionItem(task="Fix <b>bold</b> tags", owner="Bob & Co", due="Fri")],
    )
    messages = render_summary(summary, EN)
    assert len(messages) > 2
    assert all(len(m) <= TELEGRAM_LIMIT and balanced(m) for m in messages)
    assert all("<script>" not in m for m in messages)  # user/LLM text is escaped
    plain = "\n".join(to_plain(m) for m in messages)
    for point in points:
        assert point.strip() in plain
    assert "Fix <b>bold</b> tags (owner: Bob & Co; due: Fri)" in plain


def test_single_overlong_line_is_cut_into_wrapped_pieces() -> None:
    messages = pack([Line("<&> " * 3000, "b")])
    assert all(len(m) <= TELEGRAM_LIMIT and m.startswith("<b>") and m.endswith("</b>") for m in messages)
    assert "".join(to_plain(m) for m in messages).replace(" ", "") == "<&>" * 3000


def test_status_texts_progress_bar_and_languages() -> None:
    assert bar(0) == "░" * 10 and bar(100) == "▓" * 10 and bar(45) == "▓" * 4 + "░" * 6
    assert status_text(Progress(ProgressStage.TRANSCRIBING, percent=45.4), EN, "x") == "🎙 Transcribing ▓▓▓▓░░░░░░ 45%"
    assert status_text(Progress(ProgressStage.QUEUED, queue_position=3), RU, "x") == "⏳ В очереди: #3"
    assert status_text(Progress(ProgressStage.DONE, elapsed_s=65), EN, "x") == "✅ Done in 1m 05s"
    assert texts_for("ru-RU") is RU and texts_for("ru") is RU
    assert texts_for("en-GB") is EN and texts_for(None) is EN and texts_for("uk") is EN


def test_every_stage_has_its_own_status_text_and_only_failed_reads_as_a_failure() -> None:
    for texts in (EN, RU):
        shown = {stage: status_text(Progress(stage, detail="boom"), texts, "call.ogg") for stage in ProgressStage}
        assert len(set(shown.values())) == len(ProgressStage), shown
        assert [stage for stage, text in shown.items() if "boom" in text] == [ProgressStage.FAILED]
    cancellable = {stage for stage in ProgressStage if stage.cancellable}
    assert cancellable.isdisjoint({ProgressStage.SUMMARIZING, ProgressStage.DONE, ProgressStage.FAILED})
    assert {ProgressStage.QUEUED, ProgressStage.TRANSCRIBING, ProgressStage.STALLED} <= cancellable


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    for name, english in vars(EN).items():
        russian = getattr(RU, name)
        if name == "status_failed":  # only the reason, which comes in the user's language already
            assert russian == english == "❌ {reason}"
        else:
            assert russian and russian != english, name
        assert set(re.findall(r"\{\w+\}", str(english))) == set(re.findall(r"\{\w+\}", str(russian))), name
    assert [name for name, _ in EN.commands] == [name for name, _ in RU.commands]  # same commands, both languages


def test_llm_answer_parsing_is_lenient() -> None:
    wrapped = 'Sure!\n```json\n{"overview": "O", "decisions": "one", "action_items": ["do it"]}\n```'
    summary = parse_llm_summary(wrapped, "en")
    assert summary.overview == "O" and summary.decisions == ["one"] and summary.action_items[0].task == "do it"
    assert parse_llm_summary("just prose", "ru").overview == "just prose"


def test_extractive_summary_picks_sentences_and_talk_time() -> None:
    segments = [
        Segment(0, 10, "The budget for the launch is approved. Hi.", "A"),
        Segment(10, 40, "The launch budget covers marketing and the launch event.", "B"),
        Segment(40, 45, "Okay.", "A"),
    ]
    speakers = [Speaker("A", 1, 15.0), Speaker("B", 2, 30.0)]
    summary = extractive_summary(segments, speakers, "en", count=2, word="Speaker")
    assert summary.made_by == "extractive"
    assert summary.key_points == [
        "[00:00 · Speaker 1] The budget for the launch is approved.",
        "[00:10 · Speaker 2] The launch budget covers marketing and the launch event.",
    ]
    assert [(t.speaker, round(t.share, 2)) for t in summary.talk_time] == [
        ("Speaker 2", 0.67),
        ("Speaker 1", 0.33),
    ]
    text = to_plain(render_summary(summary, RU)[0])
    assert text.startswith("Извлечённое резюме") and "Speaker 2: 30s (67%)" in text


def test_settings_parse_allow_list_and_limits(monkeypatch) -> None:
    monkeypatch.setenv("BOT_ALLOWED_USER_IDS", "11, 22;33")
    monkeypatch.setenv("BOT_TELEGRAM_LOCAL_MODE", "true")
    settings = BotSettings()
    assert settings.allowed_user_ids == {11, 22, 33} and settings.is_allowed(22) and not settings.is_allowed(44)
    assert settings.telegram_local_mode and settings.max_file_bytes == 2000 * 1024 * 1024
    assert not BotSettings(llm_base_url=None, llm_api_key=None).llm_configured


def test_the_mini_app_settings_are_still_read_under_their_former_names(monkeypatch, tmp_path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text("BOT_WEBAPP_URL=https://old.example.com\nBOT_WEBAPP_AUTH_MAX_AGE_S=120\n")
    monkeypatch.setenv("BOT_WEBAPP_PORT", "9000")
    settings = BotSettings(_env_file=env_file)  # type: ignore[call-arg]
    assert (settings.miniapp_url, settings.miniapp_port, settings.miniapp_auth_max_age_s) == (
        "https://old.example.com/",
        9000,
        120,
    )
    monkeypatch.setenv("BOT_MINIAPP_URL", "https://new.example.com/")  # the new name wins over the old one
    assert BotSettings(_env_file=env_file).miniapp_url == "https://new.example.com/"  # type: ignore[call-arg]
    assert BotSettings(miniapp_url="https://given.example.com/").miniapp_url == "https://given.example.com/"


def test_a_summary_stored_before_made_by_had_its_name_still_loads() -> None:
    stored = '{"kind": "extractive", "language": "en", "key_points": ["[00:01 · Ann] Hello"]}'
    summary = Summary.model_validate_json(stored)
    assert (summary.made_by, summary.key_points) == ("extractive", ["[00:01 · Ann] Hello"])
    assert Summary.model_validate_json(summary.model_dump_json()).made_by == "extractive"
