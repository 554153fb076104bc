"""`{{ user|person_name }}` in templates: the same rule as `applications.people`."""

from django import template

from applications import people

register = template.Library()


@register.filter
def person_name(user):
    return people.person_name(user) if user is not None else ""
