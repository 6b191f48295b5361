//! CKAN harvesting against a real local CKAN-like Action API server: paging, mapping,
//! incremental runs, updates, deletions, private datasets, package_show and
//! organization_show fallbacks, run records, and change notifications.

use crate::support::{harvest::*, mock::*, store};
use lienthong::ingest::harvest::source::Kind;
use lienthong::store::{Catalogue, Change, ChangeListener};
use std::sync::{Arc, Mutex};

const DCAT_DATASET: &str = "http://www.w3.org/ns/dcat#Dataset";

struct Log(Mutex<Vec<Change>>);
impl ChangeListener for Log {
    fn name(&self) -> &str {
        "test-log"
    }
    fn changed(&self, _: &Catalogue, c: &Change) -> lienthong::Result<()> {
        self.0.lock().unwrap().push(c.clone());
        Ok(())
    }
}

fn changed_subjects(log: &Log) -> Vec<String> {
    let mut out = Vec::new();
    for c in log.0.lock().unwrap().drain(..) {
        match c {
            Change::Subjects(s) => out.extend(s),
            Change::Everything => out.push("*".into()),
        }
    }
    out
}

fn setup(n: usize, page: u32) -> (MockServer, tempfile::TempDir, Catalogue) {
    let srv = MockServer::start();
    srv.ckan(|c| {
        c.orgs = orgs();
        c.packages = (0..n)
            .map(|i| package(i, "2026-03-01T08:00:00.000000"))
            .collect();
    });
    let (dir, cat) = store().into_parts();
    let mut s = source("ckan-nghean", Kind::Ckan, &srv.url(""));
    s.page_size = Some(page);
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    (srv, dir, cat)
}

#[test]
fn pages_maps_and_records_the_run() {
    let (srv, _d, cat) = setup(25, 10);
    let r = run(&cat, "ckan-nghean");
    assert_eq!(r.status, "succeeded", "{r:?}");
    // 25 datasets + 3 organizations + 1 group concept.
    assert_eq!(
        (r.added, r.updated, r.removed, r.invalid),
        (29, 0, 0, 0),
        "{r:?}"
    );
    assert_eq!(
        srv.hits("/api/3/action/package_search"),
        3,
        "25 packages in pages of 10"
    );
    assert_eq!(count_type(&cat, "ckan-nghean", DCAT_DATASET), 25);
    let snap = snapshot(&cat, "ckan-nghean").join("\n");
    // ckanext-dcat style mapping: dataset IRI from the site, publisher = organization,
    // tags → keywords, groups → themes, licence on distributions, CKAN format → EU file type.
    let ds = format!(
        "<{}/dataset/00000003-5b55-49c6-9e7f-d886ad1f9dac>",
        srv.url("")
    );
    for needle in [
        format!("{ds} <http://purl.org/dc/terms/title> \"Bộ dữ liệu số 3 về đất đai xã Diễn Châu\""),
        format!("{ds} <http://purl.org/dc/terms/publisher> <{}/organization/0a1>", srv.url("")),
        format!("{ds} <http://www.w3.org/ns/dcat#keyword> \"đất đai\""),
        format!("{ds} <http://www.w3.org/ns/dcat#theme> <{}/group/dat-dai>", srv.url("")),
        format!("{ds} <http://purl.org/dc/terms/accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/ANNUAL>"),
        "<http://purl.org/dc/terms/license> <http://www.opendefinition.org/licenses/cc-by>".into(),
        "<http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/CSV>".into(),
        "<http://xmlns.com/foaf/0.1/name> \"Sở Y tế tỉnh Nghệ An\"".into(),
        "<http://www.w3.org/2000/01/rdf-schema#label> \"nam_ban_hanh\"".into(),
    ] {
        assert!(snap.contains(&needle), "missing {needle}");
    }
    // The run is a prov:Activity in graph/harvest-log with its counts.
    let runs = lienthong::ingest::harvest::runs(&cat, Some("ckan-nghean"), 10).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0], r);
    let log = oxigraph::model::NamedNode::new(lienthong::vocab::graph::HARVEST_LOG).unwrap();
    let activity = cat
        .store()
        .quads_for_pattern(
            None,
            Some(lienthong::vocab::prov::STARTED_AT_TIME),
            None,
            Some(log.as_ref().into()),
        )
        .count();
    assert_eq!(activity, 1);
}

