"""`omniroute client ...` against a running server."""

from __future__ import annotations

import json

import pytest
from e2e_server import SAMPLE_NETWORK, TOKENS, StartServer

from omniroute.cli.main import main


def test_client_load_then_nearby_finds_the_stores_with_the_jacket(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url)
    address = ["client", "--address", server.address]
    assert main([*address, "load", str(SAMPLE_NETWORK)]) == 0
    assert "loaded 10 locations" in capsys.readouterr().out
    assert main([*address, "load", str(SAMPLE_NETWORK)]) == 0  # again: nothing changes
    assert "(0 stock events)" in capsys.readouterr().out
    nearby = [
        *address, "nearby", "--lat", "52.52", "--lon", "13.405",
        "--sku", "JACKET-LEATHER-M:2", "--radius-km", "10",
    ]  # fmt: skip
    assert main(nearby) == 0
    found = json.loads(capsys.readouterr().out)
    assert [row["location"] for row in found] == ["BER-PRENZLAUER-BERG", "BER-CHARLOTTENBURG"]
    assert all(row["available"]["JACKET-LEATHER-M"] >= 2 for row in found)


def test_client_reports_a_refused_call_with_its_status_code(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, tokens=TOKENS)
    command = ["client", "--address", server.address, "--token", "reader-token", "load"]
    assert main([*command, str(SAMPLE_NETWORK)]) == 1
    assert "PERMISSION_DENIED" in capsys.readouterr().err


def test_client_lists_every_location_and_sku_across_pages(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    address = ["client", "--address", server.address]

    assert main([*address, "locations", "--page-size", "3"]) == 0
    locations = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main([*address, "locations", "--kind", "warehouse"]) == 0
    warehouses = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main([*address, "skus", "--page-size", "2"]) == 0
    skus = [json.loads(line)["skuId"] for line in capsys.readouterr().out.splitlines()]

    ids = [loc["locationId"] for loc in locations]
    assert len(ids) == 10 and ids == sorted(ids)
    assert [w["kind"] for w in warehouses] == ["LOCATION_KIND_WAREHOUSE"] * len(warehouses)
    assert 0 < len(warehouses) < len(ids)
    assert len(skus) == len(set(skus)) > 2 and skus == sorted(skus)
