"""The Telegram Mini App: a call's transcript synced with its audio, its summary and analytics, served by the bot's
own small web server (aiohttp, started and stopped with the bot) behind the operator's HTTPS reverse proxy.

Every API request carries the Mini App's ``initData``, checked against the bot token (``init_data.py``); audio
is reached only through short-lived signed links (``audio_links.py``). See bot/README.md, *Mini App*.
"""
