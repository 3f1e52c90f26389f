BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,') SSSSS SSSSSSSSS

 gettext(u'%(organisation)s approved your reward request: %(item)s. Thank you for your part in the programme!') SSSSSSSSSSSSSSSS SSSSSSSS SSSS SSSSSS SSSSSSSS SSSSSSSSS SSSSS SSS SSS SSSS SSSS SS SSS SSSSSSSSSS
BB BBBBBBB
 gettext(u'%(handler)s will hand it to you.') SSSSSSSSSSS SSSS SSSS SS SS SSSS
BBBB
 gettext(u'Your HR team will hand it to you.') 
BBBBB
 gettext(u'Your requests and their status:') 

BBBBBBBBBBBBB
