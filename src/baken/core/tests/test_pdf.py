"""The one PDF renderer: embedded data: images work, nothing is fetched from elsewhere."""

import base64
import subprocess
from pathlib import Path

from baken.core.pdf import pdf_maken

SVG = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
    b'height="10"/></svg>'
).decode()


def _tekst(pdf: bytes, tmp_path: Path) -> str:
    pad = tmp_path / "t.pdf"
    pad.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, a file we just wrote
        ["pdftotext", str(pad), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pdf_met_ingebedde_grafiek_en_zonder_externe_bronnen(tmp_path: Path) -> None:
    stijl = tmp_path / "stijl.css"
    stijl.write_text("body { font-family: sans-serif; }", encoding="utf-8")
    html = (
        "<html><body><p>Alkmaar &lt;script&gt;</p>"
        f'<img src="data:image/svg+xml;base64,{SVG}" alt="grafiek">'
        '<img src="http://169.254.169.254/latest" alt="extern">'
        '<img src="file:///etc/passwd" alt="bestand"></body></html>'
    )
    pdf = pdf_maken(html, stijl=stijl)
    assert pdf.startswith(b"%PDF")
    tekst = _tekst(pdf, tmp_path)
    assert "Alkmaar <script>" in tekst
    assert "root:" not in tekst
