"""The work page's ratings side by side, drawn by `{% ratings_side_by_side %}`."""

from types import SimpleNamespace

from django.utils import translation

from reviews.templatetags.work_tables import ratings_side_by_side


def ratings(comments=("", "Warm with <b>families</b>\nand steady")):
    return {
        "raters": [SimpleNamespace(name="Ana"), SimpleNamespace(name="Ben")],
        "domains": [
            {
                "domain": SimpleNamespace(title="Theoretical <Foundations>"),
                "rows": [
                    {
                        "area": SimpleNamespace(name="pregnancy & early parenthood"),
                        "cells": [3, 3],
                        "spread": False,
                    },
                    {"area": SimpleNamespace(name="infant development"), "cells": [2, "n/i"], "spread": True},
                    {"area": SimpleNamespace(name="attachment"), "cells": [4, "—"], "spread": False},
                ],
                "comments": list(comments),
            }
        ],
    }


def test_each_domain_is_a_group_of_area_rows_with_the_raters_comments_last():
    with translation.override("en"):
        html = ratings_side_by_side(ratings())
    assert html.count("<tbody>") == 1
    assert '<th scope="colgroup" colspan="3">Theoretical &lt;Foundations&gt;</th>' in html
    assert (
        '<tr><th scope="row">Pregnancy &amp; early parenthood</th><td class="num">3</td><td class="num">3</td></tr>'
        in html
    )
    assert '<td class="num">4</td><td class="num">—</td>' in html
    assert (
        html.index("Pregnancy")
        < html.index("Infant development")
        < html.index("Attachment")
        < html.index("Comments")
    )


def test_rows_where_the_raters_differ_are_marked():
    with translation.override("en"):
        html = ratings_side_by_side(ratings())
    assert (
        '<tr class="work-differ"><th scope="row">Infant development <span class="work-flag">differ</span></th>'
        '<td class="num">2</td><td class="num">n/i</td></tr>'
    ) in html
    assert html.count("work-differ") == 1


def test_comments_are_escaped_keep_their_line_breaks_and_show_a_dash_when_empty():
    html = ratings_side_by_side(ratings())
    assert "<td>—</td>" in html
    assert "<td>Warm with &lt;b&gt;families&lt;/b&gt;<br>and steady</td>" in html
    assert "<b>" not in html


def test_the_table_speaks_the_language_of_the_page():
    with translation.override("es"):
        html = ratings_side_by_side(ratings())
    assert "Comments" not in html
    assert "differ<" not in html
