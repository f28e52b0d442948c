"""Typed access to the shared services from PTB callbacks.

`BotApplication` is PTB's `Application` holding one frozen `Services`; `BotContext` is the
`CallbackContext` every handler receives (registered through `ContextTypes`), with
`context.services` instead of string keys into `bot_data`, `context.knowledge` (the knowledge
version this update is answered from) and the two helpers that turn an update into a query-log
record.
"""

from __future__ import annotations

import time
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.knowledge_watch import LoadedKnowledge
from bot.matcher import MatchResult
from bot.outcome import Outcome
from bot.privacy import mask_personal_data
from bot.services import Services
from bot.storage import Channel, ChatType, EventKind, EventRecord, QuestionRecord

MAX_LOGGED_SUGGESTIONS = 3


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of this bot: PTB's context plus `services` and `knowledge`."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id, user_id)
        # PTB makes one context per update, before the first handler (the flood guard) runs:
        # taking the knowledge here means a reload while the update is handled cannot answer
        # from one version and log another.
        self._knowledge: LoadedKnowledge | None = None
        if isinstance(application, BotApplication):
            self._knowledge = application.services.knowledge.current

    @property
    def knowledge(self) -> LoadedKnowledge:
        """The knowledge this update is answered from (its matcher and button codes)."""
        if self._knowledge is None:
            self._knowledge = self.services.knowledge.current
        return self._knowledge

    @property
    def services(self) -> Services:
        """The services of the running bot."""
        application = self.application
        if not isinstance(application, BotApplication):
            raise TypeError("BotContext needs a BotApplication (build it with bot.app)")
        return application.services

    def log_question(self, update: Update, *, record_id: str, question: str, outcome: Outcome,
                     channel: Channel, started: float, result: MatchResult | None = None,
                     entry_id: str | None = None, payload: str | None = None) -> None:
        """Hand one handled message to the query log (call it after the reply is sent).

        Args:
            update: The update that was handled (gives the user and chat type).
            record_id: The id already carried in the reply's buttons.
            question: What the citizen wrote; masked here before it leaves.
            outcome: The matcher's outcome or another `Outcome`.
            channel: How the question reached the bot.
            started: `time.perf_counter()` when handling began, for the latency.
            result: The match, for normalised text, score, margin and suggestions.
            entry_id: The entry shown, when not the result's.
            payload: The deep-link payload, if any.
        """
        user = update.effective_user
        if user is None:
            return
        services = self.services
        chat = update.effective_chat
        self.services.query_log.record(QuestionRecord(
            id=record_id,
            user_key=services.user_key(user.id),
            chat_type=chat.type if chat else ChatType.INLINE,
            channel=channel,
            question=mask_personal_data(question),
            normalized=self._masked_normalized(result) if result else None,
            payload=payload,
            outcome=outcome,
            entry_id=entry_id or (result.entry_id if result else None),
            score=result.score if result else None,
            margin=result.margin if result else None,
            suggestions=tuple(s.entry_id for s in result.suggestions[:MAX_LOGGED_SUGGESTIONS])
            if result else (),
            latency_ms=round((time.perf_counter() - started) * 1000),
            knowledge_version=self.knowledge.matcher.kb.version,
        ))

    def _masked_normalized(self, result: MatchResult) -> str:
        """The normalised text of the masked query: masked first, normalised after.

        Normalising first would drop the "@" that makes an address recognisable and keep
        "budi santoso gmail com". The matcher's own text is reused when masking changed nothing.
        """
        masked = mask_personal_data(result.query)
        if masked == result.query:
            return result.normalized
        return mask_personal_data(self.knowledge.matcher.normalizer.normalize(masked).text)

    def log_event(self, update: Update, kind: EventKind, *, query_id: str | None = None,
                  value: str | None = None) -> None:
        """Hand one button press to the query log, linked to its question when known."""
        user = update.effective_user
        if user is None:
            return
        self.services.query_log.record(EventRecord(
            user_key=self.services.user_key(user.id), kind=kind, query_id=query_id,
            value=value))


class BotApplication(Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any],
                                 dict[Any, Any], None]):
    """PTB's Application carrying this bot's `Services` (set once, at build time)."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services

