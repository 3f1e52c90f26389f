BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,') SSSSS SSSSSSSSS

BB BBB gettext(u'%(entity)s has received your application for the job “%(job)s”.') SSSSSSSSSS SSS SSSSSSSS SSSS SSSSSSSSSSS SSS SSS SSS SSSSSSSSSSBBBB gettext(u'%(entity)s has received your application.') SSSSSSSSSS SSS SSSSSSSS SSSS SSSSSSSSSSSSBBBBB  gettext(u'A recruiter will read it and get back to you.') 

 gettext(u'How long we keep your data:')  BB BBBBBBBBBBB gettext(u'as you asked, your application stays in our talent pool for 2 years after our last contact.') BBBB gettext(u'if you are not hired, your application and CV are erased 3 months after the decision.') BBBBB  gettext(u'You may ask the recruitment team to show you or erase your data at any time.') 

 gettext(u'The recruitment team of %(organisation)s') SSS SSSSSSSSSSS SSSS SS SSSSSSSSSSSSSSSS
BBBBBBBBBBBBB
