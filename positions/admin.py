from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .models import Stance, Statement
from .services import current_stances_refresh, stance_stated_on, statement_extract_stances


def saved_pair(stance) -> set[tuple[int, int]]:
    """The (delegation, provision) a stance is saved under now (empty for a new one)."""
    if stance.pk is None:
        return set()
    row = Stance.objects.filter(pk=stance.pk).values_list("delegation_id", "provision_id")
    return set(row)


def bump_version(obj, change: bool) -> None:
    """An admin save (or revert) moves the row past the version any open edit form started from,
    so that form's save is refused as a conflict instead of overwriting this change."""
    if change:
        saved = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        obj.version = (saved or obj.version) + 1


class StanceInline(admin.TabularInline):
    model = Stance
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provision", "delegation")


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
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
    readonly_fields = ["created_at", "updated_at", "version"]
    history_list_display = ["title", "delivered_on", "withdrawn_at"]
    inlines = [StanceInline]
    actions = ["extract_stances"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        bump_version(obj, change)
        super().save_model(request, obj, form, change)

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
        # Stances added inline belong to the statement's delegation and date.
        touched = set()
        for instance in formset.save(commit=False):
            if isinstance(instance, Stance):
                touched |= saved_pair(instance)
                if not instance.delegation_id:
                    instance.delegation = form.instance.delegation
                if not instance.session_id:
                    instance.session = form.instance.session
                if not instance.stated_on:
                    instance.stated_on = stance_stated_on(
                        statement=form.instance, session=instance.session
                    )
                if not instance.created_by_id:
                    instance.created_by = request.user
                bump_version(instance, change=instance.pk is not None)
            instance.save()
            if isinstance(instance, Stance):
                touched.add((instance.delegation_id, instance.provision_id))
        for obj in formset.deleted_objects:
            if isinstance(obj, Stance):
                touched.add((obj.delegation_id, obj.provision_id))
            obj.delete()
        formset.save_m2m()
        current_stances_refresh(pairs=touched)


@admin.register(Stance)
class StanceAdmin(SimpleHistoryAdmin):
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
    readonly_fields = ["created_at", "updated_at", "version"]
    history_list_display = ["position", "status", "evidence"]

    # An admin edit (or a revert from the history) is a stance write like the services': the
    # current positions of the pair it leaves and of the pair it is saved under are recomputed.
    def save_model(self, request, obj, form, change):
        touched = saved_pair(obj)
        bump_version(obj, change)
        super().save_model(request, obj, form, change)
        current_stances_refresh(pairs=touched | {(obj.delegation_id, obj.provision_id)})

    def delete_model(self, request, obj):
        touched = {(obj.delegation_id, obj.provision_id)}
        super().delete_model(request, obj)
        current_stances_refresh(pairs=touched)

    def delete_queryset(self, request, queryset):
        touched = set(queryset.values_list("delegation_id", "provision_id"))
        super().delete_queryset(request, queryset)
        current_stances_refresh(pairs=touched)
