import json
from pathlib import Path

from omniroute.cli.main import main

SAMPLE = str(Path(__file__).parents[2] / "scenarios" / "sample-network")


def test_the_cli_loads_the_sample_network_and_finds_stores_nearby(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["stock", "--database-url", url, "load", SAMPLE]) == 0
    assert "loaded 10 locations, 8 SKUs" in capsys.readouterr().out
    args = [
        "stock",
        "--database-url",
        url,
        "nearby",
        "--lat",
        "52.52",
        "--lon",
        "13.40",
        "--sku",
        "JACKET-LEATHER-M",
        "--radius-km",
        "15",
    ]
    assert main(args) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and all(row["available"]["JACKET-LEATHER-M"] >= 1 for row in found)
    assert [row["distance_km"] for row in found] == sorted(row["distance_km"] for row in found)
    assert main(["stock", "--database-url", url, "audit"]) == 0
    assert "audit passed" in capsys.readouterr().out


def test_the_cli_reports_bad_input_without_a_traceback(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["stock", "--database-url", url, "load", str(tmp_path)]) == 2
    assert "error: " in capsys.readouterr().err
    assert main(["stock", "--database-url", url, "availability", "NOPE"]) == 2
    assert "unknown SKU 'NOPE'" in capsys.readouterr().err
