"""The IKM report as a spreadsheet (the regulation asks units to publish their results)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from asn_competency.common.downloads import workbook_bytes

from .models import ELEMENT_CODES


def ikm_workbook(overview: dict) -> bytes:
    """One sheet: a row per unit (and one for all units) with NRR per element, IKM and category."""
    wb = Workbook()
    ws = wb.active
    ws.title = "IKM"
    ws.append([_("Public satisfaction index (IKM)"), f"{overview['start']} – {overview['end']}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    header = [
        _("Unit"),
        _("Code"),
        pgettext("IKM", "Responses"),
        *[f"NRR {c}" for c in ELEMENT_CODES],
        _("IKM"),
        pgettext("IKM", "Category"),
        _("Small sample"),
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)

    def row(name, code, figures):
        return [
            name,
            code,
            figures["responses"],
            *[e["nrr"] for e in figures["elements"]],
            figures["ikm"],
            f"{figures['category']} ({figures['label']})" if figures["category"] else "",
            _("yes") if figures["sample_warning"] and figures["responses"] else "",
        ]

    ws.append(row(_("All units"), "", overview["overall"]))
    for unit in overview["units"]:
        ws.append(row(unit["name"], unit["code"], unit))
    widths = [48, 22, 11] + [9] * len(ELEMENT_CODES) + [9, 20, 14]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "D4"
    return workbook_bytes(wb)
