"""Load the level descriptors of PermenPANRB 38/2017 (M.01-M.08, SK.01) from
accounts/data/permenpanrb_38_2017.json; descriptions HR has edited are kept."""

from django.db import migrations


def load(apps, schema_editor):
    from accounts.data.permenpanrb import load_levels

    load_levels(
        competency_model=apps.get_model("accounts", "Competency"),
        level_model=apps.get_model("accounts", "CompetencyLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
