BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Forgotten password') BBBBBBBB
BBBBB BBBBBBBXXXXXXXX XXXXXXXXXXXXXXXXXXX gettext(u'Forgotten password') XXXXX
XXX gettext(u'Enter the e-mail address of your account: we will send you a link to choose a new password.') XXXX
XXXXX XXXXXXXXXXXXXXBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXXXXXX XXXXXXXXXXXXXX gettext(u'Send the link') XXXXXXXXXXXXXXXXXXXXXXXXXXBBBBBBBB
