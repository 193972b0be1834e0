"""Server addresses as users type them and as Sluis stores them; no I/O, cheap to import."""

from __future__ import annotations

from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

from gui.core.errors import InvalidServerUrlError


def host_of(url: str) -> str:
    return urlsplit(url).hostname or url


def normalize_base_url(text: str) -> str:
    """A server address as users type it (``vpn.example.org``, ``https://vpn.example.org/x``) as a
    base URL ending in ``/``. Only https is accepted: the login and the VPN keys travel over it."""
    raw = text.strip()
    if not raw:
        raise InvalidServerUrlError(url=text, detail="the address is empty")
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InvalidServerUrlError(url=text, detail=str(exc)) from None
    if parts.scheme.lower() != "https":
        raise InvalidServerUrlError(url=text, detail="only https:// addresses are allowed")
    host = parts.hostname
    if not host or any(c.isspace() for c in raw) or parts.username or parts.password:
        raise InvalidServerUrlError(url=text, detail="it has no valid host name")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return urlunsplit(("https", netloc.lower(), path, "", ""))


def apply_wayf_template(template: str, authorization_url: str, org_id: str) -> str:
    """Skip the "where are you from" page: ``@RETURN_TO@`` becomes the form-urlencoded authorization
    URL and ``@ORG_ID@`` the urlencoded org id (eduVPN client rules, WAYF skip)."""
    return template.replace("@RETURN_TO@", quote_plus(authorization_url, safe="")).replace(
        "@ORG_ID@", quote(org_id, safe="")
    )
