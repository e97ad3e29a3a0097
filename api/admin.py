from django.contrib import admin, messages

from .models import ApiToken, Watch
from .services import api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins see and revoke anyone's tokens, and make one for a person (the key is shown once
    in a message). Keys are never stored, so none can be read back."""

    list_display = ["prefix", "user", "name", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "name", "prefix"]
    autocomplete_fields = ["user"]
    fields = ["user", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "user", "scope"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, key = api_token_create(user=obj.user, name=obj.name, scope=obj.scope)
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request, f"Key for {token.user}: {key} (copy it now: it is not shown again)."
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the record of who had access stays

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, f"{queryset.count()} token(s) revoked.")


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["user", "delegation", "provision", "created_at"]
    list_select_related = ["user", "delegation", "provision"]
    search_fields = ["user__username", "delegation__code", "provision__slug"]
    autocomplete_fields = ["user", "delegation", "provision"]
