//! Derive stage of the observatory: every figure of every residence and every group of peers
//! (the whole stock, each commune, each heating mode), computed once from the loaded data with
//! the functions of [`stats`]. Residences are computed in parallel; groups in one linear pass
//! plus a sort per group and year, so the cost grows as n log n.

use crate::core::slug::slugify;
use crate::core::stats::{self, Quartiles};
use crate::model::observatory::{Observatory, ResidenceYear};
use rayon::prelude::*;
use std::collections::HashMap;

/// The figures of one residence for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub year: i32,
    /// Actual cost for the residence, €.
    pub total: f64,
    /// Provisions called, €.
    pub provisions: f64,
    pub per_dwelling_month: f64,
    pub per_m2: f64,
    /// Change of the total since the previous calendar year, in percent, when that year exists.
    pub change: Option<f64>,
    /// Provisions minus actual, per dwelling: positive is a refund.
    pub regularisation_per_dwelling: f64,
}

/// All years of one residence, in the order of its [`ResidenceYear`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResidenceFigures {
    pub years: Vec<YearFigures>,
}

impl ResidenceFigures {
    pub fn latest(&self) -> Option<&YearFigures> {
        self.years.last()
    }
}

/// Figures of one residence-year from its lines.
pub fn year_figures(
    charges: &ResidenceYear,
    previous: Option<&YearFigures>,
    dwellings: u32,
    living_area: f64,
) -> YearFigures {
    let total: f64 = charges.lines.iter().map(|l| l.actual).sum();
    let provisions: f64 = charges.lines.iter().map(|l| l.provisions).sum();
    YearFigures {
        year: charges.year,
        total,
        provisions,
        per_dwelling_month: stats::per_dwelling_per_month(total, dwellings),
        per_m2: stats::per_m2_per_year(total, living_area),
        change: previous
            .filter(|p| p.year + 1 == charges.year)
            .and_then(|p| stats::change_percent(p.total, total)),
        regularisation_per_dwelling: stats::regularisation_per_dwelling(
            provisions, total, dwellings,
        ),
    }
}

/// Sums over a group of residences for one year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregate {
    pub year: i32,
    pub residences: usize,
    pub dwellings: u64,
    pub area: f64,
    pub total: f64,
    pub provisions: f64,
    /// Actual cost per category (index of [`Observatory::categories`]).
    pub by_category: Vec<f64>,
    /// Residences that have a line of each category.
    pub with_category: Vec<usize>,
    /// € per m² of each residence of the group, ascending.
    pub per_m2_sorted: Vec<f64>,
    pub per_m2: Option<Quartiles>,
}

impl Aggregate {
    /// Stock-wide € per m² per year: total cost over total area (weighted by area).
    pub fn average_per_m2(&self) -> f64 {
        stats::per_m2_per_year(self.total, self.area)
    }

    /// € per dwelling per month over the group: total cost over all its dwellings.
    pub fn average_per_dwelling_month(&self) -> f64 {
        if self.dwellings == 0 {
            return f64::NAN;
        }
        self.total / self.dwellings as f64 / 12.0
    }

    /// € per m² per year of one category across the group.
    pub fn category_per_m2(&self, category: usize) -> f64 {
        stats::per_m2_per_year(
            self.by_category.get(category).copied().unwrap_or(0.0),
            self.area,
        )
    }
}

/// Residences compared together: the stock, a commune, or a heating mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub name: String,
    pub slug: String,
    /// Postal codes met in the group, sorted (communes only).
    pub postal_codes: Vec<String>,
    /// Residence indices, in residences.yaml order.
    pub members: Vec<usize>,
    /// One per year of [`Observatory::years`], same order.
    pub years: Vec<Aggregate>,
}

impl Group {
    pub fn year(&self, year: i32) -> Option<&Aggregate> {
        self.years.iter().find(|a| a.year == year)
    }

    /// The latest year with at least one residence.
    pub fn latest(&self) -> Option<&Aggregate> {
        self.years.iter().rev().find(|a| a.residences > 0)
    }

    /// Change of the average € per m² between `year − 1` and `year`.
    pub fn change(&self, year: i32) -> Option<f64> {
        let now = self.year(year)?;
        let before = self.year(year - 1)?;
        stats::change_percent(before.average_per_m2(), now.average_per_m2())
    }
}

/// Heating modes compared separately: collective heating weighs a third of the charges.
pub const COLLECTIVE: usize = 0;
pub const INDIVIDUAL: usize = 1;

/// Everything derived from the observatory, computed once per build.
#[derive(Debug, Default)]
pub struct Figures {
    /// Same index as [`Observatory::residences`].
    pub residences: Vec<ResidenceFigures>,
    pub stock: Group,
    /// Sorted by commune slug.
    pub communes: Vec<Group>,
    /// Residence index → index in `communes`.
    pub commune_of: Vec<usize>,
    /// [`COLLECTIVE`] and [`INDIVIDUAL`] heating.
    pub heating: [Group; 2],
    pub commune_index: HashMap<String, usize>,
}

impl Figures {
    pub fn compute(obs: &Observatory) -> Figures {
        let residences: Vec<ResidenceFigures> = obs
            .residences
            .par_iter()
            .zip(obs.charges.par_iter())
            .map(|(r, years)| {
                let mut out: Vec<YearFigures> = Vec::with_capacity(years.len());
                for y in years {
                    let f = year_figures(y, out.last(), r.dwellings, r.living_area);
                    out.push(f);
                }
                ResidenceFigures { years: out }
            })
            .collect();
        let (mut communes, commune_of, commune_index) = communes(obs);
        let mut stock = Group {
            name: "Ensemble du parc".into(),
            slug: "parc".into(),
            members: (0..obs.residences.len()).collect(),
            ..Group::default()
        };
        let mut heating = heating_groups(obs);
        let mut groups = Groups {
            stock: &mut stock,
            communes: &mut communes,
            heating: &mut heating,
            commune_of: &commune_of,
        };
        groups.sum_years(obs, &residences);
        groups.sort_and_summarise();
        Figures {
            residences,
            stock,
            communes,
            commune_of,
            heating,
            commune_index,
        }
    }

    /// The group of residences heated like residence `i`.
    pub fn heating_group(&self, obs: &Observatory, i: usize) -> &Group {
        &self.heating[heating_of(obs.residences[i].collective_heating)]
    }

    pub fn commune(&self, i: usize) -> &Group {
        &self.communes[self.commune_of[i]]
    }

    /// Latest year of the whole data set.
    pub fn latest_year(&self) -> Option<i32> {
        self.stock.latest().map(|a| a.year)
    }
}

/// Communes sorted by slug, the commune of each residence, and the index by slug. Keyed by
/// slug so "Villeneuve-d'Ascq" and "Villeneuve d'Ascq" meet.
fn communes(obs: &Observatory) -> (Vec<Group>, Vec<usize>, HashMap<String, usize>) {
    let mut commune_index: HashMap<String, usize> = HashMap::new();
    let mut communes: Vec<Group> = Vec::new();
    let mut commune_of = Vec::with_capacity(obs.residences.len());
    for (i, r) in obs.residences.iter().enumerate() {
        let slug = slugify(&r.commune);
        let c = *commune_index.entry(slug.clone()).or_insert_with(|| {
            communes.push(Group {
                name: r.commune.trim().to_string(),
                slug,
                ..Group::default()
            });
            communes.len() - 1
        });
        let group = &mut communes[c];
        group.members.push(i);
        if !group.postal_codes.contains(&r.postal_code) {
            group.postal_codes.push(r.postal_code.clone());
        }
        commune_of.push(c);
    }
    // Alphabetical order by slug, then remap indices.
    let mut order: Vec<usize> = (0..communes.len()).collect();
    order.sort_by(|&a, &b| communes[a].slug.cmp(&communes[b].slug));
    let mut new_pos = vec![0; communes.len()];
    for (pos, &old) in order.iter().enumerate() {
        new_pos[old] = pos;
    }
    let mut slots: Vec<Option<Group>> = communes.into_iter().map(Some).collect();
    let mut communes: Vec<Group> = order.iter().filter_map(|&old| slots[old].take()).collect();
    for c in &mut commune_of {
        *c = new_pos[*c];
    }
    for g in &mut communes {
        g.postal_codes.sort();
    }
    let commune_index = communes
        .iter()
        .enumerate()
        .map(|(i, g)| (g.slug.clone(), i))
        .collect();
    (communes, commune_of, commune_index)
}

