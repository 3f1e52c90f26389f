BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,\n\nHere is what is new for you to share in the ambassador hub of %(organisation)s:') SSSSS SSSSSSSSS

SSSS SS SSSS SS SSS SSS SSS SS SSSSS SS SSS SSSSSSSSSS SSS SS SSSSSSSSSSSSSSSSS
BBB BBB BB BBBBB
X  XX
  
BBBBBBBB BBBB
 ngettext(u'And %(counter)s more item in the hub.', u'And %(counter)s more items in the hub.', count) SSS SSSSSSSSSSS SSSS SSSS SS SSS SSSSPPP PPPPPPPPPPP PPPP PPPPP PP PPP PPPP
BBBBB
 gettext(u'Share in one click from the hub, with your own link: %(hub_url)s') SSSSS SS SSS SSSSS SSSS SSS SSSS SSSS SSSS SSS SSSSS SSSSSSSSSSS

 gettext(u'You receive this e-mail %(frequency)s. To change how often, or to stop it: %(preferences_url)s') SSS SSSSSSS SSSS SSSSSS SSSSSSSSSSSSSS SS SSSSSS SSS SSSSSS SS SS SSSS SSS SSSSSSSSSSSSSSSSSSS
BBBBBBBBBBBBB
