"""omniroute: the service that wires the live stock model (`inventory`) to the optimiser (`routing`)."""

__version__ = "0.1.0"
