"""Statement pages: list, detail (text with its stances' evidence marked), add, edit, withdraw."""

import datetime
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from extraction import split_header
from extraction.language import detect_language
from provisions.models import Session

from ..evidence import Mark, evidence_highlight
from ..forms import ConfirmForm, StatementFilter, StatementForm
from ..history import history_entries
from ..models import LANGUAGES, POSITION_VERBS, Stance, Statement
from ..permissions import can_edit_statement, can_write, require
from ..review_access import can_review_delegation
from ..selectors import statement_near_copies
from ..services import (
    ConflictError,
    DuplicateStatementError,
    statement_create,
    statement_update,
    statement_withdraw,
)
from ..statement_suggestions import statement_suggestions
from ..storage import discard_on_failure
from ..text_digest import text_digest
from ..uploads import pending_upload_discard, pending_upload_open, pending_upload_save


class StatementListView(FilterView):
    """Statements, latest first; withdrawn ones only when the filter asks for them."""

    filterset_class = StatementFilter
    template_name = "positions/statement_list.html"
    context_object_name = "statements"
    paginate_by = 50

    def get_queryset(self):
        # The live stances are counted by a correlated subquery, evaluated for the 50 rows of
        # the page only; a GROUP BY over the join would count every statement's stances (1M
        # rows) on each view, and the paginator's COUNT would repeat the same join.
        live = (
            Stance.objects.filter(statement=OuterRef("pk"), status__in=Stance.LIVE_STATUSES)
            .order_by()
            .values("statement")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Statement.objects.for_table()
            .latest_first()
            .annotate(live_stances=Coalesce(Subquery(live, output_field=IntegerField()), 0))
        )

    def paginate_queryset(self, queryset, page_size):
        """Page through the ids, then read the page's 50 statements (a deferred join).

        Counting and ordering the ids is answered from `statement_active_order_idx`
        (`StatementQuerySet.latest_first_ids`); sorting the full rows would read every
        statement with its text on each view.
        """
        ids = queryset.latest_first_ids()
        paginator, page, page_ids, is_paginated = super().paginate_queryset(ids, page_size)
        page_ids = list(page_ids)
        by_id = queryset.filter(pk__in=page_ids).order_by().in_bulk()
        statements = [by_id[pk] for pk in page_ids if pk in by_id]
        page.object_list = statements
        return paginator, page, statements, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can_write(self.request.user)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        return context


class StatementDetailView(DetailView):
    template_name = "positions/statement_detail.html"
    context_object_name = "statement"

    def get_queryset(self):
        return Statement.objects.for_table()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        stances = list(
            statement.stances.select_related("delegation", "provision", "created_by").order_by(
                "evidence_start", "provision__sort_order", "pk"
            )
        )
        marks = [
            Mark(
                start=stance.evidence_start,
                end=stance.evidence_end,
                url=reverse("positions:stance-detail", args=[stance.pk]),
                label=f"{stance.delegation.common_name} {POSITION_VERBS[stance.position]} "
                f"{stance.provision}",
                css=f"position-mark-{stance.position}",
                kind="proposal" if stance.status == Stance.Status.PROPOSED else "evidence",
            )
            for stance in stances
            if stance.is_live and stance.evidence_start is not None
        ]
        user = self.request.user
        proposals = [s for s in stances if s.status == Stance.Status.PROPOSED]
        context.update(
            stances=[s for s in stances if s.status != Stance.Status.PROPOSED],
            proposals=proposals,
            can_review=bool(proposals) and can_review_delegation(user, statement.delegation),
            highlighted_text=evidence_highlight(statement.text, marks),
            history=history_entries(statement),
            can_edit=can_edit_statement(user, statement),
            document_name=PurePath(statement.document.name).name if statement.document else "",
            can_add_stance=can_edit_statement(user, statement) and statement.withdrawn_at is None,
            near_copies=statement_near_copies(
                text=statement.text,
                delegation=statement.delegation,
                session=statement.session,
                delivered_on=statement.delivered_on,
                exclude=statement,
            ),
        )
        return context


