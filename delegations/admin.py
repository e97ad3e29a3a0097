from django.contrib import admin

from .models import Delegate, Delegation, DelegationAlias, GroupMembership


class AliasInline(admin.TabularInline):
    model = DelegationAlias
    extra = 0
    fields = ["name", "normalized"]
    readonly_fields = ["normalized"]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]
    verbose_name = "member"
    verbose_name_plural = "members (for groups)"


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["code", "common_name", "name", "kind", "regional_group", "iso2"]
    list_filter = ["kind", "regional_group"]
    search_fields = ["code", "name", "common_name", "aliases__normalized"]
    ordering = ["common_name"]
    inlines = [MembershipInline, AliasInline]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "member", "start_date", "end_date"]
    list_filter = ["group"]
    list_select_related = ["group", "member"]
    search_fields = ["group__code", "group__name", "member__code", "member__name"]
    autocomplete_fields = ["group", "member"]


@admin.register(DelegationAlias)
class DelegationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "normalized", "delegation"]
    list_select_related = ["delegation"]
    search_fields = ["name", "normalized", "delegation__code", "delegation__common_name"]
    autocomplete_fields = ["delegation"]
    readonly_fields = ["normalized"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["user", "delegation", "title"]
    list_filter = ["delegation__kind"]
    list_select_related = ["user", "delegation"]
    search_fields = ["user__username", "user__email", "delegation__code", "delegation__common_name"]
    autocomplete_fields = ["user", "delegation"]
