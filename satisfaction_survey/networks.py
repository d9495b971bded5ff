"""Office networks: a list of CIDR blocks, and whether an address is in one.

Used by the office-network integrity signal: at the submit of a link or QR
rating only the outcome of ``address_in`` is stored, never the address.
"""

from __future__ import annotations

import ipaddress
import re

_SEPARATORS = re.compile(r"[\s,;]+")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadNetwork(ValueError):
    """An entry that is not a network; ``entry`` and ``suggestion`` (or None)."""

    def __init__(self, entry: str, suggestion: str | None = None):
        super().__init__(entry)
        self.entry = entry
        self.suggestion = suggestion


def parse_networks(text: str | None) -> list[Network]:
    """The networks of ``text`` (separated by commas, semicolons, spaces or
    new lines). A bare address is a network of one address. Raises
    ``BadNetwork`` on the first entry that is not a network, or that has
    host bits set (``10.0.0.5/24``: probably a typo for ``10.0.0.0/24``)."""
    networks = []
    for entry in _SEPARATORS.split(text or ""):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=True))
        except ValueError:
            try:
                loose = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise BadNetwork(entry) from None
            raise BadNetwork(entry, str(loose)) from None
    return networks


def normalize(text: str | None) -> str:
    """``text`` in the canonical form, separated by ", " (raises
    ``BadNetwork`` like ``parse_networks``)."""
    return ", ".join(str(network) for network in parse_networks(text))


def address_in(address: str | None, networks: list[Network]) -> bool:
    """True when ``address`` (IPv4 or IPv6, IPv4-mapped IPv6 read as IPv4)
    belongs to one of ``networks``; False for no or a malformed address."""
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip().split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)
