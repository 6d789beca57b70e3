"""Pictures sent with a call: who talked how much, and when."""
