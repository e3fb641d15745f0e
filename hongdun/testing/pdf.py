"""Generated PDFs read back as a person or a scanner would: the text (pdftotext) and the QR code's
modules (pdfimages), compared with an independent segno encoding of the expected address."""

import re
import shutil
import subprocess
from pathlib import Path

import segno
from PIL import Image


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The document's text with all white space removed (CJK layout splits lines anywhere)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return re.sub(r"\s+", "", result.stdout.decode())


def pdf_images(data: bytes, tmp_path: Path) -> list[Image.Image]:
    path = tmp_path / "images.pdf"
    path.write_bytes(data)
    subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        [shutil.which("pdfimages") or "pdfimages", "-png", str(path), str(tmp_path / "img")],
        capture_output=True,
        check=True,
    )
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("img-*.png"))]


def qr_modules(image: Image.Image) -> list[list[bool]] | None:
    """The dark/light modules of a square QR image with a 4-module quiet zone, or None when the
    image is not one: the module size is found from the finder pattern's 7-module width."""
    width, height = image.size
    if width != height or width < 21:
        return None
    luminance = image.tobytes()  # mode "L": one byte per pixel, row by row

    def pixel(x: int, y: int) -> int:
        return luminance[y * width + x]

    # The top-left finder pattern starts at the first dark pixel of the diagonal.
    start = next((i for i in range(width) if pixel(i, i) < 128), None)
    if start is None:
        return None
    end = start
    while end < width and pixel(end, start) < 128:
        end += 1
    module = (end - start) / 7
    if module < 1:
        return None
    count = round((width - 2 * start) / module)
    return [
        [
            pixel(int(start + (x + 0.5) * module), int(start + (y + 0.5) * module)) < 128
            for x in range(count)
        ]
        for y in range(count)
    ]


def expected_modules(url: str) -> list[list[bool]]:
    """How a QR code of `url` (error level M, no Micro QR) must look."""
    return [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix]
