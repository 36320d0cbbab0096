"""The level descriptors of PermenPANRB 38/2017 for the managerial (M.01-M.08)
and socio-cultural (SK.01) competencies, kept with their source in
permenpanrb_38_2017.json. Loaded by a data migration and by seed_demo; HR edits
them afterwards (accounts: competency dictionary page, or the admin)."""

import json
import re
from pathlib import Path

from .competencies import MANAGERIAL, SOCIO_CULTURAL

PATH = Path(__file__).with_name("permenpanrb_38_2017.json")

# The generic texts the dictionary carried before (accounts.data.competencies.LEVELS):
# replaced by the regulation's descriptors; anything else was written by HR and is kept.
_PLACEHOLDER = re.compile(r"^Level [1-5] - ")


def dictionary() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def is_placeholder(text: str) -> bool:
    return not text.strip() or bool(_PLACEHOLDER.match(text))


def load_levels(*, competency_model, level_model, overwrite: bool = False) -> int:
    """Create the competencies when missing and store their level descriptors;
    a description HR has edited is kept unless `overwrite`. Takes the model
    classes so that a migration can pass its historical models. Returns the
    number of level descriptions written."""
    definitions = {code: text for code, _name, text in MANAGERIAL + SOCIO_CULTURAL}
    written = 0
    for entry in dictionary()["competencies"]:
        competency = competency_model.objects.filter(code__iexact=entry["code"]).first()
        if competency is None:
            competency = competency_model.objects.create(
                code=entry["code"],
                name=entry["name"],
                type=entry["type"],
                description=definitions.get(entry["code"], ""),
            )
        existing = {lv.level: lv for lv in level_model.objects.filter(competency=competency)}
        for level, text in entry["levels"].items():
            row = existing.get(int(level))
            if row is None:
                level_model.objects.create(competency=competency, level=int(level), description=text)
            elif (overwrite or is_placeholder(row.description)) and row.description != text:
                row.description = text
                row.save(update_fields=["description"])
            else:
                continue
            written += 1
    return written
