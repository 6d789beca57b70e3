"""Upload → poll → result against the real service and model, on synthesized two-speaker speech."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import jiwer
import pytest

from tests.speech import Dialogue, ffmpeg, synthesize, to_video
from tests.transcription_api.conftest import Client


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


def words_of(result: dict) -> list[dict]:
    return [w for s in result["segments"] for w in s["words"]]


@pytest.fixture(scope="module")
def meeting_result(api, dialogue: Dialogue) -> dict:
    c = Client(api.url)
    task = c.submit_ok(dialogue.path)
    body = c.wait(task)
    assert body["status"] == "completed", body
    return body


def test_transcript_matches_the_script(meeting_result: dict, dialogue: Dialogue) -> None:
    result = meeting_result["result"]
    hypothesis = normalize(" ".join(s["text"] for s in result["segments"]))
    error = jiwer.wer(normalize(dialogue.script), hypothesis)
    assert error <= 0.15, (error, hypothesis)
    assert result["language"] == "en"
    assert result["duration"] == pytest.approx(dialogue.turns[-1].end + 0.6, abs=0.1)


def test_two_speakers_and_words_assigned_to_the_right_one(meeting_result: dict, dialogue: Dialogue) -> None:
    result = meeting_result["result"]
    assert result["speakers"] == ["SPEAKER_00", "SPEAKER_01"]
    assert "speaker_embeddings" not in result  # only on request
    words = words_of(result)
    truth = [dialogue.turn_at((w["start"] + w["end"]) / 2).speaker for w in words]
    # map each predicted label to the real speaker it most often covers
    votes: dict[str, Counter] = {}
    for word, real in zip(words, truth, strict=True):
        votes.setdefault(word["speaker"], Counter())[real] += 1
    mapping = {label: counter.most_common(1)[0][0] for label, counter in votes.items()}
    assert sorted(mapping.values()) == ["alice", "bob"], mapping
    right = sum(mapping[w["speaker"]] == real for w, real in zip(words, truth, strict=True))
    assert right / len(words) >= 0.95, (right, len(words))


# Measured on this dialogue with the packaged base model (69 words): words start at most 0.27 s before their turn
# and end at least 0.43 s before its end (a turn's times include espeak's own silence around the speech). The bounds
# keep 0.1 s or more for other CPUs.
EARLY_S, END_BEFORE_END_S = 0.4, 0.3


def test_word_times_lie_inside_their_turns(meeting_result: dict, dialogue: Dialogue) -> None:
    segments = meeting_result["result"]["segments"]
    assert segments and all(s["words"] for s in segments)
    previous = 0.0
    for segment in segments:
        assert segment["start"] <= segment["end"]
        for word in segment["words"]:
            assert previous <= word["start"] <= word["end"], word
            turn = dialogue.turn_at((word["start"] + word["end"]) / 2)
            assert turn.start - EARLY_S <= word["start"] and word["end"] <= turn.end - END_BEFORE_END_S, (word, turn)
            assert segment["start"] <= word["start"] and word["end"] <= segment["end"]
            previous = word["start"]
        assert {w["speaker"] for w in segment["words"]} == {segment["speaker"]}


def test_text_renderings_carry_speakers(client: Client, meeting_result: dict) -> None:
    task = meeting_result["task_id"]
    txt = client.http.get(f"/transcribe/result/{task}", params={"format": "txt"})
    assert txt.status_code == 200 and txt.headers["content-type"].startswith("text/plain")
    first = txt.text.splitlines()[0]
    assert re.fullmatch(r"\[00:00:0\d\] SPEAKER_00: .+", first), first
    srt = client.http.get(f"/transcribe/result/{task}", params={"format": "srt"}).text
    blocks = srt.strip().split("\n\n")
    assert len(blocks) == len(meeting_result["result"]["segments"])
    assert re.match(r"1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\[SPEAKER_0\d\] ", blocks[0])
    vtt = client.http.get(f"/transcribe/result/{task}", params={"format": "vtt"}).text
    assert vtt.startswith("WEBVTT") and "<v SPEAKER_01>" in vtt
    bad = client.http.get(f"/transcribe/result/{task}", params={"format": "docx"})
    assert bad.status_code == 422 and "format" in bad.json()["detail"]


def test_video_container_is_transcribed(client: Client, dialogue: Dialogue, tmp_path: Path) -> None:
    short = synthesize([("bob", "Please send the contract to the legal team tomorrow.")], tmp_path / "a.wav")
    video = to_video(short.path, tmp_path / "call.mp4")
    body = client.wait(client.submit_ok(video, diarize="false", language="en"))
    assert body["status"] == "completed", body
    text = normalize(" ".join(s["text"] for s in body["result"]["segments"]))
    assert jiwer.wer(normalize(short.script), text) <= 0.2, text
    assert body["result"]["speakers"] == [] and all(s["speaker"] is None for s in body["result"]["segments"])


def test_silence_completes_with_no_segments(client: Client, tmp_path: Path) -> None:
    silence = tmp_path / "silence.ogg"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "6", "-c:a", "libvorbis", str(silence))
    body = client.wait(client.submit_ok(silence))
    assert body["status"] == "completed", body
    assert body["result"]["segments"] == [] and body["result"]["speakers"] == []
    assert body["result"]["duration"] == pytest.approx(6.0, abs=0.1)


def test_status_reports_queue_position_and_progress(client: Client, dialogue: Dialogue) -> None:
    client.idle()  # the positions below count from an empty queue
    first = client.submit_ok(dialogue.path)
    second = client.submit_ok(dialogue.path, num_speakers=2)
    waiting = client.http.get(f"/transcribe/status/{second}").json()
    assert waiting["status"] == "queued" and waiting["queue_position"] == 1 and waiting["progress"] == 0
    seen = set()
    deadline = time.monotonic() + 240
    while (status := client.http.get(f"/transcribe/status/{first}").json())["status"] != "completed":
        assert time.monotonic() < deadline, f"the first job did not complete; last status {status}"
        seen.add((status["stage"], status["progress"]))
        time.sleep(0.05)
    assert any(stage in ("transcribing", "aligning", "diarizing") and 0 < p < 100 for stage, p in seen), seen
    assert client.wait(second)["result"]["speakers"] == ["SPEAKER_00", "SPEAKER_01"]


def test_hold_music_before_the_call_does_not_fool_language_detection(client: Client, tmp_path: Path) -> None:
    speech = synthesize([("alice", "Hello, this is the support line. How can I help you today?")], tmp_path / "s.wav")
    tone = tmp_path / "hold.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=35", "-ar", "16000", "-ac", "1", str(tone))
    call = tmp_path / "call.wav"
    ffmpeg("-i", str(tone), "-i", str(speech.path), "-filter_complex", "[0][1]concat=n=2:v=0:a=1", str(call))
    body = client.wait(client.submit_ok(call, diarize="false"))
    result = body["result"]
    assert result["language"] == "en"
    assert result["segments"] and result["segments"][0]["start"] >= 34.5
    text = normalize(" ".join(s["text"] for s in result["segments"]))
    assert jiwer.wer(normalize(speech.script), text) <= 0.2, text


def test_speaker_count_options_are_honoured(client: Client, dialogue: Dialogue) -> None:
    one = client.submit_ok(dialogue.path, max_speakers=1)
    three = client.submit_ok(dialogue.path, num_speakers=3)
    assert client.wait(one)["result"]["speakers"] == ["SPEAKER_00"]
    result = client.wait(three)["result"]
    assert result["speakers"] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
    assert {w["speaker"] for w in words_of(result)} == set(result["speakers"])


def test_back_to_back_turns_in_a_voice_note_find_exactly_two_speakers(client: Client, tmp_path: Path) -> None:
    """No pauses between speakers, Opus-compressed: windows that straddle a change must not invent a voice."""
    from tests.speech import MEETING

    talk = synthesize(MEETING * 2, tmp_path / "fast.wav", gap_s=0.05)
    note = tmp_path / "voice.ogg"
    ffmpeg("-i", str(talk.path), "-c:a", "libopus", "-b:a", "24k", str(note))
    result = client.wait(client.submit_ok(note))["result"]
    assert result["speakers"] == ["SPEAKER_00", "SPEAKER_01"]
    words = words_of(result)
    truth = [talk.turn_at((w["start"] + w["end"]) / 2).speaker for w in words]
    mapping = {"SPEAKER_00": truth[0], "SPEAKER_01": "alice" if truth[0] == "bob" else "bob"}
    right = sum(mapping[w["speaker"]] == real for w, real in zip(words, truth, strict=True))
    assert right / len(words) >= 0.95, (right, len(words))
