window.YTD.tweet.part0 = [ {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ ],
    "symbols" : [ ],
    "user_mentions" : [ ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "52" ],
  "favorite_count" : "2",
  "id_str" : "1050118621198921728",
  "truncated" : false,
  "retweet_count" : "0",
  "id" : "1050118621198921728",
  "created_at" : "Wed Oct 10 20:19:24 +0000 2018",
  "favorited" : false,
  "full_text" : "Premier jour chez Acme, accueil au top ! #onboarding",
  "lang" : "fr"
} ]
