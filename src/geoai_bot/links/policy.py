"""What may be fetched: exclusions from the config, and the private-address guard.

The guard looks at the addresses a name RESOLVES to (not only at the name), and the
checker asks again for every redirect hop, so a list cannot make a CI runner probe
its own network (cloud metadata at 169.254.169.254, services on 10.x, localhost).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
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


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _forbidden(ip.ipv4_mapped)
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved"
    return None


def literal_ip_reason(host: str) -> str | None:
    """The refusal reason for a host written as an IP address, without any DNS lookup."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "loopback" if host == "localhost" or host.endswith(".localhost") else None
    reason = _forbidden(ip)
    return f"{reason} address {ip}" if reason else None


def resolved_reason(host: str, port: int) -> str | None:
    """Resolve HOST and return why it is refused (any address private, loopback, ...), or None.

    Raises OSError (socket.gaierror) when the name does not resolve."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        return literal_ip_reason(host)
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    for info in infos:
        addr = info[4][0]
        try:
            ip = ipaddress.ip_address(str(addr).split("%", 1)[0])
        except ValueError:
            continue
        reason = _forbidden(ip)
        if reason:
            return f"{host} resolves to a {reason} address ({ip})"
    return None
