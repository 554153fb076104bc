import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import RSCEntry, TrainingEntry

from .factories import make_application, upload

pytestmark = pytest.mark.django_db


def csv_file(text, name="log.csv"):
    return upload(name, text.encode(), "text/csv")


GOOD_TRAINING = (
    "title,provider,date,hours,about_rsc\n"
    "Attachment basics,State IMH,2024-03-01,6.5,no\n"
    "Reflective practice,,03/15/2024,3,yes\n"
    "Trauma-informed care,Agency,2024-04-02,1.25,0\n"
)


def test_preview_lists_every_row_and_every_wrong_row_with_its_reason(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    bad = GOOD_TRAINING + "Missing date,,,2,no\nBad hours,,2024-05-01,lots,no\nOdd flag,,2024-05-01,2,maybe\n"
    response = client.post(
        reverse("applications:import_training", args=[application.pk]),
        {"action": "preview", "csv_file": csv_file(bad)},
    )
    page = response.text
    assert "3 rows need fixing — nothing was added" in page
    assert "Row 5" in page and "Column “date”: This field is required." in page
    assert "Row 6" in page and "Column “hours”: Enter a number." in page
    assert "Row 7" in page and "Column “about_rsc”: “maybe” is not yes or no." in page
    assert "Attachment basics" in page
    assert 'name="action" value="confirm"' not in page
    assert not TrainingEntry.objects.exists()


def test_confirming_a_clean_file_adds_all_rows_at_once(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:import_training", args=[application.pk])
    preview = client.post(url, {"action": "preview", "csv_file": csv_file(GOOD_TRAINING)})
    assert "3 entries will be added" in preview.text
    assert not TrainingEntry.objects.exists()
    digest = preview.context["digest"]
    response = client.post(url, {"action": "confirm", "digest": digest})
    assert response.status_code == 302
    entries = list(TrainingEntry.objects.filter(application=application).order_by("date"))
    assert [(e.title, e.date, e.hours, e.about_rsc) for e in entries] == [
        ("Attachment basics", datetime.date(2024, 3, 1), Decimal("6.50"), False),
        ("Reflective practice", datetime.date(2024, 3, 15), Decimal("3.00"), True),
        ("Trauma-informed care", datetime.date(2024, 4, 2), Decimal("1.25"), False),
    ]
    # A second confirmation (double click, back button) adds nothing more.
    again = client.post(url, {"action": "confirm", "digest": digest})
    assert again.status_code == 302
    assert TrainingEntry.objects.filter(application=application).count() == 3


def test_confirm_with_a_stale_preview_adds_nothing(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:import_training", args=[application.pk])
    client.post(url, {"action": "preview", "csv_file": csv_file(GOOD_TRAINING)})
    response = client.post(url, {"action": "confirm", "digest": "not-the-preview"}, follow=True)
    assert "That preview has expired or was replaced" in response.text
    assert not TrainingEntry.objects.exists()


def test_rsc_import_reads_codes_and_formats(client, guidelines):
    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    url = reverse("applications:import_rsc", args=[application.pk])
    text = (
        "provider,provider_endorsements,format,start,end,hours,about_rsc_provided\n"
        "Dr. Rivera,IMHM-C;ers,Individual,2024-01-10,2024-12-18,12,no\n"
        "Group RS/C,IMHS,group,01/05/2024,06/30/2024,8.5,true\n"
    )
    preview = client.post(url, {"action": "preview", "csv_file": csv_file(text)})
    client.post(url, {"action": "confirm", "digest": preview.context["digest"]})
    entries = list(RSCEntry.objects.filter(application=application).order_by("start"))
    assert [(e.provider, e.provider_endorsements, e.format, e.hours) for e in entries] == [
        ("Group RS/C", ["IMHS"], "group", Decimal("8.50")),
        ("Dr. Rivera", ["IMHM-C", "ERS"], "individual", Decimal("12.00")),
    ]


def test_a_file_without_the_columns_is_explained_at_the_field(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:import_training", args=[application.pk]),
        {"action": "preview", "csv_file": csv_file("name,when\nx,y\n")},
    )
    assert 'id="id_csv_file_error"' in response.text
    assert "Missing: title, date, hours" in response.text


def test_template_csv_is_offered(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    page = client.get(reverse("applications:import_training", args=[application.pk])).text
    template_url = reverse("applications:import_template", args=["training"])
    assert template_url in page
    response = client.get(template_url)
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "title,provider,date,hours,about_rsc"


def test_a_row_with_several_mistakes_is_reported_with_every_one_each_a_whole_sentence(client, guidelines):
    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    text = (
        "provider,provider_endorsements,format,start,end,hours,about_rsc_provided\n"
        "Dr. Rivera,IMHM-C,weekly,2024-01-10,04/22/2024x,lots,maybe\n"
        ",IMHM-C,group,2024-01-10,2024-02-10,2,no\n"
    )
    response = client.post(
        reverse("applications:import_rsc", args=[application.pk]),
        {"action": "preview", "csv_file": csv_file(text)},
    )
    problems = response.context["problems"]
    assert [problem["row"] for problem in problems] == [2, 3]
    first = problems[0]["reasons"]
    assert "Column “about_rsc_provided”: “maybe” is not yes or no." in first
    assert "Column “hours”: Enter a number." in first
    assert any(reason.startswith("Column “format”: Select a valid choice.") for reason in first)
    assert any(reason.startswith("Column “end”: ") for reason in first)
    assert len(first) == 4
    assert problems[1]["reasons"] == ["Column “provider”: This field is required."]
    for reason in first + problems[1]["reasons"]:
        assert ".;" not in reason and reason.endswith(".")
    assert "<li>Column “hours”: Enter a number.</li>" in response.text
    assert not RSCEntry.objects.exists()
