"""QR codes (PNG) for rating links printed on receipts and counters."""

from __future__ import annotations

import base64
import io

# pixels per module, and modules of quiet zone around the code
BOX_SIZE = 6
BORDER = 2


def qr_png(data: str) -> bytes:
    """Encode ``data`` as a PNG QR code (error correction level M)."""
    import qrcode  # lazy: only needed when a code is drawn
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=BOX_SIZE,
        border=BORDER,
        image_factory=PilImage,
    )
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    """The QR code as a ``data:image/png;base64,...`` URI for inline <img>."""
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
