#!/usr/bin/env python3
"""Deterministic Markdown-only corpus, written three times: as an ensemble, a Hugo and a Zola site.

Both sites get the same page bodies (about 2 KB each: headings, lists, emphasis, links to other
pages), the same home and section pages, minimal equivalent templates (tests/bench/sites/) and the
same stylesheet, so both generators write the same set of files:

    index.html, 404.html, engagements/index.html, pages/index.html, pages/pNNNNN/index.html,
    pages/page/N/index.html (the list of pages, ten per page by title, with title and
    description: ensemble lists a section so, Hugo and Zola are told to paginate likewise),
    sitemap.xml, robots.txt, css/style.css

Only the links differ in spelling: ensemble and Zola resolve and check `@/pages/p00042.md` (the
same syntax); Hugo gets plain relative links (`../p00042/`), which it does not check, the cheaper
option for Hugo. Front matter is YAML (`---`) for ensemble and Hugo, TOML (`+++`) for Zola.

Usage: markdown_corpus.py --pages N --out DIR [--seed S]
       (writes DIR/ensemble, DIR/hugo and DIR/zola; rewrites them only when the parameters changed)
"""

import argparse
import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VERSION = 3  # bump when the generated text changes, so cached corpora are rebuilt

WORDS = (
    "résidence logement locataire bailleur charges entretien chauffage ascenseur gardien hall "
    "escalier parking cave jardin quartier agence demande réponse délai travaux réparation "
    "contrat engagement propreté accueil sécurité eau électricité ménage espaces verts "
    "régularisation provision compteur relevé facture association concertation visite "
    "diagnostic rénovation isolation fenêtre toiture façade chaudière radiateur ventilation "
    "interphone boîte aux lettres ordures tri collecte encombrants voisinage tranquillité "
    "accessibilité handicap senior famille étudiant bail loyer aide caisse allocation "
    "commission attribution mutation échange dossier pièce justificatif courrier téléphone "
    "rendez-vous permanence mairie commune département région budget année mois semaine"
).split()

VERBS = (
    "vérifie prévoit assure organise contrôle présente explique répare remplace nettoie "
    "mesure publie envoie reçoit suit améliore planifie signale règle calcule affiche"
).split()

SUBJECTS = (
    "Le bailleur|L’agence|Le gardien|L’entreprise|La commission|Le conseil de concertation|"
    "Chaque locataire|L’association|Le service technique|L’équipe de proximité"
).split("|")


def sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
    end = rng.choice([".", ".", ".", " ?", " !"])
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {words}{end}"


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def title(rng: random.Random, i: int) -> str:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    return f"{a.capitalize()} et {b} : fiche {i}"


def body(rng: random.Random, i: int, pages: int, link) -> str:
    """One page body of about 2 KB; `link(j)` spells a link to page j for the target generator."""

    def other() -> int:
        j = rng.randrange(pages - 1) if pages > 1 else 0
        return j + (j >= i)

    a, b, c = other(), other(), other()
    parts = [
        paragraph(rng, 3),
        f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}",
        f"{paragraph(rng, 2)} Voir aussi [la fiche {a}]({link(a)}) et "
        f"*{rng.choice(WORDS)}* ou **{rng.choice(WORDS)}**.",
        "\n".join(f"- {sentence(rng)}" for _ in range(3))
        + f"\n- Lire [la fiche {b}]({link(b)}).",
        f"### {rng.choice(WORDS).capitalize()} et {rng.choice(WORDS)}",
        paragraph(rng, 2),
        "\n".join(f"{n}. {sentence(rng)}" for n in range(1, 4)),
        f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}",
        f"{paragraph(rng, 3)} Pour en savoir plus, [lisez la fiche {c}]({link(c)}).",
    ]
    return "\n\n".join(parts) + "\n"


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def yaml_front(title_key: str):
    """Front matter in YAML, the title under `title_key`."""
    def front(t: str, description) -> str:
        d = f"description: {yaml_str(description)}\n" if description else ""
        return f"---\n{title_key}: {yaml_str(t)}\n{d}---\n"
    return front


