"""The controller: the only bridge between the core and backends and the views.

``machine`` holds the async state machine (``Controller``); ``viewmodel`` the plain data and the
small text helpers the views consume. Views import ``viewmodel`` only, never ``machine``: that keeps
the network stack and the backends out of the views' import graph (see the import-linter contracts).
"""
