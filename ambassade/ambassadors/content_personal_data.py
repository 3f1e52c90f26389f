"""Personal data of the content side of the programme (see ambassade/core/personal_data.py)."""
