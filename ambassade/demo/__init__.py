"""The demo organisation loaded by `make run` (`python manage.py load_demo`); see generate.py."""