fn heating_of(collective: bool) -> usize {
    if collective {
        COLLECTIVE
    } else {
        INDIVIDUAL
    }
}

/// The two heating groups with their members.
fn heating_groups(obs: &Observatory) -> [Group; 2] {
    let mut heating = [
        Group {
            name: "Résidences en chauffage collectif".into(),
            slug: "chauffage-collectif".into(),
            ..Group::default()
        },
        Group {
            name: "Résidences en chauffage individuel".into(),
            slug: "chauffage-individuel".into(),
            ..Group::default()
        },
    ];
    for (i, r) in obs.residences.iter().enumerate() {
        heating[heating_of(r.collective_heating)].members.push(i);
    }
    heating
}

/// Every group of peers, filled year by year in one pass over the residences.
struct Groups<'a> {
    stock: &'a mut Group,
    communes: &'a mut [Group],
    heating: &'a mut [Group; 2],
    commune_of: &'a [usize],
}

impl Groups<'_> {
    fn all(&mut self) -> impl Iterator<Item = &mut Group> {
        self.communes
            .iter_mut()
            .chain(self.heating.iter_mut())
            .chain(std::iter::once(&mut *self.stock))
    }

    /// Adds each residence-year to the stock, its commune and its heating group.
    fn sum_years(&mut self, obs: &Observatory, residences: &[ResidenceFigures]) {
        let categories = obs.categories.len();
        for g in self.all() {
            g.years = obs
                .years
                .iter()
                .map(|&year| Aggregate {
                    year,
                    by_category: vec![0.0; categories],
                    with_category: vec![0; categories],
                    ..Aggregate::default()
                })
                .collect();
        }
        let year_pos: HashMap<i32, usize> =
            obs.years.iter().enumerate().map(|(i, &y)| (y, i)).collect();
        for (i, r) in obs.residences.iter().enumerate() {
            let h = heating_of(r.collective_heating);
            for (charges, fig) in obs.charges[i].iter().zip(&residences[i].years) {
                let Some(&yi) = year_pos.get(&charges.year) else {
                    continue;
                };
                for agg in [
                    &mut self.stock.years[yi],
                    &mut self.communes[self.commune_of[i]].years[yi],
                    &mut self.heating[h].years[yi],
                ] {
                    agg.residences += 1;
                    agg.dwellings += r.dwellings as u64;
                    agg.area += r.living_area;
                    agg.total += fig.total;
                    agg.provisions += fig.provisions;
                    for line in &charges.lines {
                        agg.by_category[line.category] += line.actual;
                        agg.with_category[line.category] += 1;
                    }
                    if fig.per_m2.is_finite() {
                        agg.per_m2_sorted.push(fig.per_m2);
                    }
                }
            }
        }
    }

    /// Sorts each group's € per m² and computes their quartiles, groups in parallel.
    fn sort_and_summarise(&mut self) {
        let mut all: Vec<&mut Group> = self.all().collect();
        all.par_iter_mut().for_each(|g| {
            for agg in &mut g.years {
                agg.per_m2_sorted.sort_by(f64::total_cmp);
                agg.per_m2 = stats::quartiles(&agg.per_m2_sorted);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::categories;
    use crate::model::observatory::{ChargeLine, Residence};

    fn residence(id: &str, commune: &str, dwellings: u32, area: f64, heating: bool) -> Residence {
        Residence {
            id: id.into(),
            name: format!("Résidence {id}"),
            address: "1 rue Pasteur".into(),
            other_addresses: Vec::new(),
            postal_code: "59000".into(),
            commune: commune.into(),
            dwellings,
            living_area: area,
            construction_year: 1970,
            collective_heating: heating,
            lift: false,
            energy_label: None,
            priority_district: None,
            insee_code: None,
            heating: None,
            climate_zone: None,
        }
    }

    fn line(category: usize, actual: f64, provisions: f64) -> ChargeLine {
        ChargeLine {
            category,
            actual,
            provisions,
            note: None,
        }
    }

    /// Two residences in Lille, one in Roubaix, two years; every expected value below is
    /// worked out by hand in the comments.
    fn sample() -> Observatory {
        let mut obs = Observatory {
            residences: vec![
                residence("a", "Lille", 10, 650.0, true),
                residence("b", "Lille", 20, 1300.0, false),
                residence("c", "Roubaix", 40, 2600.0, true),
            ],
            categories: categories::built_in(),
            years: vec![2024, 2025],
            ..Observatory::default()
        };
        // Category 0 is CHC, 1 is EAU in the built-in order.
        obs.charges = vec![
            vec![
                ResidenceYear {
                    year: 2024,
                    lines: vec![line(0, 6000.0, 6000.0), line(1, 4000.0, 4200.0)],
                },
                ResidenceYear {
                    year: 2025,
                    lines: vec![line(0, 7500.0, 6600.0), line(1, 4000.0, 4200.0)],
                },
            ],
            vec![ResidenceYear {
                year: 2025,
                lines: vec![line(1, 26000.0, 24000.0)],
            }],
            vec![
                ResidenceYear {
                    year: 2024,
                    lines: vec![line(0, 30000.0, 31000.0), line(1, 48000.0, 48000.0)],
                },
                ResidenceYear {
                    year: 2025,
                    lines: vec![line(0, 36000.0, 33000.0), line(1, 52000.0, 50000.0)],
                },
            ],
        ];
        obs.index = obs
            .residences
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        obs
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn residence_figures_by_hand() {
        let obs = sample();
        let f = Figures::compute(&obs);
        let a = &f.residences[0].years;
        // 2024: 10 000 € for 10 dwellings and 650 m².
        assert!(close(a[0].total, 10_000.0));
        assert!(close(a[0].per_dwelling_month, 10_000.0 / 10.0 / 12.0)); // 83,333…
        assert!(close(a[0].per_m2, 10_000.0 / 650.0)); // 15,38…
        assert_eq!(a[0].change, None);
        // 2025: 11 500 €, +15 %; provisions 10 800 → each dwelling owes 70 €.
        assert!(close(a[1].total, 11_500.0));
        assert!(close(a[1].change.unwrap(), 15.0));
        assert!(close(a[1].regularisation_per_dwelling, -70.0));
        // b has 2025 only: no change.
        assert_eq!(f.residences[1].years[0].change, None);
        assert!(close(
            f.residences[1].years[0].regularisation_per_dwelling,
            -100.0
        ));
    }

    #[test]
    fn stock_and_commune_aggregates_by_hand() {
        let obs = sample();
        let f = Figures::compute(&obs);
        let s2025 = f.stock.year(2025).unwrap();
        // 11 500 + 26 000 + 88 000 = 125 500 € over 650 + 1 300 + 2 600 = 4 550 m².
        assert_eq!(s2025.residences, 3);
        assert!(close(s2025.total, 125_500.0));
        assert!(close(s2025.average_per_m2(), 125_500.0 / 4_550.0)); // 27,58…
                                                                     // 70 dwellings: 125 500 / 70 / 12 = 149,40…
        assert!(close(
            s2025.average_per_dwelling_month(),
            125_500.0 / 70.0 / 12.0
        ));
        // Heating across the stock: (7 500 + 36 000) / 4 550 m².
        assert!(close(s2025.category_per_m2(0), 43_500.0 / 4_550.0));
        assert_eq!(s2025.with_category[0], 2);
        // Per-m² values: a 17,69…, b 20, c 33,846…; median is b's.
        let q = s2025.per_m2.unwrap();
        assert!(close(q.median, 20.0));
        assert!(close(q.min, 11_500.0 / 650.0));
        // 2024 → 2025 average: 88 000/3 250 = 27,0769… → 27,5824…: +1,8665… %.
        let expected = (125_500.0 / 4_550.0 - 88_000.0 / 3_250.0) / (88_000.0 / 3_250.0) * 100.0;
        assert!(close(f.stock.change(2025).unwrap(), expected));
        // Communes sorted by slug: lille, roubaix.
        assert_eq!(f.communes.len(), 2);
        assert_eq!(f.communes[0].slug, "lille");
        assert_eq!(f.communes[0].members, vec![0, 1]);
        assert_eq!(f.commune_of, vec![0, 0, 1]);
        assert!(close(f.communes[0].year(2025).unwrap().total, 37_500.0));
        // Heating groups: a and c collective, b individual.
        assert_eq!(f.heating[COLLECTIVE].members, vec![0, 2]);
        assert_eq!(f.heating[INDIVIDUAL].year(2024).unwrap().residences, 0);
        assert_eq!(f.latest_year(), Some(2025));
    }
}
