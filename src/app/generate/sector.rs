//! What the sector looks like: communes of the Nord, residence names and streets, costs per m²
//! by category and their yearly changes (`shared/domain.md`), and one-off events.

/// Communes of the Nord with their main postal code, a weight (thousands of inhabitants) that
/// sets how many residences each gets, and their commune code of INSEE. The first twelve make the example site.
pub(super) const COMMUNES: &[(&str, &str, u32, &str)] = &[
    ("Lille", "59000", 236, "59350"),
    ("Roubaix", "59100", 98, "59512"),
    ("Tourcoing", "59200", 98, "59599"),
    ("Villeneuve-d’Ascq", "59650", 62, "59009"),
    ("Dunkerque", "59140", 87, "59183"),
    ("Valenciennes", "59300", 44, "59606"),
    ("Douai", "59500", 40, "59178"),
    ("Maubeuge", "59600", 29, "59392"),
    ("Cambrai", "59400", 32, "59122"),
    ("Wattrelos", "59150", 41, "59650"),
    ("Armentières", "59280", 25, "59017"),
    ("Lambersart", "59130", 28, "59328"),
    ("Marcq-en-Barœul", "59700", 39, "59378"),
    ("Hem", "59510", 18, "59299"),
    ("Denain", "59220", 19, "59172"),
    ("Hazebrouck", "59190", 21, "59295"),
    ("Grande-Synthe", "59760", 20, "59271"),
    ("Croix", "59170", 21, "59163"),
    ("Wasquehal", "59290", 20, "59646"),
    ("Mons-en-Barœul", "59370", 21, "59410"),
    ("Loos", "59120", 22, "59360"),
    ("Halluin", "59250", 21, "59279"),
    ("Saint-Amand-les-Eaux", "59230", 16, "59526"),
    ("Anzin", "59410", 13, "59014"),
    ("Caudry", "59540", 14, "59139"),
    ("Sin-le-Noble", "59450", 15, "59569"),
    ("Coudekerque-Branche", "59210", 21, "59155"),
    ("Fourmies", "59610", 12, "59249"),
    ("Seclin", "59113", 13, "59560"),
    ("Ronchin", "59790", 19, "59507"),
    ("Faches-Thumesnil", "59155", 18, "59220"),
    ("Wattignies", "59139", 14, "59648"),
    ("Hautmont", "59330", 14, "59291"),
    ("Aulnoye-Aymeries", "59620", 9, "59033"),
    ("Bailleul", "59270", 14, "59043"),
    ("Comines", "59560", 12, "59152"),
    ("Roncq", "59223", 13, "59508"),
    ("Haubourdin", "59320", 15, "59286"),
];

pub(super) const NAME_PREFIXES: &[&str] = &[
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
pub(super) const NAMES: &[(&str, &str)] = &[
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

pub(super) const STREETS: &[&str] = &[
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
pub(super) const BASE_PER_M2: [(&str, f64); 10] = [
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
pub(super) fn yearly_rate(code: &str, year: i32) -> f64 {
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
pub(super) fn provision_rate(code: &str, year: i32) -> f64 {
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
pub(super) const EVENTS: &[(&str, &str, f64)] = &[
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
