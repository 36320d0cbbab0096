# Kiosks pair with a one-time code; the device token lives in a signed cookie.

from django.db import migrations, models


def forget_url_tokens(apps, schema_editor):
    """Tokens of the old kiosk links sat in URLs (access logs, browser history;
    the demo's was public): none stays valid, every tablet pairs again."""
    apps.get_model("feedback", "KioskDevice").objects.update(token_hash=None)


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='kioskdevice',
            name='paired_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='paired'),
        ),
        migrations.AddField(
            model_name='kioskdevice',
            name='pairing_code_hash',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='kioskdevice',
            name='pairing_expires_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='pairing code valid until'),
        ),
        migrations.AlterField(
            model_name='kioskdevice',
            name='token_hash',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(forget_url_tokens, migrations.RunPython.noop),
    ]
