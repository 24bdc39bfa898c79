//! `ensemble new DIR`: a small but complete site that builds without edits, with a guide of
//! what to change first. The theme is the one embedded in the binary.

use std::path::Path;

/// (path in the new site, contents)
const FILES: &[(&str, &str)] = &[
    ("LISEZMOI.md", include_str!("files/LISEZMOI.md")),
    (".gitignore", "/public\n/.public.staging-*\n"),
    ("content/site.yaml", include_str!("files/site.yaml")),
    ("content/_index.md", include_str!("files/_index.md")),
    (
        "content/engagements/01-accueil.md",
        include_str!("files/01-accueil.md"),
    ),
    (
        "content/mentions-legales.md",
        include_str!("files/mentions-legales.md"),
    ),
    (
        "content/accessibilite.md",
        include_str!("files/accessibilite.md"),
    ),
    (
        "content/observatoire/residences.yaml",
        include_str!("files/residences.yaml"),
    ),
    (
        "content/observatoire/charges/2025.yaml",
        include_str!("files/charges-2025.yaml"),
    ),
    (
        "import/correspondance.yaml",
        include_str!("files/correspondance.yaml"),
    ),
];

/// Writes the scaffold into `dir`, which must be missing or empty. Returns the guide's text.
pub fn create(dir: &Path) -> Result<&'static str, String> {
    match crate::write::files::is_missing_or_empty(dir) {
        Ok(true) => {}
        Ok(false) => {
            return Err(format!(
                "le dossier {} n'est pas vide : choisissez un nouveau dossier pour ne rien écraser",
                dir.display()
            ))
        }
        Err(e) => return Err(format!("lecture de {} impossible : {e}", dir.display())),
    }
    crate::write::files::write_all(dir, FILES)
        .map_err(|e| format!("écriture dans {} impossible : {e}", dir.display()))?;
    Ok(GUIDE)
}

pub const GUIDE: &str = "Par quoi commencer :
  1. content/site.yaml : le nom de votre organisme, son adresse, vos contacts, l'adresse du site.
  2. content/engagements/ : un fichier par thème du contrat ; copiez 01-accueil.md pour en ajouter un.
  3. content/mentions-legales.md et content/accessibilite.md : relisez-les, ils sont obligatoires.
  4. content/observatoire/ : vos résidences, puis un fichier de charges par année.
Puis lancez « ensemble serve » et ouvrez l'adresse affichée : chaque modification s'affiche aussitôt.";
