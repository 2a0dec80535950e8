"""QR codes on announcement slides (segno): the post's page, for a phone."""

from dataclasses import dataclass

import segno


@dataclass(frozen=True)
class QrCode:
    payload: str  # exactly what was encoded
    svg_data_uri: str  # for <img src>: the CSP allows data: images


def build_qr(url: str) -> QrCode:
    """A QR code for ``url``, black on white with a quiet zone, as an SVG."""
    code = segno.make(url, error="m", micro=False)
    uri = code.svg_data_uri(scale=8, border=4, dark="#000", light="#fff")
    return QrCode(payload=url, svg_data_uri=uri)
