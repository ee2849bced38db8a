"""Wiring: open the database, load a network if asked, and build the shared parts.

Nothing here runs at import time; `bootstrap(config)` does it all, once, at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from inventory.model import StockModel
from inventory.network_files import load_network
from omniroute.collect_sweep import DEFAULT_COLLECT_WITHIN, CollectSweep
from omniroute.config import ServerConfig
from omniroute.customers.ports import CustomerPort
from omniroute.customers.promotion_links import CustomerLinks
from omniroute.customers.store import SqlCustomers
from omniroute.expiry_sweep import ExpirySweep
from omniroute.lookahead import LookaheadConfig, PriceBoard, PriceJob
from omniroute.order_watch import OrderWatch
from omniroute.orders.batching import DEFAULT_MAX_BATCH, OrderBatcher
from omniroute.orders.checkout import Checkout
from omniroute.orders.workflow import OrderRouter
from omniroute.promotions.birthday import BirthdayJob, BirthdayPolicy
from omniroute.promotions.port import PromotionsPort
from omniroute.promotions.store import PromotionStore
from omniroute.returns.workflow import ReturnDesk
from omniroute.stock_watch import StockWatch
from omniroute.telemetry import Telemetry
from omniroute.telemetry.startup import start_telemetry
from routing import DEFAULT_TIME_LIMIT_S

log = logging.getLogger("omniroute.bootstrap")


@dataclass
class App:
    """The parts every servicer may use: the stock model, the change notifier, the order
    router (with its cost model) and the solver's time limit per order."""

    model: StockModel
    watch: StockWatch
    #: Called first on shutdown, before the server stops taking calls (newest first).
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)
    #: The most time the optimiser may spend on one order (a call's deadline may cut it).
    route_time_limit_s: float = DEFAULT_TIME_LIMIT_S
    #: Most concurrent orders written in one transaction (`OrderBatcher`); 0: none batched.
    route_batch: int = DEFAULT_MAX_BATCH
    orders: OrderRouter = field(init=False)
    #: RouteOrder's way in: `orders` itself, or a batcher around it.
    order_intake: OrderRouter | OrderBatcher = field(init=False)
    #: Promotions and coupons on the same database (so coupons redeem in an order's
    #: transaction).
    promotions: PromotionsPort = field(init=False)
    #: Customer accounts, purchases and loyalty points on the same database (so points are
    #: booked in an order's, a shipment's or a return's transaction).
    customers: CustomerPort = field(init=False)
    #: The customers as promotions read them: birthdays, points balances.
    customer_links: CustomerLinks = field(init=False)
    #: Returns of the orders (the returns warehouse for the ``returns_warehouse`` baseline).
    returns: ReturnDesk = field(init=False)
    returns_warehouse_id: str | None = None
    #: WatchOrders streams, and how long a collect order waits at the counter.
    order_watch: OrderWatch | None = None
    collect_within: timedelta = DEFAULT_COLLECT_WITHIN
    #: The strategy of a RouteOrder request that names none.
    default_strategy: str = "optimal"
    #: Opportunity prices for `lookahead` (None: off); kept fresh by `price_job`.
    prices: PriceBoard | None = None
    price_job: PriceJob | None = None
    #: Metrics and traces (`omniroute.telemetry`); reports nothing unless configured.
    telemetry: Telemetry = field(default_factory=Telemetry)

    def __post_init__(self) -> None:
        self.promotions = PromotionStore(self.model.engine)
        self.customers = SqlCustomers()
        self.customer_links = CustomerLinks(self.customers, self.model.read)
        self.orders = OrderRouter(
            self.model,
            checkout=Checkout(self.promotions, self.customers),
            prices=self.prices,
            telemetry=self.telemetry,
        )
        if self.prices is not None:
            self.prices.on_publish.append(self.telemetry.prices_published)
        self.order_intake = (
            OrderBatcher(self.orders, self.route_batch) if self.route_batch else self.orders
        )
        self.returns = ReturnDesk(
            self.model, returns_warehouse_id=self.returns_warehouse_id, customers=self.customers
        )

    def begin_shutdown(self) -> None:
        """Say NOT_SERVING, end watch streams: what must happen before `server.stop`."""
        for hook in reversed(self.on_shutdown):
            hook()
        self.watch.close()

    def close(self) -> None:
        """Close the database pool (after the server has stopped), end the telemetry."""
        self.telemetry.close()
        self.model.close()


