BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Check your e-mail') BBBBBBBB
BBBBB BBBBBBBXXXXXXXX XXXXXXXXXXXXXXXXXXX gettext(u'Check your e-mail') XXXXXXXX gettext(u'If an account uses this address, a link to choose a new password is on its way.') XXXXXXXXXXXXXXBBBBBBBB
