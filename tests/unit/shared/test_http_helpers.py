"""Pure helpers of the HTTP layer: keys, cursors, correlation ids."""

import pytest

from shared.context import sanitize_correlation_id
from shared.errors import Invalid
from shared.http.auth import KeyRing
from shared.http.pagination import decode_cursor, encode_cursor, page_of
from shared.settings import ROLES, ServiceSettings


def test_key_ring_maps_keys_to_roles_and_rejects_prefixes_and_unknown_keys():
    ring = KeyRing({"alpha-key": "support", "beta-key": "admin"})
    assert ring.role_of("alpha-key") == "support"
    assert ring.role_of("alpha") is None
    assert ring.role_of("") is None


def test_development_mode_without_keys_accepts_one_dev_key_per_role():
    keys = ServiceSettings(api_keys="").parsed_api_keys()
    assert keys == {f"dev-{role}": role for role in ROLES}
    configured = ServiceSettings(api_keys="team-key:marketing").parsed_api_keys()
    assert configured == {"team-key": "marketing"}


def test_cursor_round_trip_and_tampered_cursor_is_a_validation_error():
    cursor = encode_cursor(["2026-11-30T12:00:00+00:00", "abc"])
    assert decode_cursor(cursor, 2) == ["2026-11-30T12:00:00+00:00", "abc"]
    assert decode_cursor(None, 2) is None
    for bad in ["%%%", encode_cursor(["only-one"]), "bm90IGpzb24"]:
        with pytest.raises(Invalid):
            decode_cursor(bad, 2)


def test_page_of_returns_a_cursor_only_when_more_rows_exist():
    rows = [1, 2, 3]
    assert page_of(rows, 3, lambda r: [r]) == ([1, 2, 3], None)
    page, cursor = page_of(rows, 2, lambda r: [r])
    assert page == [1, 2] and decode_cursor(cursor, 1) == [2]


def test_correlation_ids_are_kept_when_plain_and_replaced_when_hostile():
    assert sanitize_correlation_id("abc-123_x.y:z") == "abc-123_x.y:z"
    for hostile in ["a b", "x\r\nSet-Cookie: y", "z" * 129, "", None]:
        replaced = sanitize_correlation_id(hostile)
        assert replaced != hostile and len(replaced) == 36
