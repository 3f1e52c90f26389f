"""Personal data of the programme side of the programme (see ambassade/core/personal_data.py)."""
