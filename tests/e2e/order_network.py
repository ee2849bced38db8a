"""Small network directories (CSV) for the order tests that start `omniroute serve`."""

from __future__ import annotations

from pathlib import Path

#: Stores around Berlin: (id, latitude, longitude).
STORES = [
    ("MITTE", 52.5219, 13.4132),
    ("KREUZBERG", 52.4986, 13.4030),
    ("CHARLOTTENBURG", 52.5050, 13.3040),
    ("STEGLITZ", 52.4560, 13.3220),
    ("SPANDAU", 52.5351, 13.2006),
    ("KOEPENICK", 52.4450, 13.5750),
]


def write_hot_network(directory: Path, skus: list[str], units_per_store: int) -> Path:
    """Six ship-and-pickup stores, each holding `units_per_store` of every SKU."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "locations.csv").write_text(
        "id,name,kind,latitude,longitude,capabilities,daily_capacity,handling_cost_cents,"
        "cutoff,active\n"
        + "".join(
            f"{i},{i.title()},store,{lat},{lon},ship|pickup,0,150,16:00,true\n"
            for i, lat, lon in STORES
        )
    )
    (directory / "skus.csv").write_text(
        "id,name,category,weight_g,price_cents\n"
        + "".join(f"{s},{s.title()},hot,500,1999\n" for s in skus)
    )
    (directory / "stock.csv").write_text(
        "location_id,sku_id,on_hand,safety_stock\n"
        + "".join(f"{i},{s},{units_per_store},0\n" for i, _, _ in STORES for s in skus)
    )
    return directory
