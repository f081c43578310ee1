"""Django template → HTML → PDF through WeasyPrint, on A4 with the Chinese fonts of fonts-noto-cjk.

Every document gets ``PAGE_CSS`` (page size, margins, page numbers, fonts) whatever its
template says, so a later document cannot forget the CJK font and print tofu boxes.
Resources are fetched by ``LocalOnlyFetcher``: data: URIs and the project's static files
only, never the network (a document that names a URL must not become a request forgery).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

# The families fonts-noto-cjk installs; the generic family is the last resort (fontconfig then
# picks any installed CJK font rather than none).
SERIF_FONTS = '"Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Songti SC", "SimSun", serif'
SANS_FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

PAGE_CSS = f"""
@page {{
  size: A4;
  margin: 25mm 22mm 22mm 25mm;
  @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: {SANS_FONTS};
                    font-size: 8.5pt; color: #555; }}
}}
html {{ font-family: {SERIF_FONTS}; font-size: 12pt; line-height: 1.65; color: #000; }}
h1, h2, h3, h4, th, .sans {{ font-family: {SANS_FONTS}; }}
table {{ border-collapse: collapse; }}
img, svg {{ max-width: 100%; }}
"""


def _allowed_roots(base_url: str | None) -> list[Path]:
    roots = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    if base_url and urlsplit(base_url).scheme == "file":
        roots.append(Path(unquote(urlsplit(base_url).path)))
    return [root.resolve() for root in roots]


def _default_base_url() -> str:
    """Relative URLs in a document template resolve against the project's static folder."""
    dirs = list(getattr(settings, "STATICFILES_DIRS", []))
    folder = Path(dirs[0]) if dirs else Path(settings.BASE_DIR)
    return folder.resolve().as_uri() + "/"


def local_only_fetcher(base_url: str | None) -> Any:
    """A WeasyPrint URL fetcher for data: URIs and files below the static folders (or ``base_url``)."""
    from weasyprint.urls import URLFetcher

    roots = _allowed_roots(base_url)

    class LocalOnlyFetcher(URLFetcher):
        """data: URIs and files below the static folders; everything else is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise ValueError(f"A document may not read {path}.")
            elif parts.scheme != "data":
                raise ValueError(f"A document may not fetch {parts.scheme}: URLs.")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def render_document_html(template_name: str, context: dict[str, Any], *, language: str | None = None) -> str:
    """The HTML of a document, in the portal's default language (official documents are Chinese)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """PDF bytes of ``html`` with ``PAGE_CSS`` applied first (the document's own CSS may refine it)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    base_url = base_url or _default_base_url()
    fetcher = local_only_fetcher(base_url)
    fonts = FontConfiguration()
    page = CSS(string=PAGE_CSS, font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[page], font_config=fonts)


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    base_url: str | None = None,
    language: str | None = None,
    cache_seconds: int | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to an A4 PDF.

    ``base_url``: where relative URLs in the template resolve (default: the static folder).
    ``language``: the language of translated labels (default ``settings.LANGUAGE_CODE``).
    ``cache_seconds``: keep the PDF in the cache under the hash of its HTML, for public
    documents that many people download (a service guide); the key changes with the content,
    so a cached PDF is never stale. Private documents leave it ``None``.
    """
    html = render_document_html(template_name, context, language=language)
    if not cache_seconds:
        return html_to_pdf(html, base_url=base_url)
    key = "documents:pdf:" + hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html, base_url=base_url)
        cache.set(key, pdf, cache_seconds)
    return pdf
