"""`omniroute client route ORDER.json` against a real server."""

from __future__ import annotations

import json

import pytest
from e2e_server import REPO, SAMPLE_NETWORK, StartServer

from omniroute.cli.main import main

EXAMPLE = REPO / "scenarios" / "orders" / "jacket_and_scarf.json"


def test_client_route_prints_the_plan_and_a_retry_is_replayed(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    command = ["client", "--address", server.address, "route", str(EXAMPLE)]
    assert main(command) == 0
    first = json.loads(capsys.readouterr().out)
    order = first["order"]
    assert order["status"] == "ORDER_STATUS_RESERVED"
    assert order["plan"]["status"] == "PLAN_STATUS_COMPLETE" and order["plan"]["shipments"]
    assert order["reservation"]["lines"]
    assert main(command) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["replayed"] is True
    assert again["order"]["reservation"] == order["reservation"]


def test_client_route_dry_run_reserves_nothing(
    running_server: StartServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    assert main(["client", "--address", server.address, "route", "--dry-run", str(EXAMPLE)]) == 0
    assert json.loads(capsys.readouterr().out)["order"]["status"] == "ORDER_STATUS_QUOTED"
    assert all(lv.reserved == 0 for lv in server.app.model.availability("JACKET-LEATHER-M"))