#[test]
fn second_run_rewrites_nothing_then_updates_and_deletions_follow_the_source() {
    let (srv, _d, cat) = setup(12, 5);
    let log = Arc::new(Log(Mutex::default()));
    cat.subscribe(log.clone());
    assert_eq!(run(&cat, "ckan-nghean").added, 16);
    changed_subjects(&log);
    let before = snapshot(&cat, "ckan-nghean");

    // Nothing changed at the source: everything unchanged, not one quad rewritten
    // (blank-node labels included), and only the run itself reported to listeners.
    let r = run(&cat, "ckan-nghean");
    assert_eq!(
        (r.added, r.updated, r.unchanged, r.removed),
        (0, 0, 16, 0),
        "{r:?}"
    );
    assert_eq!(snapshot(&cat, "ckan-nghean"), before);
    let touched = changed_subjects(&log);
    assert_eq!(touched, vec![r.run.clone()]);

    // One package modified, one deleted, one new.
    srv.ckan(|c| {
        c.packages[4]["title"] = "Bộ dữ liệu số 4 (đã sửa)".into();
        c.packages[4]["metadata_modified"] = "2026-04-01T00:00:00.000000".into();
        c.packages.remove(7);
        c.packages.push(package(99, "2026-04-02T00:00:00.000000"));
    });
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.added, r.updated, r.removed), (1, 1, 1), "{r:?}");
    assert_eq!(r.unchanged, 14);
    let snap = snapshot(&cat, "ckan-nghean").join("\n");
    assert!(snap.contains("Bộ dữ liệu số 4 (đã sửa)"));
    assert!(
        !snap.contains("Bộ dữ liệu số 4 về"),
        "the old title is gone"
    );
    assert!(
        !snap.contains("00000007-5b55"),
        "the deleted package and its distribution are gone"
    );
    assert!(snap.contains("00000099-5b55"));
    assert_eq!(count_type(&cat, "ckan-nghean", DCAT_DATASET), 12);
    let touched = changed_subjects(&log);
    assert!(
        touched.iter().any(|s| s.contains("00000007-5b55")),
        "removal reported: {touched:?}"
    );
    assert!(touched.iter().any(|s| s.contains("00000004-5b55")));
    assert!(
        !touched.iter().any(|s| s.contains("00000001-5b55")),
        "unchanged records not reported"
    );

    // A scheming `modified` field takes precedence over metadata_modified for dct:modified.
    srv.ckan(|c| {
        c.packages[0]["modified"] = "2026-02-01".into();
        c.packages[0]["metadata_modified"] = "2026-05-01T00:00:00.000000".into();
    });
    assert_eq!(run(&cat, "ckan-nghean").updated, 1);
    // Now only the stamp moves: the record is mapped and hashed again, found identical,
    // and not rewritten.
    srv.ckan(|c| c.packages[0]["metadata_modified"] = "2026-05-02T00:00:00.000000".into());
    let before = snapshot(&cat, "ckan-nghean");
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.updated, r.unchanged), (0, 16), "{r:?}");
    assert_eq!(snapshot(&cat, "ckan-nghean"), before);
}

