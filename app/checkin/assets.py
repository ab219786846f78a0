"""The static files the scanner page's service worker keeps, so the page opens without a network."""

from __future__ import annotations

SCANNER_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/jsqr/jsQR.js",
    "css/app.css",
    "js/app.js",
    "favicon.svg",
    "checkin/scanner.css",
    "checkin/no-photo.svg",
    "checkin/scanner.js",
    "checkin/decide.js",
    "checkin/store.js",
    "checkin/feedback.js",
    "checkin/device.js",  # imported by scanner.js on every scanner page, paired or not
    "checkin/camera.js",
    "checkin/qr-worker.js",
)
