BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Set up your organisation') BBBBBBBB
BBBBB BBBBBBBXXXXXXXX XXXXXXXXXXXXXXXXXXX gettext(u'Set up your organisation') XXXXX
XXX gettext(u'You will be its first HR admin. Entities, departments and people come next.') XXXX
XXXXX XXXXXXXXXXXXXXBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXXXXXX XXXXXXXXXXXXXX gettext(u'Create the organisation') XXXXXXXXXXXXXXXXXXXXXXXXXXBBBBBBBB
