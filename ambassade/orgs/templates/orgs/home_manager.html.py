BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBBBBBBB
BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BB BBBBBBBBBB
  XXXX gettext(u'Your department: %(name)s') SSSS SSSSSSSSSSS SSSSSSSSXXXXX
  XXX gettext(u'You see figures for your department and its sub-departments, never individual records.') XXXX
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBB
BBBB
  XXX gettext(u'No department is attached to your account yet. Ask your HR admin.') XXXX
BBBBB
BBBBBBBB
