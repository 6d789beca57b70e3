"""Named conversations: who says what, and when, relative to the turn before.

Timing of a :class:`Say`: a turn starts ``gap`` seconds after the previous turn of the conversation's main thread
ends (negative: it starts before that turn ends, an interruption or a greeting said at once); a turn with ``over``
set is laid over the previous main turn instead, starting at that fraction of it (a backchannel, "uh-huh" while the
other person talks), and does not move the thread on. Every speaker is a persona with a fixed voice (:data:`CAST`),
so the same person sounds the same in every conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

# persona -> voice: the neural voices of tests/neural_speech.py, and espeak-ng variants the voice encoder tells
# apart (benchmarks/voice_profiles.py: "espeak:<variant>:<pitch>")
CAST = {
    "Tom": "joe",
    "Ken": "kumo",  # a male pair
    "Anna": "alpha",
    "Priya": "tebukuro",
    "Mei": "nezumi",
    "Sara": "gongitsune",  # female
    "Mark": "espeak:en-us+m1:50",
    "Olga": "espeak:en-us+f3:75",
    "Dave": "espeak:en-us+klatt:50",
    "Lena": "espeak:en-us+steph:50",
    "Rosa": "espeak:en-us+Annie:50",
}
# voices that make babble noise: heard in no conversation
BABBLE_VOICES = ("espeak:en-us+m7:60", "espeak:en-us+f1:50", "espeak:en-us+f4:50", "espeak:en-gb+m3:40")
BACKCHANNELS = ("Yeah.", "Uh-huh.", "Right.", "Mm-hmm.", "Okay.")


@dataclass(frozen=True)
class Say:
    speaker: str
    text: str
    gap: float = 0.25
    over: float | None = None


@dataclass(frozen=True)
class Conversation:
    """A script and what it is meant to exercise; ``sides`` splits the speakers into the two ends of a call."""

    lines: tuple[Say, ...]
    about: str
    side_b: tuple[str, ...]  # the far end of the call (the rest are side A)

    @property
    def speakers(self) -> list[str]:
        return list(dict.fromkeys(line.speaker for line in self.lines))


PHONE_HELLO = Conversation(
    about="two-person phone call: both say hello at once, backchannels (some over the other), quick turns, "
    "interruptions, a mid-turn introduction",
    side_b=("Anna",),
    lines=(
        Say("Tom", "Hello?", gap=0.4),
        Say("Anna", "Hello?", gap=-0.35),
        Say("Tom", "Hi, yes, can you hear me?", gap=0.3),
        Say("Anna", "Yes. Hi, sorry, this is Anna from the Berlin office.", gap=0.2),
        Say("Tom", "Oh, hi Anna.", gap=0.15),
        Say("Anna", "I am calling about the delivery for next week.", gap=0.2),
        Say("Tom", "Right.", over=0.55),
        Say("Anna", "The truck can only come on Thursday morning, not on Wednesday as we planned.", gap=0.3),
        Say("Tom", "Uh-huh.", over=0.45),
        Say("Tom", "Thursday morning is difficult for us.", gap=-0.3),
        Say("Anna", "Why?", gap=0.1),
        Say("Tom", "We have the inventory check that day, the whole warehouse is closed until noon.", gap=0.2),
        Say("Anna", "Mm-hmm.", over=0.5),
        Say("Anna", "Could they come after lunch then?", gap=-0.2),
        Say("Tom", "After two, yes.", gap=0.15),
        Say("Anna", "Okay.", gap=0.1),
        Say("Tom", "And please ask the driver to call us an hour before he arrives.", gap=0.2),
        Say("Anna", "Yeah.", over=0.6),
        Say("Anna", "Sure, I will tell him.", gap=-0.25),
        Say("Tom", "Great, thanks.", gap=0.1),
        Say("Anna", "Thank you, bye.", gap=-0.2),
    ),
)

PHONE_QUICK = Conversation(
    about="two-person phone call: quick exchanges of one to four words, interruptions, 'Priya here'",
    side_b=("Ken",),
    lines=(
        Say("Priya", "Hi, Priya here.", gap=0.4),
        Say("Ken", "Hey Priya.", gap=0.1),
        Say("Priya", "Got a minute?", gap=0.1),
        Say("Ken", "Sure, go ahead.", gap=0.15),
        Say("Priya", "The client called again about the invoice.", gap=0.2),
        Say("Ken", "Which one?", gap=-0.2),
        Say("Priya", "The March one.", gap=0.1),
        Say("Ken", "Oh no.", gap=0.05),
        Say("Priya", "They say they paid it twice, and they want the money back before Friday.", gap=0.2),
        Say("Ken", "Uh-huh.", over=0.4),
        Say("Ken", "Did you check the bank?", gap=-0.3),
        Say("Priya", "Not yet.", gap=0.1),
        Say("Ken", "Let me check.", gap=0.1),
        Say("Priya", "Thanks.", gap=0.05),
        Say("Ken", "Yes, two payments, same amount, one day apart.", gap=1.2),
        Say("Priya", "Right.", over=0.5),
        Say("Priya", "So we refund one?", gap=-0.2),
        Say("Ken", "Exactly.", gap=0.1),
        Say("Priya", "Today?", gap=0.05),
        Say("Ken", "Tomorrow morning, the bank is closed now.", gap=0.15),
        Say("Priya", "Okay, I will tell them.", gap=0.1),
        Say("Ken", "Mm-hmm.", over=0.5),
        Say("Ken", "Bye.", gap=0.2),
    ),
)

PHONE_MONOLOGUE = Conversation(
    about="two-person phone call with a 90/10 talk share: one talks, the other mostly backchannels",
    side_b=("Mark",),
    lines=(
        Say(
            "Sara",
            "Hi Mark, it is Sara. I wanted to walk you through the results from the customer survey, "
            "because the board meets on Monday and they will ask about it.",
            gap=0.4,
        ),
        Say("Mark", "Sure.", gap=0.2),
        Say(
            "Sara",
            "So we sent the survey to about four thousand customers and almost nine hundred answered, "
            "which is a good rate for us. Most of them are happy with the product itself.",
            gap=0.2,
        ),
        Say("Mark", "Mm-hmm.", over=0.5),
        Say(
            "Sara",
            "The biggest complaint is delivery time. People in the north wait more than a week, and "
            "many of them wrote that they would order more often if it came in three days.",
            gap=0.3,
        ),
        Say("Mark", "Yeah.", over=0.7),
        Say(
            "Sara",
            "The second topic is the mobile app. It crashes on older phones when you open the order "
            "history, and the support team gets calls about it every day.",
            gap=0.3,
        ),
        Say("Mark", "Right.", over=0.45),
        Say(
            "Sara",
            "I would suggest we fix the app first, because it is cheap, and then talk to the two "
            "delivery companies about a faster service in the north.",
            gap=0.3,
        ),
        Say("Mark", "Makes sense.", gap=0.2),
        Say(
            "Sara",
            "Good. I will put all of this into three slides and send them to you tomorrow, and you can "
            "tell me if anything is missing before Monday.",
            gap=0.2,
        ),
        Say("Mark", "Uh-huh.", over=0.6),
        Say("Mark", "Okay, thanks.", gap=0.2),
    ),
)

MEETING_3 = Conversation(
    about="three people, two of them men with neural voices (a same-gender pair)",
    side_b=("Olga",),
    lines=(
        Say("Ken", "Okay, let us start. Olga, can you hear us?", gap=0.4),
        Say("Olga", "Yes, I can hear you fine.", gap=0.3),
        Say("Tom", "Good. The main topic today is the new office in Lisbon.", gap=0.3),
        Say("Ken", "Right.", over=0.6),
        Say("Tom", "We found two buildings. One is near the river and one is in the center.", gap=0.2),
        Say("Olga", "How much is the rent?", gap=0.2),
        Say("Tom", "About the same for both, twelve thousand euros a month.", gap=0.2),
        Say("Ken", "The one near the river has more parking, so I would take that one.", gap=-0.3),
        Say("Olga", "Mm-hmm.", over=0.5),
        Say("Olga", "But is it close to the train station? Most of our people will come by train.", gap=0.3),
        Say("Tom", "Not really, it is a twenty minute walk.", gap=0.2),
        Say("Ken", "Then the center.", gap=0.1),
        Say("Tom", "Yeah.", over=0.3),
        Say("Olga", "I agree, the center. Tom, can you send the contract to legal this week?", gap=0.3),
        Say("Tom", "Sure, I will do it tomorrow.", gap=0.2),
        Say("Ken", "Great, thank you both.", gap=0.2),
    ),
)

MEETING_4 = Conversation(
    about="four people: two women with neural voices (a same-gender pair), 'and I'm Tom' mid-turn, and a "
    "speaker who says little (Dave: two short turns)",
    side_b=("Priya", "Dave"),
    lines=(
        Say("Anna", "Hello everyone, thanks for joining. I am Anna, I run the support team.", gap=0.4),
        Say("Priya", "Hi, and this is Priya from sales.", gap=0.3),
        Say("Tom", "Morning. I joined a bit late, sorry, and I'm Tom from the warehouse.", gap=0.3),
        Say(
            "Anna",
            "No problem. We need a plan for the holiday season. Last year we had too few people on the phones.",
            gap=0.2,
        ),
        Say("Priya", "Uh-huh.", over=0.5),
        Say("Priya", "Sales expects twice as many orders this year, so support will get more calls too.", gap=0.3),
        Say("Tom", "The warehouse can handle it if the orders come before the twentieth.", gap=0.3),
        Say("Dave", "Agreed.", gap=0.2),
        Say("Anna", "Then I will hire three temporary agents for December.", gap=0.3),
        Say("Tom", "Right.", over=0.6),
        Say("Priya", "Can we also move the last order date to the eighteenth?", gap=-0.25),
        Say("Tom", "Yes, that helps us a lot.", gap=0.2),
        Say("Anna", "Okay. Priya, please tell the customers in the newsletter next week.", gap=0.3),
        Say("Priya", "I will.", gap=0.15),
        Say("Dave", "Sounds good.", gap=0.3),
    ),
)

# Sentences for the generated conversations (meetings of five and six, the long call).
BANK = (
    "Good morning, let us go through the numbers for the third quarter.",
    "I spoke with the supplier yesterday and they agreed to a lower price.",
    "The new office opens in March, so we need to plan the move now.",
    "Can you send me the contract before the end of the week?",
    "Our customers asked for a faster checkout on the mobile app.",
    "I think we should hire two more engineers for the payments team.",
    "The marketing campaign brought in three thousand new users.",
    "We are still waiting for the legal review of the agreement.",
    "Please check the server logs, something failed during the night.",
    "The budget for travel is almost spent, so let us meet online.",
    "I will call the bank tomorrow morning and ask about the loan.",
    "The training for the support team starts on Monday at nine.",
    "We lost two big clients last month because of slow delivery.",
    "Let us move the release by one week to fix the last bugs.",
    "The warehouse needs new shelves before the holiday season.",
    "Who is responsible for the report to the board of directors?",
    "The design team showed a new version of the home page.",
    "I agree, but we have to keep the costs under control.",
    "Our partner in Berlin wants to extend the contract for a year.",
    "The printer on the second floor is broken again.",
    "We should ask the customers what they think before we change the price.",
    "The security audit found three small problems and one serious one.",
    "I can take that task, but not before the middle of next month.",
    "The numbers from the east region look much better than we expected.",
    "Let us write down the open questions and answer them by email.",
    "The trainees did a great job with the inventory last weekend.",
    "We need a decision on the new logo before the trade fair.",
    "Shipping costs went up again, by about eight percent.",
    "I would rather test it with ten customers first and then decide.",
    "The old database will be switched off at the end of the year.",
)


def generated(
    speakers: tuple[str, ...],
    turns: int,
    seed: int,
    side_b: tuple[str, ...],
    about: str,
    silent: tuple[str, int, int] | None = None,
) -> Conversation:
    """A meeting from :data:`BANK`: each turn one or two sentences by a speaker other than the last one, with a
    backchannel over every third turn and an interruption every fifth. ``silent`` = (speaker, first, last): that
    speaker has no turn from turn ``first`` to ``last`` (silent for minutes, then back)."""
    rng = Random(seed)
    lines: list[Say] = []
    previous = ""
    for index in range(turns):
        choices = [
            s for s in speakers if s != previous and not (silent and s == silent[0] and silent[1] <= index <= silent[2])
        ]
        speaker = choices[index % len(choices)] if index < len(speakers) else rng.choice(choices)
        text = " ".join(rng.sample(BANK, rng.choice((1, 1, 2))))
        gap = -0.4 if index % 5 == 4 else round(rng.uniform(0.15, 0.6), 2)
        lines.append(Say(speaker, text, gap=gap))
        if index % 3 == 2:
            listener = rng.choice([s for s in choices if s != speaker] or [previous or speaker])
            lines.append(Say(listener, rng.choice(BACKCHANNELS), over=round(rng.uniform(0.3, 0.7), 2)))
        previous = speaker
    return Conversation(tuple(lines), about, side_b)


CONVERSATIONS: dict[str, Conversation] = {
    "phone-hello": PHONE_HELLO,
    "phone-quick": PHONE_QUICK,
    "phone-monologue": PHONE_MONOLOGUE,
    "meeting-3": MEETING_3,
    "meeting-4": MEETING_4,
    "meeting-5": generated(
        ("Anna", "Priya", "Tom", "Ken", "Lena"),
        16,
        5,
        ("Ken", "Lena"),
        "five people, two same-gender pairs (Anna/Priya, Tom/Ken), generated",
    ),
    "meeting-6": generated(
        ("Anna", "Priya", "Tom", "Ken", "Sara", "Dave"),
        18,
        6,
        ("Ken", "Sara", "Dave"),
        "six people, two same-gender pairs (Anna/Priya, Tom/Ken), generated",
    ),
    "long-return": generated(
        ("Mei", "Tom", "Rosa"),
        54,
        9,
        ("Mei",),
        "about five minutes, three people; Mei speaks at the start, is silent for minutes and comes back near the end",
        silent=("Mei", 6, 46),
    ),
}
