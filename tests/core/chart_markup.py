"""Reading chart markup back: the SVG as XML, the data table as rows."""

import re
from xml.etree import ElementTree

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(markup: str) -> ElementTree.Element:
    match = re.search(r"<svg.*</svg>", markup, re.S)
    assert match, markup
    return ElementTree.fromstring(match.group(0))  # noqa: S314 (our own markup)


def table_rows(markup: str) -> list[list[str]]:
    body = markup.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in body.split("</tr>") if row]
