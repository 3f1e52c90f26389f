BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Your introduction') BBBBBBBB
BBBBB BBBBBBB
XXXXXXXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXX
  BB BBBBBBB BB BBBBBBBBBB
    XXXX gettext(u'Already answered') XXXXX
    XXX gettext(u'This introduction has already been answered: there is nothing more to do.') XXXX
  BBBB BBBBBBB BB BBBBBBBBB
    XXXX gettext(u'This link has expired') XXXXX
    XXX gettext(u"The time to answer this introduction is over. If you are still interested, ask the person who introduced you to send you a new link, or apply on the organisation's career site.") XXXX
  BBBB BBBBBBB BB BBBBBBBBBB
    XXXX gettext(u'A newer link was sent') XXXXX
    XXX gettext(u'This link has been replaced by a newer one: use the link of the latest e-mail you received.') XXXX
  BBBB
    XXXX gettext(u'This link is not valid') XXXXX
    XXX gettext(u'This link is incomplete or was altered. Copy the whole link from the e-mail you received, or open it again from there.') XXXX
  BBBBB
XXXXXXXXXX
BBBBBBBB
