"""Printed documents and their verification (DOMAIN.md C7): the shared kernel.

Not an app and without models: a few functions that every feature printing a document uses
(intake notices, service guides and blank forms now; decisions and enforcement receipts
later).

- ``render_pdf``: a Django template rendered to an A4 PDF with the Chinese fonts.
- ``qr_svg`` / ``qr_svg_data_uri`` / ``qr_png_data_uri``: a QR code for a page or a PDF.
- ``absolute_url``: the public address of a path, for QR codes and printed links.
- ``verification_context`` (``firesvc.documents.verification``): a document's QR code and 核验码, printed in
  ``documents/base.html``'s verification box.
- ``attachment_response`` / ``pdf_response`` / ``safe_filename``: downloads with Chinese names.

WeasyPrint is imported only when a PDF is rendered, so importing this package is cheap.
"""

from firesvc.documents.links import absolute_url
from firesvc.documents.pdf import html_to_pdf, render_document_html, render_pdf
from firesvc.documents.qr import qr_png_data_uri, qr_svg, qr_svg_data_uri
from firesvc.documents.responses import attachment_response, pdf_response, safe_filename

__all__ = [
    "absolute_url",
    "attachment_response",
    "html_to_pdf",
    "pdf_response",
    "qr_png_data_uri",
    "qr_svg",
    "qr_svg_data_uri",
    "render_document_html",
    "render_pdf",
    "safe_filename",
]
