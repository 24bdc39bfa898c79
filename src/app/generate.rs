//! `ensemble generate-data`: writes a realistic, deterministic observatory data set — the example
//! site's data and benchmark corpora of any size.
//!
//! Determinism: one hand-rolled splitmix64 generator seeded by `--seed`, and only +, −, ×, ÷ and
//! rounding on floats (no `exp`, `ln` or trigonometry, whose last bits differ between platforms'
//! maths libraries), so a seed gives the same bytes everywhere.
//!
//! Magnitudes follow `shared/domain.md`: about 27–28 € per m² per year across the stock in 2017
//! (150 € a month for 65 m²) and 30 € in 2020, heating about a third where it is collective
//! (those residences pay more, the others less), water about a fifth, the 2022–2023 energy shock
//! (heating up by about half) with provisions that lag behind it, no heating line where heating
//! is individual and no lift line without a lift, and a few one-off events explained by a note.

use crate::core::slug::slugify;
use std::fmt::Write as _;

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Bell-shaped in [low, high] (mean of three uniforms).
    pub fn bell(&mut self, low: f64, high: f64) -> f64 {
        let m = (self.unit() + self.unit() + self.unit()) / 3.0;
        low + (high - low) * m
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Communes of the Nord with their main postal code and a weight (thousands of inhabitants) that
/// sets how many residences each gets. The first twelve make the example site.
const COMMUNES: &[(&str, &str, u32)] = &[
    ("Lille", "59000", 236),
    ("Roubaix", "59100", 98),
    ("Tourcoing", "59200", 98),
    ("Villeneuve-d’Ascq", "59650", 62),
    ("Dunkerque", "59140", 87),
    ("Valenciennes", "59300", 44),
    ("Douai", "59500", 40),
    ("Maubeuge", "59600", 29),
    ("Cambrai", "59400", 32),
    ("Wattrelos", "59150", 41),
    ("Armentières", "59280", 25),
    ("Lambersart", "59130", 28),
    ("Marcq-en-Barœul", "59700", 39),
    ("Hem", "59510", 18),
    ("Denain", "59220", 19),
    ("Hazebrouck", "59190", 21),
    ("Grande-Synthe", "59760", 20),
    ("Croix", "59170", 21),
    ("Wasquehal", "59290", 20),
    ("Mons-en-Barœul", "59370", 21),
    ("Loos", "59120", 22),
    ("Halluin", "59250", 21),
    ("Saint-Amand-les-Eaux", "59230", 16),
    ("Anzin", "59410", 13),
    ("Caudry", "59540", 14),
    ("Sin-le-Noble", "59450", 15),
    ("Coudekerque-Branche", "59210", 21),
    ("Fourmies", "59610", 12),
    ("Seclin", "59113", 13),
    ("Ronchin", "59790", 19),
    ("Faches-Thumesnil", "59155", 18),
    ("Wattignies", "59139", 14),
    ("Hautmont", "59330", 14),
    ("Aulnoye-Aymeries", "59620", 9),
    ("Bailleul", "59270", 14),
    ("Comines", "59560", 12),
    ("Roncq", "59223", 13),
    ("Haubourdin", "59320", 15),
];

const NAME_PREFIXES: &[&str] = &[
    "Résidence",
    "Résidence",
    "Résidence",
    "Résidence",
    "Cité",
    "Square",
    "Le Clos",
    "Les Jardins",
    "Domaine",
];

/// What follows the prefix; `of` is used after "Le Clos", "Les Jardins", "Domaine" and "Cité".
const NAMES: &[(&str, &str)] = &[
    ("Les Tilleuls", "des Tilleuls"),
    ("Les Peupliers", "des Peupliers"),
    ("Les Acacias", "des Acacias"),
    ("Le Beffroi", "du Beffroi"),
    ("Les Hortensias", "des Hortensias"),
    ("Les Marronniers", "des Marronniers"),
    ("Les Glycines", "des Glycines"),
    ("Le Parc", "du Parc"),
    ("Les Bleuets", "des Bleuets"),
    ("Les Coquelicots", "des Coquelicots"),
    ("Jean Moulin", "Jean Moulin"),
    ("Pasteur", "Pasteur"),
    ("Les Érables", "des Érables"),
    ("Le Moulin", "du Moulin"),
    ("Les Charmilles", "des Charmilles"),
    ("La Roseraie", "de la Roseraie"),
    ("Les Mimosas", "des Mimosas"),
    ("Les Lilas", "des Lilas"),
    ("Le Bocage", "du Bocage"),
    ("Les Aubépines", "des Aubépines"),
    ("Les Genêts", "des Genêts"),
    ("Les Mésanges", "des Mésanges"),
    ("Les Fauvettes", "des Fauvettes"),
    ("Saint-Exupéry", "Saint-Exupéry"),
    ("Victor Hugo", "Victor Hugo"),
    ("Louise Michel", "Louise Michel"),
    ("Jules Verne", "Jules Verne"),
    ("Les Tisserands", "des Tisserands"),
    ("Les Filatures", "des Filatures"),
    ("La Briqueterie", "de la Briqueterie"),
    ("Le Vieux Moulin", "du Vieux Moulin"),
    ("Les Terrils", "des Terrils"),
    ("La Deûle", "de la Deûle"),
    ("Les Hirondelles", "des Hirondelles"),
    ("Le Carillon", "du Carillon"),
    ("Les Sablières", "des Sablières"),
    ("Les Violettes", "des Violettes"),
    ("Le Val Fleuri", "du Val Fleuri"),
    ("Les Trois Ponts", "des Trois Ponts"),
    ("La Lys", "de la Lys"),
    ("Les Cerisiers", "des Cerisiers"),
    ("Les Pommiers", "des Pommiers"),
    ("Pablo Picasso", "Pablo Picasso"),
    ("Albert Camus", "Albert Camus"),
    ("Les Bruyères", "des Bruyères"),
    ("Le Petit Bois", "du Petit Bois"),
    ("Les Ormes", "des Ormes"),
    ("Les Verdiers", "des Verdiers"),
];

const STREETS: &[&str] = &[
    "rue Jean Jaurès",
    "rue Pasteur",
    "rue Victor Hugo",
    "avenue de la République",
    "boulevard Gambetta",
    "rue Léon Blum",
    "rue Roger Salengro",
    "avenue du Général de Gaulle",
    "rue Jean Lebas",
    "rue de la Gare",
    "rue des Écoles",
    "rue du Moulin",
    "rue Émile Zola",
    "rue Anatole France",
    "rue Paul Vaillant-Couturier",
    "rue Voltaire",
    "boulevard Carnot",
    "rue Faidherbe",
    "rue Nationale",
    "rue Jules Guesde",
    "rue Ferdinand Buisson",
    "allée des Tilleuls",
    "rue des Peupliers",
    "place de la Mairie",
    "rue de Lille",
    "rue Louis Braille",
    "rue Salvador Allende",
    "avenue Kennedy",
    "rue Henri Barbusse",
    "rue du 8 Mai 1945",
    "rue Pierre Brossolette",
    "chemin des Prés",
];

/// Built-in categories in file order, with their 2016 cost in € per m² per year where present.
/// With `yearly_rate` they give about 27–28 € across the stock in 2016–2017 and 30 € in 2020:
/// about 31 € where heating is collective (heating about 35 % of it) and 22 € where it is
/// individual; water a little more than a fifth, taxes a ninth, cleaning (PCI and PER) a fifth.
const BASE_PER_M2: [(&str, f64); 10] = [
    ("CHC", 11.4),
    ("EAU", 6.5),
    ("IND", 2.4),
    ("ASC", 1.8),
    ("PCI", 3.1),
    ("PER", 3.4),
    ("TAX", 3.0),
    ("HYG", 0.9),
    ("EXT", 1.1),
    ("EQD", 1.1),
];

/// Yearly change of prices by category, in percent.
fn yearly_rate(code: &str, year: i32) -> f64 {
    match (code, year) {
        ("CHC", 2017) => 1.0,
        ("CHC", 2018) => 4.0,
        ("CHC", 2019) => 2.0,
        ("CHC", 2020) => 0.0,
        ("CHC", 2021) => 5.0,
        // The energy shock: heating up by about half over 2022–2023 despite the price caps,
        // then easing a little.
        ("CHC", 2022) => 18.0,
        ("CHC", 2023) => 25.0,
        ("CHC", 2024) => -5.0,
        ("CHC", 2025) => -3.0,
        (_, 2018) => 2.5,
        // 2020: water used at home during the lockdowns, the household-waste tax (TEOM from
        // 2,16 to 2,40 € per m²), more cleaning and disinfection of the common areas.
        ("EAU", 2020) => 5.0,
        ("TAX", 2020) => 11.0,
        ("PCI", 2020) => 8.0,
        ("PER", 2020) => 6.0,
        ("HYG", 2020) => 10.0,
        (_, 2021) => 1.5,
        // Electricity of the common areas (price caps +4 % in 2022, +15 % in 2023), and inflation.
        ("PCI", 2022) => 6.0,
        (_, 2022) => 4.0,
        ("PCI", 2023) => 10.0,
        ("ASC", 2023) => 6.0,
        (_, 2023) => 5.0,
        (_, 2024) => 2.5,
        _ => 2.0,
    }
}

/// How much landlords raised provisions ahead of each year, in percent of the previous year's
/// actual cost: heating provisions lagged behind prices in 2022, so tenants owed a complement,
/// then rose sharply for 2023 (mostly 25 to 55 € more per flat and per month than in 2021) and
/// were slightly above the cost in 2024–2025.
fn provision_rate(code: &str, year: i32) -> f64 {
    match (code, year) {
        ("CHC", 2022) => 4.0,
        ("CHC", 2023) => 30.0,
        ("CHC", 2024) => 2.0,
        ("CHC", 2025) => 0.0,
        (_, 2023) => 5.0,
        _ => 2.0,
    }
}

/// One-off events: category, note, multiplier of that year's cost.
const EVENTS: &[(&str, &str, f64)] = &[
    (
        "CHC",
        "panne de chaudière en février : chauffage d’appoint loué trois semaines",
        1.18,
    ),
    ("CHC", "remplacement du brûleur de la chaufferie", 1.12),
    (
        "EAU",
        "fuite sur une colonne d’eau froide, réparée en mars",
        1.3,
    ),
    ("EAU", "changement des compteurs d’eau individuels", 1.1),
    (
        "ASC",
        "ascenseur à l’arrêt six semaines : pièces remplacées",
        1.5,
    ),
    (
        "HYG",
        "désinsectisation de tous les logements (punaises de lit)",
        1.9,
    ),
    (
        "HYG",
        "dératisation des caves et des locaux poubelles",
        1.45,
    ),
    ("PCI", "éclairage des parties communes passé en LED", 0.8),
    (
        "PER",
        "gardien absent quatre mois, remplacé par une entreprise de nettoyage",
        1.12,
    ),
    ("EXT", "élagage des arbres de la résidence", 1.6),
    ("EXT", "aire de jeux remise en état", 1.35),
    (
        "EQD",
        "portes de hall remplacées et badges reprogrammés",
        1.55,
    ),
    (
        "IND",
        "nouveau contrat d’entretien des chaudières individuelles",
        1.15,
    ),
];

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub residences: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
}

