//! Fixture sites for integration tests: a temp folder with the repository's default theme and
//! whatever content a test writes, built with the real `ensemble` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const SITE_YAML: &str = r##"titre: "Site d’essai"
url_base: "https://essai.example.org/sous/chemin/"
contenu_exemple: true
organisme:
  nom: "Office d’essai"
  adresse: "1 rue du Test, 59000 Lille"
  telephone: "03 20 00 00 00"
  directeur_publication: "Jeanne Essai"
  hebergeur:
    nom: "Hébergeur"
    adresse: "2 rue du Serveur, 59100 Roubaix"
contacts:
  - libelle: "Agence"
    telephone: "03 20 00 00 01"
"##;

pub fn theme_md(order: u32, title: &str) -> String {
    format!(
        "---\ntitre: \"{title}\"\nordre: {order}\nresume: \"Résumé du thème {order}.\"\nengagements_bailleur:\n  - texte: \"Nous répondons à votre demande.\"\n    objectif: \"sous 8 jours\"\nengagements_locataire:\n  - texte: \"Vous signalez les problèmes.\"\ngeste_commercial:\n  - condition: \"Réponse après 8 jours\"\n    compensation: \"Lettre d’excuse\"\n---\n\n## Comment nous mesurons\n\nUne enquête chaque année. Voir [le geste](@/geste.md).\n"
    )
}

impl Fixture {
    /// A small valid site: config, home, two themes, a legal notice and a free page.
    pub fn minimal() -> Fixture {
        let f = Fixture::empty();
        f.write("content/site.yaml", SITE_YAML);
        f.write(
            "content/_index.md",
            "---\ntitre: \"Accueil d’essai\"\n---\n\nBienvenue ! Voici le contrat.\n",
        );
        f.write("content/engagements/01-accueil.md", &theme_md(1, "Accueil"));
        f.write(
            "content/engagements/02-proprete.md",
            &theme_md(2, "Propreté"),
        );
        f.write(
            "content/mentions-legales.md",
            "---\ntitre: Mentions légales\nmenu: true\nordre: 2\n---\n\nTexte.\n",
        );
        f.write("content/geste.md", "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\n## Quand\n\nSi nous échouons.\n");
        f
    }

    /// The repository's theme only.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `ensemble <args>` in the fixture folder.
    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_ensemble"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run ensemble")
    }

    /// Builds and asserts success, returning stdout.
    pub fn build_ok(&self) -> String {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Builds, asserts failure with exit code 1, returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.run(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "build should fail:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
