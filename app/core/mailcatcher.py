"""A local SMTP server for development: every e-mail the outbox worker sends is kept as a
``.eml`` file in ``instance/mail/`` (and shown on the outbox page), none leaves the machine.

``make run`` starts it on 127.0.0.1:8025 beside the worker; production uses a real server
(``MAIL_HOST``/``MAIL_PORT``).
"""

from __future__ import annotations

import logging
import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller


class _Keep:
    """aiosmtpd handler: write each message to a file, answer 250."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.count += 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{self.count:04d}.eml"
        path.write_bytes(envelope.content)
        subject = message_from_bytes(envelope.content, policy=policy.default)["Subject"]
        print(f"mail to {', '.join(envelope.rcpt_tos)}: {subject} → {path}", flush=True)
        return "250 Message accepted for delivery"


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8025) -> None:
    """Run until interrupted."""
    folder.mkdir(parents=True, exist_ok=True)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection
    controller = Controller(_Keep(folder), hostname=host, port=port)
    controller.start()
    print(f"mail catcher on {host}:{port}, keeping e-mails in {folder}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
