"""The address guard: addresses found in collected data must not lead into private networks.

Addresses the user typed are fetched wherever they point. Addresses found in collected data
(links in bios, picture addresses, redirects to another host) are refused when they are, or
resolve to, a private, loopback, link-local, multicast, reserved or unspecified address, unless
the user allows private addresses (``--allow-private``). The rule is about the address the data
pointed to, so it is applied in two steps:

1. **As written** (:func:`check_written`), whatever the endpoint override says: an IP address
   in any form the resolver accepts (dotted, decimal ``2852039166``, hex ``0x7f.1``, octal
   ``0177.0.0.1``, short ``127.1``, IPv6 ``[::1]``, ``[fe80::1%eth0]``, ``[::ffff:127.0.0.1]``)
   and the names that mean this machine (``localhost``, ``*.localhost``, ``ip6-localhost``, ...)
   are refused before anything else happens. IPv4 addresses carried inside IPv6 ones (mapped,
   NAT64, 6to4, Teredo) are judged by the IPv4 address they carry. With
   ``--endpoint HOST=BASEURL`` (``*`` included) the mapping only decides where an allowed
   request is sent; it never makes a private address allowed.
2. **As resolved** (:func:`check_public`), for addresses that are not mapped: the name is
   resolved once, every answer must be public, and the addresses are returned so that the
   connection is made to exactly those (the HTTP client pins the connection to them, keeping
   the name for TLS and the ``Host`` header). A name whose answer changes between the check and
   the connection (DNS rebinding) therefore cannot lead anywhere the check did not see. A name
   that does not resolve is a network failure here, rather than a second look-up later.

Pure standard library; no ``requests``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from collectors.errors import AddressRefused, NetworkFailure
from linkage.status import NOT_FETCHED, UNRESOLVED

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: Host names that mean this machine, whatever a resolver answers for them (RFC 6761 and the
#: usual ``/etc/hosts`` aliases).
LOCAL_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "localhost6"}
)
#: The IPv4 forms ``inet_aton`` accepts: one to four parts, each decimal, octal or hex.
_LEGACY_IPV4 = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}", re.IGNORECASE)


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


def written_address(host: str) -> IPAddress | None:
    """The IP address ``host`` is, as written, in any form a resolver accepts; None for names.

    ``2130706433``, ``0x7f000001``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1
    (the classic ``inet_aton`` forms); IPv6 may be bracketed and carry a zone (``fe80::1%eth0``).
    """
    text = host.strip().strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        pass
    if _LEGACY_IPV4.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_local_name(host: str) -> bool:
    """True for names that mean this machine: ``localhost`` and its aliases, ``*.localhost``."""
    name = host.strip().rstrip(".").lower()
    return name in LOCAL_NAMES or name.endswith(".localhost")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        raise AddressRefused(f"'{url}' has no host name, {NOT_FETCHED}.")
    return host


def _refused(url: str, address: str, how: str) -> AddressRefused:
    return AddressRefused(
        f"'{url}' {how} a private or local network address ({address}), {NOT_FETCHED}: "
        "addresses found while collecting (links, pictures, redirects) are never fetched there. "
        "Use --allow-private if you really mean to."
    )


def check_written(url: str) -> None:
    """Raise :class:`AddressRefused` when ``url``'s host, as written, is a private or local
    address or a name for this machine. No look-up is made."""
    host = _host(url)
    if is_local_name(host):
        raise _refused(url, host.lower(), "names")
    ip = written_address(host)
    if ip is not None and is_forbidden(ip):
        raise _refused(url, str(ip), "is written as")


def resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to (IPv4 and IPv6), in the resolver's order of preference."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_public(url: str) -> list[str]:
    """Check ``url`` as written and as resolved; return the (public) addresses its host resolves
    to, for the connection to be pinned to.

    Raises :class:`AddressRefused` when any of them is not public, and
    :class:`~collectors.errors.NetworkFailure` when the name does not resolve.
    """
    check_written(url)
    host = _host(url)
    ip = written_address(host)
    if ip is not None:
        return [str(ip)]
    try:
        addresses = resolve(host)
    except (socket.gaierror, UnicodeError, ValueError, OSError):
        raise NetworkFailure(
            f"could not reach {url} ({UNRESOLVED}). Check your connection, or try again later."
        ) from None
    if not addresses:
        raise NetworkFailure(f"could not reach {url} (the name has no address).")
    for address in addresses:
        try:
            forbidden = is_forbidden(ipaddress.ip_address(address))
        except ValueError:
            forbidden = True
        if forbidden:
            raise _refused(url, address, "points to")
    return addresses
