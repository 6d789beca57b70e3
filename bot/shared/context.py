"""Typed PTB context: handlers reach the running bot's parts through ``context.runtime``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    import openai

    from bot.buttons.open_call import OpenCall
    from bot.deletion.service_deletions import ServiceDeletions
    from bot.miniapp.server import MiniAppServer
    from bot.pipeline.rediarizing import Rediarizer
    from bot.pipeline.status_editor import StatusEditor
    from bot.pipeline.summary_messages import SummaryMessages
    from bot.pipeline.tasks import CallTasks
    from bot.questions.service import QuestionService
    from bot.recordings.audio_copies import AudioCopies
    from bot.shared.awaited_inputs import AwaitedInputs
    from bot.shared.membership import Membership
    from bot.shared.settings import BotSettings
    from bot.sharing.service import CallSharing
    from bot.speakers.renaming import SpeakerRenaming
    from bot.speakers.voices.recognition import VoiceRecognition
    from bot.transcription.client import TranscriptionClient
    from database import Database


@dataclass
class BotRuntime:
    """What the running bot process opened in ``post_init`` (closed in ``post_shutdown``), each part built once in
    ``bot/app/wiring.py``; handlers use these and construct no services of their own."""

    settings: BotSettings
    db: Database
    calls: CallTasks  # recordings through the pipeline: start, cancel, retry, regenerate, delete
    members: Membership  # who is in a group chat now, and who administers it (cached getChatMember)
    opener: OpenCall  # where "Open call" leads: the Mini App (private chats) or its direct link (groups)
    status: StatusEditor
    questions: QuestionService
    awaited: AwaitedInputs
    deletions: ServiceDeletions
    summaries: SummaryMessages  # a call's summary in the chat: sent, and edited in place after a rename
    voices: VoiceRecognition  # speakers named by voice; profiles learn from the names users give
    rediarizer: Rediarizer  # "Wrong speakers?": a call's speakers found again from its kept audio
    audio: AudioCopies  # the audio copies the Mini App's player streams
    transcription: TranscriptionClient
    llm: openai.AsyncOpenAI | None  # the one client every LLM user shares; None without an LLM
    speakers: SpeakerRenaming  # renaming a call's speaker
    sharing: CallSharing  # links to a call: made, opened, revoked; what a reader of a shared call may reach
    miniapp: MiniAppServer | None = None  # the Mini App's web server, when BOT_MINIAPP_URL is set


class BotData:
    """Application-wide data; filled in ``post_init``."""

    def __init__(self) -> None:
        self.runtime: BotRuntime | None = None


class BotContext(CallbackContext[ExtBot[None], dict, dict, BotData]):
    """Callback context with typed access to the runtime."""

    def __init__(self, application: BotApplication, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def runtime(self) -> BotRuntime:
        runtime = self.bot_data.runtime
        if runtime is None:
            raise RuntimeError("the bot's runtime is not started")
        return runtime


BotApplication = Application[ExtBot[None], BotContext, dict, dict, BotData, None]
CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
