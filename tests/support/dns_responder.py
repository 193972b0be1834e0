"""A tiny authoritative DNS responder for namespace tests: ``python dns_responder.py LOG NAME=IPv4…``.

It answers A queries for the names it was given (anything else: NXDOMAIN; AAAA for a known name:
no data) on UDP port 53 of every address of the namespace it runs in, and appends each queried
name to ``LOG`` (``LOG.ready`` appears once it listens), so a test sees which resolver a lookup
reached. Standard library only: it runs under ``ip netns exec`` with nothing but the interpreter.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys


def _question(packet: bytes) -> tuple[str, int, int]:
    """The first question's name, its end offset and its type."""
    labels, offset = [], 12
    while packet[offset]:
        length = packet[offset]
        labels.append(packet[offset + 1 : offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    offset += 1
    qtype = struct.unpack("!H", packet[offset : offset + 2])[0]
    return ".".join(labels).lower(), offset + 4, qtype


def answer(packet: bytes, names: dict[str, str]) -> tuple[str, bytes]:
    name, end, qtype = _question(packet)
    ident = packet[:2]
    known = names.get(name)
    if known is None:
        header = ident + struct.pack("!HHHHH", 0x8183, 1, 0, 0, 0)
        return name, header + packet[12:end]
    if qtype != 1:
        return name, ident + struct.pack("!HHHHH", 0x8580, 1, 0, 0, 0) + packet[12:end]
    record = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + ipaddress.IPv4Address(known).packed
    return name, ident + struct.pack("!HHHHH", 0x8580, 1, 1, 0, 0) + packet[12:end] + record


def main(argv: list[str]) -> None:
    log_path, pairs = argv[0], argv[1:]
    names = dict(pair.lower().split("=", 1) for pair in pairs)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", 53))  # noqa: S104 - inside a test namespace only
    with open(log_path + ".ready", "w"):
        pass
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            name, reply = answer(packet, names)
        except (IndexError, struct.error, ValueError):
            continue
        with open(log_path, "a") as log:
            log.write(name + "\n")
        sock.sendto(reply, peer)


if __name__ == "__main__":
    main(sys.argv[1:])
