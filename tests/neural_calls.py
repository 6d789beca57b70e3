"""Scripts of realistic calls for the neural voices (tests/neural_speech.py): meetings full of numbers, same-gender
pairs, 100 ms gaps, a third speaker, and silent or music stretches inside a call.

``text`` is what a careful transcriber would write; ``spoken`` (when given) is how the voice reads it, since the
voices would misread symbols ("$47,000" as "dollar forty seven thousand").
"""

from __future__ import annotations

from tests.neural_speech import Line, Script, Stretch

L = Line

# The call the test suite runs: two voices, money, a percentage, a time, an e-mail, and a silent and a music stretch.
TEST_CALL: Script = (
    L(
        "joe",
        "Thanks for joining. Last quarter we spent $47,000 on the campaign, about 9,000 over budget.",
        "Thanks for joining. Last quarter we spent forty-seven thousand dollars on the campaign, about nine thousand "
        "over budget.",
    ),
    L(
        "alpha",
        "That is a lot. Conversion only grew by 3.5% in the same period.",
        "That is a lot. Conversion only grew by three point five percent in the same period.",
    ),
    L("joe", "Right, so let me check the invoices. Give me a moment."),
    Stretch("silence", 20.0),
    L("joe", "Okay, I am back. The agency billed us twice for the video shoot."),
    L(
        "alpha",
        "Then we should ask for a refund. Can you send the follow-up e-mail today?",
        "Then we should ask for a refund. Can you send the follow up email today?",
    ),
    L("joe", "Sure. Please hold while I transfer you to finance."),
    Stretch("music", 20.0),
    L(
        "alpha",
        "Hello again. Finance confirmed the refund, and we meet tomorrow at 10:30 to review the plan.",
        "Hello again. Finance confirmed the refund, and we meet tomorrow at ten thirty to review the plan.",
    ),
)

BUDGET_REVIEW: Script = (
    L("joe", "Good morning. Let us start with the budget review for the third quarter."),
    L(
        "alpha",
        "Sure. Total spending was $182,500, which is about 9,000 over budget.",
        "Sure. Total spending was one hundred eighty-two thousand five hundred dollars, which is about nine "
        "thousand over budget.",
    ),
    L("joe", "Where did the extra money go?"),
    L(
        "alpha",
        "Mostly travel. We sent six people to the trade show in Chicago, and the hotel cost $3,200 more than "
        "we planned.",
        "Mostly travel. We sent six people to the trade show in Chicago, and the hotel cost three "
        "thousand two hundred dollars more than we planned.",
    ),
    L("joe", "And what did we get from the show?"),
    L(
        "alpha",
        "Forty new leads, and two of them already signed contracts worth $65,000 in total.",
        "Forty new leads, and two of them already signed contracts worth sixty-five thousand dollars in total.",
    ),
    L("joe", "That is a good return. What about the software licenses?"),
    L(
        "alpha",
        "Licenses went up by 12% in July. The vendor changed its pricing for teams over fifty people.",
        "Licenses went up by twelve percent in July. The vendor changed its pricing for teams over fifty people.",
    ),
    L(
        "joe",
        "Can we negotiate a multi-year deal to lock in the old price?",
        "Can we negotiate a multi year deal to lock in the old price?",
    ),
    L(
        "alpha",
        "I already asked. They offered 8% off if we sign for three years.",
        "I already asked. They offered eight percent off if we sign for three years.",
    ),
    L("joe", "Let us do that. Please prepare the contract and send it to legal by Friday."),
    L("alpha", "Will do. I will also update the forecast for the fourth quarter."),
    L("joe", "Good. Our next check-in is on Monday at 9:15.", "Good. Our next check in is on Monday at nine fifteen."),
)

