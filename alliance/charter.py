"""Texts of the alliance's charter shown on the site (from shared/seed/alliance-charter.fr.txt)."""

from django.utils.translation import gettext_lazy as _

PURPOSE = _(
    "Porter et soutenir par le mouvement collectif, responsable et solidaire des entreprises "
    "et des collectivités, des projets à impact social et environnemental positif pour le "
    "développement durable des territoires."
)

FOUNDATIONS = [
    (
        _("Convictions"),
        [
            _(
                "Chaque organisation, qu'elle soit privée, publique ou associative, doit revoir les "
                "paradigmes de son développement et de son impact économique, social et "
                "environnemental."
            ),
            _(
                "À l'aune des grands changements qui se précipitent devant nous, c'est à l'échelle "
                "des territoires que naissent les grandes actions à impact positif, celles qui nous "
                "placent en position d'acteurs responsables des transformations nécessaires."
            ),
            _(
                "Les entreprises doivent être des acteurs inclusifs au cœur des territoires. Acteurs "
                "publics et privés forment un même tout au service du développement harmonieux "
                "d'un territoire et du bien vivre citoyen."
            ),
        ],
    ),
    (
        _("Constats"),
        [
            _(
                "Le divorce est consommé entre la logique de performance ou l'impératif de "
                "rentabilité qui seraient l'apanage exclusif de l'univers du privé, et la défense "
                "de l'intérêt général et de la notion de service public propre à la sphère publique."
            ),
            _(
                "Les échelles de temps, de la fin d'exercice à la fin du mandat, et d'argent, de la "
                "paie à la dotation annuelle, semblent invariablement opposer les logiques."
            ),
            _(
                "Les déséquilibres et les lignes de fracture qui menacent la cohésion sociale et "
                "territoriale n'ont jamais été aussi présents à l'esprit, et même dans la réalité "
                "du quotidien vécu dans nos territoires."
            ),
        ],
    ),
    (
        _("Ambitions"),
        [
            _(
                "Nous voulons partager une valeur nouvelle, une richesse fondée sur la coopération "
                "au sein d'une communauté d'intérêt pour une économie territoriale, inclusive et "
                "collaborative."
            ),
            _(
                "Nous voulons rapprocher les visions stratégiques au service d'une ambition "
                "territoriale partagée et co-construite qui intègre les grands enjeux sociaux, "
                "économiques et environnementaux et les grands projets."
            ),
            _(
                "Nous voulons par l'exemple de cette synergie singulière et fertile, conduire à un "
                "changement de comportements de grande ampleur en engageant la conscience de "
                "chacun et la responsabilité de tous."
            ),
        ],
    ),
]
