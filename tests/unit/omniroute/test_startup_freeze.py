"""What start-up built is kept out of the garbage collector's full collections."""

from __future__ import annotations

import gc

from omniroute.server import freeze_startup_objects


class Built:
    """Stands for an object start-up builds (a descriptor, table metadata, an array)."""


def test_objects_built_before_serving_are_not_scanned_by_later_collections() -> None:
    built = [Built() for _ in range(100)]
    before = gc.get_freeze_count()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() >= before + len(built)
        tracked = {id(obj) for obj in gc.get_objects()}
        assert not any(id(obj) in tracked for obj in built)
        # What calls allocate later is collected as usual.
        later = Built()
        assert id(later) in {id(obj) for obj in gc.get_objects()}
    finally:
        gc.unfreeze()
