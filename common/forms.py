"""Form pieces every app shares."""

from collections import OrderedDict

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FilterForm(forms.Form):
    """The one GET form every FilterSet renders (`Meta.form = FilterForm`, then
    `{% crispy filter.form %}`): its fields in a responsive grid, a Filter button, and a
    Clear link back to the page without parameters (its defaults).

    A list that wants wider or narrower fields subclasses it and sets `column_class`, rather
    than writing a FormHelper of its own.
    """

    column_class = "col-sm-6 col-lg-3"
    form_class = "filter-form mb-3"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = self.form_class
        self.helper.disable_csrf = True
        columns = [Column(name, css_class=self.column_class) for name in self.fields]
        self.helper.layout = Layout(
            Row(*columns, css_class="g-2"),
            Submit("", "Filter", css_class="btn-sm"),
            HTML('<a class="btn btn-sm btn-link" href="?">Clear</a>'),
        )


class ChoicesKeyedLayoutHelper(FormHelper):
    """A GET form's crispy helper that reuses the markup of a form it has rendered before with
    the same choices and values (a filter form whose choices are read per request, e.g. per
    reviewer): crispy's templates per field cost more than comparing a few hundred choices.
    A process keeps its last `LIMIT` forms; a form with errors is rendered afresh.
    """

    LIMIT = 64
    _rendered: OrderedDict = OrderedDict()

    @classmethod
    def wrap(cls, helper: FormHelper) -> "ChoicesKeyedLayoutHelper":
        cached = cls()
        cached.__dict__.update(helper.__dict__)
        return cached

    def render_layout(self, form, context, template_pack=TEMPLATE_PACK):
        key = self.key(form)
        if key is None:
            return super().render_layout(form, context, template_pack)
        html = self._rendered.get(key)
        if html is None:
            html = super().render_layout(form, context, template_pack)
            self._rendered[key] = html
            while len(self._rendered) > self.LIMIT:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return html

    @staticmethod
    def key(form):
        if form.is_bound and form.errors:
            return None
        choices = tuple(
            (name, tuple(getattr(field, "choices", ()))) for name, field in form.fields.items()
        )
        values = (
            tuple((name, tuple(form.data.getlist(name))) for name in sorted(form.fields))
            if form.is_bound
            else None
        )
        return (type(form).__qualname__, choices, values)


class SharedChoices(BaseChoiceIterator):
    """A read-only choice list that forms share instead of copying.

    Django copies a choice field's choices for every form (`deepcopy` when the form is made,
    a normalised list when the field is): for the filter forms' 700 reference choices that was
    about a sixth of the stance table's time. Wrapped in this, the field keeps the list as it
    is (Django leaves choice iterators alone) and every copy is the same object. The list
    must not be changed afterwards.
    """

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __bool__(self):
        return bool(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _select_html(widget, name, value, attrs, *, multiple: bool) -> str:
    """A select's markup written in one pass: the same as Django's Select / SelectMultiple
    (option values and labels escaped), without a template per option."""
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    final_attrs["name"] = name
    selected = {str(v) for v in widget.format_value(value)}
    options = "".join(
        f'<option value="{escape(str(v))}"{" selected" if str(v) in selected else ""}>'
        f"{escape(str(label))}</option>"
        for v, label in widget.choices
    )
    return mark_safe(  # noqa: S308
        f"<select{flatatt(final_attrs)}{' multiple' if multiple else ''}>{options}</select>"
    )


class ListSelectMultiple(forms.SelectMultiple):
    """A multiple select whose options are written in Python, not one template each.

    The filter forms list every delegation and provision (about 700 options at 200 x 300);
    through Django's per-option templates they took over 100 ms of every analyst page.
    The markup is the same as SelectMultiple's (option values and labels escaped).
    """

    def render(self, name, value, attrs=None, renderer=None):
        return _select_html(self, name, value, attrs, multiple=True)


class ListSelect(forms.Select):
    """A single select written in Python, like ListSelectMultiple: the statement list's
    delegation and session selects (about 250 options) took a third of that page through
    Django's per-option templates. Same markup as Select (an empty choice included)."""

    def render(self, name, value, attrs=None, renderer=None):
        return _select_html(self, name, value, attrs, multiple=False)


class LabelledDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date boxes, each named for assistive technology ("Stated from", "Stated until"):
    the field's one label can only point at the first."""

    def __init__(self, attrs=None, *, names=("from", "until")):
        super().__init__(attrs)
        for widget, name in zip(self.widgets, names, strict=True):
            widget.attrs["aria-label"] = name


class CodeMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """A multiple choice of codes that also accepts lower case (`?delegation=jpn`)."""

    def to_python(self, value):
        return [item.upper() for item in super().to_python(value)]


class CodeMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CodeMultipleChoiceField
