"""One contract for the scan API (issue 18): the served OpenAPI document is generated from
the msgspec declarations that validate and write the bodies, and the API's real answers
fit the declared bodies and statuses."""

from __future__ import annotations

import uuid

import msgspec
import pytest

from app.checkin import contract
from tests.checkin.test_devices import _paired, admin, bearer, create_device, phone  # noqa: F401,F811  (fixtures)


def _document(app) -> dict:
    return app.test_client().get("/DH16/api/v1/openapi.json").get_json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_served_schemas_are_the_declared_bodies(app):
    document = _document(app)
    # JSON round trip of what msgspec generates: the same document, nothing hand-kept
    assert document["components"]["schemas"] == msgspec.json.decode(msgspec.json.encode(contract.schemas()))
    names = set(document["components"]["schemas"])
    assert {t.__name__ for t in contract.SCHEMA_TYPES} <= names
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in names, ref
    scans = document["paths"]["/api/v1/scans"]["post"]
    assert scans["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ScanInput")
    assert set(scans["responses"]) == {"200", "201", "400", "401", "403", "404", "409"}
    pairing = document["paths"]["/api/v1/devices/pair"]["post"]["responses"]
    assert {"400", "401", "429"} <= set(pairing)


def _fits(response, body_type, document, path, method="post"):
    """The answer decodes as the declared body, with a status the document lists."""
    status = str(response.status_code)
    assert status in document["paths"][path][method]["responses"], (path, status)
    return msgspec.json.decode(response.get_data(), type=body_type)


def test_the_real_answers_fit_the_contract(
    app,
    db,
    phone,  # noqa: F811
    client,
    auth,
    make_gate,
    make_badge,
    payload_of,
    create_device,  # noqa: F811
):
    document = _document(app)
    gate, other = make_gate(), make_gate()
    _device, token = _paired(phone, create_device, [gate])
    payload = payload_of(make_badge()[1])
    db.session.commit()
    url, headers = "/DH16/api/v1/scans", bearer(token)
    body = {"payload": payload, "gate_id": gate.id, "client_uuid": str(uuid.uuid4())}
    decision = _fits(
        phone.post(url, json=body, headers=headers), contract.Decision, document, "/api/v1/scans"
    )
    assert decision.result == "accepted" and decision.holder is not None
    again = phone.post(url, json=body, headers=headers)
    assert again.status_code == 200 and _fits(again, contract.Decision, document, "/api/v1/scans").replayed
    for bad, status in (
        ({"payload": payload, "gate_id": 0}, 400),
        ({"payload": payload, "gate_id": other.id}, 403),
        ({"payload": payload, "gate_id": 2**31 - 2}, 403),
    ):
        answer = phone.post(url, json=bad, headers=headers)
        assert answer.status_code == status
        assert _fits(answer, contract.Error, document, "/api/v1/scans").status == status
    forged = phone.post(url, json=body, headers=bearer("pcd_forged"))
    assert _fits(forged, contract.Error, document, "/api/v1/scans").code == "device_unknown"
    batch = phone.post(
        url + "/batch",
        json={"scans": [{**body, "client_uuid": str(uuid.uuid4()), "scanned_at": "2020-01-01T00:00:00Z"}]},
        headers=headers,
    )
    assert _fits(batch, contract.Error, document, "/api/v1/scans/batch").status == 400
    gates = phone.get("/DH16/api/v1/gates", headers=headers)
    assert [g.id for g in _fits(gates, contract.GateList, document, "/api/v1/gates", "get").gates] == [
        gate.id
    ]
    me = phone.get("/DH16/api/v1/devices/me", headers=headers)
    assert _fits(me, contract.DeviceMe, document, "/api/v1/devices/me", "get").device.name
    session = phone.get("/DH16/api/v1/session", headers=headers)
    assert _fits(session, contract.SessionInfo, document, "/api/v1/session", "get").csrf_token is None
    wrong_code = phone.post("/DH16/api/v1/devices/pair", json={"code": "NOPE"})
    assert _fits(wrong_code, contract.Error, document, "/api/v1/devices/pair").status == 401
    not_json = phone.post("/DH16/api/v1/devices/pair", data="x", content_type="application/json")
    assert (
        not_json.status_code == 400
        and "400" in document["paths"]["/api/v1/devices/pair"]["post"]["responses"]
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"payload": "", "gate_id": 1}, "“payload” is empty."),
        ({"payload": "x" * 2001, "gate_id": 1}, "“payload” is longer than 2000 characters."),
        ({"payload": 5, "gate_id": 1}, "“payload” must be the text read from the QR code."),
        ({"gate_id": 1}, "“payload” must be the text read from the QR code."),
        ({"payload": "x", "gate_id": True}, "“gate_id” must be a positive whole number."),
        ({"payload": "x", "gate_id": 1, "client_uuid": "nope"}, "“client_uuid” must be a UUID"),
        ({"payload": "x", "gate_id": 1, "extra": 1}, "Unknown field: extra."),
        ([], "Send a JSON object with payload, gate_id and client_uuid."),
    ],
)
def test_contract_messages_name_the_field(app, body, message):
    with (
        app.test_request_context("/DH16/api/v1/scans", headers={"Accept-Language": "en"}),
        pytest.raises(contract.InputError) as error,
    ):
        contract.parse_scan(body)
    assert str(error.value).startswith(message)


def test_batch_messages_name_the_scan(app):
    with app.test_request_context("/DH16/api/v1/scans", headers={"Accept-Language": "en"}):
        with pytest.raises(contract.InputError) as error:
            contract.parse_batch(
                {"scans": [{"payload": "x", "gate_id": 1, "client_uuid": str(uuid.uuid4())}]}
            )
        assert str(error.value) == "Scan 1: “scanned_at” is required for scans made offline."
        with pytest.raises(contract.InputError) as error:
            contract.parse_batch({"scans": []})
        assert str(error.value) == "A batch holds 1 to 200 scans."
