"""omniroute: the service wiring the live stock model (`inventory`) to the optimiser."""

__version__ = "0.1.0"
