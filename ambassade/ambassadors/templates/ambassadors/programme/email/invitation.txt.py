BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,\n\n%(organisation)s invites you to join its ambassador programme: staff who wish to do so speak about their work, share job offers and news on their own social networks, and are recognised for it.') SSSSS SSSSSSSSS

SSSSSSSSSSSSSSSS SSSSSSS SSS SS SSSS SSS SSSSSSSSSS SSSSSSSSSS SSSSS SSS SSSS SS SS SS SSSSS SSSSS SSSSS SSSSS SSSSS SSS SSSSSS SSS SSSS SS SSSSS SSS SSSSSS SSSSSSSSS SSS SSS SSSSSSSSSS SSS SSS
BB BBBBBBB
 gettext(u'Invitation sent by %(inviter)s.') SSSSSSSSSS SSSS SS SSSSSSSSSSSS
BBBBB
 gettext(u'Before you decide, the link below shows what is collected and why. Joining is voluntary, and you can leave at any time in one click.') SSSSSS SSS SSSSSSS SSS SSSS SSSSS SSSSS SSSS SS SSSSSSSSS SSS SSSS SSSSSSS SS SSSSSSSSSS SSS SSS SSS SSSSS SS SSS SSSS SS SSS SSSSSS



 gettext(u'This link is personal and works until %(expires)s. If you have no account yet, one is created when you join.') SSSS SSSS SS SSSSSSSS SSS SSSSS SSSSS SSSSSSSSSSSS SS SSS SSSS SS SSSSSSS SSSS SSS SS SSSSSSS SSSS SSS SSSSS
BBBBBBBBBBBBB
