"""`omniroute client route --shopify FILE` against a real server: a Shopify order is routed
and reserved with its prices; a malformed one is refused naming the field, nothing sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from e2e_server import REPO, SAMPLE_NETWORK, StartServer

from omniroute.cli.main import main

ORDER = REPO / "scenarios" / "shop" / "shopify_order_jacket_scarf.json"


def test_a_shopify_order_is_routed_and_reserved_with_its_prices(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    command = ["client", "--address", server.address, "route", "--shopify", str(ORDER)]
    assert main(command) == 0
    order = json.loads(capsys.readouterr().out)["order"]
    assert order["order_id"] == "shopify-5832019476551"
    assert order["status"] == "ORDER_STATUS_RESERVED"
    assert [
        (ln["sku_id"], ln["unit_price_cents"], ln["discount_cents"]) for ln in order["lines"]
    ] == [
        ("JACKET-LEATHER-M", "29900", "2990"),
        ("SCARF-WOOL-RED", "3995", "400"),
    ]
    assert main(command) == 0  # the same Shopify order again: replayed, not routed twice
    assert json.loads(capsys.readouterr().out)["replayed"] is True


def test_a_malformed_shopify_order_is_refused_naming_the_field(
    running_server: StartServer, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    payload = json.loads(ORDER.read_text())
    payload["order"]["line_items"][1]["price"] = "39,95"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(payload))
    command = ["client", "--address", server.address, "route", "--shopify", str(broken)]
    assert main(command) == 2
    assert "order.line_items[1].price: not a decimal amount" in capsys.readouterr().err
    assert all(lv.reserved == 0 for lv in server.app.model.availability("JACKET-LEATHER-M"))
