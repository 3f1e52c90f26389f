BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'No organisation') BBBBBBBB
BBBBB BBBBBBBXXXX gettext(u'Your account is not part of an organisation yet') XXXXXXXX gettext(u'Ask your HR admin to give you access.') XXXXBBBBBBBB
