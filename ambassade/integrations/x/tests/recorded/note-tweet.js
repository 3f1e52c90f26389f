window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1766000000123456789",
      "updatedAt" : "2024-03-08T09:00:00.000Z",
      "lifecycle" : { "value" : "1", "name" : "Created", "originalValue" : "1", "originalName" : "Created" },
      "createdAt" : "2024-03-08T09:00:00.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ ],
        "text" : "Journée internationale des droits des femmes : chez Acme, l'écart de salaire femmes-hommes est de 1,2 % à poste égal. Ce n'est pas zéro. Voici ce que nous faisons pour le combler d'ici fin 2025, poste par poste, avec les représentants du personnel et un suivi publié chaque trimestre sur notre site carrières. Vos questions sont bienvenues en réponse.",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  }
]
