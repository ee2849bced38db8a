"""Look-ahead in the service: opportunity prices computed in the background, read by
RouteOrder from memory.

A `PriceJob` learns the demand forecast from the orders the service stored, reads the
network's stock, expected arrivals and remaining dispatch capacity, solves the
remaining-horizon LP (`routing.opportunity`) and publishes the prices on a `PriceBoard`;
an order routed with the `lookahead` strategy reads them from the board (no database,
no solve on the request path). See docs/service.md ("Look-ahead routing").
"""

from omniroute.lookahead.board import PriceBoard, PriceSet
from omniroute.lookahead.price_job import PriceJob
from omniroute.lookahead.settings import LookaheadConfig

__all__ = ["LookaheadConfig", "PriceBoard", "PriceJob", "PriceSet"]
