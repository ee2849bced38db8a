"""The status a failed call is answered with: code, message and `google.rpc.Status` details.

Every non-OK status carries an ErrorInfo (domain `status_mapping.ERROR_DOMAIN`, the
exception's stable reason, the ids it is about); an INVALID_ARGUMENT one also a BadRequest
with a field violation when the offending field is known. The details travel in the
``grpc-status-details-bin`` trailer, where `grpc_status.rpc_status.from_call` (and grpcurl)
read them; the code and message are the same as without them.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from omniroute.status_mapping import ERROR_DOMAIN, field_of, metadata_of, reason_for


def status_for(exc: BaseException, code: grpc.StatusCode, message: str) -> grpc.Status:
    """The status answering `exc` with `code` and `message`, and its details."""
    info = error_details_pb2.ErrorInfo(
        reason=reason_for(exc), domain=ERROR_DOMAIN, metadata=metadata_of(exc)
    )
    details = [_packed(info)]
    field = field_of(exc) if code is grpc.StatusCode.INVALID_ARGUMENT else None
    if field is not None:
        violation = error_details_pb2.BadRequest.FieldViolation(field=field, description=message)
        details.append(_packed(error_details_pb2.BadRequest(field_violations=[violation])))
    status = status_pb2.Status(code=code.value[0], message=message, details=details)
    return rpc_status.to_status(status)


def _packed(message: error_details_pb2.ErrorInfo | error_details_pb2.BadRequest) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed
