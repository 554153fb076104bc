"""`get_<field>_display()` that translates the one label it returns.

Django's own builds a dictionary of the field's choices on every call, and hashing each lazy
label on the way translates all of them: a status column of fifty rows translated every
status fifty times. Here the choices are read once per field (they are fixed once the model is
built) and only the label shown is translated, in the language active at the time.
"""

import functools
from functools import partialmethod

from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@functools.cache
def _labels(field):
    return {make_hashable(value): label for value, label in field.flatchoices}


def _display(instance, field):
    value = getattr(instance, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def use_for(model):
    """Give `model` this display for each field whose choices are a fixed list and whose display
    Django made (a model's own `get_<field>_display` stays)."""
    for field in model._meta.local_fields:
        if not isinstance(field.choices, list | tuple):
            continue
        name = f"get_{field.name}_display"
        made = model.__dict__.get(name)
        if isinstance(made, partialmethod) and made.func is Model._get_FIELD_display:
            setattr(model, name, partialmethod(_display, field=field))


def on_class_prepared(sender, **kwargs):
    use_for(sender)
