BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Introduce a contact') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Introduce a contact') XXXXX
XX XXXXXXXXXXXXXXX gettext(u'Your account is not linked to an HR record, so you cannot introduce anyone. Ask your HR admin.') XXXX
BBBBBBBB
