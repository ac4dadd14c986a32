"""What may be fetched: exclusions from the config, and the private-address guard.

The guard looks at the addresses a name RESOLVES to (not only at the name), when the
connection is made (http.py connects to exactly the addresses checked), for every
redirect hop, so a list cannot make a CI runner probe its own network (cloud metadata
at 169.254.169.254, services on 10.x, localhost).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit


class Exclusions:
    """Regular expressions searched in each URL (like lychee's --exclude)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = [re.compile(p) for p in patterns]

    def match(self, url: str) -> str | None:
        for p in self.patterns:
            if p.search(url):
                return p.pattern
        return None


def host_of(url: str) -> str:
    """Lower-case host name (no port, no `www.`-stripping): the unit of politeness."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_key(url: str) -> str:
    """host:port, the unit of per-host limits (loopback farms use one IP, many ports)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    return f"{host}:{port}" if port else host


# IPv6 ranges whose last 32 bits are an IPv4 address the packet ends up at: NAT64's
# well-known prefix and the deprecated IPv4-compatible addresses. (6to4 and Teredo have
# their own accessors in ipaddress; IPv4-mapped too.)
_EMBEDS_V4 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("::/96"))


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client: where the tunnel delivers
    if any(ip in net for net in _EMBEDS_V4):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why IP may not be connected to, or None when it is globally routable.

    Anything not global is refused (ipaddress' is_global: shared address space 100.64/10,
    where some clouds keep metadata services, benchmarking, documentation ranges, ...),
    and so is an IPv6 address that embeds a refused IPv4 address (6to4, Teredo, NAT64,
    IPv4-mapped and -compatible), since the packet is delivered to that IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        v4 = _embedded_v4(ip)
        if v4 is not None and not ip.is_unspecified and not ip.is_loopback:
            inner = _forbidden(v4)
            if inner is not None:
                return f"{inner} (embedded {v4})" if ip.ipv4_mapped is None else inner
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if not ip.is_global:
        return "non-global"
    return None


def literal_ip_reason(host: str) -> str | None:
    """The refusal reason for a host written as an IP address, without any DNS lookup."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "loopback" if host == "localhost" or host.endswith(".localhost") else None
    reason = _forbidden(ip)
    return f"{reason} address {ip}" if reason else None


# getaddrinfo-shaped: (host, port) -> [(family, type, proto, canonname, sockaddr), ...]
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]


def system_resolver(host: str, port: int) -> Sequence[tuple[Any, ...]]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


class Refused(Exception):
    """The guard refused a connection; the message says which address and why."""


def checked_addresses(
    host: str, port: int, resolve: Resolver = system_resolver, check: bool = True
) -> list[str]:
    """The IP addresses to connect to for HOST, from ONE resolution (Refused when `check`
    and any of them is private, loopback, ...). Raises OSError when the name does not resolve.

    The connection must go to these very addresses: resolving again to connect would let a
    DNS-rebinding server answer a public address here and 127.0.0.1 the second time."""
    bare = host.strip("[]")
    try:
        literal = ipaddress.ip_address(bare)
    except ValueError:
        literal = None
    if literal is not None:  # no DNS involved
        if check and (why := literal_ip_reason(bare)):
            raise Refused(why)
        return [str(literal)]
    ips: list[str] = []
    for info in resolve(host, port):
        try:
            addr = str(info[4][0])
            ip = ipaddress.ip_address(addr.split("%", 1)[0])  # fe80::1%eth0: scope kept below
        except (ValueError, IndexError, TypeError):
            continue
        reason = _forbidden(ip) if check else None
        if reason:
            raise Refused(f"{host} resolves to a {reason} address ({ip})")
        if addr not in ips:
            ips.append(addr)
    if not ips:
        raise socket.gaierror(socket.EAI_NONAME, f"{host}: no usable address")
    return ips


def resolved_reason(host: str, port: int, resolve: Resolver = system_resolver) -> str | None:
    """Resolve HOST and return why it is refused (any address private, loopback, ...), or None.

    Raises OSError (socket.gaierror) when the name does not resolve."""
    try:
        checked_addresses(host, port, resolve)
    except Refused as exc:
        return str(exc)
    return None
