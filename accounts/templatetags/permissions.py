"""`{% load permissions %}{% has_perm "app.perm" user obj as can %}`: the rules of
accounts.permissions in templates (the same answer as the views and the API)."""

from django import template

from accounts.permissions import user_can

register = template.Library()


@register.simple_tag
def has_perm(perm, user, obj=None) -> bool:
    return user_can(user, perm, obj)
