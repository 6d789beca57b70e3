"""Names of a call's speakers heard in the conversation ("Hi, I'm Maria", "Thanks, David"): suggested to the user
as one-tap buttons, never applied on their own."""
