BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(contact_name)s,') SSSSS SSSSSSSSSSSSSSSSS

BB BBBBBBBBBBB gettext(u'%(introducer)s, who works at %(organisation)s, has introduced you for the job offer “%(offer_title)s”.') SSSSSSSSSSSSSSS SSS SSSSS SS SSSSSSSSSSSSSSSSS SSS SSSSSSSSSS SSS SSS SSS SSS SSSSS SSSSSSSSSSSSSSSSSSBBBB gettext(u'%(introducer)s, who works at %(organisation)s, has introduced you to its recruiters.') SSSSSSSSSSSSSSS SSS SSSSS SS SSSSSSSSSSSSSSSSS SSS SSSSSSSSSS SSS SS SSS SSSSSSSSSSSBBBBB

 gettext(u'This is an introduction, not an endorsement: %(introducer)s thought of you and puts you in touch with the recruiters, who will form their own opinion. Nothing happens unless you agree.') SSSS SS SS SSSSSSSSSSSSS SSS SS SSSSSSSSSSSS SSSSSSSSSSSSSS SSSSSSS SS SSS SSS SSSS SSS SS SSSSS SSSS SSS SSSSSSSSSSS SSS SSSS SSSS SSSSS SSS SSSSSSSS SSSSSSS SSSSSSS SSSSSS SSS SSSSSS

 gettext(u'To confirm and send a short application (a CV is optional), or to decline:') 


 gettext(u'This link works until %(expires)s. If you decline, your name and address are erased at once; if you do not answer, %(erase_days)s days after the link expires.') SSSS SSSS SSSSS SSSSS SSSSSSSSSSSS SS SSS SSSSSSSS SSSS SSSS SSS SSSSSSS SSS SSSSSS SS SSSSS SS SSS SS SSS SSSSSSS SSSSSSSSSSSSSS SSSS SSSSS SSS SSSS SSSSSSSS

 gettext(u'To never be introduced to %(organisation)s again (only a code made from your address is kept):') SS SSSSS SS SSSSSSSSSS SS SSSSSSSSSSSSSSSS SSSSS SSSSS S SSSS SSSS SSSS SSSS SSSSSSS SS SSSSSS

BBBBBBBBBBBBB
