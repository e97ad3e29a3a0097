"""Forms for delegation staff: statements (pasted or uploaded), stances, and the statement filter.

Forms validate and present; the services in `positions/services/` write.
"""

import re

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from common.forms import FilterForm, ListSelect
from delegations.models import Delegation
from provisions.models import Provision, Session

from .documents import MAX_TEXT_CHARS, DocumentError, ExtractedText
from .evidence import evidence_locate
from .models import LANGUAGES, Stance, Statement
from .parsing import extract_text_within_budget
from .permissions import delegations_user_may_speak_for, is_admin, user_delegation


class VersionField(forms.IntegerField):
    """The version the editor loaded; the service refuses the save if the row moved on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


def _session_queryset():
    return Session.objects.chronological()


class SessionSelect(forms.Select):
    """The session box, each option with its first and last day (``data-start``, ``data-end``):
    the statement form's script picks the session under way on the date typed, when the box is
    still empty (static/js/statement-form.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        session = getattr(value, "instance", None)
        if session is not None:
            option["attrs"]["data-start"] = session.start_date.isoformat()
            option["attrs"]["data-end"] = session.end_date.isoformat()
        return option


# --- statements ---------------------------------------------------------------------------------


class StatementForm(forms.ModelForm):
    """A statement's details, and its text pasted or taken from an uploaded document.

    An uploaded file is checked and its text extracted in `clean_upload`; the view then shows the
    text for checking instead of saving (`self.extracted` is set). The uploaded original is kept
    between the two steps by the view (`pending_document` carries a signed reference to it).
    """

    upload = forms.FileField(
        required=False,
        label="Upload the document",
        help_text="A .txt, .pdf or .docx file. Its text is shown below for you to check; its "
        "title, date, speaker and session fill the boxes you left empty, and its language is "
        "detected. Or paste the text below.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,.docx"}),
    )
    pending_document = forms.CharField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    confirm_duplicate = forms.BooleanField(
        required=False,
        label="Save anyway: this is not the statement already recorded (or it was delivered twice)",
    )

    class Meta:
        model = Statement
        fields = list(Statement.EDITABLE_FIELDS)
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 16, "class": "statement-text-input"}),
        }
        labels = {"text": "Text", "source_url": "Source URL", "delivered_on": "Delivered on"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.extracted: ExtractedText | None = None
        own = user_delegation(user)
        if is_admin(user):
            self.fields["delegation"].queryset = Delegation.objects.all()
            self.fields["on_behalf_of"].queryset = Delegation.objects.groups()
        else:
            speakable = delegations_user_may_speak_for(user)
            self.fields["delegation"].queryset = speakable.exclude(kind=Delegation.Kind.GROUP)
            self.fields["on_behalf_of"].queryset = speakable.filter(kind=Delegation.Kind.GROUP)
        if own is not None and not self.instance.pk:
            self.fields["delegation"].initial = own.pk
        self.fields["on_behalf_of"].empty_label = "— (for itself)"
        self.fields["session"].queryset = _session_queryset()
        self.fields["session"].widget = SessionSelect(choices=self.fields["session"].choices)
        self.fields["text"].required = False
        self.fields["text"].help_text = "Paste the statement as delivered, or upload it above."
        language = self.fields["language"]
        choices = list(LANGUAGES)
        current = self.instance.language if self.instance.pk else None
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["language"] = forms.ChoiceField(
            choices=choices, initial=language.initial or "en", label=language.label
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data", "novalidate": ""}
        self.helper.form_id = "statement-form"
        # The document first: its text, title, date and speaker fill the form (nothing else needs
        # to be typed before uploading); then the details to check; then the text.
        self.helper.layout = Layout(
            "upload",
            Div(
                Submit("preview", "Upload and check text", css_class="btn-secondary"),
                css_class="mb-3",
            ),
            "title",
            Row(Column("delegation"), Column("on_behalf_of")),
            Row(Column("session"), Column("agenda_item"), Column("delivered_on")),
            Row(Column("speaker"), Column("language")),
            "source_url",
            Field("text"),
            "pending_document",
            "version",
            Submit("save", "Save statement"),
        )

    def ask_to_confirm_duplicate(self) -> None:
        """Show the "Save anyway" box above the save button; the form leaves it out until the
        delegation turns out to have a statement with this text already."""
        self.helper.layout.insert(len(self.helper.layout) - 1, "confirm_duplicate")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        max_bytes = settings.UPLOAD_MAX_BYTES
        if upload.size is not None and upload.size > max_bytes:
            raise forms.ValidationError(
                f"The file is {upload.size / 1048576:.1f} MB, over the "
                f"{max_bytes / 1048576:.1f} MB limit."
            )
        data = upload.read(max_bytes + 1)
        try:
            self.extracted = extract_text_within_budget(
                data,
                upload.name,
                max_bytes=max_bytes,
                max_pdf_pages=settings.UPLOAD_MAX_PDF_PAGES,
            )
        except DocumentError as error:
            raise forms.ValidationError(str(error)) from None
        upload.seek(0)
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        if len(text) > MAX_TEXT_CHARS:
            raise forms.ValidationError(
                f"The text is {len(text):,} characters long; a statement may have at most "
                f"{MAX_TEXT_CHARS:,} (the same limit as for uploaded files)."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if (
            not self.extracted
            and not (cleaned.get("text") or "").strip()
            and "upload" not in (self.errors)
        ):
            self.add_error("text", "Paste the statement's text or upload its document.")
        return cleaned


class StatementFilter(django_filters.FilterSet):
    """Statements by delegation (including those made on its behalf), session and date.

    Withdrawn statements are left out unless asked for.
    """

    delegation = django_filters.ModelChoiceFilter(
        queryset=Delegation.objects.all(),
        method="filter_delegation",
        label="Delegation",
        widget=ListSelect,
    )
    session = django_filters.ModelChoiceFilter(queryset=_session_queryset(), widget=ListSelect)
    delivered_after = django_filters.DateFilter(
        field_name="delivered_on",
        lookup_expr="gte",
        label="Delivered from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    delivered_before = django_filters.DateFilter(
        field_name="delivered_on",
        lookup_expr="lte",
        label="Delivered until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(method="filter_text", label="Title or speaker contains")
    withdrawn = django_filters.ChoiceFilter(
        choices=[("include", "Include withdrawn"), ("only", "Only withdrawn")],
        method="filter_withdrawn",
        empty_label="Hide withdrawn",
        label="Withdrawn",
    )

    class Meta:
        model = Statement
        fields = ["delegation", "session"]
        form = FilterForm

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.is_bound or not self.form.cleaned_data.get("withdrawn"):
            queryset = queryset.active()
        return queryset

    def filter_delegation(self, queryset, name, value):
        return queryset.for_delegation(value) if value else queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(speaker__icontains=value))

    def filter_withdrawn(self, queryset, name, value):
        if value == "only":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


# --- stances --------------------------------------------------------------------------------


class ProvisionSearchInput(forms.TextInput):
    """A text box whose suggestions come from the provision search as the user types.

    Thousands of provisions would make a select unusable; the box takes a provision's slug
    (what a suggestion fills in), and the server also accepts "Article 39" or an exact title.
    """

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "placeholder": "Type a few letters: article number, title or issue…",
                "data-provision-search": "",
                **(attrs or {}),
            }
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-options"
        widget_attrs["data-url"] = reverse("positions:provision-search")
        # The type-ahead (static/js/stance-form.js) shows the chosen provision by its name,
        # "Article 3: Scope of application", and submits its slug.
        if value:
            found = Provision.objects.filter(slug=value).first()
            if found is not None:
                widget_attrs["data-label"] = str(found)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}-options"
        return html + format_html(
            '<datalist id="{}"></datalist><div class="form-text" data-provision-label></div>',
            list_id,
        )


class ProvisionField(forms.ModelChoiceField):
    widget = ProvisionSearchInput

    def __init__(self, **kwargs):
        super().__init__(queryset=Provision.objects.all(), to_field_name="slug", **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        slug = value.split(" — ")[0].strip()
        queryset = self.queryset
        found = queryset.filter(slug__iexact=slug).first()
        if found is None and (match := re.fullmatch(r"(?:art(?:icle)?\.?\s*)?(\d+)", value, re.I)):
            found = queryset.articles().filter(number=int(match.group(1))).first()
        if found is None:
            found = queryset.filter(title__iexact=value).first()
        if found is None:
            raise forms.ValidationError(
                f"No provision matches “{value}”. Pick one of the suggestions.",
                code="invalid_choice",
            )
        return found

    def prepare_value(self, value):
        if isinstance(value, Provision):
            return value.slug
        if isinstance(value, int):
            found = self.queryset.filter(pk=value).first()
            return found.slug if found else value
        return value


class StatementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = f", {obj.session.code}" if obj.session_id else ""
        date = f", {obj.delivered_on:%d %b %Y}" if obj.delivered_on else ""
        return f"#{obj.pk} {obj.delegation.common_name}: {obj.title}{when}{date}"


def place_evidence(form: forms.ModelForm, cleaned: dict) -> dict:
    """Find the passage in the statement and give the stance its new place before the model
    checks run (they compare the evidence with the text at the offsets), so the evidence of a
    saved stance can be changed. The stance form, the admin and its inline share this."""
    statement = cleaned.get(
        "statement", form.instance.statement if form.instance.statement_id else None
    )
    evidence = (cleaned.get("evidence") or "").strip()
    instance = form.instance
    if statement is None or not evidence:
        instance.evidence_start = instance.evidence_end = None
        return cleaned
    span = evidence_locate(statement.text, evidence)
    if span is None:
        form.add_error(
            "evidence",
            "This passage is not in the statement's text. Copy it from the text "
            "(differences in spacing and line breaks do not matter).",
        )
        return cleaned
    if instance.evidence_start is not None and statement.text.startswith(
        evidence, instance.evidence_start
    ):
        return cleaned  # still where it was (a passage quoted twice keeps its occurrence)
    cleaned["evidence"] = statement.text[span.start : span.end]
    instance.evidence_start, instance.evidence_end = span.start, span.end
    return cleaned


class StanceForm(forms.ModelForm):
    """A delegation's position on a provision, quoting a passage of one of its statements."""

    provision = ProvisionField()
    statement = StatementChoiceField(queryset=Statement.objects.none(), required=False)
    version = VersionField(required=False)

    class Meta:
        model = Stance
        fields = list(Stance.EDITABLE_FIELDS)
        widgets = {
            "position": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "evidence": "Paste the passage of the statement that shows the position (or select "
            "it in the text beside the form). Where it is in the text is found for you.",
            "session": "Only for a position noted without a statement; otherwise the "
            "statement's session is used.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        speakable = delegations_user_may_speak_for(user)
        self.fields["delegation"].queryset = speakable
        own = user_delegation(user)
        if own is not None and not self.instance.pk:
            self.fields["delegation"].initial = own.pk
        statements = Statement.objects.select_related("delegation", "session").latest_first()
        if not is_admin(user):
            statements = statements.filter(delegation__in=speakable)
        if self.instance.pk and self.instance.statement_id:
            # An edit may keep a stance on a statement that has since been withdrawn.
            statements = statements.filter(
                Q(withdrawn_at__isnull=True) | Q(pk=self.instance.statement_id)
            )
        else:
            statements = statements.active()
        self.fields["statement"].queryset = statements
        self.fields["statement"].empty_label = "— none (noted in a closed meeting)"
        self.fields["session"].queryset = _session_queryset()
        self.fields["position"].choices = Stance.Position.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        self.helper = FormHelper()
        self.helper.form_id = "stance-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Row(Column("delegation"), Column("statement")),
            "provision",
            Field("position", css_class="position-choice"),
            "evidence",
            "note",
            "session",
            "version",
            Submit("save", "Save stance"),
        )

    def clean(self):
        return place_evidence(self, super().clean())

    def validate_unique(self):
        # The service checks the one-live-stance rule with a message that says what to do.
        pass


class ConfirmForm(forms.Form):
    """A POST that carries the version the user saw (withdraw buttons)."""

    version = VersionField()
    reason = forms.CharField(
        required=False,
        max_length=200,
        label="Reason (optional)",
        widget=forms.TextInput(attrs={"placeholder": "e.g. logged twice, wrong delegation"}),
    )

    def __init__(self, *args, submit_label: str = "Withdraw", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version", "reason", Submit("confirm", submit_label, css_class="btn-danger")
        )
