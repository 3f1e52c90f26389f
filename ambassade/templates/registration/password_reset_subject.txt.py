BBBB BBBB gettext(u'Choose your ambassade password') 
