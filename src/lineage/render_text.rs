//! The lineage of a dataset as plain text: a heading, then the upstream and downstream
//! nodes nearest first, then any cycles (`lienthong lineage`, `/api/lineage/...?format=text`).

use super::{AccessLevel, Lineage, Side};
use std::fmt::Write as _;

/// Human-readable listing: upstream then downstream, nearest first.
pub fn lineage_text(l: &Lineage) -> String {
    let mut s = String::new();
    let root = l.nodes.iter().find(|n| n.side == Side::Root);
    let _ = writeln!(
        s,
        "Lineage of {}{} ({:?}, depth {}): {} nodes, {} edges{}",
        l.root,
        root.and_then(|r| r.label.as_deref())
            .map(|t| format!(" \"{t}\""))
            .unwrap_or_default(),
        l.direction,
        l.depth,
        l.nodes.len(),
        l.edges.len(),
        if l.truncated {
            " (cut at the depth bound)"
        } else {
            ""
        }
    );
    for side in [Side::Upstream, Side::Downstream] {
        let mut ns: Vec<_> = l.nodes.iter().filter(|n| n.side == side).collect();
        if ns.is_empty() {
            continue;
        }
        ns.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.id.cmp(&b.id)));
        let _ = writeln!(
            s,
            "\n{}:",
            if side == Side::Upstream {
                "upstream"
            } else {
                "downstream"
            }
        );
        for n in ns {
            let _ = writeln!(
                s,
                "  {:>3}  {:<12} {}{}{}{}{}",
                n.distance,
                n.kind.as_str(),
                n.id,
                n.label
                    .as_deref()
                    .map(|t| format!(" \"{t}\""))
                    .unwrap_or_default(),
                n.agency_name
                    .as_deref()
                    .or(n.agency.as_deref())
                    .map(|a| format!(" — {a}"))
                    .unwrap_or_default(),
                if n.access != AccessLevel::Public {
                    format!(" [{}]", n.access.as_str())
                } else {
                    String::new()
                },
                if n.external {
                    format!(" [external: {}]", n.province.as_deref().unwrap_or("?"))
                } else {
                    String::new()
                },
            );
        }
    }
    for c in &l.cycles {
        let _ = writeln!(s, "\nwarning: cycle in the lineage data: {}", c.join(" → "));
    }
    s
}
