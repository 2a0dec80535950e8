from django import template

from plein.channels.screens.qr import build_qr

register = template.Library()


@register.filter
def qr_data_uri(url: str) -> str:
    """``{{ slide.data.url|qr_data_uri }}``: the QR code as a data: URI."""
    return build_qr(url).svg_data_uri
