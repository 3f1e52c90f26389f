BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Ambassador programme') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Ambassador programme') XXXXX
XXX gettext(u'Your account is not linked to an HR record yet, so you cannot join the programme. Ask your HR admin.') XXXX
BBBBBBBB
