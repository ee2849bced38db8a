"""`StockWatch.watches`: whether a writer needs to read and publish levels at all."""

from inventory import StockLevel
from omniroute.stock_watch import ChangeCause, StockWatch


def test_nobody_watches_when_there_are_no_subscriptions():
    assert not StockWatch().watches([("MITTE", "JACKET")])


def test_a_subscription_watches_only_its_skus_and_locations():
    watch = StockWatch()
    watch.subscribe(["JACKET"], ["MITTE"])
    assert watch.watches([("KREUZBERG", "SCARF"), ("MITTE", "JACKET")])
    assert not watch.watches([("MITTE", "SCARF"), ("KREUZBERG", "JACKET")])


def test_an_empty_filter_watches_everything_until_unsubscribed():
    watch = StockWatch()
    subscription, _ = watch.subscribe([], [])
    assert watch.watches([("ANYWHERE", "ANYTHING")])
    watch.unsubscribe(subscription)
    assert not watch.watches([("ANYWHERE", "ANYTHING")])


def test_a_change_published_after_watches_said_yes_reaches_the_subscriber():
    watch = StockWatch()
    subscription, _ = watch.subscribe(["JACKET"], [])
    level = StockLevel("MITTE", "JACKET", 5, 1, 0)
    assert watch.watches([("MITTE", "JACKET")])
    watch.publish([(level, ChangeCause.RESERVE, -1)])
    change = next(subscription.changes(lambda: True, poll_s=0.01))
    assert change.level == level and change.available_delta == -1
