"""How people are named and words read, the same on every page and in every email:
`{{ user|person_name }}`, `{{ user|greeting }}`, `{{ label|mid_sentence }}` (rules in
`applications.people`)."""

from django import template

from applications import people

register = template.Library()


@register.filter
def person_name(user):
    return people.person_name(user) if user is not None else ""


@register.filter
def greeting(person):
    """{{ user|greeting }}, {{ reference.name|greeting }}: "Hello María Elena López"."""
    return people.greeting(person)


@register.filter
def mid_sentence(label):
    """A label as it reads inside a sentence: the first letter lowered, abbreviations kept.
    "Training" → "training"; "RS/C period" → "RS/C period" (where `|lower` wrote "rs/c period")."""
    label = str(label)
    first_word = label.split(" ", 1)[0]
    if len(first_word) > 1 and (first_word[1].isupper() or not first_word[1].isalpha()):
        return label
    return label[:1].lower() + label[1:]
