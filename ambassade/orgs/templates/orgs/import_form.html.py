BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Import people') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Import people from the HR export') XXXXX
XXX gettext(u"Upload the HR system's export as CSV (UTF-8 or Windows-1252, separated by commas or semicolons) or XLSX. The file is checked first and you see what would change; nothing is written until you apply it.") XXXX
XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXX
  BBBBBBBBBB
  BBBBBBB BBBBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXXX gettext(u'Check the file') XXXXXXXXX
  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBX XXXXXXXXXXXXXXXXXX gettext(u'Cancel') XXXX
XXXXXXX
XXXXXXXXX
  XXXX gettext(u'Columns') XXXXX
  XXX gettext(u'The first line names the columns, in any order; other columns are ignored. Names are read without regard to case, accents, spaces or punctuation (“Matricule RH” = matricule_rh).') XXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXXXXXX
    XXXXXXXXXXXXXX XXXXXXXXXXXX gettext(u'Information') XXXXXXXX XXXXXXXXXXXX gettext(u'Accepted column names') XXXXXXXX XXXXXXXXXXXX gettext(u'Required') XXXXXXXXXXXXXXXXXX
    XXXXXXX
    BBB BBBBBB BB BBBBBBB
      XXXXXXXXFFFFFFFFXXXXXXXXXXXXXXXFFFFFFFFFFFFFF FFFFFFFXXXXXXXXXXXX
        XXXXBB BBBBBBBBBBBB BB BBBBBBBBBB BBBBBBBBBBBB BB BBBBBBBB gettext(u'yes, unless the import is limited to one entity') BBBB gettext(u'yes') BBBBBBBBB gettext(u'no') BBBBBXXXXXXXXXX
    BBBBBB
    XXXXXXXX
  XXXXXXXXXXXXXX
  XXXXXXXXXX gettext(u"Dates: DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD. Entity: its short name or its name. Department: its code, else its name within the entity. Manager: the manager's HR identifier.") XXXXXXXXXXXX
XXXXXXXXXX
BBBBBBBB
