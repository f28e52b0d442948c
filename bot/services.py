"""The services every handler shares, built once by `bot.app` and never changed afterwards.

Handlers reach them as `context.services` (see `bot.telegram_context`); nothing here imports
`telegram`, so the core stays testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.callback_data import EntryCodes
from bot.config import Settings
from bot.conversation import ConversationMemory
from bot.flood import FloodGuard
from bot.knowledge_watch import KnowledgeHolder
from bot.matcher import Matcher
from bot.privacy import user_key
from bot.recent_updates import RecentUpdates
from bot.storage import QueryLog


@dataclass(frozen=True)
class Services:
    """Knowledge, query log, flood guard and settings for one running bot.

    Attributes:
        settings: The settings the bot was started with.
        knowledge: The knowledge version served now (swapped whole on a valid reload).
        query_log: Where question and button records go (after the reply is sent).
        flood: The per-citizen flood guard.
        groups: The per-group guard (what Telegram lets the bot send in one group).
        conversations: The topic of each conversation's last answer, kept a few minutes in
            memory to read follow-up questions.
        user_key_secret: HMAC secret for pseudonymous user keys (random per simulator run
            when USER_KEY_SECRET is empty).
        recent_updates: The update ids handled lately (redeliveries are dropped).
    """

    settings: Settings
    knowledge: KnowledgeHolder
    query_log: QueryLog
    flood: FloodGuard
    groups: FloodGuard
    conversations: ConversationMemory
    user_key_secret: str = field(repr=False)
    recent_updates: RecentUpdates = field(default_factory=RecentUpdates, repr=False)

    # Handlers use `context.knowledge` instead: taken once per update, so a reload in the
    # middle of one cannot mix two versions (see `bot.telegram_context`).
    @property
    def matcher(self) -> Matcher:
        """Answers questions from the current knowledge base."""
        return self.knowledge.current.matcher

    @property
    def codes(self) -> EntryCodes:
        """Short codes of the current knowledge entries, for buttons."""
        return self.knowledge.current.codes

    @property
    def knowledge_version(self) -> str:
        """Version of the knowledge base the answers come from."""
        return self.matcher.kb.version

    def user_key(self, telegram_id: int) -> str:
        """The pseudonymous key of a Telegram user (never store the id itself)."""
        return user_key(self.user_key_secret, telegram_id)
