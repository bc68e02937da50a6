"""The address guard: discovered URLs must not lead into private networks.

Addresses the user typed are fetched wherever they point; addresses found in collected data
(links in bios, cross-host redirects) are refused when their host is, or resolves to, a
private, loopback, link-local, multicast, reserved or unspecified address. Decimal, hex and
short IPv4 forms are normalised by the resolver itself, so ``http://2130706433/`` and
``http://0x7f.1/`` are caught like ``http://127.0.0.1/``.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from collectors.errors import AddressRefused


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def check_public(url: str) -> None:
    """Raise :class:`AddressRefused` unless every address of ``url``'s host is public."""
    host = urlsplit(url).hostname
    if not host:
        raise AddressRefused(f"'{url}' has no host name, so it was not fetched.")
    try:
        addresses = resolve(host)
    except (socket.gaierror, UnicodeError, ValueError):
        # Unresolvable names are left to the HTTP layer, which reports a network failure.
        return
    for address in addresses:
        if _forbidden(ipaddress.ip_address(address)):
            raise AddressRefused(
                f"'{url}' points to a private or local network address ({address}); "
                "addresses found in profiles are never fetched there. "
                "Use --allow-private if you really mean to."
            )
