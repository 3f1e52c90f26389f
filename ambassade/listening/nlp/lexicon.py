"""The sentiment lexicon of the immediate tier: French and English words with a polarity from -3 to 3.

Written for employer reviews and posts (pay, managers, interviews...). A trailing "*" marks a stem that
matches any ending. Words are matched without accents, case-insensitively.
"""

from __future__ import annotations

_POSITIVE = """
3: excellent* exceptionnel* genial* geniale* formidable* fantastique* merveilleu* parfait*
   extraordinaire* incroyable* top bravo felicitation* adore adorer j'adore ravi ravie ravis fier fiere
   fiers heureu* passionn* amazing awesome excellent outstanding fantastic wonderful brilliant perfect
   love loved loving thrilled proud congrats congratulations kudos delighted superb
2: super bien bon bonne bons bonnes beau belle sympa chouette agreable* bienveillan* merci remerci*
   enthousias* content contente contents satisfait* recommande* recommander* apprecie* interessant*
   motivant* stimulant* epanoui* epanouissant* attentif* attentive* reactif* reactive* transparent*
   juste equitable* gagne* reussi* reussite* plaisir qualite solide* serein* sereine* confiance
   soutien* soutenu* accueil accueillant* genereu* good great nice thanks thank happy glad enjoy*
   recommend* fair supportive helpful friendly kind caring impressive impressed excited exciting fun
   positive rewarding respectful transparent welcoming generous best better smooth fast quick clear
1: correct* ok okay cool clair* rapide* efficace* facile* pratique* flexible* flexibilite autonomie*
   accessible progresse* evolue* ameliore* amelioration* encourageant* utile* calme* decent fine solid
   flexible easy improve* improving useful interesting
"""

_NEGATIVE = """
-3: horrible* catastroph* scandale* scandaleu* honte honteu* inadmissible* inacceptable* toxique*
   harcelement* harcele* degout* degueulasse* pire nul nulle nuls nulles minable* desastre* desastreu*
   deplorable* lamentable* mepris* meprisant* burn-out burnout epuise* enfer cauchemar* deteste* hais
   awful terrible horrible worst toxic disgusting disgraceful shameful nightmare hate hated abusive
   harassment appalling unacceptable disaster* pathetic miserable
-2: mauvais* mauvaise* decevant* decu decue decus decues deception* triste* colere enerve* enervant*
   inquiet* inquiete* inquietant* inquietude* peur stress stresse* stressant* angoiss* fatigue*
   injuste* injustice* precaire* precarite* degrade* chaos* chaotique* desorganis* incompeten*
   malhonnete* mensonge* menteur* vole* arnaque* galere* galerer* probleme* souci* soucis difficile*
   penible* lourd lourde insupportable* sous-paye* ghoste* ghosting licencie* licenciement*
   suppression* plainte* crainte* craindre crains perdu* echec* manque* abandonne* ignore* mepris
   pression* surcharge* deborde* critique* pleure* souffr* turnover ras-le-bol marre bad poor
   disappointed disappointing disappointment sad angry annoyed annoying worried worry worrying afraid
   scared anxious anxiety stress stressful stressed unfair underpaid overworked exhausted burned
   chaotic disorganized disorganised incompetent dishonest lie lies lied scam problem problems issue
   issues difficult painful ghosted ignored rude layoff* fired laid struggle* struggling fear frustrat*
   unpaid lacking lack broken mess
-1: lent lente lents lentes long longue moyen* bof mouais dommage attente* retard* complique* confus*
   flou floue vague limite* insuffisant* rigide* bureaucrat* froid* distant* cher chere slow delay*
   delayed confusing unclear average meh mediocre rigid cold expensive boring ennuy* repetitif*
   monoton*
"""


def _parse(block: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    current = 0.0
    for line in block.strip().split("\n"):
        head, colon, rest = line.strip().partition(":")
        if colon and head.lstrip("-").isdigit():
            current, line = float(head), rest
        for word in line.split():
            scores[word] = current
    return scores


LEXICON: dict[str, float] = {**_parse(_POSITIVE), **_parse(_NEGATIVE)}
EXACT: dict[str, float] = {word: score for word, score in LEXICON.items() if not word.endswith("*")}
STEMS: dict[str, float] = {word[:-1]: score for word, score in LEXICON.items() if word.endswith("*")}

NEGATORS = frozenset(
    [
        "ne",
        "n'",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "rien",
        "ni",
        "sans",
        "guere",
        "not",
        "no",
        "never",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "can't",
        "cannot",
        "couldn't",
        "wouldn't",
        "shouldn't",
        "hasn't",
        "haven't",
        "hadn't",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "cant",
        "wont",
    ]
)
INTENSIFIERS: dict[str, float] = {
    **dict.fromkeys(
        [
            "tres",
            "trop",
            "vraiment",
            "tellement",
            "hyper",
            "extremement",
            "ultra",
            "super",
            "vachement",
            "totalement",
            "completement",
            "absolument",
            "particulierement",
        ],
        1.5,
    ),
    **dict.fromkeys(
        [
            "very",
            "really",
            "so",
            "extremely",
            "totally",
            "absolutely",
            "incredibly",
            "super",
            "truly",
            "highly",
        ],
        1.5,
    ),
    **dict.fromkeys(["peu", "assez", "plutot", "un_peu", "slightly", "somewhat", "quite", "fairly"], 0.6),
}
EMOTICONS: dict[str, float] = {
    **dict.fromkeys(
        [
            "🙂",
            "😀",
            "😃",
            "😄",
            "😁",
            "😊",
            "😍",
            "🥰",
            "👍",
            "👏",
            "🙌",
            "💪",
            "🎉",
            "❤",
            "❤️",
            "💙",
            "🔥",
            "✨",
            "🚀",
            ":)",
            ":-)",
            ":d",
            ";)",
            "<3",
        ],
        2.0,
    ),
    **dict.fromkeys(
        [
            "🙁",
            "☹",
            "😞",
            "😟",
            "😢",
            "😭",
            "😡",
            "😠",
            "🤬",
            "👎",
            "💔",
            "😤",
            "😩",
            "😫",
            "🤮",
            ":(",
            ":-(",
            ":'(",
        ],
        -2.0,
    ),
}
