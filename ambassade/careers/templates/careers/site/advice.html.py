BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Advice for candidates') BBBBBBBB
BBBBB BBBBBBBB gettext(u'Advice for candidates')  X BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Advice for candidates') XXXXX
XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXXX gettext(u'How we recruit') XXXXX
  BB BBBBBBBBBBBBBBBBBBBBFFFFFFFFFFBBBB
  XXXX
    XXXX gettext(u'You apply online with your CV and a short message: it takes a few minutes.') XXXXX
    XXXX gettext(u'A recruiter reads every application and answers each one.') XXXXX
    XXXX gettext(u'Selected candidates meet the team for one or two interviews.') XXXXX
    XXXX gettext(u'We tell you our decision, whatever it is.') XXXXX
  XXXXX
  BBBBB
XXXXXXXXXX
XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXXX gettext(u'How to prepare') XXXXX
  BB BBBBBBBBBBBBBBBBBBBBFFFFFFFFFFBBBB
  XXXX
    XXXX gettext(u'Read the offer closely and say in your message why this job interests you.') XXXXX
    XXXX gettext(u'Keep your CV short and up to date; name the skills the offer asks for.') XXXXX
    XXXX gettext(u'Prepare one or two concrete examples of what you have done.') XXXXX
  XXXXX
  BBBBB
XXXXXXXXXX
XXXXX XXXXXXXXXXXXXX XXXXXXXX gettext(u'See the open offers') XXXXXXXX
BBBBBBBB
