//! The W3C SHACL test suite (../shared/conformance/shacl-w3c): every `sht:Validate` case of
//! core (98) and SPARQL (23, including the one the manifest does not list), compared on the
//! whole report: `sh:conforms` and the set of results as graphs (isomorphism), ignoring
//! `sh:resultMessage` as the suite allows. `sht:Failure` cases must fail.

use lienthong::shacl::{validate, MemoryData, ShapesGraph};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";

/// Cases that do not pass, each with its reason (also listed in README).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn nn(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn url_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

struct Files(HashMap<PathBuf, Graph>);

impl Files {
    fn load(&mut self, p: &Path) -> &Graph {
        let p = p.canonicalize().expect("test file exists");
        self.0.entry(p.clone()).or_insert_with(|| {
            let mut g = Graph::new();
            let text = std::fs::read(&p).expect("read test file");
            for q in RdfParser::from_format(RdfFormat::Turtle)
                .with_base_iri(url_of(&p))
                .expect("base")
                .for_slice(&text)
            {
                g.insert(
                    q.unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                        .as_ref(),
                );
            }
            g
        })
    }
}

fn objs(g: &Graph, s: &Term, p: &str) -> Vec<Term> {
    let s: NamedOrBlankNodeRef<'_> = match s {
        Term::NamedNode(n) => n.as_ref().into(),
        Term::BlankNode(b) => b.as_ref().into(),
        _ => return Vec::new(),
    };
    g.objects_for_subject_predicate(s, NamedNodeRef::new_unchecked(p))
        .map(TermRef::into_owned)
        .collect()
}

fn path_of(url: &Term) -> PathBuf {
    match url {
        Term::NamedNode(n) => PathBuf::from(n.as_str().strip_prefix("file://").expect("file URL")),
        other => panic!("not a file IRI: {other}"),
    }
}

/// The comparable part of a report: report node, result nodes and their properties (no
/// messages), with result paths expanded through their blank nodes.
fn report_subgraph(g: &Graph, report: &Term) -> Graph {
    let mut out = Graph::new();
    let Term::BlankNode(rb) = report else {
        panic!("report is not a blank node")
    };
    for t in g.triples_for_subject(rb.as_ref()) {
        out.insert(t);
        if t.predicate.as_str() == format!("{SH}result") {
            let r = t.object.into_owned();
            let Term::BlankNode(b) = &r else { continue };
            for rt in g.triples_for_subject(b.as_ref()) {
                let p = rt.predicate.as_str();
                if p == format!("{SH}resultMessage") || p == format!("{SH}detail") {
                    continue;
                }
                out.insert(rt);
                if p == format!("{SH}resultPath") {
                    copy_bnode_closure(g, &rt.object.into_owned(), &mut out);
                }
            }
        }
    }
    out
}

fn copy_bnode_closure(g: &Graph, t: &Term, out: &mut Graph) {
    if let Term::BlankNode(b) = t {
        for tr in g.triples_for_subject(b.as_ref()) {
            if out.insert(tr) {
                copy_bnode_closure(g, &tr.object.into_owned(), out);
            }
        }
    }
}

fn canonical(mut g: Graph) -> Vec<String> {
    g.canonicalize(CanonicalizationAlgorithm::Unstable);
    let mut v: Vec<String> = g.iter().map(|t| t.to_string()).collect();
    v.sort();
    v
}

fn run_case(files: &mut Files, file: &Path) -> Result<(), String> {
    let g = files.load(file).clone();
    let mut outcome = Ok(());
    for entry in g.subjects_for_predicate_object(
        NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        NamedNodeRef::new_unchecked(&format!("{SHT}Validate")),
    ) {
        let entry: Term = entry.into_owned().into();
        let action = objs(&g, &entry, &format!("{MF}action"))
            .pop()
            .expect("mf:action");
        let data_file = path_of(
            &objs(&g, &action, &format!("{SHT}dataGraph"))
                .pop()
                .expect("dataGraph"),
        );
        let shapes_file = path_of(
            &objs(&g, &action, &format!("{SHT}shapesGraph"))
                .pop()
                .expect("shapesGraph"),
        );
        let expected = objs(&g, &entry, &format!("{MF}result"))
            .pop()
            .expect("mf:result");
        let data = MemoryData::new(files.load(&data_file).clone());
        let shapes_graph = files.load(&shapes_file).clone();
        let run = ShapesGraph::from_graph(shapes_graph).and_then(|s| validate(&s, &data));
        if expected == Term::from(nn(&format!("{SHT}Failure"))) {
            if let Ok(r) = run {
                outcome = Err(format!(
                    "expected a failure, got a report with {} results",
                    r.results.len()
                ));
            }
            continue;
        }
        let report = match run {
            Ok(r) => r,
            Err(e) => return Err(format!("unexpected failure: {e}")),
        };
        let (ag, anode) = report.to_graph();
        let want = canonical(report_subgraph(&g, &expected));
        let got = canonical(report_subgraph(&ag, &anode));
        if want != got {
            let only_want: Vec<_> = want.iter().filter(|t| !got.contains(t)).collect();
            let only_got: Vec<_> = got.iter().filter(|t| !want.contains(t)).collect();
            outcome = Err(format!(
                "report differs (conforms {}; {} results)\n  expected only: {only_want:#?}\n  actual only: {only_got:#?}",
                report.conforms,
                report.results.len()
            ));
        }
    }
    outcome
}

fn collect(files: &mut Files, manifest: &Path, out: &mut Vec<PathBuf>) {
    let g = files.load(manifest).clone();
    for t in g.triples_for_predicate(NamedNodeRef::new_unchecked(&format!("{MF}include"))) {
        let p = path_of(&t.object.into_owned());
        if p.file_name().is_some_and(|n| n == "manifest.ttl") {
            collect(files, &p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn w3c_shacl_suite() {
    let Some(root) = crate::support::require_shared("conformance/shacl-w3c/tests") else {
        return;
    };
    let root = root.canonicalize().expect("suite dir");
    let mut files = Files(HashMap::new());
    let mut cases = Vec::new();
    collect(&mut files, &root.join("manifest.ttl"), &mut cases);
    // In the folder but not in its manifest (sht:proposed): run it too.
    let extra = root.join("sparql/component/nodeValidator-001.ttl");
    if extra.exists() && !cases.contains(&extra) {
        cases.push(extra);
    }
    let mut by_suite: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let rel = case
            .strip_prefix(&root)
            .unwrap_or(case)
            .display()
            .to_string();
        let suite = rel.split('/').next().unwrap_or("").to_string();
        let e = by_suite.entry(suite).or_default();
        e.0 += 1;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(&mut files, case)))
        {
            Ok(Ok(())) => e.1 += 1,
            Ok(Err(m)) => failures.push((rel, m)),
            Err(_) => failures.push((rel, "panicked".into())),
        }
    }
    for (suite, (n, ok)) in &by_suite {
        eprintln!("W3C SHACL {suite}: {ok}/{n} pass");
    }
    let mut unexpected = Vec::new();
    for (rel, m) in &failures {
        let known = KNOWN_FAILURES.iter().any(|(k, _)| rel.ends_with(k));
        eprintln!(
            "{} {rel}: {m}",
            if known { "known failure" } else { "FAIL" }
        );
        if !known {
            unexpected.push(rel.clone());
        }
    }
    assert_eq!(
        by_suite.get("core").map(|x| x.0),
        Some(98),
        "core case count"
    );
    assert_eq!(
        by_suite.get("sparql").map(|x| x.0),
        Some(23),
        "sparql case count"
    );
    assert!(unexpected.is_empty(), "unexpected failures: {unexpected:?}");
}
