"""Markdown of kennisbank items: a safe subset survives, script and raw HTML never do."""

import re
from html.parser import HTMLParser

import pytest

from baken.kennis.opmaak import TOEGESTANE_TAGS, markdown_naar_html

AANVALLEN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD4=)",
    '<div onclick="alert(1)">x</div>',
    '<svg onload="alert(1)"></svg>',
    "![beeld](https://tracker.example/pixel.png)",
    '<iframe src="https://kwaad.example"></iframe>',
    "<style>body{display:none}</style>",
    '[x](https://a.example "titel" onmouseover=alert(1))',
]


class _Elementen(HTMLParser):
    """The real elements of the output, as a browser sees them (escaped text is no element)."""

    def __init__(self) -> None:
        super().__init__()
        self.elementen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elementen.append((tag, attrs))


def elementen(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elementen()
    parser.feed(html)
    return parser.elementen


def gevaren(html: str) -> list[str]:
    """Script, event handlers, inline style, images and frames, links to other schemes."""
    gevonden = []
    for tag, attrs in elementen(html):
        if tag not in TOEGESTANE_TAGS:
            gevonden.append(f"element <{tag}>")
        for naam, waarde in attrs:
            if naam.startswith("on") or naam == "style":
                gevonden.append(f"attribuut {naam} op <{tag}>")
            if naam in ("href", "src") and not re.match(r"(?i)(https?|mailto):", waarde or ""):
                gevonden.append(f"{naam}={waarde!r} op <{tag}>")
    return gevonden


@pytest.mark.parametrize("aanval", AANVALLEN)
def test_gevaarlijke_invoer_overleeft_niet(aanval: str) -> None:
    html = markdown_naar_html(f"Tekst ervoor\n\n{aanval}\n\nen *inline* {aanval} erna")
    assert gevaren(html) == [], html
    assert "<script" not in html.lower()


def test_een_veilige_deelverzameling_blijft_over() -> None:
    html = markdown_naar_html(
        "# Kop\n\n## Tussenkop\n\n*schuin* **vet** `code`\n\n- een\n- twee\n\n1. eerst\n\n"
        "[CoMensha](https://www.comensha.nl)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> citaat"
    )
    # The page title is the only h1: headings in the text move one level down.
    assert "<h1" not in html
    assert "<h2>Kop</h2>" in html
    assert "<h3>Tussenkop</h3>" in html
    for stuk in ("<em>schuin</em>", "<strong>vet</strong>", "<code>code</code>", "<ul>", "<ol>"):
        assert stuk in html
    assert '<a href="https://www.comensha.nl" rel="noopener noreferrer">CoMensha</a>' in html
    assert '<th align="left">a</th>' in html
    assert "<blockquote>" in html


def test_ruwe_html_blijft_zichtbare_tekst() -> None:
    html = markdown_naar_html("Dit is <b>geen</b> opmaak.")
    assert "&lt;b&gt;geen&lt;/b&gt;" in html
    assert "<b>" not in html


def test_de_controle_zelf_ziet_een_gevaar() -> None:
    """The check above can fail: unsanitised markup is reported."""
    assert gevaren('<img src=x onerror=alert(1)><a href="javascript:x">a</a>') == [
        "element <img>",
        "src='x' op <img>",
        "attribuut onerror op <img>",
        "href='javascript:x' op <a>",
    ]
