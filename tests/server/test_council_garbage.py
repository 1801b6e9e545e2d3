"""Nothing a device sends makes the service answer 5xx; every error has our shape."""

from __future__ import annotations

import json

from council_testkit import rating_op
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import protocol

ENDPOINTS = [
    ("POST", protocol.PATH_ENROL),
    ("POST", protocol.PATH_PUSH),
    ("POST", protocol.PATH_HEARTBEAT),
]

GARBAGE_BODIES = [
    b"",
    b"{",
    b'{"device_id": "abc", "operations": [',  # truncated
    b"null",
    b"[]",
    b"42",
    b'"text"',
    b"\xff\xfe\x00garbage",
    b'{"device_id": null, "operations": null}',
    b'{"operations": [{"op_id": "not-a-uuid", "seq": "x"}]}',
    b'{"operations": [null, 1, "a"]}',
    b'{"code": 123, "device_id": []}',
    b'{"code": "' + b"A" * 5000 + b'", "device_id": "1"}',
    b'{"waiting": -5, "free_disk_bytes": 1e400}',
    b'{"device_time": "2026-13-45T99:99:99Z"}',
    b"[" * 5000 + b"]" * 5000,  # deep nesting
    b'{"a": NaN}',
]


def assert_our_error(response):
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "message"}, body
        assert body["error"] and body["message"]


def test_garbage_bodies_never_get_a_5xx(client, device):
    for method, path in ENDPOINTS:
        for body in GARBAGE_BODIES:
            for content_type in ("application/json", "text/plain"):
                response = client.request(
                    method, path, content=body, headers={**device.headers, "Content-Type": content_type}
                )
                assert_our_error(response)
                assert response.status_code != 200 or path == protocol.PATH_HEARTBEAT


def test_malformed_envelope_is_422_invalid_request(device):
    response = device.client.post(
        protocol.PATH_PUSH, content=b'{"device_id": "' + device.id.encode() + b'", "operations": [',
        headers={**device.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"] == protocol.ERR_INVALID_REQUEST
    missing_seq = {k: v for k, v in rating_op(1).items() if k != "seq"}
    response = device.push([rating_op(1), missing_seq])
    assert response.status_code == 422
    assert "operations.1.seq" in response.json()["message"]  # says which operation is malformed


def test_unknown_paths_and_methods_keep_our_error_shape(client):
    for response in (client.get("/api/v1/nothing"), client.delete(protocol.PATH_PUSH), client.get(protocol.PATH_PUSH)):
        assert response.status_code in (404, 405)
        assert_our_error(response)


def test_oversized_body_is_refused_early(client, device):
    response = client.post(
        protocol.PATH_PUSH,
        content=b"x",
        headers={**device.headers, "Content-Type": "application/json",
                 "Content-Length": str(protocol.MAX_REQUEST_BYTES + 1)},
    )
    assert response.status_code == 413
    assert response.json()["error"] == protocol.ERR_REQUEST_TOO_LARGE


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
operation_like = st.fixed_dictionaries(
    {},
    optional={
        "op_id": st.uuids().map(str) | st.text(max_size=10),
        "seq": st.integers(min_value=-5, max_value=2**70) | st.text(max_size=3),
        "op_type": st.sampled_from([protocol.OP_FEEDBACK_RATING, "x", ""]) | st.text(max_size=5),
        "schema_version": st.integers(min_value=-2, max_value=2**40),
        "payload": st.dictionaries(st.sampled_from(["rating_id", "task_family", "rating", "reason", "rated_at", "z"]),
                                   json_values, max_size=6),
        "created_at": json_values,
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation_like, max_size=4), envelope_extra=json_values)
def test_random_push_bodies_never_get_a_5xx(device, ops, envelope_extra):
    body = {"device_id": device.id, "operations": ops, "extra": envelope_extra}
    response = device.client.post(
        protocol.PATH_PUSH, content=json.dumps(body).encode(),
        headers={**device.headers, "Content-Type": "application/json"},
    )
    assert_our_error(response)
    if response.status_code == 200:
        assert len(response.json()["results"]) == len(ops)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.sampled_from(["rating_id", "task_family", "rating", "reason", "rated_at", "x"]),
                               json_values, max_size=6), seq=st.integers(min_value=0, max_value=10**6))
def test_random_rating_payloads_are_applied_or_rejected_with_a_reason(device, payload, seq):
    op = {**rating_op(seq), "payload": payload}
    response = device.push([op])
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["status"] in ("applied", "rejected")
    if result["status"] == "rejected":
        assert result["reason"]["code"] in (protocol.REASON_INVALID_PAYLOAD, "rating_exists")


def test_a_sequence_number_too_big_for_the_database_is_refused_not_a_500(device):
    """Found by the fuzzing above: a seq beyond SQLite's 64-bit INTEGER once gave a 500."""
    response = device.push([{**rating_op(1), "seq": 2**63}])
    assert response.status_code == 422
    assert response.json()["error"] == protocol.ERR_INVALID_REQUEST
    assert device.push([{**rating_op(1), "seq": 2**63 - 1}]).status_code == 200
