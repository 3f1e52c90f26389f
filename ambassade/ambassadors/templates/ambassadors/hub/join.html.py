BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Ambassador hub') BBBBBBBB
BBBBB BBBBBBB
BBB BBBBBBBBBBBBBBBB BB BBBBBBBB
XXXXXXXX XXXXXXXXXXXXXXX
  XXXX gettext(u'Ambassador hub') XXXXX
  BB BBBBBB BB BBBBBBBBBBB
    XXX gettext(u'You withdrew from the ambassador programme, so you have no hub: nothing is offered to you and nothing about you is shown to others.') XXXX
    XXX gettext(u'You can join again whenever you wish.') XXXX
  BBBB BBBBBB BB BBBBBB
    XXX gettext(u'Your place in the ambassador programme ended when you left the organisation.') XXXX
  BBBB
    XXX gettext(u"The hub is where ambassadors find the organisation's news, events and job offers, and share them in one click with their own link, which counts the visits they bring.") XXXX
    XXX gettext(u'Joining is your choice: you will see what is collected and why before you agree.') XXXX
  BBBBB
  BB BBBBBB BB BBBBBB BBB BBBBBBBBXXXXX XXXXXXXXXXXXX XXXXXXXXBB BBBBBB BB BBBBBBBBBBB gettext(u'Join again') BBBB gettext(u'Join the programme') BBBBBXXXXXXXXBBBBB
XXXXXXXXXX
BBBBBBBB