def toml_front(t: str, description, extra: str = "") -> str:
    """Zola's front matter: TOML between `+++` (JSON strings are valid TOML basic strings)."""
    d = f"description = {yaml_str(description)}\n" if description else ""
    return f"+++\ntitle = {yaml_str(t)}\n{d}{extra}+++\n"


def zola_section_front(t: str, description) -> str:
    """The list of pages: ten per page by title, as ensemble lists a section and Hugo paginates."""
    return toml_front(t, description, 'paginate_by = 10\nsort_by = "title"\n')


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(pages: int, out: Path, seed: int = 7) -> dict:
    """Writes out/ensemble and out/hugo; returns a summary. Cached on (VERSION, pages, seed)."""
    stamp = {"version": VERSION, "pages": pages, "seed": seed}
    stamp_file = out / "corpus.json"
    if stamp_file.exists():
        try:
            old = json.loads(stamp_file.read_text())
            if {k: old.get(k) for k in stamp} == stamp:
                return old
        except ValueError:
            pass
    if out.exists():
        shutil.rmtree(out)
    ens, hugo, zola = out / "ensemble", out / "hugo", out / "zola"
    sites = HERE / "sites"
    style = REPO / "themes" / "default" / "static" / "css" / "style.css"

    # ensemble: site.yaml and templates; the embedded default theme supplies css/style.css.
    write(ens / "content" / "site.yaml", (sites / "ensemble" / "site.yaml").read_text())
    shutil.copytree(sites / "ensemble" / "templates", ens / "templates")
    # Hugo: config, layouts, and the same stylesheet as a static file.
    hugo.mkdir(parents=True)
    shutil.copy(sites / "hugo" / "config.toml", hugo / "config.toml")
    shutil.copytree(sites / "hugo" / "layouts", hugo / "layouts")
    (hugo / "static" / "css").mkdir(parents=True)
    shutil.copy(style, hugo / "static" / "css" / "style.css")

    # Zola: config and templates, the same stylesheet as a static file.
    zola.mkdir(parents=True)
    shutil.copy(sites / "zola" / "config.toml", zola / "config.toml")
    shutil.copytree(sites / "zola" / "templates", zola / "templates")
    (zola / "static" / "css").mkdir(parents=True)
    shutil.copy(style, zola / "static" / "css" / "style.css")

    rng = random.Random(seed)
    home = paragraph(rng, 4)
    section = paragraph(rng, 3)
    contract = paragraph(rng, 2)
    fronts = ((ens, yaml_front("titre"), yaml_front("titre")),
              (hugo, yaml_front("title"), yaml_front("title")),
              (zola, toml_front, zola_section_front))
    for root, front, list_front in fronts:
        write(root / "content" / "_index.md", f"{front('Banc d’essai', None)}\n{home}\n")
        write(root / "content" / "pages" / "_index.md",
              f"{list_front('Toutes les fiches', None)}\n{section}\n")
        write(root / "content" / "engagements" / "_index.md",
              f"{front('Nos engagements', None)}\n{contract}\n")

    total = 0
    for i in range(pages):
        # One generator per page: the same text whatever the link spelling.
        state = random.Random(seed * 1_000_003 + i).getstate()
        name = f"p{i:05d}"
        for front, root, link in (
            (yaml_front("titre"), ens, lambda j: f"@/pages/p{j:05d}.md"),
            (yaml_front("title"), hugo, lambda j: f"../p{j:05d}/"),
            (toml_front, zola, lambda j: f"@/pages/p{j:05d}.md"),
        ):
            r = random.Random()
            r.setstate(state)
            t = title(r, i)
            d = sentence(r)
            text = f"{front(t, d)}\n{body(r, i, pages, link)}"
            write(root / "content" / "pages" / f"{name}.md", text)
            if root is ens:
                total += len(text.encode("utf-8"))
    summary = dict(stamp, average_page_bytes=round(total / max(pages, 1)))
    write(stamp_file, json.dumps(summary, indent=2) + "\n")
    return summary


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    print(json.dumps(generate(a.pages, a.out, a.seed)))


if __name__ == "__main__":
    main()