SIMILAR_VOICES: Script = (
    L("alpha", "Did you get a chance to look at the hiring plan?", gap_s=0.1),
    L("nezumi", "Yes, I read it last night. I think we need two more engineers, not one.", gap_s=0.1),
    L("alpha", "The budget only covers one position this year.", gap_s=0.1),
    L("nezumi", "Then we could hire a contractor for six months instead.", gap_s=0.1),
    L("alpha", "How much would that cost us?", gap_s=0.1),
    L(
        "nezumi",
        "About $14,000 for the whole period, including the onboarding.",
        "About fourteen thousand dollars for the whole period, including the onboarding.",
        gap_s=0.1,
    ),
    L("alpha", "That is reasonable. Who would manage the contractor?", gap_s=0.1),
    L("nezumi", "I can do it. I managed two contractors on the billing project last year.", gap_s=0.1),
    L("alpha", "Great. Then write a short proposal and I will present it to the director.", gap_s=0.1),
    L("nezumi", "I will have it ready by Thursday afternoon.", gap_s=0.1),
    L("alpha", "Perfect. One more thing: the interviews for the senior role start next week.", gap_s=0.1),
    L("nezumi", "I know. I scheduled four candidates, two on Tuesday and two on Wednesday.", gap_s=0.1),
    L("alpha", "Please add me to the Wednesday interviews.", gap_s=0.1),
    L("nezumi", "Done. I will send you the calendar invitations right after this call."),
)

SUPPORT_CALL: Script = (
    L("kumo", "Thank you for calling customer support. How can I help you today?"),
    L(
        "tebukuro",
        "Hi. I was charged twice for my subscription this month, $29.99 each time.",
        "Hi. I was charged twice for my subscription this month, twenty-nine ninety-nine each time.",
    ),
    L(
        "kumo",
        "I am sorry about that. Can you tell me the e-mail address on your account?",
        "I am sorry about that. Can you tell me the email address on your account?",
    ),
    L("tebukuro", "It is anna.lee@example.com.", "It is anna dot lee at example dot com."),
    L("kumo", "Thank you. I can see both payments. The second one was a mistake on our side."),
    L("tebukuro", "Will I get the money back?"),
    L("kumo", "Yes. I issued a refund just now. It usually takes three to five business days."),
    L("tebukuro", "Okay. And can you make sure it does not happen again next month?"),
    L("kumo", "Of course. I removed the duplicate payment method from your account."),
    Stretch("music", 20.0),
    L(
        "kumo",
        "Sorry for the wait. I also added a one-month credit as an apology.",
        "Sorry for the wait. I also added a one month credit as an apology.",
    ),
    L("tebukuro", "That is very kind. Thank you for your help."),
    L("kumo", "You are welcome. Have a nice day."),
)

THREE_WAY: Script = (
    L("joe", "Welcome everyone. This is the kickoff for the warehouse automation project."),
    L(
        "gongitsune",
        "Thanks. I prepared an estimate. The robots cost $240,000, and installation adds another 15%.",
        "Thanks. I prepared an estimate. The robots cost two hundred forty thousand dollars, and installation "
        "adds another fifteen percent.",
    ),
    L("kumo", "How long will the installation take?"),
    L("gongitsune", "About six weeks. We would have to close one loading dock during that time."),
    L("joe", "That is a problem in December. Our volume doubles before the holidays."),
    L("kumo", "Then we should start in January, right after the inventory count."),
    L("joe", "Agreed. Let me find the inventory schedule."),
    Stretch("silence", 20.0),
    L(
        "joe",
        "Found it. The count ends on January 9th, so installation can start on the 12th.",
        "Found it. The count ends on January ninth, so installation can start on the twelfth.",
    ),
    L(
        "gongitsune",
        "I will tell the vendor. They asked for a deposit of 30% to reserve the slot.",
        "I will tell the vendor. They asked for a deposit of thirty percent to reserve the slot.",
    ),
    L("kumo", "Finance needs a purchase order first. I can create it this afternoon."),
    L(
        "joe",
        "Good. Let us meet again next Thursday at 4:45 to sign off.",
        "Good. Let us meet again next Thursday at four forty-five to sign off.",
    ),
)
