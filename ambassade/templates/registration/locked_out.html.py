BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Account locked') BBBBBBBB
BBBBB BBBBBBBXXXX gettext(u'Too many failed sign-in attempts') XXXXXXXX gettext(u'For your security, signing in is blocked for a while. Try again later or ask your administrator.') XXXXBBBBBBBB
