"""Markdown of kennisbank items to safe HTML: a small, fixed subset and nothing else.

Two layers. Markdown itself gets no raw HTML (its HTML processors are removed, so `<b>` in
the text stays visible text), and the result is then cleaned by nh3 with an allowlist, in
case a Markdown construct ever yields something unexpected. Images are not allowed at all:
an image from another host would tell that host who reads the article.
"""

import xml.etree.ElementTree as etree  # nosec B405 # type of the Markdown tree; never parses XML

import markdown  # type: ignore[import-untyped]  # no stubs pinned
import nh3
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.extensions.tables import TableExtension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

TOEGESTANE_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
TOEGESTANE_ATTRIBUTEN = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
TOEGESTANE_SCHEMAS = {"http", "https", "mailto"}


class _KoppenOmlaag(Treeprocessor):
    """The page's title is its only h1: a `#` heading in the text becomes an h2, and so on."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5"):
                element.tag = f"h{int(element.tag[1]) + 1}"


class _ZonderHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_KoppenOmlaag(md), "koppen_omlaag", 1)


def markdown_naar_html(tekst: str) -> str:
    md = markdown.Markdown(
        extensions=[
            _ZonderHtml(),
            "markdown.extensions.sane_lists",
            "markdown.extensions.fenced_code",
            # align="..." instead of style="text-align: ...": the CSP allows no inline style.
            TableExtension(use_align_attribute=True),
        ],
        output_format="html",
    )
    ruw = md.convert(tekst)
    return nh3.clean(
        ruw,
        tags=TOEGESTANE_TAGS,
        attributes=TOEGESTANE_ATTRIBUTEN,
        url_schemes=TOEGESTANE_SCHEMAS,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
