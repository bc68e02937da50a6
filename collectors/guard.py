"""The address guard: discovered URLs must not lead into private networks.

Addresses the user typed are fetched wherever they point; addresses found in collected data
(links in bios, cross-host redirects) are refused when their host is, or resolves to, a
private, loopback, link-local, multicast, reserved or unspecified address. Decimal, hex, octal
and short IPv4 forms are normalised by the resolver itself, so ``http://2130706433/`` and
``http://0x7f.1/`` are caught like ``http://127.0.0.1/``; IPv4 addresses carried inside IPv6
ones (mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry.

The check resolves the name once, before the request; a name whose answer changes between
the check and the connection (DNS rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from collectors.errors import AddressRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_forbidden(ip: IPAddress) -> bool:
    """True for any address that is not a public, globally routed unicast one."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_forbidden(inner)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


_forbidden = is_forbidden  # the earlier private name


def resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def check_public(url: str) -> None:
    """Raise :class:`AddressRefused` unless every address of ``url``'s host is public."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        raise AddressRefused(f"'{url}' has no host name, so it was not fetched.")
    try:
        addresses = resolve(host)
    except (socket.gaierror, UnicodeError, ValueError, OSError):
        # Unresolvable names are left to the HTTP layer, which reports a network failure.
        return
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            forbidden = True
        else:
            forbidden = is_forbidden(ip)
        if forbidden:
            raise AddressRefused(
                f"'{url}' points to a private or local network address ({address}); "
                "addresses found in profiles are never fetched there. "
                "Use --allow-private if you really mean to."
            )
