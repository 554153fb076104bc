"""PDFs rendered from our templates with WeasyPrint, without any network access.

The URL fetcher serves our own static files (stylesheets, images) and images inlined
as base64 data: URLs (an association's logo), and refuses
every other URL: WeasyPrint logs the refusal and renders without the resource.
"""

import base64
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


# Images inlined in the page (an association's logo on its certificates); no other data: URL.
INLINE_IMAGES = tuple(f"data:image/{kind};base64," for kind in ("png", "jpeg", "gif", "webp"))


class FetchRefused(ValueError):
    """A URL the PDF renderer may not load; WeasyPrint treats it as a failed fetch."""


class StaticFilesFetcher(URLFetcher):
    """Serves ``<base>/static/...`` from the static folders; refuses everything else."""

    def __init__(self, base_url):
        super().__init__(allowed_protocols=())
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)
        self.refused = []

    def fetch(self, url, headers=None):
        if url.startswith(INLINE_IMAGES):
            return self.inline(url)
        path = self.static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url)
            raise FetchRefused(f"PDFs may only use the site's own static files, not {url}")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": mime_type or "application/octet-stream"}
        )

    @staticmethod
    def inline(url):
        """An image inlined as a base64 data: URL (an association's logo): nothing is fetched."""
        header, _comma, payload = url[len("data:") :].partition(",")
        try:
            data = base64.b64decode(payload, validate=True)
        except ValueError as error:
            raise FetchRefused("A malformed data: URL") from error
        return URLFetcherResponse(url, data, headers={"Content-Type": header.split(";")[0]})

    def static_path(self, url):
        """The local file a static URL names, or None if it is not one of ours."""
        if not url.startswith(self.static_prefix):
            return None
        name = unquote(urlsplit(url[len(self.static_prefix) :]).path)
        if not name or name.startswith("/") or ".." in Path(name).parts:
            return None
        try:
            found = finders.find(name)
            if not found and staticfiles_storage.exists(name):
                # Hashed names (the manifest storage of production) exist only in STATIC_ROOT.
                found = staticfiles_storage.path(name)
        except (SuspiciousFileOperation, NotImplementedError):
            return None
        return Path(found) if found and Path(found).is_file() else None


def render_pdf(template_name, context, *, request=None):
    """Render a template to PDF bytes; only our static files are loaded."""
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return html_to_pdf(html, base_url=base_url)


def html_to_pdf(html, *, base_url=None):
    """PDF bytes of an HTML document whose static URLs are relative to `base_url` (SITE_URL)."""
    base_url = base_url or settings.SITE_URL + "/"
    fetcher = StaticFilesFetcher(base_url)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
