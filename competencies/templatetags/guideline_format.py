"""How guideline text is written on the page: level numerals, *emphasis*, glossary definitions."""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
STRONG = re.compile(r"\*\*([^*\n]+)\*\*")
EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@register.filter
def roman(level):
    """Category levels are written I to IV."""
    try:
        return ROMAN.get(int(level), str(level))
    except (TypeError, ValueError):
        return level


@register.filter
def emphasis(text):
    """Escape the text; the document's *titles* in italics, its **stressed words** in bold."""
    text = STRONG.sub(r"<strong>\1</strong>", escape(text))
    return mark_safe(EMPHASIS.sub(r"<em>\1</em>", text))  # noqa: S308 -- escaped above


@register.filter
def definition(text):
    """A glossary definition: paragraphs, with lines starting "- " as a bulleted list."""
    blocks, bullets = [], []

    def flush():
        if bullets:
            blocks.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((b,) for b in bullets)))
            )
            bullets.clear()

    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            bullets.append(emphasis(line[2:]))
        else:
            flush()
            blocks.append(format_html("<p>{}</p>", emphasis(line)))
    flush()
    return mark_safe("".join(blocks))  # noqa: S308 -- every part built with format_html
