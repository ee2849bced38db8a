"""gRPC servicers (they only translate) and the few application steps they call."""
