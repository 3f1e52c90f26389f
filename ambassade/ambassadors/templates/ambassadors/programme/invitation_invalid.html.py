BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Invitation') BBBBBBBB
BBBBB BBBBBBB
XXXXXXXX XXXXXXXXXXXXXXX
  BB BBBBBBB BB BBBBBB
  XXXX gettext(u'You have already joined with this invitation') XXXXX
  XX XXXXXXXXXXXXXXXXXXXXX gettext(u'This link has done its job: sign in to see your ambassador profile.') XXXX
  XXXBBB BBBBBBBBBBBBBBBB BB BBBBBBBBB gettext(u'If you have not chosen your password yet, or no longer remember it, use <a href="%(forgotten)s">Forgotten password</a>: a link to choose one is sent to your e-mail address.') SS SSS SSSS SSS SSSSSS SSSS SSSSSSSS SSSS SS SS SSSSSS SSSSSSSS SSS SSS SS SSSSSSSSSSSSSSSSSSSSSSSSSSSSSS SSSSSSSSSSSSS S SSSS SS SSSSSS SSS SS SSSS SS SSSS SSSSSS SSSSSSSSXXXX
  XXXXX XXXXXXXXXXXXX XXXXXXBBB BBBBBBBXXXXXXFFFFFFFFFXX gettext(u'Sign in') XXXXXXXX
XXXXXXXXXX
BBBB
  XXXX gettext(u'This invitation cannot be used') XXXXX
  BB BBBBBBB BB BBBBBBBBB
    XXXXXXX
  BBBB BBBBBBB BB BBBBBBBBB
    XXX gettext(u'This invitation has expired.') XXXX
  BBBB BBBBBBB BB BBBBBBBB
    XXX gettext(u'This invitation is closed: you left the programme or the organisation since it was sent.') XXXX
  BBBB
    XXX gettext(u'This link is not valid, or a newer invitation replaced it: use the link of your latest invitation e-mail.') XXXX
  BBBBB
  XXX gettext(u'If you have an account, you can join from the programme page after signing in; otherwise ask your HR or communication team for a new invitation.') XXXX
  XXXXX XXXXXXBBB BBBBBBBBBBBXX gettext(u'Go to the programme page') XXXXXXXX
XXXXXXXXXX
BBBBB
BBBBBBBB
