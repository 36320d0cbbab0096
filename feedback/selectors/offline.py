"""What a device needs to show the feedback form offline (issue 14)."""

import hashlib
import json

from django.utils.translation import get_language

from ..models import ELEMENTS, QUESTIONS, Service
from .feedback import public_unit_list


def feedback_offline_bundle() -> dict:
    """The units that take feedback with their services, and the nine questions with
    their answers in the active language, under a version that is a hash of the data:
    a change of a unit, a service or a wording gives a new version (two queries)."""
    services: dict[int, list[dict]] = {}
    for unit_id, code, name in (
        Service.objects.filter(is_active=True, unit__serves_public=True, unit__is_active=True)
        .order_by("name")
        .values_list("unit_id", "code", "name")
    ):
        services.setdefault(unit_id, []).append({"code": code, "name": name})
    units = [
        {"code": unit.code, "name": unit.name, "services": services.get(unit.pk, [])}
        for unit in public_unit_list().only("pk", "code", "name")
    ]
    questions = [
        {
            "code": code,
            "name": str(name),
            "question": str(QUESTIONS[code][0]),
            "answers": [str(answer) for answer in QUESTIONS[code][1]],
        }
        for code, name in ELEMENTS
    ]
    data = {"language": get_language(), "units": units, "questions": questions}
    version = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": version, **data}
