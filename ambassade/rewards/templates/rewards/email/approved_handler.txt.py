BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,') SSSSS SSSSSSSSS

 gettext(u'%(organisation)s approved a reward for %(requester)s: %(item)s. You are the person who hands it out.') SSSSSSSSSSSSSSSS SSSSSSSS S SSSSSS SSS SSSSSSSSSSSSSS SSSSSSSSS SSS SSS SSS SSSSSS SSS SSSSS SS SSSS
BB BBBBBBBBBBBB
 gettext(u'Their note: %(note)s') SSSSS SSSSS SSSSSSSS
BBBBB
 gettext(u'Once it is handed out, tell your HR team so that they record it.') 

 gettext(u'This reward is recognition, not money: it costs the person points of the ambassador programme.') 
BBBBBBBBBBBBB
