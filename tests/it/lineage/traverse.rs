//! Lineage traversal against SPARQL property-path closures on generated data, depth bounds,
//! cycles, access (opaque non-public nodes), impact, the remote hook, SVG and DOT pictures.

use lienthong::ingest::{import_reader, ImportOptions};
use lienthong::lineage::{
    Direction, Lineage, LineageService, NodeKind, RemoteLineage, Side, MAX_DEPTH,
};
use lienthong::sparql::{run_query, QueryRequest};
use lienthong::store::{Access, Catalogue};
use lienthong::synth::{dataset_iri, generate, GenOptions};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

const DATASETS: usize = 720;

fn gen_store() -> crate::support::TestStore {
    let s = crate::support::store();
    let mut nt = Vec::new();
    generate(
        &GenOptions {
            datasets: DATASETS,
            ..GenOptions::default()
        },
        &mut nt,
    )
    .unwrap();
    let opts = ImportOptions {
        graph: Some("https://w3id.org/lienthong/graph/import/gen".into()),
        format: Some(oxigraph::io::RdfFormat::NTriples),
        ..ImportOptions::default()
    };
    import_reader(&s.cat, nt.as_slice(), "gen.nt", &opts, None).unwrap();
    s
}

const PREFIX: &str = "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX odrl: <http://www.w3.org/ns/odrl/2/>\n";
/// One downstream step, as the lineage module documents its edges.
const DOWN: &str = "(^prov:wasDerivedFrom|^prov:used/(prov:generated|^prov:wasGeneratedBy)|^dcat:servesDataset|dcat:distribution/dcat:accessService|^odrl:target|^odrl:target/^odrl:permission|odrl:assignee)";

fn select(cat: &Catalogue, q: &str, access: Access) -> Vec<HashMap<String, String>> {
    let out = run_query(
        cat,
        &QueryRequest::new(format!("{PREFIX}{q}"), access),
        "application/sparql-results+json",
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.body).unwrap();
    v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap().to_string()))
                .collect()
        })
        .collect()
}

fn closure(cat: &Catalogue, root: &str, path: &str, access: Access) -> BTreeSet<String> {
    select(
        cat,
        &format!("SELECT DISTINCT ?x WHERE {{ <{root}> {path} ?x FILTER(isIRI(?x)) }}"),
        access,
    )
    .into_iter()
    .map(|m| m["x"].clone())
    .filter(|x| x != root)
    .collect()
}

fn ids(l: &Lineage, side: Side, kind: Option<NodeKind>) -> BTreeSet<String> {
    l.nodes
        .iter()
        .filter(|n| n.side == side && kind.is_none_or(|k| n.kind == k))
        .map(|n| n.id.clone())
        .collect()
}

/// Nodes deep in chains (i % 12 == 11), with extra random upstreams (i % 7 == 0), and early
/// nodes with large downstreams.
fn sample() -> Vec<usize> {
    let mut v = vec![
        11, 23, 59, 95, 131, 167, 203, 287, 371, 455, 539, 623, 707, 0, 1, 5, 13, 100, 301,
    ];
    v.extend((3..DATASETS).step_by(17));
    v
}

