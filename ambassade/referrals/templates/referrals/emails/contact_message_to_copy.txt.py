BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(contact_name)s,') SSSSS SSSSSSSSSSSSSSSSS

BB BBBBBBBBBBB gettext(u'I would like to introduce you to the recruiters of %(organisation)s for the job offer “%(offer_title)s”.') S SSSSS SSSS SS SSSSSSSSS SSS SS SSS SSSSSSSSSS SS SSSSSSSSSSSSSSSS SSS SSS SSS SSSSS SSSSSSSSSSSSSSSSSSBBBB gettext(u'I would like to introduce you to the recruiters of %(organisation)s.') S SSSSS SSSS SS SSSSSSSSS SSS SS SSS SSSSSSSSSS SS SSSSSSSSSSSSSSSSSBBBBB
 gettext(u'It is an introduction, not an endorsement. If you are interested, confirm on this page; you can also decline, and nothing is kept about you unless you confirm:') SS SS SS SSSSSSSSSSSSS SSS SS SSSSSSSSSSSS SS SSS SSS SSSSSSSSSSS SSSSSSS SS SSSS SSSSS SSS SSS SSSS SSSSSSSS SSS SSSSSSS SS SSSS SSSSS SSS SSSSSS SSS SSSSSSSS



BBBBBBBBBBBBB
