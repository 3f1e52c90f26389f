BBBB BBBBBB BBBBBBBBBBBBBBBBBB gettext(u'%(start)s to %(end)s') SSSSSSSSS SS SSSSSSSBBBB gettext(u'from %(start)s') SSSS SSSSSSSSSBBBBB
