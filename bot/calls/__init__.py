"""The user's calls: the /calls list, the active call, renaming a call, the menus under a call."""
