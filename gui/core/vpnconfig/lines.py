"""What both configuration parsers share: numbered lines with their control characters refused,
errors that name a line, and the values either format holds (IP addresses, a host and a port).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import NamedTuple

from gui.core.apierrors import clean_server_text
from gui.core.errors import ConfigError

IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

HOSTNAME_PATTERN = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
    r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?",
    re.ASCII,
)
PORT_PATTERN = re.compile(r"[0-9]{1,5}", re.ASCII)


class Endpoint(NamedTuple):
    """A host (name or IP address) and a port."""

    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def line_error(number: int, message: str) -> ConfigError:
    return ConfigError(detail=f"line {number}: {message}", line=number)


def shown(value: str) -> str:
    """A value quoted for an error message (never used for keys)."""
    return "“" + clean_server_text(value, limit=60) + "”"


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines with their 1-based numbers; ``\\r\\n`` endings accepted, other control characters not."""
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if any(unicodedata.category(ch) in {"Cc", "Cs"} and ch != "\t" for ch in line):
            raise line_error(number, "contains a control character")
        lines.append((number, line))
    return lines


def ip_or_none(value: str) -> IPAddress | None:
    if "%" in value or not value.isascii():
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def parse_port(value: str, number: int) -> int:
    if not PORT_PATTERN.fullmatch(value) or not 1 <= int(value) <= 65535:
        raise line_error(number, f"{shown(value)} is not a port number (1–65535)")
    return int(value)


def parse_host(value: str, number: int) -> str:
    """A host name or an IP address (no zone index)."""
    address = ip_or_none(value)
    if address is not None:
        return str(address)
    if not HOSTNAME_PATTERN.fullmatch(value):
        raise line_error(number, f"{shown(value)} is not a host name or IP address")
    return value
