"""The gold set keeps the words of the posts the team corrected, not whom they name or link to."""

import re

from django.db import migrations

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)  # as labelling.gold_text, frozen here
_HANDLE = re.compile(r"(?<![\w@])@[\w.\-]+(?:@[\w\-]+(?:\.[\w\-]+)+)?")


def gold_texts_scrub(apps, schema_editor):
    LabelCorrection = apps.get_model("listening", "LabelCorrection")
    changed = []
    for row in LabelCorrection.objects.only("pk", "text").iterator(chunk_size=1000):
        text = _HANDLE.sub("@user", _URL.sub("http", row.text))
        if text != row.text:
            row.text = text
            changed.append(row)
    LabelCorrection.objects.bulk_update(changed, ["text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0002_source_errors_per_language_retention_label"),
    ]

    operations = [migrations.RunPython(gold_texts_scrub, migrations.RunPython.noop)]