def statement_create_view(request):
    require(can_write(request.user))
    return _statement_form(request, statement=None)


def statement_edit_view(request, pk):
    statement = get_object_or_404(Statement.objects.for_table(), pk=pk)
    require(can_edit_statement(request.user, statement))
    return _statement_form(request, statement=statement)


def _statement_form(request, *, statement: Statement | None):
    """Both steps of adding or editing a statement.

    A POST with a file checks it and shows its text for checking (nothing is saved); the file is
    kept aside under a signed reference until the save. A POST without a file saves, unless the
    delegation already has a statement with this text: then the form comes back with those
    statements named and a "Save anyway" box (already at the check of an uploaded file).
    """
    conflict = None
    duplicates = None
    near_copies = []
    preview = None
    suggested: list[str] = []
    preview_name = ""
    # The heading names the statement as saved, not as typed into a form that did not save.
    saved_title = statement.title if statement is not None else ""
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES, instance=statement, user=request.user)
        valid = form.is_valid()
        if form.extracted is not None:
            # The file is good: keep it whatever else is missing (a title typed after
            # uploading is the natural order), and suggest the details the text gives.
            preview = form.extracted
            preview_name = form.cleaned_data["upload"].name
            data = request.POST.copy()
            data["text"] = form.extracted.text
            if data.get("pending_document"):  # a file checked earlier in this form is replaced
                pending_upload_discard(token=data["pending_document"], user=request.user)
            data["pending_document"] = pending_upload_save(
                upload=form.cleaned_data["upload"], user=request.user
            )
            suggested = _suggest(data, form.extracted.text)
            form = StatementForm(data, instance=statement, user=request.user)
            form.is_valid()  # show any other missing field now, with the text in place
            duplicates = _duplicates_of_upload(
                statement, form.cleaned_data.get("delegation"), data["text"]
            )
            if not duplicates:  # not the same words: perhaps another version of a statement
                near_copies = statement_near_copies(
                    text=data["text"],
                    delegation=form.cleaned_data.get("delegation"),
                    session=form.cleaned_data.get("session"),
                    delivered_on=form.cleaned_data.get("delivered_on"),
                    exclude=statement,
                )
        elif valid and "preview" not in request.POST:
            try:
                saved = _statement_save(request, form, statement)
            except DuplicateStatementError as error:
                duplicates = error.duplicates
            except ConflictError as error:
                conflict = error
                form = _rebound_at_version(request, statement, error.current.version)
                form.add_error(None, "Someone else changed this statement after you opened it.")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Statement saved.")
                return redirect("positions:statement-detail", pk=saved.pk)
        elif valid:
            form.add_error("upload", "Choose a file to upload, or paste the text and save.")
    else:
        form = StatementForm(instance=statement, user=request.user)
    readable: list[Statement] = []
    if duplicates:
        form.ask_to_confirm_duplicate()
        # Named and linked only for those who may read statements (staff and analysts may).
        if request.user.has_perm("positions.view_statement"):
            readable = duplicates
    return render(
        request,
        "positions/statement_form.html",
        {
            "form": form,
            "statement": statement,
            "saved_title": saved_title,
            "conflict": conflict,
            "duplicates": duplicates,
            "duplicates_named": readable,
            # Named only for those who may read statements, as duplicates are.
            "near_copies": near_copies if request.user.has_perm("positions.view_statement") else [],
            "duplicate_stage": "save" if preview is None else "preview",
            "preview": preview,
            "preview_name": preview_name,
            "suggested": suggested,
            "pending_token": form.data.get("pending_document") if form.is_bound else "",
        },
    )


