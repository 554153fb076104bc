"""`{% kept_fields %}` draws a form once for everything that changes it (endorsement.templatetags)."""

from django import forms
from django.template import Context, Template

from endorsement.forms import draw_selects_inline

PAGE = Template('{% load kept_forms %}{% kept_fields form "reviews/_filter_fields.html" %}')


class Filters(forms.Form):
    colour = forms.ChoiceField(label="Colour", required=False)
    size = forms.IntegerField(label="Size", required=False, min_value=1)

    def __init__(self, *args, colours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].choices = [("", "Any"), *((colour, colour.title()) for colour in colours)]
        draw_selects_inline(self)


def drawn(data=None, colours=("red", "blue")):
    return PAGE.render(Context({"form": Filters(data, colours=colours)}))


def test_the_kept_markup_is_what_the_template_draws():
    from django.template.loader import render_to_string

    form = Filters({"colour": "blue"}, colours=("red", "blue"))
    assert drawn({"colour": "blue"}) == render_to_string("reviews/_filter_fields.html", {"form": form})


def test_a_chosen_value_a_new_choice_and_an_error_each_draw_afresh():
    assert '<option value="blue" selected>' in drawn({"colour": "blue"})
    assert '<option value="red" selected>' in drawn({"colour": "red"})
    assert '<option value="green">Green</option>' in drawn({"colour": "red"}, colours=("red", "green"))
    form = Filters({"size": "0"}, colours=("red",))
    form.is_valid()
    assert "Ensure this value is greater than or equal to 1." in PAGE.render(Context({"form": form}))
    assert "Ensure this value" not in drawn({"size": "2"})


def test_a_widget_attribute_set_for_one_form_draws_afresh():
    form = Filters(None, colours=("red",))
    form.fields["size"].widget.attrs["max"] = "9"
    assert 'max="9"' in PAGE.render(Context({"form": form}))
    assert 'max="9"' not in drawn()
