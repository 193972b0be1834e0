"""The few HTML pages a person sees in the browser: the portal's front page, login/approve, errors.

Plain HTML with no scripts or external resources, so it works in any browser a client opens and
the strict Content-Security-Policy below costs nothing.
"""

from __future__ import annotations

from html import escape

from gui.demoserver.oauth import AuthorizationRequest

# Headers for every page: no framing (clickjacking on the approve button), no scripts, no caching.
# No ``form-action``: browsers apply it to the redirect after the POST too, which goes to the
# application's loopback or custom-scheme redirect URI and would be blocked.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#222}"
    "h1{font-size:1.4em}label{display:block;margin:.6em 0}input{font-size:1em;padding:.3em}"
    "button{font-size:1em;padding:.4em 1.2em;margin-right:.6em}.error{color:#a00}"
    "code{background:#eee;padding:0 .2em}"
)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def approval_page(
    request: AuthorizationRequest, request_id: str, *, username: str, password: str, error: str = ""
) -> str:
    """Log in and approve (or deny) the application's request for the ``config`` scope.

    The page shows the demo credentials: this server guards nothing, and the person trying the
    app should not have to look them up."""
    client = request.client
    name = client.display_name or client.client_id
    notice = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return _page(
        "Approve application – Sluis demo server",
        f"<h1>Sluis demo server</h1>"
        f"<p><strong>{escape(name)}</strong> (<code>{escape(client.client_id)}</code>) asks to create "
        "VPN configurations for you.</p>"
        f"<p>This is a demo portal: log in as <code>{escape(username)}</code>, "
        f"password <code>{escape(password)}</code>.</p>"
        f"{notice}"
        '<form method="post" action="">'
        f'<input type="hidden" name="request_id" value="{escape(request_id)}">'
        '<label>User name <input name="username" autocomplete="username" autofocus></label>'
        '<label>Password <input name="password" type="password" autocomplete="current-password"></label>'
        '<p><button type="submit" name="action" value="approve">Approve</button>'
        '<button type="submit" name="action" value="deny" formnovalidate>Deny</button></p>'
        "</form>",
    )


def error_page(message: str) -> str:
    return _page(
        "Error – Sluis demo server",
        f'<h1>Sluis demo server</h1><p class="error" role="alert">{escape(message)}</p>'
        "<p>Go back to the application and try again.</p>",
    )


def front_page(base_url: str, *, username: str, password: str) -> str:
    return _page(
        "Sluis demo server",
        "<h1>Sluis demo server</h1>"
        "<p>A local eduVPN / Let's Connect! API v3 server for trying the app. Add this server in the "
        f"app with the address <code>{escape(base_url)}/</code>. Log in as "
        f"<code>{escape(username)}</code>, password <code>{escape(password)}</code>.</p>"
        "<p>The VPN configurations it hands out are real but point at <code>vpn.demo.invalid</code>: "
        "they show what a server sends, they do not reach a network.</p>",
    )
