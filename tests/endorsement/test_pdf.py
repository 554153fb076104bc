"""render_pdf: WeasyPrint with a fetcher that reads only our static files, never the network."""

import io
import logging
import socket
import urllib.request
from unittest import mock

import pytest
from django.test import override_settings
from pypdf import PdfReader

from endorsement.pdf import FetchRefused, StaticFilesFetcher, render_pdf

TEST_TEMPLATES = {
    "pdf_remote.html": (
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
        '<body><h1>Remote image</h1><img src="http://example.com/x.png" alt="x"></body></html>'
    ),
    "pdf_static.html": (
        '{% load static %}<!DOCTYPE html><html><head><link rel="stylesheet" href="{% static "css/site.css" %}">'
        '<link rel="stylesheet" href="{% static "css/print.css" %}" media="print"></head>'
        "<body><h1>{{ title }}</h1><p>Page text</p></body></html>"
    ),
}


@pytest.fixture
def test_templates():
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", TEST_TEMPLATES)],
        },
    }
    with override_settings(TEMPLATES=[engine]):
        yield


@pytest.fixture
def no_network():
    """Fail the test if anything opens a connection or resolves a name."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network access in a test")

    with (
        mock.patch.object(socket.socket, "connect", refuse),
        mock.patch.object(socket, "create_connection", refuse),
        mock.patch.object(socket, "getaddrinfo", refuse),
        mock.patch.object(urllib.request, "urlopen", refuse),
        mock.patch.object(urllib.request.OpenerDirector, "open", refuse),
    ):
        yield calls


def text_of(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_render_pdf_returns_a_pdf_of_the_template(test_templates):
    pdf = render_pdf("pdf_static.html", {"title": "Infant Family Specialist"})

    assert pdf.startswith(b"%PDF")
    assert "Infant Family Specialist" in text_of(pdf)


def test_render_pdf_refuses_remote_urls_without_touching_the_network(test_templates, no_network, caplog):
    asked = []
    original = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    with mock.patch.object(StaticFilesFetcher, "fetch", spy), caplog.at_level(logging.WARNING):
        pdf = render_pdf("pdf_remote.html", {})

    assert "Remote image" in text_of(pdf)
    assert "http://example.com/x.png" in asked
    assert "https://cdn.example.com/x.css" in asked
    refusals = [r.getMessage() for r in caplog.records if r.name == "endorsement.pdf"]
    assert "PDF rendering refused to fetch http://example.com/x.png" in refusals
    assert "PDF rendering refused to fetch https://cdn.example.com/x.css" in refusals
    assert no_network == []


def test_render_pdf_loads_our_stylesheets(test_templates, no_network, caplog):
    with caplog.at_level(logging.WARNING):
        render_pdf("pdf_static.html", {"title": "Styled"})

    assert [
        r.getMessage() for r in caplog.records if "refused" in r.getMessage() or "Failed" in r.getMessage()
    ] == []
    assert no_network == []


def test_fetcher_serves_files_from_the_static_folders():
    fetcher = StaticFilesFetcher("http://testserver/")

    response = fetcher.fetch("http://testserver/static/css/site.css")

    assert response.content_type == "text/css"
    assert b":focus-visible" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/static/css/site.css",
        "http://testserver/media/upload.pdf",
        "http://testserver/static/../endorsement/settings.py",
        "http://testserver/static/%2E%2E/endorsement/settings.py",
        "http://testserver/static/css/missing.css",
        "http://testserver/static/",
        "file:///etc/passwd",
        "data:text/plain,hello",
        "ftp://testserver/static/css/site.css",
    ],
)
def test_fetcher_refuses_everything_else(url, no_network):
    fetcher = StaticFilesFetcher("http://testserver/")

    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert no_network == []