#[test]
fn private_packages_go_to_the_restricted_graph() {
    let (srv, _d, cat) = setup(3, 10);
    srv.ckan(|c| {
        c.packages[1]["private"] = true.into();
    });
    assert_eq!(run(&cat, "ckan-nghean").status, "succeeded");
    let g = lienthong::vocab::graph::source("ckan-nghean");
    let restricted = lienthong::vocab::graph::restricted_of(&g);
    let in_graph = |graph: &str, needle: &str| {
        let n = oxigraph::model::NamedNode::new(graph).unwrap();
        cat.store()
            .quads_for_pattern(None, None, None, Some(n.as_ref().into()))
            .any(|q| q.unwrap().to_string().contains(needle))
    };
    assert!(in_graph(&restricted, "00000001-5b55"));
    assert!(
        in_graph(&restricted, "resource/r1"),
        "its distribution follows it"
    );
    assert!(!in_graph(&g, "00000001-5b55"));
    assert!(in_graph(&g, "00000002-5b55"));
    // Public readers do not see it through SPARQL.
    let q = lienthong::sparql::QueryRequest::new(
        "SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }",
        lienthong::store::Access::Public,
    );
    let out = lienthong::sparql::run_query(&cat, &q, "text/csv").unwrap();
    let text = String::from_utf8(out.body).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    // Made public at the source: it moves back.
    srv.ckan(|c| {
        c.packages[1]["private"] = false.into();
        c.packages[1]["metadata_modified"] = "2026-06-01T00:00:00.000000".into();
    });
    assert_eq!(run(&cat, "ckan-nghean").updated, 1);
    assert!(in_graph(&g, "00000001-5b55"));
    assert!(!in_graph(&restricted, "00000001-5b55"));
}

/// `access_rights` written as words: "restricted" (and any words not understood) must not
/// publish the record; "public" does.
#[test]
fn access_rights_given_as_words_do_not_publish_the_record() {
    let (srv, _d, cat) = setup(4, 10);
    srv.ckan(|c| {
        c.packages[0]["access_rights"] = "restricted".into();
        c.packages[1]["access_rights"] = "Hạn chế".into();
        c.packages[2]["access_rights"] = "chỉ dùng nội bộ".into();
        c.packages[3]["access_rights"] = "public".into();
    });
    assert_eq!(run(&cat, "ckan-nghean").status, "succeeded");
    let q = lienthong::sparql::QueryRequest::new(
        "SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }",
        lienthong::store::Access::Public,
    );
    let out = lienthong::sparql::run_query(&cat, &q, "text/csv").unwrap();
    let text = String::from_utf8(out.body).unwrap();
    assert_eq!(text.lines().count(), 2, "only the public package: {text}");
    assert!(text.contains("00000003-5b55"), "{text}");
    let admin = lienthong::sparql::QueryRequest::new(
        "SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }",
        lienthong::store::Access::Admin,
    );
    let out = lienthong::sparql::run_query(&cat, &admin, "text/csv").unwrap();
    assert_eq!(String::from_utf8(out.body).unwrap().lines().count(), 5);
}

/// `sources add --agency IRI`: that agency publishes the packages (no duplicate agency is
/// minted from the portal's organizations); a package with no title gets none (its URL
/// name is not a title).
#[test]
fn the_sources_agency_publishes_and_no_title_is_invented() {
    let srv = MockServer::start();
    srv.ckan(|c| {
        c.orgs = orgs();
        c.packages = (0..3)
            .map(|i| package(i, "2026-03-01T08:00:00.000000"))
            .collect();
        c.packages[1]["title"] = "".into();
    });
    let (_d, cat) = store().into_parts();
    let agency = "https://data.nghean.gov.vn/agency/so-nong-nghiep-va-moi-truong";
    cat.load_turtle_str(
        &format!("<{agency}> a <http://xmlns.com/foaf/0.1/Organization> ; <http://xmlns.com/foaf/0.1/name> \"Sở Nông nghiệp và Môi trường\"@vi ."),
        "https://w3id.org/lienthong/graph/agency/so-nong-nghiep-va-moi-truong",
    )
    .unwrap();
    let mut s = source("ckan-snnmt", Kind::Ckan, &srv.url(""));
    s.agency = Some(agency.into());
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    assert_eq!(run(&cat, "ckan-snnmt").status, "succeeded");
    let csv = |q: &str| {
        let q = lienthong::sparql::QueryRequest::new(q, lienthong::store::Access::Admin);
        String::from_utf8(
            lienthong::sparql::run_query(&cat, &q, "text/csv")
                .unwrap()
                .body,
        )
        .unwrap()
    };
    let publishers = csv("SELECT DISTINCT ?p WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/publisher> ?p }");
    assert_eq!(publishers, format!("p\r\n{agency}\r\n"));
    let orgs = csv("SELECT ?o WHERE { ?o a <http://xmlns.com/foaf/0.1/Organization> }");
    assert_eq!(
        orgs.lines().count(),
        2,
        "only the agency the store knew: {orgs}"
    );
    let titles = csv("SELECT ?t WHERE { ?d <http://purl.org/dc/terms/identifier> ?i ; <http://purl.org/dc/terms/title> ?t FILTER(CONTAINS(STR(?d), \"00000001-\")) }");
    assert_eq!(
        titles.lines().count(),
        1,
        "no title for the untitled package: {titles}"
    );
}

