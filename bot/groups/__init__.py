"""The bot in group chats: its arrival and introduction, /transcribe, /settings, and who may do what there."""
