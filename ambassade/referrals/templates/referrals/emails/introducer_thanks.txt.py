BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,\n\nA recruiter thanks you for the introduction you made on %(made_on)s (%(offer)s).') SSSSS SSSSSSSSS

S SSSSSSSSS SSSSSS SSS SSS SSS SSSSSSSSSSSS SSS SSSS SS SSSSSSSSSSS SSSSSSSSSSSS

BB BBBBBBBBB gettext(u'Message from %(recruiter)s:') SSSSSSS SSSS SSSSSSSSSSSSSSBBBB gettext(u'Message from the recruiters:') BBBBB



 gettext(u'Your introductions:') SSSS SSSSSSSSSSSSSS 

BBBBBBBBBBBBB
