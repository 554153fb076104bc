"""What the applicant journeys (in English and in Spanish) fill in the same way: an IFS
application's degree, position and RS/C period, found by the fields' ids, and a rater's answers
on the rating form. Each journey presses its own buttons and checks its own words."""

import datetime

# The three raters an IFS application names: (name, email, role, endorsements held, capacity).
RATERS = [
    ("Pat Supervisor", "pat.supervisor@example.org", "current_supervisor", ["IFS"], "supervisor"),
    ("Sam Okafor", "sam.okafor@example.org", "rsc_provider", ["IMHS"], "rsc_provider"),
    ("Lee Colleague", "lee.colleague@example.org", "colleague", [], "colleague"),
]


def ifs_card(page, edition="orimha"):
    """The IFS card of an edition on the page where an application is started."""
    return page.locator("li.card").filter(has=page.locator(f'a[href="/guidelines/{edition}/ifs/"]'))


def fill_degree(page, transcript):
    """A Bachelor's degree with its transcript (a file path), on the education page."""
    page.locator("#id_degree-level").select_option("bachelor")
    page.locator("#id_degree-name").fill("BSW")
    page.locator("#id_degree-institution").fill("Portland State University")
    page.locator("#id_degree-conferred").fill("2016-06-15")
    page.locator("#id_degree-upload").set_input_files(str(transcript))


def fill_position(page, title):
    """A paid, infant-related position since 2018 with 12 families, still held, on the work page."""
    page.locator("#id_work-title").fill(title)
    page.locator("#id_work-employer").fill("Healthy Families Oregon")
    page.locator("#id_work-start").fill("2018-01-08")
    page.locator("#id_work-families_served").fill("12")
    for name in ("paid", "infant_related", "social_emotional_focus", "relationship_focus"):
        page.locator(f"input[name='work-{name}'][value='True']").check()


def fill_rsc_period(page, today):
    """30 hours of individual RS/C over 16 months from an IMHS-endorsed provider."""
    page.locator("#id_rsc-provider").fill("Dr. Sam Okafor")
    page.locator("input[name='rsc-provider_endorsements'][value='IMHS']").check()
    page.locator("input[name='rsc-format'][value='individual']").check()
    page.locator("#id_rsc-start").fill((today - datetime.timedelta(days=510)).isoformat())
    page.locator("#id_rsc-end").fill((today - datetime.timedelta(days=20)).isoformat())
    page.locator("#id_rsc-hours").fill("30")


def rate_every_area(rater, comment):
    """On the rating form: a 3 in every area, and `comment` in every comment box."""
    groups = rater.locator("fieldset[id^='area_']")
    assert groups.count() > 0
    for index in range(groups.count()):
        groups.nth(index).locator("input[type=radio][value='3']").check()
    comments = rater.locator("textarea[name^='comment_']")
    for index in range(comments.count()):
        rater.locator("details:has(textarea[name^='comment_']) > summary").nth(index).click()
        comments.nth(index).fill(comment)
