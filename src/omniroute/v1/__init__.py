"""omniroute.v1: the public gRPC contract, generated from proto/omniroute/v1/*.proto.

GENERATED CODE, DO NOT EDIT. Regenerate with scripts/gen-proto.
"""

GENERATED_WITH = "grpcio-tools 1.81.1"
