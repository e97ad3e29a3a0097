from django.contrib import admin

from .models import Negotiation, Provision, Session


@admin.register(Negotiation)
class NegotiationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "slug"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "start_date", "end_date", "city", "negotiation"]
    list_filter = ["negotiation", "kind", "body"]
    list_select_related = ["negotiation"]
    search_fields = ["code", "name", "city"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["negotiation"]


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "number", "title", "parent", "category", "negotiation"]
    list_filter = ["negotiation", "kind", "category"]
    list_select_related = ["negotiation", "parent"]
    search_fields = ["slug", "title", "description", "keywords"]
    autocomplete_fields = ["negotiation", "parent", "related"]
    ordering = ["negotiation", "sort_order", "slug"]
    fieldsets = [
        (
            None,
            {"fields": ["negotiation", "kind", "slug", "number", "title", "parent", "sort_order"]},
        ),
        ("Issue", {"fields": ["category", "description", "related"]}),
        ("Extraction", {"fields": ["keywords"], "description": "One keyword or phrase per line."}),
    ]
