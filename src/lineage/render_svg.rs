//! SVG picture of a lineage neighbourhood: layered left-to-right layout (sources on the
//! left), one colour per agency with a legend, the dataset asked about outlined, external
//! (other province) records dashed with their province, non-public records grey and hatched.
//! Text is XML-escaped; the picture is self-contained, so the web UI can embed it inline.

use super::layout::{layout, Geometry};
use super::model::{EdgeKind, NodeKind};
use super::traverse::{Lineage, Side};
use std::collections::HashMap;
use std::fmt::Write;

/// Colour-blind-friendly palette (Okabe–Ito and Tableau tones), cycled past its end.
const PALETTE: &[&str] = &[
    "#9ecae1", "#fdd0a2", "#a1d99b", "#fcbba1", "#dadaeb", "#fdae6b", "#c7e9c0", "#bcbddc",
    "#f2c6de", "#d9f0a3", "#c6dbef", "#fee391",
];

/// Agency IRI → fill colour, in order of first appearance (root first).
pub fn agency_colours(l: &Lineage) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for n in &l.nodes {
        if let Some(a) = &n.agency {
            let k = m.len();
            m.entry(a.clone())
                .or_insert_with(|| PALETTE[k % PALETTE.len()].to_string());
        }
    }
    m
}

/// At most `max` characters, with an ellipsis when cut.
pub fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Text for XML content and attribute values; characters XML 1.0 forbids are dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn edge_colour(k: EdgeKind) -> &'static str {
    match k {
        EdgeKind::DerivedFrom | EdgeKind::Activity => "#555555",
        EdgeKind::ServedBy => "#2171b5",
        EdgeKind::SharedUnder | EdgeKind::SharedWith => "#238b45",
    }
}

const GEO: Geometry = Geometry {
    node_w: 200.0,
    node_h: 44.0,
    col_gap: 70.0,
    row_gap: 14.0,
    margin_x: 20.0,
    margin_y: 20.0,
};

pub fn to_svg(l: &Lineage) -> String {
    let index: HashMap<&str, usize> = l
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize)> = l
        .edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();
    let kinds: Vec<&EdgeKind> = l
        .edges
        .iter()
        .filter(|e| index.contains_key(e.from.as_str()) && index.contains_key(e.to.as_str()))
        .map(|e| &e.kind)
        .collect();
    let lay = layout(l.nodes.len(), &edges, &GEO);
    let colours = agency_colours(l);
    let mut legend: Vec<(String, String)> = Vec::new();
    for n in &l.nodes {
        if let Some(a) = &n.agency {
            if !legend.iter().any(|(x, _)| x == a) {
                legend.push((
                    a.clone(),
                    n.agency_name.clone().unwrap_or_else(|| a.clone()),
                ));
            }
        }
    }
    let legend_rows = legend.len() + 4;
    let legend_h = 24.0 + legend_rows as f64 * 18.0;
    let width = lay.width.max(560.0);
    let height = lay.height + legend_h;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Helvetica, Arial, sans-serif" font-size="11" data-layers="{}" data-crossings="{}">"#,
        lay.layers,
        lay.crossings,
        w = width,
        h = height
    );
    let _ = writeln!(
        s,
        "<title>{}</title>",
        xml_escape(&format!("Dòng dõi dữ liệu / lineage of {}", l.root))
    );
    s.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e0e0e0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#bdbdbd" stroke-width="3"/></pattern></defs>
