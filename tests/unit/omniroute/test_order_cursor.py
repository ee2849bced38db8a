import pytest

from omniroute.errors import InvalidRequest
from omniroute.order_watch import parse_cursor


def test_a_cursor_is_an_event_id_and_empty_means_from_now_on() -> None:
    assert parse_cursor("") is None
    assert parse_cursor("0") == 0
    assert parse_cursor("9223372036854775807") == 2**63 - 1


@pytest.mark.parametrize("text", ["-1", "1.5", "abc", "٣", "9223372036854775808", "1" * 20])
def test_anything_else_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_cursor(text)
    assert caught.value.field == "after_cursor"
