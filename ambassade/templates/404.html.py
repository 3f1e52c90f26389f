BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Page not found') BBBBBBBB
BBBBB BBBBBBBXXXX gettext(u'Page not found') XXXXXXXX gettext(u'This page does not exist, or is not yours to see.') XXXXXXXXX XXXXXXXXX gettext(u'Back to the home page') XXXXXXXXBBBBBBBB
