"""Prompts for grounded answers and for rewriting follow-ups. Call text is data: fenced, never obeyed."""

from __future__ import annotations

from bot.llm.fence import data_rule, fenced

SYSTEM = (
    "You answer questions about recorded calls using only what is given between <transcript> and </transcript>: "
    "the whole transcript, or a summary of the call, notes on each part and transcript passages. "
    "Transcript lines start with a citation such as [12:34 · Anna]{call_hint}; summary and notes items end "
    "with the [mm:ss] they come from. {data_rule} Rules: answer only from this material; if it does not contain "
    "the answer, say so plainly. After each claim, copy the citation of the line that supports it exactly as "
    "written. Answer in {language} unless the user asks for another language; briefly, in plain text."
)
CALL_HINT = " (or [Call title · 12:34 · Anna] when lines come from several calls)"
QUESTION = "{material}\n\nQuestion: {question}"

REWRITE_SYSTEM = (
    "You turn the user's latest question about a recorded call into one standalone question that can be "
    "understood without the conversation: replace 'it', 'he', 'that', 'and when?' and the like with what they "
    "refer to in the conversation. Keep the question's language and meaning and add nothing else. Reply with "
    "the question only. {data_rule}"
)
REWRITE = "{conversation}\n\nLatest question: {question}"


def system_prompt(language: str | None, several_calls: bool) -> str:
    wanted = f"the language with code '{language}'" if language else "the language of the question"
    return (
        SYSTEM.replace("{call_hint}", CALL_HINT if several_calls else "")
        .replace("{data_rule}", data_rule("transcript"))
        .replace("{language}", wanted)
    )


def question_prompt(material: str, question: str) -> str:
    return QUESTION.replace("{material}", fenced("transcript", material)).replace("{question}", question)


def rewrite_messages(conversation: list[tuple[str, str]], question: str) -> list[dict[str, str]]:
    said = "\n".join(f"{'User' if role == 'user' else 'Assistant'}: {content}" for role, content in conversation)
    user = REWRITE.replace("{conversation}", fenced("conversation", said)).replace("{question}", question)
    return [
        {"role": "system", "content": REWRITE_SYSTEM.replace("{data_rule}", data_rule("conversation"))},
        {"role": "user", "content": user},
    ]
