"""What a call's transcript says about the conversation: who talked how much and how (``talk.py`` over the turns
of ``turns.py``), its chapters (``chapters.py`` offline, ``model_insights.py`` with a language model) and the
speakers' sentiment over time (``sentiment.py`` offline, or the model), each labelled with how it was computed."""
