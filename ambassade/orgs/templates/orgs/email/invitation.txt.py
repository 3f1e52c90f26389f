BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,\n\n%(organisation)s gives you access to ambassade, its employer-brand platform, as: %(role)s.\n\nChoose your password with this link (it works once, for a few days):\n%(link)s\n\nYour username is: %(username)s') SSSSS SSSSSSSSS

SSSSSSSSSSSSSSSS SSSSS SSS SSSSSS SS SSSSSSSSSS SSS SSSSSSSSSSSSSS SSSSSSSSS SSS SSSSSSSSS

SSSSSS SSSS SSSSSSSS SSSS SSSS SSSS SSS SSSSS SSSSS SSS S SSS SSSSSS
SSSSSSSS

SSSS SSSSSSSS SSS SSSSSSSSSSSS
BBBBBBBBBBBBB
