"""Typed PTB context: handlers reach the bot's services through ``context.services``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    from bot.chat.pending import PendingInputs
    from bot.chat.status_editor import StatusEditor
    from bot.pipeline.service_deletions import ServiceDeletions
    from bot.pipeline.tasks import CallTasks
    from bot.qa.service import QuestionService
    from bot.settings import BotSettings
    from database import Database


@dataclass
class Services:
    settings: BotSettings
    db: Database
    calls: CallTasks
    status: StatusEditor
    questions: QuestionService
    pending: PendingInputs
    deletions: ServiceDeletions


class BotData:
    """Application-wide data; filled in ``post_init``."""

    def __init__(self) -> None:
        self.services: Services | None = None


class BotContext(CallbackContext[ExtBot[None], dict, dict, BotData]):
    """Callback context with typed access to the services."""

    def __init__(self, application: BotApplication, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not started")
        return services


BotApplication = Application[ExtBot[None], BotContext, dict, dict, BotData, None]
CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
