"""The local control API: one private socket per user through which the CLI (and scripts) reach the
running Sluis.

``protocol`` says what travels on it (requests, answers, events, the socket's path); ``server``
serves it from the process that owns the tunnel; ``client`` is the other end, used by ``sluis``'s
subcommands. No Qt, no views, no controller import.
"""
