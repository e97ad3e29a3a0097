"""Admin pages for statements and stances. Every save goes through the services, which keep the
defaults, the versions and the current positions; nothing is deleted (rows are withdrawn)."""

from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .forms import place_evidence
from .models import Stance, Statement
from .services import (
    ConflictError,
    stance_save,
    stance_withdraw,
    statement_extract_stances,
    statement_save,
    statement_withdraw,
)


class WriteThroughServicesAdmin(SimpleHistoryAdmin):
    """Saves through a service; no deletes (withdraw instead); a refused save is a message."""

    readonly_fields = ["created_at", "updated_at", "version"]

    def has_delete_permission(self, request, obj=None):
        return False

    # The service may refuse what the form let through (a passage no longer in the text, a
    # second live stance, a conflicting save): a message on the same page, nothing written.
    def changeform_view(self, request, *args, **kwargs):
        return self._refusal_as_message(request, "saved", super().changeform_view, args, kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return self._refusal_as_message(
            request, "reverted", super().history_form_view, args, kwargs
        )

    def _refusal_as_message(self, request, done: str, view, args, kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ConflictError, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"Not {done}: {text}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class StanceAdminForm(forms.ModelForm):
    """The evidence is placed in the statement text (its offsets follow it); the admin gives
    the model and the fields."""

    def clean(self):
        return place_evidence(self, super().clean())


class StanceInline(admin.TabularInline):
    model = Stance
    form = StanceAdminForm
    readonly_fields = ["evidence_start", "evidence_end"]
    extra = 0
    fields = [
        "provision",
        "position",
        "status",
        "origin",
        "evidence",
        "evidence_start",
        "evidence_end",
    ]
    autocomplete_fields = ["provision"]
    show_change_link = True
    can_delete = False  # withdraw a stance from its own page instead

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provision", "delegation")


@admin.register(Statement)
class StatementAdmin(WriteThroughServicesAdmin):
    list_display = [
        "title",
        "delegation",
        "on_behalf_of",
        "session",
        "delivered_on",
        "language",
        "created_at",
    ]
    list_filter = ["session", "language", "delegation__kind", "delegation__regional_group"]
    list_select_related = ["delegation", "on_behalf_of", "session"]
    search_fields = [
        "title",
        "speaker",
        "agenda_item",
        "delegation__code",
        "delegation__common_name",
    ]
    autocomplete_fields = ["delegation", "on_behalf_of", "session", "created_by"]
    date_hierarchy = "delivered_on"
    history_list_display = ["title", "delivered_on", "withdrawn_at"]
    inlines = [StanceInline]
    actions = ["extract_stances", "withdraw"]
    # Originals are uploaded through the statement form (checked, parsed within a budget) and
    # downloaded through the permission-checked view; MEDIA_ROOT has no URL of its own.
    exclude = ["document"]
    readonly_fields = [*WriteThroughServicesAdmin.readonly_fields, "document_download"]

    @admin.display(description="Document")
    def document_download(self, obj):
        if not obj.pk or not obj.document:
            return "—"
        url = reverse("positions:statement-document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, PurePath(obj.document.name).name)

    def save_model(self, request, obj, form, change):
        statement_save(statement=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        # After the inline stances are saved, so a stance logged by hand in the same save is
        # not proposed again.
        super().save_related(request, form, formsets, change)
        result = statement_extract_stances(statement=form.instance, user=request.user)
        self.message_user(request, f"Stance extraction: {result}.", messages.INFO)

    @admin.action(description="Extract stances again (proposals only)")
    def extract_stances(self, request, queryset):
        created = 0
        for statement in queryset:
            created += statement_extract_stances(statement=statement, user=request.user).created
        self.message_user(request, f"{created} new proposals from {queryset.count()} statements.")

    def save_formset(self, request, form, formset, change):
        # Stances added inline belong to the statement's delegation (the service fills in the
        # rest as for any new stance).
        for instance in formset.save(commit=False):
            if not instance.delegation_id:
                instance.delegation = form.instance.delegation
            stance_save(stance=instance, user=request.user)
        formset.save_m2m()

    @admin.action(description="Withdraw (with their live stances)")
    def withdraw(self, request, queryset):
        done = 0
        for statement in queryset.filter(withdrawn_at__isnull=True):
            statement_withdraw(
                statement=statement,
                expected_version=statement.version,
                withdrawn_by=request.user,
                reason="Withdrawn in the admin",
            )
            done += 1
        self.message_user(request, f"{done} statements withdrawn.")


@admin.register(Stance)
class StanceAdmin(WriteThroughServicesAdmin):
    list_display = [
        "delegation",
        "provision",
        "position",
        "status",
        "origin",
        "session",
        "stated_on",
    ]
    list_filter = [
        "position",
        "status",
        "origin",
        "session",
        "provision__kind",
        "provision__category",
    ]
    list_select_related = ["delegation", "provision", "session"]
    search_fields = [
        "delegation__code",
        "delegation__common_name",
        "provision__slug",
        "provision__title",
        "evidence",
    ]
    autocomplete_fields = [
        "delegation",
        "provision",
        "statement",
        "session",
        "created_by",
        "reviewed_by",
    ]
    date_hierarchy = "stated_on"
    form = StanceAdminForm
    readonly_fields = [*WriteThroughServicesAdmin.readonly_fields, "evidence_start", "evidence_end"]
    history_list_display = ["position", "status", "evidence"]
    actions = ["withdraw"]

    # An admin edit (or a revert from the history) is a stance write like the others.
    def save_model(self, request, obj, form, change):
        stance_save(stance=obj, user=request.user)

    @admin.action(description="Withdraw (they stay on record)")
    def withdraw(self, request, queryset):
        done = 0
        for stance in queryset.live():
            stance_withdraw(
                stance=stance,
                expected_version=stance.version,
                withdrawn_by=request.user,
                reason="Withdrawn in the admin",
            )
            done += 1
        self.message_user(request, f"{done} stances withdrawn.")
