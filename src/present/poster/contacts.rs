//! The contacts of a poster: emergencies first, as many as fit its contacts block.

use super::fit;
use super::layout::ContactLayout;
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::{french_spacing, NBSP};
use crate::model::config::{Contact, CONFIG_FILE};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub label: String,
    pub phone: Option<String>,
    /// `tel:` link target.
    pub phone_link: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub urgent: bool,
    /// With e-mail and hours; only the phone number when room is short.
    pub full: bool,
}

fn contact_view(c: &Contact, full: bool) -> ContactView {
    ContactView {
        full: full || c.telephone.is_none(),
        label: french_spacing(&c.libelle),
        phone: c
            .telephone
            .as_ref()
            .map(|t| t.replace(' ', &NBSP.to_string())),
        phone_link: c
            .telephone
            .as_ref()
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect()),
        email: c.courriel.clone(),
        hours: c.horaires.as_deref().map(french_spacing),
        urgent: c.urgence,
    }
}

/// `contacts` in poster order (emergencies first), as many as fit `layout`. A contact too tall
/// for the space left is shown without its e-mail and hours: the phone number is what a poster
/// must give. With a warning for the author when some are left out, named after `what`
/// (the same for all posters of a kind, so it is reported once).
pub fn fitting_contacts(
    contacts: &[Contact],
    layout: &ContactLayout,
    what: &str,
) -> (Vec<ContactView>, Option<Diagnostic>) {
    let all: Vec<&Contact> = contacts
        .iter()
        .filter(|c| c.urgence)
        .chain(contacts.iter().filter(|c| !c.urgence))
        .collect();
    let mut views = Vec::new();
    let mut column = 0;
    let mut used = 0.0;
    for c in &all {
        let (full, short) = contact_heights(c, layout);
        let room = layout.col_h - used;
        let chosen = if full <= room {
            Some(true)
        } else if short <= room {
            Some(false)
        } else {
            None
        };
        match chosen {
            Some(is_full) => {
                used += if is_full { full } else { short };
                views.push(contact_view(c, is_full));
            }
            None => {
                column += 1;
                if column == layout.columns {
                    break;
                }
                if full <= layout.col_h {
                    used = full;
                    views.push(contact_view(c, true));
                } else if short <= layout.col_h {
                    used = short;
                    views.push(contact_view(c, false));
                } else {
                    break;
                }
            }
        }
    }
    let warning = (views.len() < all.len()).then(|| {
        Diagnostic::warning(
            CONFIG_FILE,
            format!(
                "{what} : {} sur {} {} sur la feuille, les urgences d’abord",
                crate::core::typography::count(views.len(), "aucun contact", "contact", "contacts"),
                all.len(),
                if views.len() > 1 { "tiennent" } else { "tient" }
            ),
        )
        .hint("les autres restent sur le site ; pour les afficher, raccourcissez les libellés et les horaires des contacts.")
    });
    (views, warning)
}

/// Height of a contact with everything, and with its label and phone only.
fn contact_heights(c: &Contact, layout: &ContactLayout) -> (f64, f64) {
    let w = layout.col_w;
    if layout.compact {
        let line = format!(
            "{} : {}",
            c.libelle,
            c.telephone
                .as_deref()
                .or(c.courriel.as_deref())
                .unwrap_or("")
        );
        let h = fit::height(&line, w, layout.text, None) + layout.gap;
        return (h, h);
    }
    // Labels and hours are printed whole, wrapped: a contact too tall is left out (and counted
    // in the warning), never cut.
    let label = fit::height(&c.libelle, w, layout.label, None);
    // The e-mail address follows the phone number on its line when there is room.
    let phone_w = c
        .telephone
        .as_deref()
        .map_or(0.0, |t| fit::width(t, layout.phone));
    let reach = match (&c.telephone, &c.courriel) {
        (None, None) => 0.0,
        (Some(_), None) => layout.phone.line_mm(),
        (None, Some(e)) => fit::height(e, w, layout.text, None),
        (Some(_), Some(e)) if phone_w + fit::width(&format!(" · {e}"), layout.text) <= w => {
            layout.phone.line_mm()
        }
        (Some(_), Some(e)) => layout.phone.line_mm() + fit::height(e, w, layout.text, None),
    };
    let hours = c
        .horaires
        .as_ref()
        .map_or(0.0, |h| fit::height(h, w, layout.text, None));
    let short = label
        + if c.telephone.is_some() {
            layout.phone.line_mm()
        } else {
            reach
        };
    (label + reach + hours + layout.gap, short + layout.gap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::poster::layout::{CONTRACT_CONTACTS, SYNTHESIS_CONTACTS};

    fn contact(label: &str, urgent: bool) -> Contact {
        Contact {
            libelle: label.to_string(),
            telephone: Some("03 20 00 00 01".to_string()),
            courriel: Some("agence@exemple.fr".to_string()),
            horaires: Some("Du lundi au vendredi, de 8 h 30 à 17 h 30".to_string()),
            urgence: urgent,
        }
    }

    #[test]
    fn emergencies_come_first_and_the_rest_is_counted() {
        let contacts: Vec<Contact> = (0..8)
            .map(|i| contact(&format!("Service {i}"), i == 5))
            .collect();
        let (views, warning) = fitting_contacts(&contacts, &CONTRACT_CONTACTS, "affiche");
        assert!(views[0].urgent);
        assert!(views.len() < contacts.len());
        assert!(warning.is_some_and(|w| w.message.contains("sur 8 tiennent")));
        let (views, warning) = fitting_contacts(&contacts[..1], &SYNTHESIS_CONTACTS, "synthèse");
        assert_eq!(views.len(), 1);
        assert!(views[0].full && warning.is_none());
        assert_eq!(views[0].phone_link.as_deref(), Some("0320000001"));
    }
}
