"""A stand-in push service for tests: an HTTP server on 127.0.0.1 that checks the VAPID
signature (RFC 8292) and decrypts each message (RFC 8291, aes128gcm) with a subscription's
private key — what a browser's push service and the browser do together."""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SubscriptionKeys:
    """A browser's subscription keys: a P-256 key pair and a 16-byte auth secret."""

    def __init__(self, private: ec.EllipticCurvePrivateKey | None = None, auth: bytes | None = None):
        self.private = private or ec.generate_private_key(ec.SECP256R1())
        self.auth = auth or os.urandom(16)

    @classmethod
    def from_jwk(cls, jwk: dict, auth: str) -> SubscriptionKeys:
        d = int.from_bytes(unb64u(jwk["d"]), "big")
        return cls(ec.derive_private_key(d, ec.SECP256R1()), unb64u(auth))

    @property
    def p256dh(self) -> str:
        return b64u(
            self.private.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )


def verify_vapid(header: str, endpoint_origin: str) -> dict:
    """Check ``Authorization: vapid t=<JWT>, k=<key>``: ES256 signature, audience, expiry."""
    parts = dict(p.strip().split("=", 1) for p in header[len("vapid ") :].split(","))
    token, key = parts["t"], unb64u(parts["k"])
    head, claims, signature = token.split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    raw = unb64u(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    body = json.loads(unb64u(claims))
    assert body["aud"] == endpoint_origin, body
    return {"claims": body, "key": parts["k"]}


class PushService:
    """Receives pushes for any number of subscriptions (``/push/<name>``) and decrypts them."""

    def __init__(self):
        self.keys: dict[str, SubscriptionKeys] = {}
        self.received: list[dict] = []
        self.fail_next = 0  # answer 500 this many times (a push service having trouble)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if service.fail_next:
                    service.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                name = self.path.rsplit("/", 1)[-1]
                keys = service.keys[name]
                vapid = verify_vapid(self.headers["Authorization"], service.origin)
                plaintext = http_ece.decrypt(
                    body, private_key=keys.private, auth_secret=keys.auth, version="aes128gcm"
                )
                service.received.append(
                    {
                        "name": name,
                        "plaintext": plaintext.decode("utf-8"),
                        "encoding": self.headers.get("Content-Encoding"),
                        "ttl": self.headers.get("TTL"),
                        "vapid": vapid,
                    }
                )
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def subscription(self, name: str, keys: SubscriptionKeys | None = None) -> dict:
        """A subscription as ``PushSubscription.toJSON()`` gives it, pointing here."""
        self.keys[name] = keys or SubscriptionKeys()
        return {
            "endpoint": f"{self.origin}/push/{name}",
            "keys": {"p256dh": self.keys[name].p256dh, "auth": b64u(self.keys[name].auth)},
        }