#[test]
fn package_show_and_organization_show_fallbacks_and_per_record_errors() {
    let (srv, _d, cat) = setup(6, 10);
    srv.ckan(|c| {
        c.search_without_resources = true;
        c.org_names_only = true;
    });
    // package_show for one package fails: that record is invalid, the run goes on.
    srv.fault(
        &format!(
            "/api/3/action/package_show?id={}",
            "00000002-5b55-49c6-9e7f-d886ad1f9dac"
        ),
        status(404),
    );
    let r = run(&cat, "ckan-nghean");
    assert_eq!(r.status, "succeeded", "{r:?}");
    assert_eq!((r.added, r.invalid), (9, 1), "{r:?}");
    assert!(
        r.errors[0].contains("package_show") && r.errors[0].contains("404"),
        "{:?}",
        r.errors
    );
    assert_eq!(srv.hits("/api/3/action/organization_show"), 3);
    assert_eq!(srv.hits("/api/3/action/package_show"), 6);
    let snap = snapshot(&cat, "ckan-nghean").join("\n");
    assert!(
        snap.contains("resource/r3"),
        "resources came from package_show"
    );
}

fn set_policy(cat: &Catalogue, policy: lienthong::ingest::harvest::source::Policy) {
    let mut s = lienthong::ingest::harvest::source::get(cat, "ckan-nghean").unwrap();
    s.policy = policy;
    lienthong::ingest::harvest::source::save(cat, &s).unwrap();
}

fn quarantined(cat: &Catalogue) -> Vec<lienthong::gate::reports::StoredReport> {
    lienthong::gate::quarantine::list(
        cat,
        &lienthong::gate::reports::ReportQuery {
            source: Some("ckan-nghean".into()),
            ..Default::default()
        },
    )
    .unwrap()
}

