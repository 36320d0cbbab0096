"""One rule for the spelling of a user name, used wherever a name is typed:
log-in (web and API token), the lockout of django-axes, sign-up and password
reset. Names are compared without case and surrounding spaces: citizens sign in
with their email address and phones capitalise its first letter; counting
failures per exact string would let `OfFiCeR` past a lock on `officer`."""


def username_normalise(value) -> str:
    """The canonical spelling of a typed user name (stripped, lower case)."""
    return str(value or "").strip().lower()


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the user name django-axes counts failures for.

    ``credentials`` come from ``authenticate()`` (web form and API token);
    without them the name is read from the posted form or JSON body.
    """
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return username_normalise(credentials.get(field))
    data = getattr(request, "data", None)
    if data is None:
        data = getattr(request, "POST", {})
    return username_normalise(data.get(field))
