window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "comms@acme.example",
      "createdVia" : "web",
      "username" : "AcmeCarrieres",
      "accountId" : "1122334455",
      "createdAt" : "2012-05-02T08:41:03.000Z",
      "accountDisplayName" : "Acme Carrières"
    }
  }
]
