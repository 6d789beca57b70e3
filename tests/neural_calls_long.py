"""A six-minute, three-speaker planning meeting for the neural voices (see tests/neural_calls.py)."""

from __future__ import annotations

from tests.neural_speech import Line, Script

L = Line

PLANNING_MEETING: Script = (
    L(
        "joe",
        "Okay, it is 10:00, so let us get started. Today we need to plan the launch of the new mobile app, "
        "agree on the budget, and decide who owns each part.",
        "Okay, it is ten o'clock, so let us get started. "
        "Today we need to plan the launch of the new mobile app, agree on the budget, and decide who owns each part.",
    ),
    L(
        "alpha",
        "Before we start, I sent the latest numbers by e-mail this morning. Did everyone get them?",
        "Before we start, I sent the latest numbers by email this morning. Did everyone get them?",
    ),
    L("kumo", "I got them. The total looks higher than last time."),
    L(
        "alpha",
        "It is. The development estimate went from $120,000 to $138,000, because we added the offline mode.",
        "It is. The development estimate went from one hundred twenty thousand dollars to one hundred "
        "thirty-eight thousand dollars, because we added the offline mode.",
    ),
    L("joe", "Was the offline mode in the original plan?"),
    L(
        "alpha",
        "No. The customers in the pilot asked for it. About 40% of them work in places with a weak signal.",
        "No. The customers in the pilot asked for it. About forty percent of them work in places with a weak signal.",
    ),
    L("kumo", "That matches what I heard from the sales team. Without offline mode, two large clients will not sign."),
    L("joe", "Then it stays. But we need to find the extra money somewhere. What else is in the budget?"),
    L(
        "alpha",
        "Marketing is $45,000, testing is $18,000, and the cloud costs are about $2,500 per month.",
        "Marketing is forty-five thousand dollars, testing is eighteen thousand dollars, and the cloud costs are "
        "about two thousand five hundred dollars per month.",
    ),
    L("kumo", "Can we move some of the marketing money to development? We could start with a smaller campaign."),
    L(
        "alpha",
        "We could cut marketing by 10,000, but then the launch would be much quieter.",
        "We could cut marketing by ten thousand, but then the launch would be much quieter.",
    ),
    L("joe", "I would rather keep the campaign. A quiet launch is the most expensive kind of launch."),
    L("kumo", "Fair point. What about testing? Eighteen thousand seems like a lot for an app of this size."),
    L(
        "alpha",
        "Testing includes the security audit, which costs $7,500 by itself. The bank requires it.",
        "Testing includes the security audit, which costs seven thousand five hundred dollars by itself. The bank "
        "requires it.",
    ),
    L("joe", "Then we cannot touch it. Let me look at the cloud costs instead. Why are they so high?"),
    L(
        "kumo",
        "We are still paying for the old servers. The migration was supposed to finish in March, but it slipped.",
    ),
    L("joe", "How much would we save if we finish the migration this month?"),
    L(
        "kumo",
        "About $1,800 per month. Over a year that is more than $20,000.",
        "About one thousand eight hundred dollars per month. Over a year that is more than twenty thousand dollars.",
    ),
    L("alpha", "That would almost cover the offline mode."),
    L("joe", "Good. Then finishing the migration is our first priority. Who can own it?"),
    L("kumo", "I can. I need two engineers for three weeks, and a maintenance window on a weekend."),
    L(
        "joe",
        "Take the weekend of the 14th. Traffic is always lowest in the middle of the month.",
        "Take the weekend of the fourteenth. Traffic is always lowest in the middle of the month.",
    ),
    L("kumo", "All right. I will send a migration plan by Wednesday, with a rollback plan in case something breaks."),
    L("alpha", "Please include the database backup in the plan. Last time the restore took nine hours."),
    L("kumo", "I remember. This time we will test the restore before the window."),
    L("joe", "Now the launch date. Marketing wants the first week of October. Is that realistic?"),
    L("alpha", "It is tight. Development needs ten more weeks, and testing needs three after that."),
    L("kumo", "Can testing start before development is finished? We could test each feature as it is done."),
    L("alpha", "Partly. The security audit needs the final build, but everything else can run in parallel."),
    L(
        "joe",
        "Then let us plan for October 8th and keep one week of buffer. If we are late, we move to the 15th.",
        "Then let us plan for October eighth and keep one week of buffer. If we are late, we move to the fifteenth.",
    ),
    L("alpha", "I can live with that. I will update the schedule and share it with the whole team."),
    L("kumo", "What about the app store review? Apple sometimes takes a week."),
    L("joe", "Good question. We should submit a build at least ten days before the launch."),
    L(
        "alpha",
        "I will add that to the schedule as well. The submission deadline would be September 28th.",
        "I will add that to the schedule as well. The submission deadline would be September twenty-eighth.",
    ),
    L(
        "joe",
        "Next, pricing. Sales suggested $9.99 per user per month. Any objections?",
        "Next, pricing. Sales suggested nine ninety-nine per user per month. Any objections?",
    ),
    L("kumo", "Our competitors charge between seven and twelve dollars, so we are in the middle. I think it is fine."),
    L(
        "alpha",
        "I would add an annual plan with a discount of about 15%. It helps cash flow.",
        "I would add an annual plan with a discount of about fifteen percent. It helps cash flow.",
    ),
    L("joe", "Agreed. Let us offer both. Now, owners. I will own the launch and the communication with the board."),
    L("alpha", "I will own the budget, the schedule and the testing."),
    L("kumo", "And I will own the migration and the app store submission."),
    L("joe", "Perfect. Let us write down the action items. Alpha, the updated schedule by Friday."),
    L("alpha", "Yes, by Friday, together with the revised budget."),
    L(
        "joe",
        "Kumo, the migration plan by Wednesday, and the migration itself on the weekend of the 14th.",
        "Kumo, the migration plan by Wednesday, and the migration itself on the weekend of the fourteenth.",
    ),
    L("kumo", "Got it."),
    L(
        "joe",
        "And I will present the plan to the board on Tuesday at 3:30. Anything else before we finish?",
        "And I will present the plan to the board on Tuesday at three thirty. Anything else before we finish?",
    ),
    L("alpha", "Just one thing. The support team asked for training before the launch, maybe two hours."),
    L("kumo", "We can record a video. It is easier than finding a time that works for everyone."),
    L("joe", "Good idea. Who can prepare the script for the video?"),
    L("alpha", "I can write it, but I need the final screens first. Kumo, when will the design be ready?"),
    L(
        "kumo",
        "The designers promised the last screens by the 20th, so the video could be recorded the week after.",
        "The designers promised the last screens by the twentieth, so the video could be recorded the week after.",
    ),
    L(
        "joe",
        "That works. One more risk: the payment provider raises its fee to 2.9% in November.",
        "That works. One more risk: the payment provider raises its fee to two point nine percent in November.",
    ),
    L(
        "alpha",
        "I saw that. On our volume it adds about $600 a month. I already asked two other providers for quotes.",
        "I saw that. On our volume it adds about six hundred dollars a month. I already asked two other "
        "providers for quotes.",
    ),
    L("kumo", "Switching providers before the launch is risky. I would wait until January."),
    L("joe", "Agreed, we wait. Alpha, please put the quotes in the shared folder so we can compare them later."),
    L(
        "alpha",
        "Sure. And I will send everyone a summary of today's decisions by e-mail this afternoon.",
        "Sure. And I will send everyone a summary of today's decisions by email this afternoon.",
    ),
    L("joe", "Perfect. Then that is all for today. Thank you, everyone."),
)
