"""The programme's six themes, with the Norwegian names used in the KS presentation of 2007."""

from __future__ import annotations

THEMES = [
    {
        "theme_id": "klima_energi",
        "name": "Klima og energi",
        "short_name": "Klima og energi",
        "description": "Klimagassutslipp, energibruk og omlegging til fornybar energi.",
    },
    {
        "theme_id": "areal",
        "name": "Viktige arealpolitiske hensyn",
        "short_name": "Areal",
        "description": "Arealbruk, jordvern, sentrumsutvikling og vern av natur- og friluftsområder.",
    },
    {
        "theme_id": "folkehelse",
        "name": "Livskvalitet, friluftsliv og folkehelse",
        "short_name": "Folkehelse",
        "description": "Folkehelse, friluftsliv og gode lokalsamfunn å leve i.",
    },
    {
        "theme_id": "internasjonalt",
        "name": "Samarbeid med lokalsamfunn i Sør og Øst",
        "short_name": "Internasjonalt",
        "description": "Vennskaps- og utviklingssamarbeid med lokalsamfunn i Sør og Øst.",
    },
    {
        "theme_id": "produksjon_forbruk",
        "name": "Framtidsrettet produksjon og forbruk / miljøbasert næringsutvikling",
        "short_name": "Produksjon og forbruk",
        "description": "Avfall, innkjøp, forbruk og miljøbasert næringsutvikling.",
    },
    {
        "theme_id": "kulturarv",
        "name": "Kulturarven som grunnlag for nærings- og samfunnsutvikling",
        "short_name": "Kulturarv",
        "description": "Kulturminner og kulturmiljøer som ressurs for næring og samfunn.",
    },
]

THEME_IDS = [t["theme_id"] for t in THEMES]
