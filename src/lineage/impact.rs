//! Impact analysis: every dataset, data service, sharing agreement and agency downstream of a
//! record, grouped by the agency that holds (or, for agencies, receives) it, with the length
//! of the shortest path from the record.

use super::model::{AccessLevel, NodeKind};
use super::traverse::{Lineage, Side};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct Affected {
    pub id: String,
    pub label: Option<String>,
    pub distance: usize,
    pub access: AccessLevel,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

#[derive(Clone, Debug, Serialize, Default)]
pub struct AgencyImpact {
    /// The agency IRI; `None` groups records that name no agency.
    pub agency: Option<String>,
    pub name: Option<String>,
    /// Shortest path length to anything in this group.
    pub nearest: usize,
    /// The path length at which the agency itself receives data under an agreement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receives_at: Option<usize>,
    pub datasets: Vec<Affected>,
    pub services: Vec<Affected>,
    pub agreements: Vec<Affected>,
}

#[derive(Clone, Debug, Serialize, Default, PartialEq, Eq)]
pub struct Totals {
    pub datasets: usize,
    pub services: usize,
    pub agreements: usize,
    pub agencies: usize,
    pub external: usize,
    pub non_public: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    pub root: String,
    pub root_label: Option<String>,
    pub depth: usize,
    pub totals: Totals,
    /// Nearest agency first.
    pub agencies: Vec<AgencyImpact>,
    /// Opaque records the reader may not see, with their path length.
    pub non_public: Vec<Affected>,
    pub cycles: Vec<Vec<String>>,
    pub truncated: bool,
}

pub fn impact(l: &Lineage) -> Impact {
    let mut groups: BTreeMap<Option<String>, AgencyImpact> = BTreeMap::new();
    let mut totals = Totals::default();
    let mut non_public = Vec::new();
    let mut root_label = None;
    for n in &l.nodes {
        if n.side == Side::Root {
            root_label = n.label.clone();
            continue;
        }
        let a = Affected {
            id: n.id.clone(),
            label: n.label.clone(),
            distance: n.distance,
            access: n.access,
            external: n.external,
        };
        if n.external {
            totals.external += 1;
        }
        let key = match n.kind {
            NodeKind::NonPublic => {
                totals.non_public += 1;
                non_public.push(a);
                continue;
            }
            NodeKind::Agency => Some(n.id.clone()),
            _ => n.agency.clone(),
        };
        let g = groups.entry(key.clone()).or_insert_with(|| AgencyImpact {
            agency: key,
            nearest: usize::MAX,
            ..AgencyImpact::default()
        });
        g.nearest = g.nearest.min(n.distance);
        if g.name.is_none() {
            g.name = if n.kind == NodeKind::Agency {
                n.label.clone()
            } else {
                n.agency_name.clone()
            };
        }
        match n.kind {
            NodeKind::Dataset => {
                totals.datasets += 1;
                g.datasets.push(a);
            }
            NodeKind::DataService => {
                totals.services += 1;
                g.services.push(a);
            }
            NodeKind::Agreement => {
                totals.agreements += 1;
                g.agreements.push(a);
            }
            NodeKind::Agency => {
                g.receives_at = Some(g.receives_at.map_or(n.distance, |d| d.min(n.distance)));
            }
            NodeKind::NonPublic => {}
        }
    }
    let mut agencies: Vec<AgencyImpact> = groups.into_values().collect();
    for g in &mut agencies {
        for list in [&mut g.datasets, &mut g.services, &mut g.agreements] {
            list.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.id.cmp(&b.id)));
        }
    }
    agencies.sort_by(|a, b| {
        a.nearest
            .cmp(&b.nearest)
            .then_with(|| a.agency.cmp(&b.agency))
    });
    totals.agencies = agencies.iter().filter(|g| g.agency.is_some()).count();
    non_public.sort_by_key(|a| a.distance);
    Impact {
        root: l.root.clone(),
        root_label,
        depth: l.depth,
        totals,
        agencies,
        non_public,
        cycles: l.cycles.clone(),
        truncated: l.truncated,
    }
}

/// Plain-text report for the command line.
pub fn to_text(i: &Impact) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Impact of {}{} (downstream, depth {}{}):",
        i.root,
        i.root_label
            .as_deref()
            .map(|l| format!(" \"{l}\""))
            .unwrap_or_default(),
        i.depth,
        if i.truncated {
            ", cut at the depth bound"
        } else {
            ""
        }
    );
    let t = &i.totals;
    let _ = writeln!(
        s,
        "  {} datasets, {} data services, {} agreements, {} agencies affected; {} external, {} non-public",
        t.datasets, t.services, t.agreements, t.agencies, t.external, t.non_public
    );
    for g in &i.agencies {
        let _ = writeln!(
            s,
            "\n{} {}(nearest at {}{})",
            g.name
                .as_deref()
                .or(g.agency.as_deref())
                .unwrap_or("(no agency named)"),
            g.agency
                .as_deref()
                .filter(|_| g.name.is_some())
                .map(|a| format!("<{a}> "))
                .unwrap_or_default(),
            g.nearest,
            g.receives_at
                .map(|d| format!("; receives data under an agreement at {d}"))
                .unwrap_or_default()
        );
        for (what, list) in [
            ("dataset", &g.datasets),
            ("service", &g.services),
            ("agreement", &g.agreements),
        ] {
            for a in list {
                let _ = writeln!(
                    s,
                    "  {:>3}  {what:<9} {}{}{}",
                    a.distance,
                    a.id,
                    a.label
                        .as_deref()
                        .map(|l| format!(" \"{l}\""))
                        .unwrap_or_default(),
                    if a.external { " [external]" } else { "" }
                );
            }
        }
    }
    if !i.non_public.is_empty() {
        let _ = writeln!(s, "\nnon-public records (details hidden):");
        for a in &i.non_public {
            let _ = writeln!(s, "  {:>3}  {}", a.distance, a.id);
        }
    }
    for c in &i.cycles {
        let _ = writeln!(s, "\nwarning: cycle in the lineage data: {}", c.join(" → "));
    }
    s
}
