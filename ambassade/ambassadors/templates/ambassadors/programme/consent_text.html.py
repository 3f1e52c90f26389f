BBBB BBBBXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX
XXX gettext(u'The ambassador programme of %(organisation)s helps staff who wish to do so speak about their work, share job offers and news on their own social networks, and be recognised for it. Joining is voluntary: not joining, or leaving, has no consequence for you.') SSS SSSSSSSSSS SSSSSSSSS SS SSSSSSSSSSSSSSSS SSSSS SSSSS SSS SSSS SS SS SS SSSSS SSSSS SSSSS SSSSS SSSSS SSS SSSSSS SSS SSSS SS SSSSS SSS SSSSSS SSSSSSSSS SSS SS SSSSSSSSSS SSS SSS SSSSSSS SS SSSSSSSSSS SSS SSSSSSSS SS SSSSSSSS SSS SS SSSSSSSSSSS SSS SSSSXXXX
XXXX gettext(u'What is collected') XXXXX
XXXX
  XXXX gettext(u'Your participation: when you were invited, joined or left, and each consent you give or withdraw, with the version of this text.') XXXXX
  XXXX gettext(u'The social accounts you choose to add (profile addresses or handles), the follower counts you enter with their dates, the items of the profile checklist you tick, your answers to the short self-assessment and the expertise level that follows.') XXXXX
  XXXX gettext(u'What you share from the hub (which content, to which network, when) and the clicks on your personal links. Clicks are counted without cookies: we never know who clicked, and robots and your own clicks are not counted.') XXXXX
  XXXX gettext(u'Your points, level and badges, and your preferences (news e-mail, leaderboards).') XXXXX
XXXXX
XXXX gettext(u'Why') XXXXX
XXXX
  XXXX gettext(u'To coach you on your profile and suggest content that fits your networks and your expertise.') XXXXX
  XXXX gettext(u'To measure the programme as a whole (how many people take part and are active, per department) and to recognise your contribution.') XXXXX
XXXXX
XXXX gettext(u'Who sees it') XXXXX
XXXX
  XXXX gettext(u'You see everything about you.') XXXXX
  XXXX gettext(u"The programme's administrators (HR and communication) see individual figures, to run the programme.") XXXXX
  XXXX gettext(u'Managers see totals only, never a person, and no total for a group of fewer than five people.') XXXXX
  XXXX gettext(u'Your name appears on a leaderboard only if you ask for it.') XXXXX
XXXXX
XXXX gettext(u'What is never collected') XXXXX
XXX gettext(u"No password or access to your social accounts: you always publish yourself, through each network's own share window. Nothing is read from your private messages or your contacts.") XXXX
XXXX gettext(u'Your choices') XXXXX
XXX gettext(u'You can withdraw at any time, in one click, from your ambassador profile. It takes effect at once: no more e-mails from the programme, off every leaderboard, and your activity is no longer shown to anyone; only anonymous totals remain. You can also ask your HR team for a copy of your data, or for its erasure.') XXXX
XXXXXXXXXX gettext(u'Version of this text: %(version)s.') SSSSSSS SS SSSS SSSSS SSSSSSSSSSSSXXXXXXXXXXXX
XXXXXX
