BBBB BBBBBBBBBBBBBB BBB gettext(u'Someone asked to choose a new password for your ambassade account (%(email)s).') SSSSSSS SSSSS SS SSSSSS S SSS SSSSSSSS SSS SSSS SSSSSSSSS SSSSSSS SSSSSSSSSSSS

 gettext(u'Choose it with this link (it works once, for a few days):') 
XXXBBB BBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBB BBBBBBBBBBB

 gettext(u'If you did not ask, ignore this message.') 
BBBBBBBBBBBBB
