"""Server-rendered SVG charts: the geometry is computed here, the templates only draw it.

Every bar carries its value as text, so colour never carries meaning on its own; the
templates give each chart a title and a description and put the same figures in a table.
"""

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Narrow drawings, so that the text stays legible when a phone scales them down.
WIDTH = 440
COLUMN_WIDTH = 480
ROW = 28
BAR = 18
LABEL_WIDTH = 140
VALUE_WIDTH = 80
COLUMN_AREA = 180
COLUMN_LABELS = 40
COLUMN_TOP = 22


def _number(value, decimals):
    if value is None:
        return _("no data")
    return number_format(value, decimals, force_grouping=True)


def bar_chart(items, *, title, description, decimals=0, unit=""):
    """A horizontal bar chart of `items` ({"label", "value"}; a None value draws no bar)."""
    largest = max((item["value"] or 0 for item in items), default=0) or 1
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, item in enumerate(items):
        value = item["value"] or 0
        length = round(area * value / largest, 1)
        top = index * ROW + (ROW - BAR) / 2
        text = _number(item["value"], decimals) + (f" {unit}" if unit and item["value"] is not None else "")
        bars.append(
            {
                "label": item["label"],
                "text": text,
                "x": LABEL_WIDTH,
                "y": top,
                "width": length,
                "height": BAR,
                "label_x": LABEL_WIDTH - 8,
                "text_x": LABEL_WIDTH + length + 6,
                "text_y": top + BAR / 2,
            }
        )
    return {
        "id": "chart-" + slugify(title),
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": max(len(items), 1) * ROW,
        "bars": bars,
        "rows": bars,
    }


def column_chart(items, *, title, description):
    """A column chart of `items` ({"label", "short", "value"}), e.g. one column per month."""
    largest = max((item["value"] for item in items), default=0) or 1
    slot = COLUMN_WIDTH / max(len(items), 1)
    width = round(slot * 0.6, 1)
    baseline = COLUMN_TOP + COLUMN_AREA
    columns = []
    for index, item in enumerate(items):
        height = round(COLUMN_AREA * item["value"] / largest, 1)
        centre = round(slot * index + slot / 2, 1)
        columns.append(
            {
                "label": item["label"],
                "short": item["short"],
                "sub": item.get("sub", ""),
                "text": _number(item["value"], 0),
                "x": round(centre - width / 2, 1),
                "y": baseline - height,
                "width": width,
                "height": height,
                "centre": centre,
                "text_y": baseline - height - 6,
                "label_y": baseline + 16,
                "sub_y": baseline + 32,
            }
        )
    return {
        "id": "chart-" + slugify(title),
        "title": title,
        "description": description,
        "width": COLUMN_WIDTH,
        "height": baseline + COLUMN_LABELS,
        "baseline": baseline,
        "columns": columns,
        "rows": columns,
    }
