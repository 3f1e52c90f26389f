BBBBBBB BBBBBBBBBBBBBBB BBBB BBBBBB BBBBBBBB
BBBBB BBBBB gettext(u'Invite to the programme') BBBBBBBB
BBBBB BBBBBBB
XXXXX XXXXXXXXXXXXXXXX XXXXXXBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBXX
BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBB
XXXX gettext(u'Invite to the programme') XXXXX
XXXBB BBBBBBBB gettext(u'Invite one person, a department with its sub-departments, an audience, an entity, or any list the filters give. Each person gets an e-mail in their language with a personal link that shows what joining means.') BBBB gettext(u'Invite the people of your department and its sub-departments. Each person gets an e-mail in their language with a personal link that shows what joining means.') BBBBBXXXX
XXXXXXXXXX gettext(u'People already enrolled are not invited again, nor are people who left the programme (they can come back by themselves). Inviting someone again whose invitation still works sends the same link again. Joining stays voluntary.') XXXXXXXXXXXX

BB BBBBBB
  XXXXXXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX
    BB BBBBBBBB
    XXXXXXXXXXX ngettext(u'%(counter)s invitation sent.', u'%(counter)s invitations sent.', count) SSSSSSSSSSS SSSSSSSSSS SSSSSPPPPPPPPPPP PPPPPPPPPPP PPPPPXXXXXXXXXXXXX
    XXXX
      BB BBBBBBBBBBBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s person already enrolled, skipped.', u'%(counter)s people already enrolled, skipped.', count) SSSSSSSSSSS SSSSSS SSSSSSS SSSSSSSSS SSSSSSSSPPPPPPPPPPP PPPPPP PPPPPPP PPPPPPPPP PPPPPPPPXXXXXBBBBB
      BB BBBBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s person left the programme earlier, not invited again.', u'%(counter)s people left the programme earlier, not invited again.', count) SSSSSSSSSSS SSSSSS SSSS SSS SSSSSSSSS SSSSSSSS SSS SSSSSSS SSSSSSPPPPPPPPPPP PPPPPP PPPP PPP PPPPPPPPP PPPPPPPP PPP PPPPPPP PPPPPPXXXXXBBBBB
      BB BBBBBBBBBBBBBBBBBBBBBBBXXX XXXXXXXXXXXXXXXXXXXXXX ngettext(u'%(counter)s person was invited less than an hour ago, not invited again.', u'%(counter)s people were invited less than an hour ago, not invited again.', count) SSSSSSSSSSS SSSSSS SSS SSSSSSS SSSS SSSS SS SSSS SSSS SSS SSSSSSS SSSSSSPPPPPPPPPPP PPPPPP PPPP PPPPPPP PPPP PPPP PP PPPP PPPP PPP PPPPPPP PPPPPPXXXXXBBBBB
    XXXXX
    BB BBBBBBBBBBBBBBBBBBBB
      XXX ngettext(u'%(counter)s person has no e-mail address and was not invited:', u'%(counter)s people have no e-mail address and were not invited:', count) SSSSSSSSSSS SSSSSS SSS SS SSSSSS SSSSSSS SSS SSS SSS SSSSSSSSPPPPPPPPPPP PPPPPP PPPP PP PPPPPP PPPPPPP PPP PPPP PPP PPPPPPPPXXXX
      XXX XXXXXXXXXXXXXXXXXXXBBB BBBB BB BBBBBBBBBBBBBBBBBBBBXXXXXXXXXBBBBBBXXXXX
    BBBBB
    BBBB
    XXXXXXXXXXX gettext(u'Done: everyone in this group who can be invited is receiving an invitation.') XXXXXXXXXXXXX
    XXXXXXXXXX gettext(u'Managers see no count of the people skipped (already enrolled, left the programme, invited less than an hour ago, or without an e-mail address): it would tell who in the team made which choice. Your HR team sees who has no e-mail address.') XXXXXXXXXXXX
    BBBBB
  XXXXXXXXXX
BBBBB

XXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXXX
  BBB BBBBB BB BBBBBBBBBBBBBBBBBBBXXXXXXXXXXX XXXXXXXFFFFFFFFXXXXXXXXBBB BBBBB BB BBBBBBBBBBBBXXXXXX XXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXBBBBBBXXXXXXBBBBBB
  BBB BBBBB BB BBBBBBBBBBBBBBBBBBBBBBBB
  XXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX gettext(u'Preview') XXXXXXXXXXXXXXX
XXXXXXX

BB BBBBBBB
  XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXX
    BB BBBBBBBBBBBBBB
      XXX gettext(u'You are about to invite %(name)s.') SSS SSS SSSSS SS SSSSSS SSSSSSSSSXXXX
    BBBB
      XXX ngettext(u'%(counter)s person matches.', u'%(counter)s people match.', count) SSSSSSSSSSS SSSSSS SSSSSSSSPPPPPPPPPPP PPPPPP PPPPPPXXXX
    BBBBB
    BB BBBBBBBBBBBBB
    XXXX
      BB BBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s invited less than an hour ago (skipped)', u'%(counter)s invited less than an hour ago (skipped)', count) SSSSSSSSSSS SSSSSSS SSSS SSSS SS SSSS SSS SSSSSSSSSPPPPPPPPPPP PPPPPPP PPPP PPPP PP PPPP PPP PPPPPPPPPXXXXXBBBBB
      BB BBBBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s already enrolled (skipped)', u'%(counter)s already enrolled (skipped)', count) SSSSSSSSSSS SSSSSSS SSSSSSSS SSSSSSSSSPPPPPPPPPPP PPPPPPP PPPPPPPP PPPPPPPPPXXXXXBBBBB
      BB BBBBBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s left the programme (skipped)', u'%(counter)s left the programme (skipped)', count) SSSSSSSSSSS SSSS SSS SSSSSSSSS SSSSSSSSSPPPPPPPPPPP PPPP PPP PPPPPPPPP PPPPPPPPPXXXXXBBBBB
      BB BBBBBBBBBBBBBBBBBBBBBXXXX ngettext(u'%(counter)s without an e-mail address (skipped)', u'%(counter)s without an e-mail address (skipped)', count) SSSSSSSSSSS SSSSSSS SS SSSSSS SSSSSSS SSSSSSSSSPPPPPPPPPPP PPPPPPP PP PPPPPP PPPPPPP PPPPPPPPPXXXXXBBBBB
    XXXXX
    BBBB
    XX XXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'People already enrolled, who left the programme, were invited less than an hour ago or have no e-mail address are skipped. Managers see no count of them: it would tell who in the team made which choice.') XXXXXXXXXXXX
    BBBBB
    BB BBBBBBBBBBBBB BBB BBBBBBBBBBBBBBBBB BB BBBBBBBBBBBBB BBB BBB BBBBBBBBBBBBB
    XXXXX XXXXXXXXXXXXXX
      BBBBBBBBBB
      BBB BBBBB BB BBBBBB BBBBBBBBBBBXXXXXX XXXXXXXXXXXXX XXXXXXX XXXXXXXBB BBBBBBBBBBBBBBBBBBBBBBBXXBBBBBBBBBBB
      BB BBBBBBBBBBBBBXX XXXXXXXXXXXXXXXXXXXXXXX ngettext(u'%(counter)s invitation will be sent.', u'%(counter)s invitations will be sent.', count) SSSSSSSSSSS SSSSSSSSSS SSSS SS SSSSSPPPPPPPPPPP PPPPPPPPPPP PPPP PP PPPPPXXXXXXXXXXXXXBBBBB
      XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXX gettext(u'Send the invitations') XXXXXXXXX
    XXXXXXX
    BBBB BBBBBBBBBBBBB
    XX XXXXXXXXXXXXXXXXXXXXXX gettext(u'Nobody to invite here: everyone is already enrolled, left the programme, or has no e-mail address.') XXXX
    BBBBB
  XXXXXXXXXX
BBBBB
BBBBBBBB
