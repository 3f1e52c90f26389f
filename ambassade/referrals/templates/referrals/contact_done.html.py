BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Your introduction') BBBBBBBB
BBBBB BBBBBBB
XXXXXXXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXX
  BB BBBB BB BBBBBBBBBBB
    XXXX gettext(u'Thank you: your application is sent') XXXXX
    XXX gettext(u'The recruiters of %(organisation)s will read it; you will receive an acknowledgement by e-mail. %(introducer)s is told that you confirmed, and nothing of your application.') SSS SSSSSSSSSS SS SSSSSSSSSSSSSSSS SSSS SSSS SSS SSS SSSS SSSSSSS SS SSSSSSSSSSSSSSS SS SSSSSSS SSSSSSSSSSSSSS SS SSSS SSSS SSS SSSSSSSSSS SSS SSSSSSS SS SSSS SSSSSSSSSSSSXXXX
  BBBB BBBB BB BBBBBBBBBB
    XXXX gettext(u'Introduction declined') XXXXX
    XXX gettext(u'Understood. Your name and address are erased; %(organisation)s only counts that an introduction was declined.') SSSSSSSSSSS SSSS SSSS SSS SSSSSSS SSS SSSSSSS SSSSSSSSSSSSSSSS SSSS SSSSSS SSSS SS SSSSSSSSSSSS SSS SSSSSSSSSXXXX
    XXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBXX gettext(u'Never be introduced to %(organisation)s again') SSSSS SS SSSSSSSSSS SS SSSSSSSSSSSSSSSS SSSSSXXXXXXXX
  BBBB
    XXXX gettext(u'You will not be introduced again') XXXXX
    XXX gettext(u'Nobody can introduce you to %(organisation)s any more. Only a code made from your address is kept, so that it can be recognised: not the address itself.') SSSSSS SSS SSSSSSSSS SSS SS SSSSSSSSSSSSSSSS SSS SSSSS SSSS S SSSS SSSS SSSS SSSS SSSSSSS SS SSSSS SS SSSS SS SSS SS SSSSSSSSSSS SSS SSS SSSSSSS SSSSSSSXXXX
  BBBBB
XXXXXXXXXX
BBBBBBBB