def _duplicates_of_upload(statement: Statement | None, delegation, text: str) -> list[Statement]:
    """The statements the save will ask about (as `statement_update` would: only when the text
    or the delegation changes), shown as soon as an uploaded file's text is known."""
    if delegation is None:
        return []
    if (
        statement is not None
        and statement.delegation_id == delegation.pk
        and statement.text_digest == text_digest(text)
    ):
        return []
    return list(
        Statement.objects.same_text_as(text, delegation=delegation, exclude=statement).for_table()
    )


def _suggest(data, text: str) -> list[str]:
    """Fill the title, date, speaker and session the user left empty with what the document
    says (the session: the one under way on the statement's date, when only one was), and the
    language it is written in; the labels of the fields filled, for the page to say so."""
    found = statement_suggestions(text)
    filled = []
    for name, value, label in (
        ("title", found.title, "title"),
        ("delivered_on", found.delivered_on and found.delivered_on.isoformat(), "date"),
        ("speaker", found.speaker, "speaker"),
    ):
        if value and not (data.get(name) or "").strip():
            data[name] = value
            filled.append(label)
    # The language is detected again when the statement is read (and stored as detected): show
    # now what will be stored, not the form's default.
    _header, body, _offset = split_header(text)
    language = detect_language(body)
    if language and language != data.get("language") and language in dict(LANGUAGES):
        data["language"] = language
        filled.append("language")
    if not (data.get("session") or "").strip():
        session = _session_on(data.get("delivered_on"))
        if session is not None:
            data["session"] = str(session.pk)
            filled.append("session")
    return filled


def _session_on(day: str | None) -> Session | None:
    """The one session held on this ISO date, or None (no date, a bad one, none or several)."""
    try:
        day = datetime.date.fromisoformat((day or "").strip())
    except ValueError:
        return None
    return Session.objects.only_one_held_on(day)


def _rebound_at_version(request, statement, version: int) -> StatementForm:
    """The user's form again, now at the current version: saving it again is a deliberate
    overwrite of the changes listed."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = StatementForm(data, instance=statement, user=request.user)
    form.is_valid()
    return form


def _statement_save(request, form: StatementForm, statement: Statement | None) -> Statement:
    data = {name: form.cleaned_data[name] for name in StatementForm.Meta.fields}
    data["refuse_duplicates"] = not form.cleaned_data["confirm_duplicate"]
    document = document_name = None
    token = form.cleaned_data.get("pending_document")
    if token:
        document, document_name = pending_upload_open(token=token, user=request.user)
    with discard_on_failure():  # a refused save leaves no file behind
        if statement is None:
            saved = statement_create(
                created_by=request.user, document=document, document_name=document_name, **data
            )
        else:
            saved = statement_update(
                statement=statement,
                expected_version=form.cleaned_data["version"],
                updated_by=request.user,
                document=document,
                document_name=document_name,
                **data,
            )
    if token:
        pending_upload_discard(token=token, user=request.user)
    return saved


def statement_withdraw_view(request, pk):
    statement = get_object_or_404(Statement.objects.for_table(), pk=pk)
    require(can_edit_statement(request.user, statement))
    if statement.withdrawn_at is not None:
        messages.info(request, "This statement is already withdrawn.")
        return redirect("positions:statement-detail", pk=pk)
    live = statement.stances.live().count()
    form = ConfirmForm(
        request.POST or None,
        initial={"version": statement.version},
        submit_label="Withdraw statement",
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement_withdraw(
                statement=statement,
                expected_version=form.cleaned_data["version"],
                withdrawn_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ConflictError:
            messages.error(
                request, "Someone changed this statement meanwhile; check it and try again."
            )
            return redirect("positions:statement-detail", pk=pk)
        messages.success(request, f"Statement withdrawn, with its {live} live stance(s).")
        return redirect("positions:statement-detail", pk=pk)
    return render(
        request,
        "positions/statement_withdraw.html",
        {"statement": statement, "form": form, "live_stances": live},
    )
