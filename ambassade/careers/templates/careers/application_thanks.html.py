BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Application sent') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Thank you: your application has been sent') XXXXX
XXXBB BBBBB gettext(u'%(entity)s has received your application for the job “%(title)s”.') SSSSSSSSSS SSS SSSSSSSS SSSS SSSSSSSSSSS SSS SSS SSS SSSSSSSSSSSSBBBB gettext(u'%(entity)s has received your application.') SSSSSSSSSS SSS SSSSSSSS SSSS SSSSSSSSSSSSBBBBB
 gettext(u'You will receive an e-mail confirming it in a few minutes; a recruiter will read your application and get back to you.') XXXX
XXX gettext(u'If you are not hired, your application and CV are erased 3 months after the decision (2 years after our last contact if you asked to join the talent pool).') XXXX
XXXXX XXXXXXXX gettext(u'See the other job offers') XXXXXXXX
BBBBBBBB
