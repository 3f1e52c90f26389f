BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,\n\nThe introduction you made on %(made_on)s (%(offer)s) has a new status:') SSSSS SSSSSSSSS

SSS SSSSSSSSSSSS SSS SSSS SS SSSSSSSSSSS SSSSSSSSSSS SSS S SSS SSSSSSS

    

 gettext(u'As agreed with your contact, this is all we can tell you: the recruiters keep the details of the application to themselves.') SS SSSSSS SSSS SSSS SSSSSSSS SSSS SS SSS SS SSS SSSS SSSS SSS SSSSSSSSSS SSSS SSS SSSSSSS SS SSS SSSSSSSSSSS SS SSSSSSSSSSS

 gettext(u'Your introductions:') SSSS SSSSSSSSSSSSSS 

 gettext(u'Thank you for making introductions.') SSSSS SSS SSS SSSSSS SSSSSSSSSSSSSS

BBBBBBBBBBBBB
