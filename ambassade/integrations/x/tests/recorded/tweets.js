window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [ "1765012345678901234" ],
          "editableUntil" : "2024-03-05T15:02:11.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ { "text" : "recrutement", "indices" : [ "60", "72" ] } ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://acme.example/carrieres/stages",
            "display_url" : "acme.example/carrieres/stages",
            "indices" : [ "73", "96" ]
          }
        ]
      },
      "display_text_range" : [ "0", "96" ],
      "favorite_count" : "42",
      "id_str" : "1765012345678901234",
      "truncated" : false,
      "retweet_count" : "7",
      "id" : "1765012345678901234",
      "created_at" : "Tue Mar 05 14:02:11 +0000 2024",
      "favorited" : false,
      "full_text" : "Nos stages sont payés 15 % au-dessus du minimum &amp; ouverts #recrutement https://t.co/AbCdEf1234",
      "lang" : "fr"
    }
  },
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1765099999999999999" ], "editableUntil" : "2024-03-05T20:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : false } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ { "name" : "Marie D.", "screen_name" : "marie_d", "indices" : [ "0", "8" ], "id_str" : "98765", "id" : "98765" } ],
        "urls" : [ ]
      },
      "display_text_range" : [ "9", "120" ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1765088888888888888",
      "id_str" : "1765099999999999999",
      "in_reply_to_user_id" : "98765",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1765099999999999999",
      "in_reply_to_status_id" : "1765088888888888888",
      "created_at" : "Tue Mar 05 19:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@marie_d Bonjour Marie, les réponses arrivent sous 10 jours ouvrés &lt;promis&gt; 🙂",
      "lang" : "fr",
      "in_reply_to_screen_name" : "marie_d",
      "in_reply_to_user_id_str" : "98765"
    }
  },
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1766000000000000001" ], "editableUntil" : "2024-03-08T10:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "275" ],
      "favorite_count" : "128",
      "id_str" : "1766000000000000001",
      "truncated" : false,
      "retweet_count" : "31",
      "id" : "1766000000000000001",
      "created_at" : "Fri Mar 08 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Journée internationale des droits des femmes : chez Acme, l'écart de salaire femmes-hommes est de 1,2 % à poste égal. Ce n'est pas zéro. Voici ce que nous faisons pour le combler d'ici fin 2025, poste par poste, avec les représentants du personnel et un suivi publié chaque…",
      "lang" : "fr"
    }
  }
]
