//! Graphviz DOT output of a lineage neighbourhood (`dot -Tsvg lineage.dot`), with the same
//! agency colours and markings as the SVG picture.

use super::model::NodeKind;
use super::render_svg::{agency_colours, short};
use super::traverse::{Lineage, Side};
use std::fmt::Write;

/// A DOT double-quoted string: backslash and quote escaped, line breaks as `\n`, other
/// control characters dropped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn to_dot(l: &Lineage) -> String {
    let colours = agency_colours(l);
    let mut s = String::new();
    let _ = writeln!(s, "digraph lineage {{");
    let _ = writeln!(s, "  rankdir=LR;");
    let _ = writeln!(
        s,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(s, "  edge [fontname=\"Helvetica\", fontsize=8];");
    for n in &l.nodes {
        let mut label = n
            .label
            .clone()
            .map(|t| short(&t, 40))
            .unwrap_or_else(|| short(&n.id, 40));
        let _ = write!(label, "\n{}", n.kind.as_str());
        if let Some(p) = n.province.as_deref().filter(|_| n.external) {
            let _ = write!(label, " · {p} (external)");
        }
        let (fill, mut style) = match n.kind {
            NodeKind::NonPublic => ("#d9d9d9".to_string(), "rounded,filled,dashed".to_string()),
            _ => (
                n.agency
                    .as_deref()
                    .and_then(|a| colours.get(a))
                    .cloned()
                    .unwrap_or_else(|| "#ffffff".into()),
                "rounded,filled".to_string(),
            ),
        };
        if n.external {
            style.push_str(",dashed");
        }
        let _ = writeln!(
            s,
            "  {} [label={}, fillcolor={}, style={}{}, tooltip={}];",
            quote(&n.id),
            quote(&label),
            quote(&fill),
            quote(&style),
            if n.side == Side::Root {
                ", penwidth=3"
            } else {
                ""
            },
            quote(&format!(
                "{} ({})",
                n.id,
                n.agency_name.as_deref().unwrap_or(n.access.as_str())
            ))
        );
    }
    for e in &l.edges {
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{}];",
            quote(&e.from),
            quote(&e.to),
            quote(e.kind.as_str()),
            if e.activities.is_empty() {
                ""
            } else {
                ", style=bold"
            }
        );
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting_escapes_what_dot_needs() {
        assert_eq!(super::quote("a\"b\\c\nd\u{7}"), "\"a\\\"b\\\\c\\nd\"");
    }
}
