"""The client's address, as the rate limits, the lockout and the audit log record it.

Behind the reverse proxy (docker-compose: Caddy) every connection comes from the proxy, which
sends the real address in X-Forwarded-For. That header is believed only when the connection comes
from an address in TRUSTED_PROXIES; otherwise anybody could claim any address and escape the
limits. Of a chain "a, b, proxy-added", the right-most entry is the one our proxy wrote.
"""

import ipaddress

from django.conf import settings


def _trusted(address: str) -> bool:
    networks = getattr(settings, "TRUSTED_PROXIES", [])
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    if remote and _trusted(remote):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            candidate = forwarded[-1]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote or "unknown"


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the lockout counts failures per real client, not per proxy.
    None when there is no address (axes stores it in an IP column; "unknown" would not fit)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
