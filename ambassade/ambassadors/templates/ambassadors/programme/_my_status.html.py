BBBB BBBBXXXXXXXX XXXXXXXXXXXXXXX
  XXXXXXXXXXXXXXXX gettext(u'My participation') XXXXXXXXXXXXXXXXXX
  BB BBBBBBBBBB BBB BBBBBBBBBBBBBBBBBBBBBB
    XXX gettext(u'You are an ambassador since %(date)s.') SSS SSS SS SSSSSSSSSS SSSSS SSSSSSSSS
      BB BBBBBBBBBXXXXX XXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Active') XXXXXXXBBBBXXXXX XXXXXXXXXXXXXXXXXXXXX gettext(u'Inactive') XXXXXXXBBBBBXXXX
    XXXXXXXXXX ngettext(u'Active means you shared something, or your links brought a visitor, in the last day.', u'Active means you shared something, or your links brought a visitor, in the last %(days)s days.', count) SSSSSS SSSSS SSS SSSSSS SSSSSSSSSS SS SSSS SSSSS SSSSSSS S SSSSSSSS SS SSS SSSS SSSSPPPPPP PPPPP PPP PPPPPP PPPPPPPPPP PP PPPP PPPPP PPPPPPP P PPPPPPPP PP PPP PPPP PPPPPPPP PPPPPXXXXXXXXXXXX
    XX XXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBXX gettext(u'My ambassador profile') XXXX
  BBBB BBBBBBBBBB BBB BBBBBBBBBBBBBBBBB BB BBBBBBBBB
    XXX gettext(u'You are invited to join the programme. Read what it means, then decide.') XXXX
    XX XXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBXX gettext(u'Join the programme') XXXX
  BBBB BBBBBBBBBB BBB BBBBBBBBBBBBBBBBB BB BBBBBBBBBBB
    XXX gettext(u'You left the programme. You can join again whenever you like.') XXXX
    XX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBXX gettext(u'Join again') XXXX
  BBBB BBBBBBBBBBBBBBBBB
    XXX gettext(u'Speak about your work, share job offers and news on your networks in one click, and be recognised for it. Joining is voluntary.') XXXX
    XX XXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBXX gettext(u'Join the programme') XXXX
  BBBB
    XXX gettext(u'Your account is not linked to an HR record yet, so you cannot join the programme.') XXXX
  BBBBB
XXXXXXXXXX
