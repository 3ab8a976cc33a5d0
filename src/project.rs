//! Projection: counting people for their countries, to get the graph of countries.
//!
//! With `--project country`, a mention of a person counts for the country whose role the person
//! held on the document's date (from the `roles` column: `role;COUNTRY;start;end|…`; COUNTRY may
//! also be an organisation, as the UN for its Secretary-General, matched in lower case too: "UN"
//! names the entity `un`), or, when no role covers the date (or the document is undated), for the
//! person's `country` column. A person with neither stays a person node. Other entities are not
//! changed.
//!
//! The `roles` column is read here (by `roles`) for resolution too, which names people by the
//! offices they held ("President Biden").

use chrono::NaiveDate;

use crate::gazetteer::{Entity, EntityIndex, Gazetteer};

/// One spell of a person's `roles` column (`role;COUNTRY;start;end`): the role's name, the
/// country entity it was held in (`None` when the gazetteer has none of that id) and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Role<'g> {
    pub(crate) name: &'g str,
    pub(crate) country: Option<EntityIndex>,
    pub(crate) period: Period,
}

/// The days a role was held: open ends are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) start: Option<NaiveDate>,
    pub(crate) end: Option<NaiveDate>,
}

impl Period {
    /// Whether the role was held on `date`.
    pub(crate) fn covers(self, date: NaiveDate) -> bool {
        self.start.is_none_or(|a| a <= date) && self.end.is_none_or(|b| date <= b)
    }
}

/// The roles of `entity`, as `gazetteer`'s `roles` column lists them.
pub(crate) fn roles<'g>(
    gazetteer: &'g Gazetteer,
    entity: &'g Entity,
) -> impl Iterator<Item = Role<'g>> {
    gazetteer.attribute(entity, "roles").split('|').map(|role| {
        let mut parts = role.split(';');
        let name = parts.next().unwrap_or("").trim();
        // Organisations have ids in lower case ("un", "eu"); roles may name them in capitals.
        let country = parts.next().map(str::trim).and_then(|c| {
            gazetteer
                .find(c)
                .or_else(|| gazetteer.find(&c.to_ascii_lowercase()))
        });
        let start = parts.next().and_then(|s| parse_partial(s, false));
        let end = parts.next().and_then(|s| parse_partial(s, true));
        Role {
            name,
            country,
            period: Period { start, end },
        }
    })
}

/// One role spell: the country entity and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spell {
    country: EntityIndex,
    period: Period,
}

/// Maps people to their countries.
#[derive(Debug, Clone)]
pub struct CountryProjection {
    spells: Vec<Vec<Spell>>,
    fallback: Vec<Option<EntityIndex>>,
}

impl CountryProjection {
    /// Reads the `roles` and `country` columns of every person in `gazetteer`. Country codes
    /// that name no entity are ignored.
    pub fn new(gazetteer: &Gazetteer) -> CountryProjection {
        let mut spells = Vec::with_capacity(gazetteer.entities().len());
        let mut fallback = Vec::with_capacity(gazetteer.entities().len());
        for e in gazetteer.entities() {
            if e.kind != "person" {
                spells.push(vec![]);
                fallback.push(None);
                continue;
            }
            let mine: Vec<Spell> = roles(gazetteer, e)
                .filter_map(|role| {
                    Some(Spell {
                        country: role.country?,
                        period: role.period,
                    })
                })
                .collect();
            spells.push(mine);
            fallback.push(gazetteer.find(gazetteer.attribute(e, "country").trim()));
        }
        CountryProjection { spells, fallback }
    }

    /// The node `entity` counts for on `date`.
    pub fn project(&self, entity: EntityIndex, date: Option<NaiveDate>) -> EntityIndex {
        let i = entity.as_usize();
        if let Some(d) = date {
            let held = self.spells[i].iter().find(|s| s.period.covers(d));
            if let Some(s) = held {
                return s.country;
            }
        }
        self.fallback[i].unwrap_or(entity)
    }
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a partial date means its first day, or its last day
/// when `end` is set.
fn parse_partial(s: &str, end: bool) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let num = |t: &str| t.parse::<u32>().ok();
    match parts.as_slice() {
        [y, m, d] => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        [y, m] => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next?.pred_opt()
            } else {
                Some(first)
            }
        }
        [y] if !y.is_empty() => {
            let y = num(y)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_count_for_the_country_of_their_role_on_the_date() {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases,country,roles\n\
             RUS,country,Russia,Russia,,\n\
             UKR,country,Ukraine,Ukraine,,\n\
             p,person,P,P,RUS,head of state;UKR;2010-02;2014-02-22|head of state;RUS;2014-03;\n\
             q,person,Q,Q,XXX,\n\
             g20,event,G20,G20,,\n\
             un,organisation,United Nations,UN,,\n\
             s,person,S,S,UKR,head of government;UKR;1995;2002|secretary-general;UN;2017-01-01;\n"
                .as_bytes(),
        );
        let g = b.build().unwrap();
        let proj = CountryProjection::new(&g);
        let id = |e: EntityIndex| g.entity(e).id.as_str();
        let p = g.find("p").unwrap();
        let date = |s: &str| s.parse::<NaiveDate>().ok();
        assert_eq!(id(proj.project(p, date("2010-02-01"))), "UKR");
        assert_eq!(id(proj.project(p, date("2014-02-22"))), "UKR");
        assert_eq!(id(proj.project(p, date("2020-01-01"))), "RUS");
        assert_eq!(
            id(proj.project(p, date("2005-01-01"))),
            "RUS",
            "no role then: country column"
        );
        assert_eq!(id(proj.project(p, None)), "RUS");
        let q = g.find("q").unwrap();
        assert_eq!(
            id(proj.project(q, None)),
            "q",
            "unknown country code: stays a person"
        );
        let g20 = g.find("g20").unwrap();
        assert_eq!(proj.project(g20, None), g20);
        // An office of an organisation counts for it: a role may name "un" as "UN".
        let s = g.find("s").unwrap();
        assert_eq!(id(proj.project(s, date("2021-05-01"))), "un");
        assert_eq!(id(proj.project(s, date("2010-05-01"))), "UKR");
    }

    #[test]
    fn partial_dates() {
        let d = |s| parse_partial(s, false).map(|d| d.to_string());
        let e = |s| parse_partial(s, true).map(|d| d.to_string());
        assert_eq!(d("2014-02").as_deref(), Some("2014-02-01"));
        assert_eq!(e("2014-02").as_deref(), Some("2014-02-28"));
        assert_eq!(e("2012-12").as_deref(), Some("2012-12-31"));
        assert_eq!(e("2014").as_deref(), Some("2014-12-31"));
        assert_eq!(d("").as_deref(), None);
    }
}
