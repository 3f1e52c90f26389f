"""Personal data of the recognition side of the programme (see ambassade/core/personal_data.py)."""
