BBBB BBBBXXXX XXXXXXXXXXXXXXXXXXXXXXXX
  XXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Message to send to %(name)s through your network') SSSSSSS SS SSSS SS SSSSSSSS SSSSSSS SSSS SSSSSSSXXXXXXXX
  XXXXXXXXX XXXXXXXXXXXXXXXXXXXXX XXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXXXXX gettext(u'The link in it is personal to your contact: select the text, copy it and send it to them in a private message.') XXXXXXXX
XXXXXX
