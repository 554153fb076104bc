"""The page layout every visitor sees: skip link, navigation, account area, messages."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from endorsement import roles

from .staff_factories import give_totp


def nav_links(content):
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', content, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def hrefs(content):
    return set(re.findall(r'href="([^"#]+)[^"]*"', content))


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user("admin", "admin@example.org", "pw", is_staff=True)
    give_totp(user)
    return user


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coord", "coord@example.org", "pw")
    roles.ensure_groups()
    user.groups.add(Group.objects.get(name=roles.COORDINATORS))
    give_totp(user)
    return user


@pytest.mark.django_db
def test_skip_link_is_the_first_link_and_points_at_main(client):
    content = client.get(reverse("home")).content.decode()

    body = content[content.index("<body") :]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'href="#main"' in first_link
    assert "Skip to main content" in body[: body.index("</a>")]
    assert '<main id="main"' in content


@pytest.mark.django_db
def test_page_has_header_navigation_and_footer(client):
    content = client.get(reverse("home")).content.decode()

    assert '<a class="brand" href="/">Endorsement</a>' in content
    assert '<nav class="site-nav" aria-label="Main">' in content
    assert '<footer class="site-footer">' in content
    assert 'href="/static/css/site.css"' in content
    assert 'href="/static/css/print.css" media="print"' in content


@pytest.mark.django_db
def test_anonymous_visitor_gets_public_navigation_and_sign_in_links(client):
    content = client.get(reverse("home")).content.decode()

    assert nav_links(content) == [
        ("/", "Home"),
        ("/guidelines/", "Competency guidelines"),
        ("/directory/", "Directory"),
    ]
    assert f'href="{reverse("account_login")}"' in content
    assert f'href="{reverse("account_signup")}"' in content
    assert "Sign out" not in content


@pytest.mark.django_db
def test_staff_user_gets_admin_in_navigation_and_a_sign_out_form(client, staff_user):
    client.force_login(staff_user)

    content = client.get(reverse("home")).content.decode()

    assert nav_links(content) == [
        ("/", "Home"),
        ("/guidelines/", "Competency guidelines"),
        ("/directory/", "Directory"),
        ("/applications/", "Your applications"),
        ("/endorsements/", "Your endorsements"),
        ("/admin/", "Admin"),
    ]
    assert "admin@example.org" in content
    form = re.search(r'<form class="account-signout"[^>]*>(.*?)</form>', content, re.S)
    assert 'method="post"' in form.group(0)
    assert f'action="{reverse("account_logout")}"' in form.group(0)
    assert "csrfmiddlewaretoken" in form.group(1)
    assert f'href="{reverse("account_login")}"' not in content


@pytest.mark.django_db
def test_signed_in_user_sees_their_roles(client, coordinator):
    client.force_login(coordinator)

    content = client.get(reverse("home")).content.decode()

    assert re.search(
        r"coord@example.org</strong>\s*<span class=\"account-roles\">· Coordinator</span>", content
    )
    assert "Your roles: Coordinator." in content


@pytest.mark.django_db
def test_signed_in_user_without_roles_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("a", "applicant@example.org", "pw"))

    content = client.get(reverse("home")).content.decode()

    assert "Your account has no coordinator, reviewer or advisor role." in content
    assert "/admin/" not in content


@pytest.mark.django_db
def test_current_page_is_marked_in_the_navigation(client, guidelines):
    content = client.get(reverse("competencies:category", args=["orimha", "ifs"])).content.decode()

    assert '<a href="/guidelines/" aria-current="page">Competency guidelines</a>' in content
    assert '<a href="/">Home</a>' in content


@pytest.mark.django_db
def test_coordinator_navigation_marks_the_most_specific_item(client, coordinator):
    client.force_login(coordinator)

    content = client.get(reverse("renewal_queue:index")).content.decode()

    assert ("/coordinator/", "Coordinator queue") in nav_links(content)
    assert '<a href="/coordinator/renewals/" aria-current="page">Renewal queue</a>' in content
    assert '<a href="/coordinator/">Coordinator queue</a>' in content


@pytest.mark.django_db
def test_sign_out_message_is_announced_as_a_status(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("account_logout"), follow=True)

    content = response.content.decode()
    assert re.search(r'<p class="message message-success" role="status">You have signed out.</p>', content)


def test_errors_and_warnings_are_announced_as_alerts():
    messages = [Message(constants.ERROR, "Upload failed."), Message(constants.INFO, "Saved.")]

    content = render_to_string(
        "_messages.html", {"messages": messages, "DEFAULT_MESSAGE_LEVELS": constants.DEFAULT_LEVELS}
    )

    assert '<p class="message message-error" role="alert">Upload failed.</p>' in content
    assert '<p class="message message-info" role="status">Saved.</p>' in content


@pytest.mark.django_db
def test_home_explains_the_system_for_each_kind_of_user(client):
    content = client.get(reverse("home")).content.decode()

    for heading in ["Applicants", "Reference raters", "Coordinators, reviewers and advisors", "The public"]:
        assert f">{heading}</h3>" in content
    assert 'href="/guidelines/"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_home_links_only_to_pages_that_exist(client, staff_user, who):
    if who == "staff":
        client.force_login(staff_user)

    content = client.get(reverse("home")).content.decode()

    internal = {href for href in hrefs(content) if href.startswith("/") and not href.startswith("/static/")}
    assert internal
    for href in sorted(internal):
        assert client.get(href).status_code == 200, href


@pytest.mark.django_db
def test_allauth_pages_use_the_site_layout(client):
    content = client.get(reverse("account_login")).content.decode()

    assert re.search(r"<title>\s*Sign In\s*· Endorsement</title>", content)
    assert 'href="#main"' in content
    assert '<nav class="site-nav" aria-label="Main">' in content
    assert "Menu:" not in content
    assert re.search(r'<main id="main" tabindex="-1" class="site-main wrap page-narrow">', content)
    assert 'name="password"' in content


@pytest.mark.django_db
def test_account_settings_pages_show_the_account_menu(client, staff_user):
    client.force_login(staff_user)

    content = client.get(reverse("account_change_password")).content.decode()

    assert '<nav class="subnav" aria-label="Account settings">' in content
    assert f'<a href="{reverse("account_change_password")}" aria-current="page">Password</a>' in content
    assert f'href="{reverse("account_email")}"' in content


@pytest.mark.django_db
def test_unknown_page_uses_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_stylesheets_are_our_own_static_files():
    for name in ["css/site.css", "css/print.css"]:
        assert finders.find(name), name
    site = Path(finders.find("css/site.css")).read_text()
    assert ":focus-visible" in site
    assert "@import" not in site
    assert "http" not in site
    print_css = Path(finders.find("css/print.css")).read_text()
    assert ".site-nav" in print_css
    assert ".skip-link" in print_css
