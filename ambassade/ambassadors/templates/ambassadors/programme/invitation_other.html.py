BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Invitation') BBBBBBBB
BBBBB BBBBBBB
XXXXXXXX XXXXXXXXXXXXXXX
  XXXX gettext(u'This invitation is for someone else') XXXXX
  XXX gettext(u'You are signed in with another account. Sign out first, then open the link again, or join the programme with your own account.') XXXX
  XXXXX XXXXXXBBB BBBBBBBBBBBXX gettext(u'Go to the programme page') XXXXXXXX
XXXXXXXXXX
BBBBBBBB
