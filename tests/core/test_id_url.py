"""``id_url``: one ``url_for`` for a list page's row links, the same links as ``url_for``."""

from __future__ import annotations

import pytest

from app.core.urls import id_url


@pytest.mark.parametrize("ident", [1, 7, 42, 2**31, 2**62])
def test_the_links_equal_url_for(app, ident):
    from flask import url_for

    nasty_next = "/DH16/accreditation/queue?q=9876543219876543210&page=2"
    with app.test_request_context("/DH16/accreditation/queue"):
        build = id_url("accreditation.detail", "application_id", event_code="DH16", next=nasty_next)
        assert build(ident) == url_for(
            "accreditation.detail", application_id=ident, event_code="DH16", next=nasty_next
        )


def test_a_non_number_cannot_reach_the_link(app):
    with app.test_request_context("/"):
        build = id_url("accreditation.photo", "application_id", event_code="DH16", size="thumb")
        with pytest.raises(ValueError):
            build("1/../../admin")
