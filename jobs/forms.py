"""Forms of the job pages: a bulk import (a zip with its manifest) and an extraction job."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings

from delegations.models import Delegation
from positions.permissions import delegations_user_may_speak_for, is_admin
from provisions.models import Session

from .archive import ArchiveError, ZipSource, read_batch
from .services import import_limits


class ImportForm(forms.Form):
    """A zip of statements (.txt, .pdf, .docx) with manifest.csv; checked before it is queued."""

    archive = forms.FileField(
        label="Zip archive",
        help_text="The statements (.txt, .pdf, .docx) and manifest.csv, whose columns are file, "
        "delegation, session, date, title (see below).",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = 0
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.form_id = "import-form"
        self.helper.add_input(Submit("import", "Import"))

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The archive is {upload.size / 1048576:.1f} MB, over the "
                f"{settings.IMPORT_MAX_BYTES / 1048576:.0f} MB limit; split it."
            )
        try:
            batch = read_batch(
                ZipSource(upload, limits=import_limits()), max_files=settings.IMPORT_MAX_FILES
            )
        except ArchiveError as error:
            raise forms.ValidationError(str(error)) from None
        self.rows = len(batch.rows)
        upload.seek(0)
        return upload


class ExtractJobForm(forms.Form):
    """Which statements to run the extractor on again: a delegation's, a session's, or all."""

    delegation = forms.ModelChoiceField(
        queryset=Delegation.objects.none(), required=False, to_field_name="code"
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["delegation"].queryset = delegations_user_may_speak_for(user)
        self.fields["session"].queryset = Session.objects.chronological()
        if is_admin(user):
            self.fields["delegation"].empty_label = "All delegations"
        else:
            self.fields["delegation"].required = True
        self.fields["session"].empty_label = "All sessions"
        self.helper = FormHelper()
        self.helper.form_id = "extract-form"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end"
        self.helper.add_input(Submit("extract", "Extract stances again", css_class="btn-secondary"))