/// Parses `2016-2025` (or a single year).
pub fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let parse = |s: &str| {
        s.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                format!(
                    "année « {} » invalide : écrivez par exemple 2016-2025",
                    s.trim()
                )
            })
    };
    let (first, last) = (parse(a)?, parse(b)?);
    if first > last {
        return Err(format!(
            "période {first}-{last} à l'envers : écrivez {last}-{first}"
        ));
    }
    Ok((first, last))
}

/// One generated residence and the parameters its charges are drawn from.
struct Draft {
    line: String,
    id: String,
    built: i32,
    /// Cost per category in the first year, € for the residence (0 = no such line).
    base: [f64; 10],
    /// Year of a thermal renovation that lowers heating costs by a third, if any.
    renovated: Option<i32>,
}

/// A generated data set: the files of an observatory folder, and what they hold.
#[derive(Debug)]
pub struct Generated {
    /// (path inside the observatory folder, text): `residences.yaml`, then `charges/AAAA.yaml`.
    pub files: Vec<(String, String)>,
    pub residences: usize,
    pub communes: usize,
    pub lines: usize,
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `41234.50` → `41234.5`, `39000.00` → `39000`.
fn amount(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// `residences.yaml` and one `charges/AAAA.yaml` per year, as texts.
pub fn generate(options: &GenerateOptions) -> Generated {
    let mut rng = SplitMix64::new(options.seed);
    let commune_count = (options.residences / 5).clamp(1, COMMUNES.len());
    let communes = &COMMUNES[..commune_count];
    let total_weight: u32 = communes.iter().map(|c| c.2).sum();
    let mut used: std::collections::HashSet<String> = Default::default();
    let mut drafts: Vec<Draft> = Vec::with_capacity(options.residences);
    let mut communes_used = std::collections::BTreeSet::new();

    for i in 0..options.residences {
        // Every commune gets two residences first, then they follow population.
        let c = if i < 2 * commune_count {
            i % commune_count
        } else {
            let mut w = (rng.next_u64() % total_weight as u64) as u32;
            let mut c = 0;
            while w >= communes[c].2 {
                w -= communes[c].2;
                c += 1;
            }
            c
        };
        let (commune, postal_code, _) = communes[c];
        communes_used.insert(c);
        drafts.push(draft(&mut rng, commune, postal_code, options, &mut used));
    }

    let mut files = Vec::new();
    let mut text = String::with_capacity(drafts.len() * 300);
    let _ = writeln!(
        text,
        "# Résidences de l’observatoire des charges : une résidence par ligne.\n# Données d’exemple produites par « ensemble generate-data --residences {} --years {}-{} --seed {} ».\n# Chaque clé est décrite dans le README, section « Observatoire des charges ».\nresidences:",
        options.residences, options.first_year, options.last_year, options.seed
    );
    for d in &drafts {
        text.push_str(&d.line);
        text.push('\n');
    }
    files.push(("residences.yaml".to_string(), text));

    let mut lines = 0;
    // Each residence's yearly path needs its previous year: keep them across years.
    let mut previous: Vec<[Option<(f64, f64)>; 10]> = vec![[None; 10]; drafts.len()];
    let mut boosted: Vec<[Option<i32>; 10]> = vec![[None; 10]; drafts.len()];
    let mut price: [f64; 10] = [1.0; 10];
    for year in options.first_year..=options.last_year {
        if year > options.first_year {
            for (k, (code, _)) in BASE_PER_M2.iter().enumerate() {
                price[k] *= 1.0 + yearly_rate(code, year) / 100.0;
            }
        }
        let mut out = String::with_capacity(drafts.len() * 260);
        let _ = writeln!(
            out,
            "# Charges de l’année {year}, en euros TTC pour toute la résidence : dépense réelle (reel)\n# et provisions appelées auprès des locataires (provisions), par catégorie de charges.\nannee: {year}\nresidences:"
        );
        for (r, d) in drafts.iter().enumerate() {
            if d.built >= year {
                continue;
            }
            let _ = write!(out, "  {}: {{ ", d.id);
            let mut first = true;
            for (k, (code, _)) in BASE_PER_M2.iter().enumerate() {
                if d.base[k] <= 0.0 {
                    continue;
                }
                let mut cost = d.base[k] * price[k] * rng.range(0.97, 1.03);
                if *code == "CHC" && d.renovated.is_some_and(|y| y <= year) {
                    cost *= 0.68;
                }
                let mut note: Option<String> = None;
                if *code == "CHC" && d.renovated == Some(year) {
                    note = Some(
                        "réhabilitation thermique : façades isolées et chaufferie neuve".into(),
                    );
                } else if let Some(event_year) = boosted[r][k].take() {
                    note = Some(format!(
                        "retour au niveau habituel après l’intervention de {event_year}"
                    ));
                } else if rng.chance(0.0025) {
                    let matching: Vec<&(&str, &str, f64)> =
                        EVENTS.iter().filter(|e| e.0 == *code).collect();
                    if !matching.is_empty() {
                        let e = rng.pick(&matching);
                        cost *= e.2;
                        note = Some(e.1.to_string());
                        boosted[r][k] = Some(year);
                    }
                }
                let actual = round_to(cost, 0.01);
                let provisions = match previous[r][k] {
                    Some((last_actual, _)) => round_to(
                        last_actual
                            * (1.0 + provision_rate(code, year) / 100.0)
                            * rng.range(0.98, 1.02),
                        1.0,
                    ),
                    None => round_to(actual * rng.range(0.96, 1.05), 1.0),
                };
                previous[r][k] = Some((actual, provisions));
                if !first {
                    out.push_str(", ");
                }
                first = false;
                let _ = write!(
                    out,
                    "{code}: {{ reel: {}, provisions: {}",
                    amount(actual),
                    amount(provisions)
                );
                if let Some(n) = note {
                    let _ = write!(out, ", note: {}", quote(&n));
                }
                out.push_str(" }");
                lines += 1;
            }
            out.push_str(" }\n");
        }
        files.push((format!("charges/{year}.yaml"), out));
    }
    Generated {
        residences: drafts.len(),
        communes: communes_used.len(),
        files,
        lines,
    }
}

fn draft(
    rng: &mut SplitMix64,
    commune: &str,
    postal_code: &str,
    options: &GenerateOptions,
    used: &mut std::collections::HashSet<String>,
) -> Draft {
    let commune_slug = slugify(commune);
    // A name not yet used in this commune; big corpora run out and number their buildings.
    let mut name = String::new();
    let mut id = String::new();
    for attempt in 0..12 {
        let prefix = *rng.pick(NAME_PREFIXES);
        let (plain, of) = *rng.pick(NAMES);
        name = match prefix {
            "Résidence" => format!("{prefix} {plain}"),
            _ => format!("{prefix} {of}"),
        };
        if attempt == 11 {
            break;
        }
        let stem = name.strip_prefix("Résidence ").unwrap_or(&name);
        id = format!("{commune_slug}-{}", slugify(stem));
        if !used.contains(&id) {
            break;
        }
    }
    if used.contains(&id) || id.is_empty() {
        let stem = slugify(name.strip_prefix("Résidence ").unwrap_or(&name));
        let mut n = 2;
        loop {
            let candidate = format!("{commune_slug}-{stem}-{n}");
            if !used.contains(&candidate) {
                name = format!("{name} {n}");
                id = candidate;
                break;
            }
            n += 1;
        }
    }
    used.insert(id.clone());

    // Most of the social stock of the Nord dates from the 1960s–1980s.
    let built = (1955.0 + rng.bell(0.0, 1.0) * 67.0).floor() as i32;
    let big = (1960..1985).contains(&built) && rng.chance(0.6);
    let dwellings = if big {
        rng.range(40.0, 220.0)
    } else {
        rng.range(8.0, 70.0)
    }
    .floor() as u32;
    let area = round_to(dwellings as f64 * rng.range(57.0, 74.0), 0.5);
    let lift = if dwellings >= 40 {
        rng.chance(0.85)
    } else {
        rng.chance(0.15)
    };
    let collective = if built < 1990 {
        rng.chance(0.68)
    } else {
        rng.chance(0.4)
    };
    let caretaker = if dwellings >= 30 {
        rng.chance(0.75)
    } else {
        rng.chance(0.3)
    };
    let outdoor = rng.chance(0.85);
    let renovated = (collective && built < 1985 && rng.chance(0.18))
        .then(|| options.first_year + 2 + rng.below(6) as i32)
        .filter(|y| *y <= options.last_year && *y > built);
    let dpe = if rng.chance(0.92) {
        let base: i32 = match built {
            ..=1974 => 4,
            1975..=1989 => 3,
            1990..=2004 => 2,
            _ => 1,
        };
        let shift = rng.below(3) as i32 - 1 - if renovated.is_some() { 2 } else { 0 };
        let idx = (base + shift).clamp(0, 6) as usize;
        Some(["A", "B", "C", "D", "E", "F", "G"][idx])
    } else {
        None
    };
    let qpv = rng.chance(0.9).then(|| rng.chance(0.35));
    let number = 1 + rng.below(180);
    let street = rng.pick(STREETS);

    let mut base = [0.0; 10];
    for (k, (code, per_m2)) in BASE_PER_M2.iter().enumerate() {
        let present = match *code {
            "CHC" => collective,
            "IND" => !collective && rng.chance(0.95),
            "ASC" => lift,
            "PER" => caretaker,
            "EXT" => outdoor,
            _ => true,
        };
        if !present {
            continue;
        }
        let mut level = *per_m2 * rng.bell(0.75, 1.25);
        // Without a caretaker a cleaning company does the common areas.
        if *code == "PCI" && !caretaker {
            level += 1.6;
        }
        // A lift costs per cabin: small buildings pay more per m².
        if *code == "ASC" && dwellings < 40 {
            level *= 1.6;
        }
        // Older buildings lose more heat.
        if *code == "CHC" {
            level *= match built {
                ..=1974 => 1.1,
                1975..=1989 => 1.0,
                1990..=2004 => 0.9,
                _ => 0.75,
            };
        }
        base[k] = level * area;
    }

    let mut line = format!(
        "  - {{ id: {id}, nom: {}, adresse: {}, code_postal: \"{postal_code}\", commune: {}, logements: {dwellings}, surface_habitable: {}, annee_construction: {built}, chauffage_collectif: {collective}, ascenseur: {lift}",
        quote(&name),
        quote(&format!("{number} {street}")),
        quote(commune),
        amount(area),
    );
    if let Some(d) = dpe {
        let _ = write!(line, ", dpe: {d}");
    }
    if let Some(q) = qpv {
        let _ = write!(line, ", qpv: {q}");
    }
    line.push_str(" }");
    Draft {
        line,
        id,
        built,
        base,
        renovated,
    }
}

/// The legal pages a generated benchmark site needs to build without warnings.
pub const BENCH_PAGES: [(&str, &str); 2] = [
    (
        "content/mentions-legales.md",
        "---\ntitre: \"Mentions légales\"\n---\n\nSite de démonstration.\n",
    ),
    (
        "content/accessibilite.md",
        "---\ntitre: \"Accessibilité\"\n---\n\nSite de démonstration : non conforme.\n",
    ),
];

/// A minimal `content/site.yaml` for a generated benchmark site.
pub const BENCH_SITE_YAML: &str = "titre: \"Observatoire des charges (corpus de test)\"\nurl_base: \"https://www.exemple-habitat.fr/\"\ncontenu_exemple: true\norganisme:\n  nom: \"Exemple Habitat\"\n  adresse: \"12 rue de l’Exemple, 59000 Lille\"\n  telephone: \"03 20 00 00 00\"\n  directeur_publication: \"Claire Martin\"\n  hebergeur:\n    nom: \"Hébergeur Exemple SAS\"\n    adresse: \"1 avenue du Serveur, 59100 Roubaix\"\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_reference_values() {
        // Reference outputs of splitmix64 seeded with 1234567 (from the published C code).
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        let u = SplitMix64::new(7).unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn years_parse() {
        assert_eq!(parse_years("2016-2025"), Ok((2016, 2025)));
        assert_eq!(parse_years("2024"), Ok((2024, 2024)));
        assert!(parse_years("2025-2016").is_err());
        assert!(parse_years("deux").is_err());
    }

    #[test]
    fn amounts_are_written_short() {
        assert_eq!(amount(41234.5), "41234.5");
        assert_eq!(amount(39000.0), "39000");
        assert_eq!(amount(12.345), "12.35");
    }
}
