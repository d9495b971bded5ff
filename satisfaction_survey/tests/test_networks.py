import pytest

from satisfaction_survey import networks


def test_parse_ipv4_ipv6_and_single_addresses():
    parsed = networks.parse_networks("10.20.0.0/16, 2001:db8:1::/48\n203.0.113.7 ;")
    assert [str(n) for n in parsed] == [
        "10.20.0.0/16",
        "2001:db8:1::/48",
        "203.0.113.7/32",
    ]
    assert networks.parse_networks("") == []
    assert networks.parse_networks(None) == []


def test_bad_entries_are_named():
    with pytest.raises(networks.BadNetwork) as bad:
        networks.parse_networks("10.0.0.0/8, 10.300.0.0/16")
    assert bad.value.entry == "10.300.0.0/16"
    assert bad.value.suggestion is None
    with pytest.raises(networks.BadNetwork) as host_bits:
        networks.parse_networks("10.0.0.5/24")
    assert host_bits.value.suggestion == "10.0.0.0/24"
    with pytest.raises(networks.BadNetwork):
        networks.parse_networks("office-wifi")


def test_normalize():
    assert (
        networks.normalize(" 2001:DB8::/32\n10.0.0.0/8;") == "2001:db8::/32, 10.0.0.0/8"
    )


def test_address_in():
    nets = networks.parse_networks("10.20.0.0/16 2001:db8:1::/48")
    assert networks.address_in("10.20.3.4", nets)
    assert networks.address_in("::ffff:10.20.3.4", nets), "IPv4-mapped IPv6"
    assert networks.address_in("2001:db8:1:ff::9", nets)
    assert not networks.address_in("2001:db8:2::9", nets)
    assert not networks.address_in("10.21.0.1", nets)
    assert not networks.address_in("not-an-ip", nets)
    assert not networks.address_in(None, nets)
    assert not networks.address_in("10.20.3.4", [])
