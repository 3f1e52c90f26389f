"""HTML from the outside (feed summaries, Mastodon statuses) turned into plain text.

nh3 first removes everything but a few block tags (scripts and styles with their content, every
attribute, so every link target); the standard library's parser then reads what is left, turning
paragraphs and line breaks into new lines and entities into characters. Link texts stay as text;
link targets never survive. The result is stored as plain text and always shown autoescaped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

__all__ = ["html_to_text"]

BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
)
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "svg",
    "math",
    "head",
    "title",
}
MAX_INPUT = 2_000_000
_SPACES = re.compile(r"[^\S\n]+|\u200b")
_BLANK_LINES = re.compile(r"\n{3,}")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs on their own lines, spaces collapsed."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html[:MAX_INPUT],
        tags=set(BLOCKS),
        attributes={},
        clean_content_tags=DROPPED_WITH_CONTENT,
        link_rel=None,
    )
    parser = _TextParser()
    parser.feed(cleaned)
    parser.close()
    return text_tidy("".join(parser.parts))


def text_tidy(text: str) -> str:
    """Collapse spaces inside lines and blank lines between paragraphs; drop control characters."""
    text = "".join(char for char in text if char.isprintable() or char.isspace())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