#[test]
fn traversal_matches_property_path_closures_admin_and_public() {
    let s = gen_store();
    let svc = LineageService::new(s.cat.clone());
    let mut checked_public = 0;
    for i in sample() {
        let d = dataset_iri("nghe-an", i);
        // Admin: exact closures, every edge kind.
        let l = svc
            .lineage(&d, Direction::Both, MAX_DEPTH, Access::Admin)
            .unwrap();
        assert_eq!(
            ids(&l, Side::Upstream, None),
            closure(&s.cat, &d, &format!("(^{DOWN})+"), Access::Admin),
            "upstream of {d}"
        );
        let down = closure(&s.cat, &d, &format!("{DOWN}+"), Access::Admin);
        assert_eq!(ids(&l, Side::Downstream, None), down, "downstream of {d}");
        // Datasets only: the plain prov:wasDerivedFrom+ closures (gen's activities repeat them).
        assert_eq!(
            ids(&l, Side::Upstream, Some(NodeKind::Dataset)),
            closure(&s.cat, &d, "prov:wasDerivedFrom+", Access::Admin)
        );
        assert_eq!(
            ids(&l, Side::Downstream, Some(NodeKind::Dataset)),
            closure(&s.cat, &d, "^prov:wasDerivedFrom+", Access::Admin)
        );
        assert!(l.cycles.is_empty(), "gen's lineage is a DAG");
        // Public: the visible part equals the closure over public graphs; what it cannot see
        // is there as opaque nodes only.
        match svc.lineage(&d, Direction::Both, MAX_DEPTH, Access::Public) {
            Ok(p) => {
                checked_public += 1;
                let visible = |side| -> BTreeSet<String> {
                    ids(&p, side, None)
                        .into_iter()
                        .filter(|x| !x.starts_with("non-public:"))
                        .collect()
                };
                assert_eq!(
                    visible(Side::Upstream),
                    closure(&s.cat, &d, &format!("(^{DOWN})+"), Access::Public)
                );
                assert_eq!(
                    visible(Side::Downstream),
                    closure(&s.cat, &d, &format!("{DOWN}+"), Access::Public)
                );
                for n in p.nodes.iter().filter(|n| n.kind == NodeKind::NonPublic) {
                    assert!(n.label.is_none() && n.agency.is_none() && n.province.is_none());
                    let admin_ids: BTreeSet<_> = l.nodes.iter().map(|n| n.id.clone()).collect();
                    assert!(!admin_ids.contains(&n.id));
                }
                let json = serde_json::to_string(&p).unwrap();
                for hidden in l
                    .nodes
                    .iter()
                    .filter(|n| n.access != lienthong::lineage::AccessLevel::Public)
                {
                    assert!(
                        !json.contains(&format!("\"{}\"", hidden.id)),
                        "{} leaked to the public",
                        hidden.id
                    );
                }
            }
            Err(lienthong::Error::NotFound(_)) => {
                assert_ne!(l.nodes[0].access, lienthong::lineage::AccessLevel::Public);
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(
        checked_public >= 30,
        "{checked_public} public roots checked"
    );
}

#[test]
fn depth_bound_keeps_exactly_the_nearer_nodes() {
    let s = gen_store();
    let svc = LineageService::new(s.cat.clone());
    // A chain head: ten chained successors, and random dependants further on.
    let d = dataset_iri("nghe-an", 1);
    let full = svc
        .lineage(&d, Direction::Down, MAX_DEPTH, Access::Admin)
        .unwrap();
    let far = full.nodes.iter().map(|n| n.distance).max().unwrap();
    assert!(far >= 10, "gen chains run deep: {far}");
    for k in [0, 1, 3, 7] {
        let l = svc.lineage(&d, Direction::Down, k, Access::Admin).unwrap();
        let want: BTreeSet<_> = full
            .nodes
            .iter()
            .filter(|n| n.distance <= k)
            .map(|n| (n.id.clone(), n.distance))
            .collect();
        let got: BTreeSet<_> = l.nodes.iter().map(|n| (n.id.clone(), n.distance)).collect();
        assert_eq!(got, want, "depth {k}");
        assert!(l.truncated, "more lies beyond depth {k}");
    }
    assert!(!full.truncated);
    // The identifier resolves to the same record.
    let by_id = svc
        .lineage("H40-DS-0000001", Direction::Down, 2, Access::Admin)
        .unwrap();
    assert_eq!(by_id.root, d);
}

#[test]
fn cycles_are_reported_and_traversal_terminates() {
    let cat = Catalogue::in_memory().unwrap();
    cat.load_turtle_str(
        r#"@prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix ds: <https://data.nghean.gov.vn/dataset/> .
        ds:b prov:wasDerivedFrom ds:a . ds:c prov:wasDerivedFrom ds:b . ds:a prov:wasDerivedFrom ds:c .
        ds:d prov:wasDerivedFrom ds:c . ds:e prov:wasDerivedFrom ds:e , ds:d ."#,
        "https://w3id.org/lienthong/graph/import/cycles",
    )
    .unwrap();
    let svc = LineageService::new(cat);
    for dir in [Direction::Up, Direction::Down, Direction::Both] {
        let l = svc
            .lineage(
                "https://data.nghean.gov.vn/dataset/a",
                dir,
                MAX_DEPTH,
                Access::Admin,
            )
            .unwrap();
        assert!(l.nodes.len() <= 5);
        if dir != Direction::Up {
            let mut cycles = l.cycles.clone();
            cycles.sort();
            assert_eq!(
                cycles,
                vec![
                    vec![
                        "https://data.nghean.gov.vn/dataset/a",
                        "https://data.nghean.gov.vn/dataset/b",
                        "https://data.nghean.gov.vn/dataset/c"
                    ],
                    vec!["https://data.nghean.gov.vn/dataset/e"],
                ]
            );
        }
    }
    // Pictures of cyclic data are still laid out.
    let l = svc
        .lineage(
            "https://data.nghean.gov.vn/dataset/a",
            Direction::Both,
            MAX_DEPTH,
            Access::Admin,
        )
        .unwrap();
    assert!(lienthong::lineage::render_svg::to_svg(&l)
        .contains("data-id=\"https://data.nghean.gov.vn/dataset/e\""));
}

/// Breadth-first distances over edges read with one SPARQL query per edge kind: an
/// independent check of the impact's path lengths.
fn sparql_distances(cat: &Catalogue, root: &str) -> HashMap<String, usize> {
    let rows = select(
        cat,
        "SELECT ?a ?b WHERE { { ?b prov:wasDerivedFrom ?a } UNION { ?act prov:used ?a ; prov:generated ?b } UNION { ?act prov:used ?a . ?b prov:wasGeneratedBy ?act }
          UNION { ?b dcat:servesDataset ?a } UNION { ?a dcat:distribution/dcat:accessService ?b } UNION { ?b odrl:target ?a FILTER(isIRI(?b)) }
          UNION { ?b odrl:permission/odrl:target ?a } UNION { ?x odrl:target ?y . ?x odrl:assignee ?b BIND(?x AS ?a) } }",
        Access::Admin,
    );
    let mut adj: HashMap<String, Vec<String>> = HashMap::new();
    for r in rows {
        adj.entry(r["a"].clone()).or_default().push(r["b"].clone());
    }
    let mut dist = HashMap::from([(root.to_string(), 0)]);
    let mut q = VecDeque::from([root.to_string()]);
    while let Some(u) = q.pop_front() {
        for v in adj.get(&u).cloned().unwrap_or_default() {
            if !dist.contains_key(&v) {
                dist.insert(v.clone(), dist[&u] + 1);
                q.push_back(v);
            }
        }
    }
    dist.remove(root);
    dist
}

#[test]
fn impact_groups_by_agency_with_path_lengths() {
    let s = crate::support::store();
    lienthong::demo::load(&s.cat).unwrap();
    let svc = LineageService::new(s.cat.clone());
    let root = "https://data.nghean.gov.vn/dataset/dong-du-lieu-quan-trac-thuy-van";
    let i = svc.impact(root, MAX_DEPTH, Access::Admin).unwrap();
    let want = sparql_distances(&s.cat, root);
    let mut got: HashMap<String, usize> = HashMap::new();
    for g in &i.agencies {
        for a in g.datasets.iter().chain(&g.services).chain(&g.agreements) {
            got.insert(a.id.clone(), a.distance);
            assert!(a.distance >= g.nearest);
        }
        if let (Some(agency), Some(d)) = (&g.agency, g.receives_at) {
            got.insert(agency.clone(), d);
        }
    }
    assert_eq!(got, want);
    assert!(
        i.totals.datasets >= 3 && i.totals.agreements >= 1,
        "{:?}",
        i.totals
    );
    // Every affected dataset sits in its publisher's group.
    for g in &i.agencies {
        for a in &g.datasets {
            let publ = select(
                &s.cat,
                &format!(
                    "SELECT ?p WHERE {{ <{}> <http://purl.org/dc/terms/publisher> ?p }}",
                    a.id
                ),
                Access::Admin,
            );
            assert_eq!(
                publ.first().map(|m| m["p"].clone()),
                g.agency.clone(),
                "{}",
                a.id
            );
        }
    }
    // The Hà Tĩnh agency receives river data under the Lam river agreement.
    let ha_tinh = i
        .agencies
        .iter()
        .find(|g| {
            g.agency.as_deref()
                == Some("https://data.hatinh.gov.vn/agency/so-nong-nghiep-va-moi-truong")
        })
        .expect("Hà Tĩnh affected");
    assert!(ha_tinh.receives_at.is_some());
    let text = lienthong::lineage::impact::to_text(&i);
    assert!(text.contains("Sở Nông nghiệp và Môi trường"), "{text}");
    // Cross-province record upstream of the flood model is external.
    let l = svc
        .lineage(
            "https://data.nghean.gov.vn/dataset/mo-hinh-du-bao-ngap-lut-song-lam",
            Direction::Up,
            3,
            Access::Admin,
        )
        .unwrap();
    let ext = l
        .nodes
        .iter()
        .find(|n| n.id == "https://data.hatinh.gov.vn/dataset/muc-nuoc-song-lam-ha-tinh")
        .unwrap();
    assert!(ext.external && ext.province.as_deref() == Some("ha-tinh"));
    // Column lineage from the example refines the population edge.
    let l = svc
        .lineage(
            "https://data.nghean.gov.vn/dataset/dan-so-theo-xa",
            Direction::Up,
            1,
            Access::Admin,
        )
        .unwrap();
    let e = l
        .edges
        .iter()
        .find(|e| e.from.ends_with("du-lieu-dan-cu-dung-chung"))
        .unwrap();
    assert!(
        e.columns
            .iter()
            .any(|c| c.from == "ma_xa_thuong_tru" && c.to == "ma_xa"),
        "{:?}",
        e.columns
    );
    assert!(!e.activities.is_empty());
    assert!(l
        .activities
        .iter()
        .any(|a| a.started.is_some() && a.agency.is_some()));
}

struct FakePeer;
impl RemoteLineage for FakePeer {
    fn follow(
        &self,
        iri: &str,
        direction: Direction,
        depth: usize,
        access: Access,
        _deadline: std::time::Instant,
    ) -> lienthong::Result<Option<Lineage>> {
        if !iri.starts_with("https://data.hatinh.gov.vn/") || direction != Direction::Up {
            return Ok(None);
        }
        let cat = Catalogue::in_memory()?;
        cat.load_turtle_str(
            &format!("<{iri}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://data.hatinh.gov.vn/dataset/tram-thuy-van-linh-cam> ."),
            "https://w3id.org/lienthong/graph/import/peer",
        )?;
        let mut svc = LineageService::new(cat);
        svc.options.home_province = "ha-tinh".into();
        svc.lineage(iri, direction, depth, access).map(Some)
    }
}

#[test]
fn cross_province_nodes_are_followed_through_the_remote_hook() {
    let s = crate::support::store();
    lienthong::demo::load(&s.cat).unwrap();
    let svc = LineageService::new(s.cat.clone()).with_remote(Arc::new(FakePeer));
    let l = svc
        .lineage(
            "https://data.nghean.gov.vn/dataset/mo-hinh-du-bao-ngap-lut-song-lam",
            Direction::Up,
            5,
            Access::Public,
        )
        .unwrap();
    let far = l
        .nodes
        .iter()
        .find(|n| n.id == "https://data.hatinh.gov.vn/dataset/tram-thuy-van-linh-cam")
        .expect("followed");
    assert!(far.remote && far.side == Side::Upstream && far.distance == 2);
}

fn python_xml_check(svg: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.buffer.read())\nns = '{http://www.w3.org/2000/svg}'\nprint('\\n'.join(g.get('data-id') for g in root.iter(ns + 'g') if g.get('data-id')))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is needed to check SVG well-formedness");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(svg.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "SVG is not well-formed XML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn svg_and_dot_are_well_formed_and_contain_every_node() {
    let s = gen_store();
    let svc = LineageService::new(s.cat.clone());
    // Dataset 0 has the largest neighbourhood of this catalogue (73 records).
    let l = svc
        .lineage(
            &dataset_iri("nghe-an", 0),
            Direction::Both,
            MAX_DEPTH,
            Access::Admin,
        )
        .unwrap();
    assert!(
        l.nodes.len() >= 50,
        "a picture of 50+ nodes: {}",
        l.nodes.len()
    );
    let svg = lienthong::lineage::render_svg::to_svg(&l);
    let drawn: BTreeSet<String> = python_xml_check(&svg).lines().map(str::to_string).collect();
    let want: BTreeSet<String> = l.nodes.iter().map(|n| n.id.clone()).collect();
    assert_eq!(drawn, want);
    assert!(svg.contains("Sở") && svg.contains("Cơ quan / agencies"));
    let dot = lienthong::lineage::render_dot::to_dot(&l);
    for n in &l.nodes {
        assert!(
            dot.contains(&format!("\n  \"{}\" [label=", n.id)),
            "{} missing from DOT",
            n.id
        );
    }
    assert_eq!(dot.matches(" -> ").count(), l.edges.len());
    assert!(dot.starts_with("digraph lineage {") && dot.trim_end().ends_with('}'));

    // Public picture: opaque nodes drawn, marked, and nothing of them leaked.
    let p = (1..DATASETS)
        .filter_map(|i| {
            svc.lineage(
                &dataset_iri("nghe-an", i),
                Direction::Both,
                MAX_DEPTH,
                Access::Public,
            )
            .ok()
        })
        .find(|p| p.nodes.iter().any(|n| n.kind == NodeKind::NonPublic))
        .expect("a public dataset next to a non-public one");
    let psvg = lienthong::lineage::render_svg::to_svg(&p);
    let pdrawn = python_xml_check(&psvg);
    assert!(
        pdrawn.contains("non-public:1"),
        "gen has non-public neighbours here"
    );
    assert!(psvg.contains("url(#hatch)"));

    // Hostile text is escaped in both formats.
    let cat = Catalogue::in_memory().unwrap();
    cat.load_turtle_str(
        r#"<https://data.nghean.gov.vn/dataset/x> <http://purl.org/dc/terms/title> "A <b>&amp; \"q\" \\ 'x' </svg>"@vi ;
             <http://www.w3.org/ns/prov#wasDerivedFrom> <https://data.nghean.gov.vn/dataset/y?a=1&b=2> ."#,
        "https://w3id.org/lienthong/graph/import/x",
    )
    .unwrap();
    let svc = LineageService::new(cat);
    let l = svc
        .lineage(
            "https://data.nghean.gov.vn/dataset/x",
            Direction::Both,
            3,
            Access::Admin,
        )
        .unwrap();
    python_xml_check(&lienthong::lineage::render_svg::to_svg(&l));
    let dot = lienthong::lineage::render_dot::to_dot(&l);
    assert!(dot.contains(r#"A <b>&amp; \"q\" \\ 'x' </svg>"#), "{dot}");
}