def bootstrap(config: ServerConfig) -> App:
    """Open (and migrate) the database, optionally load a network, build the `App`."""
    model = StockModel.open(config.database_url, pool_size=min(config.workers, 16))
    try:
        if config.load_network is not None:
            result = load_network(model, config.load_network)
            log.info(
                "network loaded",
                extra={
                    "directory": str(config.load_network),
                    "locations": result.locations,
                    "skus": result.skus,
                    "stock_rows": result.stock.rows,
                },
            )
        telemetry = start_telemetry(model.engine, config.metrics, config.otel, config.metrics_host)
    except BaseException:
        model.close()
        raise
    watch = StockWatch(
        model.engine, poll_s=config.watch_poll_s, max_subscriptions=config.max_watchers
    )
    app = App(
        model,
        watch,
        route_batch=config.route_batch,
        default_strategy=config.strategy,
        prices=PriceBoard() if config.lookahead is not None else None,
        telemetry=telemetry,
    )
    if config.lookahead is not None:
        start_price_job(app, config.lookahead)
    if config.birthday_promotion_id is not None:
        start_birthday_coupons(app, config.birthday_promotion_id, config.birthday_lead_days)
    if config.expire_every_s > 0:
        start_expiry_sweep(app, config.expire_every_s)
    start_order_watch(app, config)
    return app


def start_order_watch(app: App, config: ServerConfig) -> None:
    """WatchOrders streams, the collect deadline, and (with the expiry sweep) the sweep of
    collect orders not collected in time: safe with several processes or servers on one
    database, an order is released once."""
    app.collect_within = timedelta(days=config.collect_within_days)
    app.order_watch = OrderWatch(
        app.model.engine, poll_s=config.watch_poll_s, max_streams=config.max_watchers
    )
    app.on_shutdown.append(app.order_watch.close)
    if config.expire_every_s > 0:
        sweep = CollectSweep(app.orders, config.expire_every_s).start()
        app.on_shutdown.append(sweep.stop)


def start_expiry_sweep(app: App, interval_s: float) -> ExpirySweep:
    """Release expired checkout holds now and every `interval_s`; stopped on shutdown.

    Safe with several processes or servers on one database: a hold is released once."""
    sweep = ExpirySweep(app.model, interval_s).start()
    app.on_shutdown.append(sweep.stop)
    log.info("expiry sweep", extra={"every_s": interval_s})
    return sweep


def start_price_job(app: App, config: LookaheadConfig) -> PriceJob:
    """Compute the look-ahead's opportunity prices now and on schedule; stopped on shutdown.

    Each server process computes its own (the prices are a function of the shared database
    and the clock, so they agree up to when each was computed)."""
    assert app.prices is not None
    job = app.price_job = PriceJob(app.model, app.orders.cost_model, app.prices, config).start()
    app.on_shutdown.append(job.stop)
    log.info("lookahead prices", extra={"theta": config.theta, "every_s": config.every_s})
    return job


def start_birthday_coupons(app: App, promotion_id: str, lead_days: int) -> BirthdayJob:
    """Issue birthday coupons of `promotion_id` now and hourly; stopped on shutdown.

    Issuing is idempotent (one coupon per customer and year), so several server processes
    may each run the job."""
    app.promotions.get_promotion(promotion_id)  # an unknown promotion stops the start-up
    policy = BirthdayPolicy(promotion_id, lead_days=lead_days)
    job = BirthdayJob(app.promotions, app.customer_links, policy).start()
    app.on_shutdown.append(job.stop)
    log.info("birthday coupons", extra={"promotion": promotion_id, "lead_days": lead_days})
    return job
