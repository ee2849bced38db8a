from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from inventory import InvalidInput
from inventory.model import StockModel
from inventory.network_files import load_network
from inventory.schema import stock_ledger as lg

SAMPLE = Path(__file__).parents[2] / "scenarios" / "sample-network"


def copy_sample(tmp_path: Path, stock_text: str | None = None) -> Path:
    for name in ("locations.csv", "skus.csv", "stock.csv"):
        (tmp_path / name).write_text((SAMPLE / name).read_text())
    if stock_text is not None:
        (tmp_path / "stock.csv").write_text(stock_text)
    return tmp_path


def test_the_sample_network_loads_with_a_ledger_row_per_stocked_pair(model: StockModel):
    seen: list[int] = []
    result = load_network(model, SAMPLE, progress=seen.append)
    assert (result.locations, result.skus) == (10, 8)
    expected = pd.read_csv(SAMPLE / "stock.csv")
    assert result.stock.rows == len(expected) == seen[-1]
    assert result.stock.changed == int((expected.on_hand > 0).sum())
    row = expected.iloc[0]
    assert model.get_stock(row.location_id, row.sku_id).on_hand == row.on_hand
    assert model.audit().ok


def test_loading_again_changes_nothing_and_a_new_count_is_an_adjustment(
    model: StockModel, tmp_path
):
    load_network(model, SAMPLE)
    assert load_network(model, SAMPLE).stock.changed == 0
    directory = copy_sample(tmp_path, "location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M,1\n")
    assert load_network(model, directory).stock.changed == 1
    assert model.get_stock("WH-ERFURT", "TSHIRT-BASIC-M").on_hand == 1
    assert model.audit().ok


def test_parquet_files_load_like_csv(model: StockModel, tmp_path):
    for name in ("locations", "skus"):
        (tmp_path / f"{name}.csv").write_text((SAMPLE / f"{name}.csv").read_text())
    pd.read_csv(SAMPLE / "stock.csv").to_parquet(tmp_path / "stock.parquet")
    assert load_network(model, tmp_path).stock.rows == len(pd.read_csv(SAMPLE / "stock.csv"))
    assert model.audit().ok


@pytest.mark.parametrize(
    ("stock_text", "message"),
    [
        ("location_id,sku_id,on_hand\nWH-ERFURT,NOPE,1\n", "row 2, field sku_id: unknown SKU"),
        (
            "location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M,1\nMARS,TSHIRT-BASIC-M,1\n",
            "row 3, field location_id: unknown location",
        ),
        (
            "location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M,-4\n",
            "row 2, field on_hand: must be >= 0",
        ),
        ("location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M,lots\n", "malformed stock file"),
        ("location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M\n", "malformed stock file"),
        (
            "location_id,sku_id,on_hand\nWH-ERFURT,TSHIRT-BASIC-M,1\nWH-ERFURT,TSHIRT-BASIC-M,2\n",
            "appears twice",
        ),
        ("location_id,sku\nWH-ERFURT,TSHIRT-BASIC-M\n", "missing column"),
    ],
)
def test_a_bad_stock_row_is_named_and_changes_nothing(
    model: StockModel, tmp_path, stock_text, message
):
    load_network(model, SAMPLE)
    before = model.audit()
    with pytest.raises(InvalidInput, match=message):
        load_network(model, copy_sample(tmp_path, stock_text))
    after = model.audit()
    assert (after.stock_rows, after.ledger_rows) == (before.stock_rows, before.ledger_rows)


def test_a_bad_location_row_is_named_with_its_field(model: StockModel, tmp_path):
    copy_sample(tmp_path)
    text = (tmp_path / "locations.csv").read_text().replace("52.5219", "north", 1)
    (tmp_path / "locations.csv").write_text(text)
    with pytest.raises(InvalidInput, match="locations.csv: row 2: field latitude"):
        load_network(model, tmp_path)


def test_duplicate_sku_ids_are_refused(model: StockModel, tmp_path):
    copy_sample(tmp_path)
    with (tmp_path / "skus.csv").open("a") as f:
        f.write("SCARF-WOOL-RED,Another scarf,accessories,200,1000\n")
    with pytest.raises(InvalidInput, match="SCARF-WOOL-RED.*more than once"):
        load_network(model, tmp_path)


def test_a_missing_table_is_reported(model: StockModel, tmp_path):
    with pytest.raises(InvalidInput, match="no locations.csv or locations.parquet"):
        load_network(model, tmp_path)


def test_a_new_safety_stock_alone_is_a_planning_row_in_the_ledger(model: StockModel, tmp_path):
    load_network(model, SAMPLE)
    before = model.get_stock("WH-ERFURT", "TSHIRT-BASIC-M")
    directory = copy_sample(
        tmp_path,
        f"location_id,sku_id,on_hand,safety_stock\nWH-ERFURT,TSHIRT-BASIC-M,{before.on_hand},3\n",
    )
    assert load_network(model, directory).stock.changed == 0  # no unit moved
    after = model.get_stock("WH-ERFURT", "TSHIRT-BASIC-M")
    assert (after.on_hand, after.safety_stock) == (before.on_hand, 3)
    with model.engine.connect() as conn:
        rows = conn.execute(
            select(lg.c.kind, lg.c.on_hand_delta, lg.c.safety_stock_delta)
            .where(lg.c.reference == "bulk load stock.csv")
            .order_by(lg.c.id.desc())
            .limit(1)
        ).all()
    assert rows == [("planning", 0, 3 - before.safety_stock)]
    assert model.audit().ok