"##);
    s.push_str("<g class=\"edges\" fill=\"none\">\n");
    for (path, kind) in lay.paths.iter().zip(&kinds) {
        if path.len() < 2 {
            continue;
        }
        let half = GEO.node_w / 2.0;
        let mut d = String::new();
        let (x0, y0) = path[0];
        let _ = write!(
            d,
            "M{:.1},{:.1}",
            x0 + if path[1].0 >= x0 { half } else { -half },
            y0
        );
        for k in 1..path.len() {
            let (px, py) = path[k - 1];
            let (x, y) = path[k];
            let tx = if k == path.len() - 1 {
                x - if x >= px { half } else { -half }
            } else {
                x
            };
            let mid = (px + tx) / 2.0;
            let _ = write!(d, " C{mid:.1},{py:.1} {mid:.1},{y:.1} {tx:.1},{y:.1}");
        }
        let _ = writeln!(
            s,
            r#"<path d="{d}" stroke="{}" stroke-width="1.3"{} marker-end="url(#arrow)"/>"#,
            edge_colour(**kind),
            if **kind == EdgeKind::Activity {
                r#" stroke-dasharray="5,3""#
            } else {
                ""
            }
        );
    }
    s.push_str("</g>\n<g class=\"nodes\">\n");
    for (n, &(cx, cy)) in l.nodes.iter().zip(&lay.pos) {
        let (x, y) = (cx - GEO.node_w / 2.0, cy - GEO.node_h / 2.0);
        let fill = match n.kind {
            NodeKind::NonPublic => "url(#hatch)".to_string(),
            _ => n
                .agency
                .as_deref()
                .and_then(|a| colours.get(a))
                .cloned()
                .unwrap_or_else(|| "#ffffff".into()),
        };
        let (stroke, sw) = if n.side == Side::Root {
            ("#000000", 2.5)
        } else {
            ("#636363", 1.0)
        };
        let dash = if n.external || n.kind == NodeKind::NonPublic {
            r#" stroke-dasharray="4,3""#
        } else {
            ""
        };
        let title = format!(
            "{}\n{}{}{}",
            n.id,
            n.label.as_deref().unwrap_or(""),
            n.agency_name
                .as_deref()
                .map(|a| format!("\n{a}"))
                .unwrap_or_default(),
            format_args!(
                "\n{} · {} · distance {}",
                n.kind.as_str(),
                n.access.as_str(),
                n.distance
            )
        );
        let _ = writeln!(
            s,
            r#"<g class="node {}" data-id="{}"><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{:.0}" height="{:.0}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash}/>"#,
            n.kind.as_str(),
            xml_escape(&n.id),
            xml_escape(&title),
            GEO.node_w,
            GEO.node_h
        );
        let line1 = match n.kind {
            NodeKind::NonPublic => "Không công khai / non-public".to_string(),
            _ => short(n.label.as_deref().unwrap_or(&n.id), 34),
        };
        let mut line2 = n.kind.as_str().to_string();
        if n.external {
            let _ = write!(
                line2,
                " · ↗ {}",
                n.province.as_deref().unwrap_or("external")
            );
        }
        if n.distance > 0 {
            let _ = write!(
                line2,
                " · {}{}",
                if n.side == Side::Upstream {
                    "↑"
                } else {
                    "↓"
                },
                n.distance
            );
        }
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-weight="bold">{}</text><text x="{:.1}" y="{:.1}" fill="#444">{}</text></g>"##,
            x + 8.0,
            y + 18.0,
            xml_escape(&line1),
            x + 8.0,
            y + 34.0,
            xml_escape(&line2)
        );
    }
    s.push_str("</g>\n");
    // Legend under the drawing.
    let ly = lay.height + 10.0;
    let _ = writeln!(
        s,
        r#"<g class="legend"><text x="20" y="{:.1}" font-weight="bold">Cơ quan / agencies</text>"#,
        ly + 8.0
    );
    let mut row = 1.0;
    for (a, name) in &legend {
        let fill = colours.get(a).map(String::as_str).unwrap_or("#ffffff");
        let _ = writeln!(
            s,
            r##"<rect x="20" y="{:.1}" width="14" height="12" fill="{fill}" stroke="#636363"/><text x="40" y="{:.1}">{}</text>"##,
            ly + row * 18.0,
            ly + row * 18.0 + 10.0,
            xml_escape(&short(name, 90))
        );
        row += 1.0;
    }
    for (sample, text) in [
        (
            r##"fill="#ffffff" stroke="#636363" stroke-dasharray="4,3""##,
            "dashed: held by another province's catalogue (external)",
        ),
        (
            r##"fill="url(#hatch)" stroke="#636363" stroke-dasharray="4,3""##,
            "hatched: non-public record (details hidden)",
        ),
        (
            r##"fill="#ffffff" stroke="#000000" stroke-width="2.5""##,
            "thick outline: the dataset asked about",
        ),
    ] {
        let _ = writeln!(
            s,
            r#"<rect x="20" y="{:.1}" width="14" height="12" {sample}/><text x="40" y="{:.1}">{}</text>"#,
            ly + row * 18.0,
            ly + row * 18.0 + 10.0,
            xml_escape(text)
        );
        row += 1.0;
    }
    s.push_str("</g>\n</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
        assert_eq!(short("Sở Nông nghiệp và Môi trường", 5), "Sở N…");
    }
}
