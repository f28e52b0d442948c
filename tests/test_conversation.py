"""The conversation memory: a topic per citizen, forgotten after a while, bounded."""

from botkit import FakeClock as Clock

from bot.conversation import ConversationMemory, PreviousTopic


def test_a_topic_is_recalled_until_it_expires() -> None:
    clock = Clock()
    memory = ConversationMemory(300, clock=clock)
    memory.remember("a", "program.biaya")
    clock.now += 300
    assert memory.recall("a") == PreviousTopic("program.biaya")
    clock.now += 0.5
    assert memory.recall("a") is None
    assert len(memory) == 0  # an expired topic is dropped, not kept


def test_the_latest_answer_is_the_topic_and_keys_are_separate() -> None:
    memory = ConversationMemory(300, clock=Clock())
    memory.remember("a", "program.biaya")
    memory.remember("a", "pilar.living")
    memory.remember("b", "program.ikn")
    assert memory.recall("a") == PreviousTopic("pilar.living")
    assert memory.recall("b") == PreviousTopic("program.ikn")
    memory.forget("a")
    assert memory.recall("a") is None


def test_memory_is_bounded_and_forgets_the_oldest_first() -> None:
    memory = ConversationMemory(300, clock=Clock(), max_conversations=2)
    for key in ("a", "b", "c"):
        memory.remember(key, "program.biaya")
    assert len(memory) == 2
    assert memory.recall("a") is None and memory.recall("c") is not None


def test_zero_seconds_remembers_nothing() -> None:
    memory = ConversationMemory(0, clock=Clock())
    memory.remember("a", "program.biaya")
    assert memory.recall("a") is None
