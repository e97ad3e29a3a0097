"""Form pieces every app shares."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms


class FilterForm(forms.Form):
    """The one GET form every FilterSet renders (`Meta.form = FilterForm`, then
    `{% crispy filter.form %}`): its fields in a responsive grid, a Filter button, and a
    Clear link back to the page without parameters (its defaults).

    A list that wants wider or narrower fields subclasses it and sets `column_class`, rather
    than writing a FormHelper of its own.
    """

    column_class = "col-sm-6 col-lg-4 col-xxl-3"
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
