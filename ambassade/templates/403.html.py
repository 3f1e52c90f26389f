BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Not allowed') BBBBBBBB
BBBBB BBBBBBBXXXX gettext(u'Not allowed') XXXXXXXX gettext(u'Your role does not give access to this page.') XXXXXXXXX XXXXXXBBB BBBBBBXX gettext(u'Back to the home page') XXXXXXXXBBBBBBBB
