"""Retrain the shipped default heads for the e5 encoder from data/examples.tsv.

    .venv/bin/python -m ambassade.listening.nlp.train_defaults

Writes ambassade/listening/nlp/data/heads_e5.npz (numpy arrays, no pickle). Only the project's own examples
are used; never add third-party data (docs/decisions/0004-nlp-models.md). The hashing encoder's defaults are
trained at first use instead (a second or two), so nothing is written for it.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import override_settings

    from . import heads as heads_module
    from .encoders import encoder_get, encoders_reset

    with override_settings(LISTENING_ENCODER="e5"):
        encoders_reset()
        encoder = encoder_get()
        if encoder.name != "e5-small":
            sys.exit(
                "The e5 encoder does not load here (see the log): nothing written. / "
                "L'encodeur e5 ne se charge pas ici (voir le journal) : rien n'est écrit."
            )
        heads = heads_module.heads_train([])
    heads_module.HEADS_E5_FILE.write_bytes(heads.to_bytes())
    rows = len(heads_module.examples_default())
    print(f"{heads_module.HEADS_E5_FILE}: {rows} examples, encoder {heads.encoder_name}")


if __name__ == "__main__":
    main()
