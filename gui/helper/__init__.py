"""``sluis-helper``: the small program that runs as root, and trusts nothing it is sent.

It is started by ``pkexec /usr/libexec/sluis/sluis-helper`` (polkit action
``org.sluis.Sluis.manage-tunnel``, whose ``exec.path`` is exactly that file), or used in-process when
Sluis already runs as root. It reads one JSON request per line and answers one JSON line
(``gui.helper.service`` lists the requests). What it is sent is content, never a path: an OpenVPN
profile is parsed again here with the same allow-list as on the user side
(``gui.core.openvpn_profile``) and the text it runs is the one it writes itself, into a root-owned
0700 folder (``/run/sluis/<uid>/<tunnel>/``). It acts only on what it made: interfaces it created
(its own name prefix, recorded), processes it spawned (held by pidfd, or checked by start time),
routes it added.

Imports stay minimal on purpose (no Qt, no HTTP, no keyring): everything this package loads runs as
root. A test checks the list of modules.
"""
