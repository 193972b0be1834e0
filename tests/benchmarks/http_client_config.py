"""The floor of the ``sluis config`` benchmark: the same three requests with ``http.client``.

A fresh Python process, one TLS connection: ``/.well-known/vpn-user-portal``, ``/info`` and
``/connect`` with the access token Sluis holds, then the configuration written to a file; what a
person scripting the API by hand in Python would pay.

    python http_client_config.py WELL_KNOWN_URL API_ENDPOINT PUBLIC_KEY|- OUTPUT [PROFILE]
    (the access token in $BENCH_TOKEN; PROFILE defaults to "employees")
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import sys
from urllib.parse import urlencode, urlsplit


def main() -> int:
    well_known, api, public_key, output = sys.argv[1:5]
    profile = sys.argv[5] if len(sys.argv) > 5 else "employees"
    token = os.environ["BENCH_TOKEN"]
    parts = urlsplit(well_known)
    context = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE"))
    connection = http.client.HTTPSConnection(parts.hostname or "", parts.port, context=context)
    connection.request("GET", parts.path)
    answer = connection.getresponse()
    json.loads(answer.read())
    api_path = urlsplit(api).path
    auth = {"Authorization": f"Bearer {token}"}
    connection.request("GET", api_path + "/info", headers=auth)
    answer = connection.getresponse()
    json.loads(answer.read())
    fields = {"profile_id": profile, "prefer_tcp": "no"}
    if public_key != "-":  # "-": an OpenVPN profile, no WireGuard key to send
        fields["public_key"] = public_key
    body = urlencode(fields)
    connection.request(
        "POST",
        api_path + "/connect",
        body=body,
        headers={
            **auth,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/x-openvpn-profile,application/x-wireguard-profile",
        },
    )
    answer = connection.getresponse()
    config = answer.read()
    if answer.status != 200:
        print(f"/connect: {answer.status}", file=sys.stderr)
        return 1
    with open(output, "wb") as file:
        file.write(config)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
