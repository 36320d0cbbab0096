"""Programs and their change log."""

from django.db import transaction
from django.db.models import F

from ..models import Program, ProgramCompetency, ProgramRevision


@transaction.atomic
def program_save(*, program: Program, competencies: list[tuple] | None = None) -> Program:
    """Create or update a program; `competencies` = [(competency, target_level)]
    replaces the competencies addressed when given."""
    program.full_clean()
    program.save()
    if competencies is not None:
        keep = []
        for competency, level in competencies:
            link, _created = ProgramCompetency.objects.update_or_create(
                program=program, competency=competency, defaults={"target_level": level}
            )
            keep.append(link.pk)
        program.program_competencies.exclude(pk__in=keep).delete()
    return program


@transaction.atomic
def program_revise(*, program: Program, actor, summary: str, details: str = "") -> ProgramRevision:
    """Raise the program's revision number by one and log why.

    The increment is a conditional UPDATE on the locked row, so two revisions at
    the same time get consecutive numbers."""
    locked = Program.objects.select_for_update().get(pk=program.pk)
    Program.objects.filter(pk=locked.pk).update(revision=F("revision") + 1)
    locked.refresh_from_db(fields=["revision", "updated_at"])
    revision = ProgramRevision(
        program=locked,
        number=locked.revision,
        summary=summary,
        details=details,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    revision.full_clean()
    revision.save()
    program.revision = locked.revision
    return revision