/// The SHACL gate (DCAT-AP-VN shapes) under each policy: reject leaves a bad record out;
/// quarantine keeps it with its report for `lienthong quarantine`, and a fix at the source
/// lets it in on the next run; accept writes it with its report.
#[test]
fn validation_policies_apply_the_dcat_ap_vn_shapes() {
    use lienthong::ingest::harvest::source::Policy;
    let (srv, _d, cat) = setup(4, 10);
    // No title at all: the built-in check and the shapes both see it.
    srv.ckan(|c| {
        c.packages[2]["title"] = "".into();
        c.packages[2]["name"] = "".into();
    });
    set_policy(&cat, Policy::Reject);
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.added, r.invalid), (7, 1), "{r:?}");
    assert!(r.errors[0].contains("has no dct:title"), "{:?}", r.errors);
    assert!(r.errors[0].contains("(rejected)"), "{:?}", r.errors);
    assert_eq!(count_type(&cat, "ckan-nghean", DCAT_DATASET), 3);
    assert!(quarantined(&cat).is_empty());

    // Quarantine: the record waits in graph/quarantine/source/ckan-nghean with its report.
    set_policy(&cat, Policy::Quarantine);
    let r = run(&cat, "ckan-nghean");
    assert_eq!(r.invalid, 1, "{r:?}");
    assert!(r.errors[0].ends_with("(quarantined)"), "{:?}", r.errors);
    let q = quarantined(&cat);
    assert_eq!(q.len(), 1, "{q:?}");
    let bad = q[0].record.clone();
    assert!(bad.to_string().contains("00000002-"), "{bad}");
    assert_eq!(q[0].source, "harvest:ckan-nghean");
    assert!(
        q[0].results
            .iter()
            .any(|f| f.path.as_deref() == Some("http://purl.org/dc/terms/title")),
        "{:?}",
        q[0].results
    );
    let qg = oxigraph::model::NamedNode::new(format!(
        "{}/source/ckan-nghean",
        lienthong::vocab::graph::QUARANTINE
    ))
    .unwrap();
    let in_quarantine = || {
        cat.store()
            .quads_for_pattern(None, None, None, Some(qg.as_ref().into()))
            .count()
    };
    assert!(in_quarantine() > 3);
    // Re-validating without a fix changes nothing.
    let s = lienthong::gate::quarantine::revalidate(
        &cat,
        None,
        &lienthong::gate::Shapes::dcat_ap_vn().unwrap(),
    )
    .unwrap();
    assert_eq!((s.quarantined, s.released), (1, 0), "{s:?}");
    // Runs that change nothing at the source look at the quarantined record again, and
    // leave the rest alone.
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.invalid, r.unchanged, r.added), (1, 7, 0), "{r:?}");
    assert_eq!(quarantined(&cat).len(), 1);

    // The agency fixes the record at the source: the next run lets it in and clears the
    // quarantine and the report's status.
    srv.ckan(|c| {
        c.packages[2]["title"] = "Bộ dữ liệu số 2 về đất đai xã Diễn Châu".into();
        c.packages[2]["name"] = "du-lieu-2".into();
    });
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.added, r.invalid), (1, 0), "{r:?}");
    assert!(quarantined(&cat).is_empty());
    assert_eq!(in_quarantine(), 0);
    assert_eq!(count_type(&cat, "ckan-nghean", DCAT_DATASET), 4);

    // Accept: a record with violations is written, with its report.
    srv.ckan(|c| {
        c.packages[1]["notes"] = "".into();
        c.packages[1]["metadata_modified"] = "2026-04-01T08:00:00.000000".into();
    });
    set_policy(&cat, Policy::Accept);
    let r = run(&cat, "ckan-nghean");
    assert_eq!(
        (r.updated, r.invalid, r.accepted_with_violations),
        (1, 0, 1),
        "{r:?}"
    );
    let reports = lienthong::gate::reports::list(
        cat.store(),
        &lienthong::gate::reports::ReportQuery {
            source: Some("ckan-nghean".into()),
            status: Some("accepted".into()),
            ..Default::default()
        },
        lienthong::store::Access::Admin,
    )
    .unwrap();
    assert!(
        reports
            .iter()
            .any(|r| r.record.to_string().contains("00000001-") && r.violations() > 0),
        "{reports:?}"
    );

    // A record waiting in quarantine that the source stops listing leaves quarantine too.
    set_policy(&cat, Policy::Quarantine);
    srv.ckan(|c| {
        c.packages[3]["title"] = "".into();
        c.packages[3]["name"] = "".into();
        c.packages[3]["metadata_modified"] = "2026-04-02T08:00:00.000000".into();
    });
    let r = run(&cat, "ckan-nghean");
    assert_eq!(r.invalid, 1, "{r:?}");
    assert_eq!(quarantined(&cat).len(), 1);
    srv.ckan(|c| {
        c.packages.remove(3);
    });
    let r = run(&cat, "ckan-nghean");
    assert_eq!((r.invalid, r.removed), (0, 1), "{r:?}");
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("dropped from quarantine")),
        "{:?}",
        r.warnings
    );
    assert!(quarantined(&cat).is_empty());
    assert_eq!(in_quarantine(), 0);
}
