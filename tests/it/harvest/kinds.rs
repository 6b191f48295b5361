//! The dcat, sparql, gateway and csv kinds against real local servers.

use crate::support::{harvest::*, mock::*, store};
use lienthong::ingest::harvest::source::Kind;

const DATASET: &str = "http://www.w3.org/ns/dcat#Dataset";

/// RDF/XML pages in the shape of ckanext-dcat's paged harvester test (old Hydra
/// vocabulary, `hydra:nextPage` as a literal), written for this project.
fn rdfxml_page(srv: &MockServer, n: u32, datasets: &[u32], next: Option<u32>) -> MockReply {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#"
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:hydra="http://www.w3.org/ns/hydra/core#">
<dcat:Catalog rdf:about="https://data.thanhhoa.gov.vn/catalog">"#,
    );
    for d in datasets {
        x.push_str(&format!(
            r#"<dcat:dataset><dcat:Dataset rdf:about="https://data.thanhhoa.gov.vn/dataset/{d}">
  <dct:title xml:lang="vi">Dữ liệu Thanh Hóa {d}</dct:title>
  <dcat:distribution><dcat:Distribution rdf:about="https://data.thanhhoa.gov.vn/distribution/{d}">
    <dcat:accessURL rdf:resource="https://data.thanhhoa.gov.vn/files/{d}.csv"/></dcat:Distribution></dcat:distribution>
</dcat:Dataset></dcat:dataset>"#
        ));
    }
    x.push_str("</dcat:Catalog>\n");
    let page = srv.url(&format!("/rdf/page/{n}"));
    x.push_str(&format!(r#"<hydra:PagedCollection rdf:about="{page}"><hydra:totalItems rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">4</hydra:totalItems><hydra:itemsPerPage rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">2</hydra:itemsPerPage>"#));
    if let Some(nx) = next {
        x.push_str(&format!(
            "<hydra:nextPage>{}</hydra:nextPage>",
            srv.url(&format!("/rdf/page/{nx}"))
        ));
    }
    x.push_str("</hydra:PagedCollection></rdf:RDF>");
    ok("application/rdf+xml", x)
}

#[test]
fn dcat_rdfxml_with_old_hydra_paging_then_shrinks() {
    let srv = MockServer::start();
    srv.set("/rdf/page/1", rdfxml_page(&srv, 1, &[1, 2], Some(2)));
    srv.set("/rdf/page/2", rdfxml_page(&srv, 2, &[3, 4], None));
    let (_d, cat) = store().into_parts();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("thanh-hoa", Kind::Dcat, &srv.url("/rdf/page/1")),
    )
    .unwrap();
    let r = run(&cat, "thanh-hoa");
    // 4 datasets (each with its distribution) + the catalogue.
    assert_eq!(
        (r.status.as_str(), r.added, r.pages),
        ("succeeded", 5, 2),
        "{r:?}"
    );
    assert_eq!(count_type(&cat, "thanh-hoa", DATASET), 4);
    let snap = snapshot(&cat, "thanh-hoa").join("\n");
    assert!(
        !snap.contains("hydra"),
        "paging triples are not catalogue data"
    );
    assert!(snap.contains("<https://data.thanhhoa.gov.vn/catalog> <http://www.w3.org/ns/dcat#dataset> <https://data.thanhhoa.gov.vn/dataset/4>"));
    // The feed loses dataset 4: it and its distribution go; the catalogue is updated.
    srv.set("/rdf/page/2", rdfxml_page(&srv, 2, &[3], None));
    let r = run(&cat, "thanh-hoa");
    assert_eq!((r.removed, r.updated, r.unchanged), (1, 1, 3), "{r:?}");
    let snap = snapshot(&cat, "thanh-hoa").join("\n");
    assert!(
        !snap.contains("dataset/4") && !snap.contains("distribution/4"),
        "{snap}"
    );
}

#[test]
fn dcat_jsonld_ntriples_and_conditional_get() {
    let srv = MockServer::start();
    let jsonld = r#"{"@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
      "@graph": [{"@id": "https://data.nghean.gov.vn/dataset/a", "@type": "dcat:Dataset", "dct:title": {"@value": "Dân số", "@language": "vi"},
                  "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": "2020-01-01"}},
                 {"@id": "https://data.nghean.gov.vn/dataset/b", "@type": "dcat:Dataset", "dct:title": "Lao động"}]}"#;
    srv.set(
        "/catalog.jsonld",
        MockReply::Body {
            status: 200,
            ctype: "application/ld+json".into(),
            body: jsonld.into(),
            etag: Some("\"v1\"".into()),
        },
    );
    srv.set(
        "/catalog.nt",
        ok("application/n-triples", "<https://data.nghean.gov.vn/dataset/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n<https://data.nghean.gov.vn/dataset/c> <http://purl.org/dc/terms/title> \"Giáo dục\" .\n"),
    );
    let (_d, cat) = store().into_parts();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("jsonld", Kind::Dcat, &srv.url("/catalog.jsonld")),
    )
    .unwrap();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("nt", Kind::Dcat, &srv.url("/catalog.nt")),
    )
    .unwrap();
    assert_eq!(run(&cat, "jsonld").added, 2);
    assert_eq!(run(&cat, "nt").added, 1);
    // The blank-node period is part of the record: re-parsed with new labels, same hash.
    let before = snapshot(&cat, "jsonld");
    // Conditional GET: the server answers 304; nothing is parsed or rewritten.
    let r = run(&cat, "jsonld");
    assert_eq!(
        (r.status.as_str(), r.unchanged, r.added),
        ("succeeded", 2, 0),
        "{r:?}"
    );
    assert_eq!(snapshot(&cat, "jsonld"), before);
    // A new ETag: fetched and parsed again; blank nodes relabelled, still unchanged.
    srv.set(
        "/catalog.jsonld",
        MockReply::Body {
            status: 200,
            ctype: "application/ld+json".into(),
            body: jsonld.into(),
            etag: Some("\"v2\"".into()),
        },
    );
    let r = run(&cat, "jsonld");
    assert_eq!((r.unchanged, r.updated), (2, 0), "{r:?}");
    assert_eq!(snapshot(&cat, "jsonld"), before);
}

#[test]
fn sparql_peer_is_paged_with_construct() {
    // The peer is a real lienthong server (another province) on a local port.
    let (_pd, peer) = store().into_parts();
    let mut ttl = String::from("@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<https://data.hatinh.gov.vn/agency/so-y-te> a foaf:Organization ; foaf:name \"Sở Y tế Hà Tĩnh\"@vi .\n");
    for i in 0..7 {
        ttl.push_str(&format!(
            "<https://data.hatinh.gov.vn/dataset/d{i}> a dcat:Dataset ; dct:title \"Dữ liệu Hà Tĩnh {i}\"@vi ; dct:publisher <https://data.hatinh.gov.vn/agency/so-y-te> ;\n  dcat:distribution <https://data.hatinh.gov.vn/distribution/d{i}> ; dcat:contactPoint [ a <http://www.w3.org/2006/vcard/ns#Kind> ; <http://www.w3.org/2006/vcard/ns#fn> \"Phòng {i}\" ] .\n<https://data.hatinh.gov.vn/distribution/d{i}> a dcat:Distribution ; dcat:accessURL <https://data.hatinh.gov.vn/f/{i}.csv> .\n"
        ));
    }
    ttl.push_str("<https://data.hatinh.gov.vn/dataset/secret> a dcat:Dataset ; dct:title \"Mật\" ; dct:accessRights <http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC> .\n");
    peer.load_turtle_str(&ttl, "https://w3id.org/lienthong/graph/import/ha-tinh")
        .unwrap();
    let port = {
        let (tx, rx) = std::sync::mpsc::channel();
        let app =
            lienthong::server::router(peer.clone(), lienthong::server::ServerConfig::default());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async move {
                let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(l.local_addr().unwrap().port()).unwrap();
                axum::serve(l, app).await.unwrap();
            });
        });
        rx.recv().unwrap()
    };
    let (_d, cat) = store().into_parts();
    let mut s = source(
        "ha-tinh",
        Kind::Sparql,
        &format!("http://127.0.0.1:{port}/sparql"),
    );
    s.page_size = Some(3);
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    let r = run(&cat, "ha-tinh");
    // 7 public datasets + 1 organization in pages of 3 (the non-public one is not served).
    assert_eq!(
        (r.status.as_str(), r.added, r.pages),
        ("succeeded", 8, 3),
        "{r:?}"
    );
    assert_eq!(count_type(&cat, "ha-tinh", DATASET), 7);
    let snap = snapshot(&cat, "ha-tinh").join("\n");
    assert!(snap.contains(
        "<https://data.hatinh.gov.vn/distribution/d6> <http://www.w3.org/ns/dcat#accessURL>"
    ));
    assert!(
        snap.contains("\"Phòng 3\""),
        "blank-node contact points come along"
    );
    assert!(!snap.contains("secret"));
    let r = run(&cat, "ha-tinh");
    assert_eq!((r.unchanged, r.added, r.updated), (8, 0, 0), "{r:?}");
}

#[test]
fn gateway_openapi_and_service_list() {
    let srv = MockServer::start();
    let openapi = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "LGSP Nghệ An", "version": "1.0", "contact": {"name": "Sở Khoa học và Công nghệ"}},
        "servers": [{"url": "https://lgsp.nghean.gov.vn/api"}],
        "security": [{"apiKey": []}],
        "paths": {
            "/ho-tich/khai-sinh": {"get": {"operationId": "traCuuKhaiSinh", "summary": "Tra cứu khai sinh",
                "description": "Dịch vụ tra cứu dữ liệu khai sinh", "x-served-datasets": ["https://data.nghean.gov.vn/dataset/ho-tich"]}},
            "/du-lich/diem-den": {"get": {"operationId": "diemDen", "summary": "Điểm du lịch", "security": [],
                "x-dataset": "https://data.nghean.gov.vn/dataset/dia-diem-du-lich"}}
        }
    });
    srv.set("/openapi.json", ok("application/json", openapi.to_string()));
    let list = serde_json::json!({"services": [
        {"id": "dvc-01", "title": "Cổng dịch vụ công", "endpoint_url": "https://dichvucong.nghean.gov.vn/api", "datasets": ["https://data.nghean.gov.vn/dataset/tthc"], "publisher": "https://data.nghean.gov.vn/agency/vp-ubnd", "access_rights": "Dùng chung", "auth_scheme": "AccessKey/SecretKey"},
        {"id": "broken", "title": "Không có địa chỉ"}
    ]});
    srv.set("/services", ok("text/plain", list.to_string()));
    let (_d, cat) = store().into_parts();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("lgsp", Kind::Gateway, &srv.url("/openapi.json")),
    )
    .unwrap();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("lgsp-list", Kind::Gateway, &srv.url("/services")),
    )
    .unwrap();
    let r = run(&cat, "lgsp");
    assert_eq!((r.status.as_str(), r.added), ("succeeded", 2), "{r:?}");
    let snap = snapshot(&cat, "lgsp").join("\n");
    let svc = format!("<{}/service/traCuuKhaiSinh>", srv.url(""))
        .replace("traCuuKhaiSinh", "tracuukhaisinh");
    assert!(snap.contains(&format!("{svc} <http://www.w3.org/ns/dcat#endpointURL> <https://lgsp.nghean.gov.vn/api/ho-tich/khai-sinh>")), "{snap}");
    assert!(snap.contains(&format!("{svc} <http://www.w3.org/ns/dcat#servesDataset> <https://data.nghean.gov.vn/dataset/ho-tich>")));
    assert!(
        snap.contains("access-right/PUBLIC"),
        "an operation without security is public"
    );
    // A publisher named in the registry is linked by the agency registry's IRI scheme.
    assert!(
        snap.contains("<http://purl.org/dc/terms/publisher> <https://w3id.org/lienthong/harvest/lgsp/agency/so-khoa-hoc-va-cong-nghe>"),
        "{snap}"
    );
    let r = run(&cat, "lgsp-list");
    // The service without endpoint fails validation; this source accepts it with its report.
    // The other is non-public (Dùng chung) so in the restricted companion graph.
    assert_eq!(
        (r.added, r.invalid, r.accepted_with_violations),
        (2, 0, 1),
        "{r:?}"
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("has no dcat:endpointURL") && w.contains("accepted by policy")),
        "{:?}",
        r.warnings
    );
    let snap = snapshot(&cat, "lgsp-list").join("\n");
    assert!(snap.contains("access-scope/dung-chung") && snap.contains("/restricted>"));
    assert!(snap.contains("\"AccessKey/SecretKey\""));
}

#[test]
fn csv_inventory_with_vietnamese_headers_and_xlsx() {
    let srv = MockServer::start();
    let csv = "\u{feff}Mã dữ liệu;TÊN DỮ LIỆU;Cơ quan chủ quản;Mức độ chia sẻ;Tần suất cập nhật;Lĩnh vực;Ngày cập nhật;Ghi chú\n\
        NN-01;Bản đồ hiện trạng rừng;Sở Nông nghiệp và Môi trường;Mở;Hàng năm;moi-truong;05/01/2026;\n\
        NN-02;Cơ sở dữ liệu đất đai;Sở Nông nghiệp và Môi trường;Dùng chung;Hàng tháng;dat-dai;2026-02-01;\n\
        NN-03;;Sở Nông nghiệp và Môi trường;Mở;Hàng quý;;;thiếu tên\n\
        NN-04;Quan trắc môi trường;Sở Nông nghiệp và Môi trường;Mở;thỉnh thoảng;moi-truong;;\n";
    srv.set("/kiem-ke.csv", ok("text/csv", csv));
    let (_d, cat) = store().into_parts();
    let mut s = source("so-nnmt", Kind::Csv, &srv.url("/kiem-ke.csv"));
    s.agency = Some("https://data.nghean.gov.vn/agency/so-nnmt".into());
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    let r = run(&cat, "so-nnmt");
    // Row 5 cannot be mapped; row 4 has no title, which this source accepts with a report.
    assert_eq!(
        (r.status.as_str(), r.added, r.invalid),
        ("succeeded", 3, 1),
        "{r:?}"
    );
    assert!(
        r.warnings
            .iter()
            .any(|e| e.contains("row 4") && e.contains("has no dct:title")),
        "{:?}",
        r.warnings
    );
    assert!(
        r.errors
            .iter()
            .any(|e| e.contains("row 5") && e.contains("thỉnh thoảng")),
        "{:?}",
        r.errors
    );
    assert!(
        r.warnings.iter().any(|w| w.contains("\"Ghi chú\"")),
        "{:?}",
        r.warnings
    );
    let snap = snapshot(&cat, "so-nnmt").join("\n");
    let d1 = "<https://data.nghean.gov.vn/dataset/nn-01>";
    for needle in [
        format!("{d1} <http://purl.org/dc/terms/title> \"Bản đồ hiện trạng rừng\""),
        format!("{d1} <http://purl.org/dc/terms/accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/ANNUAL>"),
        format!("{d1} <http://www.w3.org/ns/dcat#theme> <https://w3id.org/lienthong/code/theme/moi-truong>"),
        format!("{d1} <http://purl.org/dc/terms/modified> \"2026-01-05\"^^<http://www.w3.org/2001/XMLSchema#date>"),
        format!("{d1} <https://w3id.org/lienthong/dcat-ap-vn#custodian> <https://data.nghean.gov.vn/agency/so-nong-nghiep-va-moi-truong>"),
    ] {
        assert!(snap.contains(&needle), "missing {needle}\n{snap}");
    }
    assert!(snap.contains("<https://data.nghean.gov.vn/dataset/nn-02> <https://w3id.org/lienthong/dcat-ap-vn#accessScope> <https://w3id.org/lienthong/code/access-scope/dung-chung> <https://w3id.org/lienthong/graph/source/so-nnmt/restricted>"));

    // The same inventory as XLSX (title rows above the header), read from a file: URL.
    let xlsx = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/harvest/so-y-te-2026.xlsx");
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("so-yte", Kind::Csv, &format!("file://{}", xlsx.display())),
    )
    .unwrap();
    let r = run(&cat, "so-yte");
    assert_eq!(
        (r.status.as_str(), r.added, r.invalid),
        ("succeeded", 3, 0),
        "{r:?}"
    );
    let snap = snapshot(&cat, "so-yte").join("\n");
    assert!(snap.contains("\"Hồ sơ sức khỏe điện tử\""));
    assert!(snap.contains("access-scope/dung-rieng"));
    assert!(snap.contains("frequency/QUARTERLY"));
    assert_eq!(run(&cat, "so-yte").unchanged, 3);
}

#[test]
fn gzip_bodies_are_decompressed() {
    let srv = MockServer::start();
    let gz = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/harvest/feed.ttl.gz"),
    )
    .unwrap();
    srv.set(
        "/feed.ttl",
        MockReply::Gzipped {
            ctype: "text/turtle".into(),
            body: gz,
        },
    );
    let (_d, cat) = store().into_parts();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("gz", Kind::Dcat, &srv.url("/feed.ttl")),
    )
    .unwrap();
    let r = run(&cat, "gz");
    assert_eq!((r.status.as_str(), r.added), ("succeeded", 2), "{r:?}");
    assert!(snapshot(&cat, "gz")
        .join("\n")
        .contains("\"Dữ liệu nén 2\"@vi"));
}

/// Search follows harvests: added, changed and removed records reach the index in the same
/// command (through the store's change notifications).
#[test]
fn search_index_follows_harvest_runs() {
    use lienthong::search::SearchRequest;
    use lienthong::store::Access;
    let srv = MockServer::start();
    let page = |body: &str| ok("text/turtle", body);
    let prefix =
        "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n";
    srv.set(
        "/catalog.ttl",
        page(&format!("{prefix}<https://data.nghean.gov.vn/dataset/a> a dcat:Dataset ; dct:title \"Dân số và lao động\"@vi .\n<https://data.nghean.gov.vn/dataset/b> a dcat:Dataset ; dct:title \"Giáo dục\"@vi .\n")),
    );
    let (_d, cat) = store().into_parts();
    let index = lienthong::search::attach(&cat).unwrap();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("ttl", Kind::Dcat, &srv.url("/catalog.ttl")),
    )
    .unwrap();
    assert_eq!(run(&cat, "ttl").added, 2);
    let hits = |q: &str| -> Vec<String> {
        index
            .search(&cat, &SearchRequest::new(q), Access::Admin)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.iri)
            .collect()
    };
    assert_eq!(hits("dan so"), ["https://data.nghean.gov.vn/dataset/a"]);
    // The source changes: a is renamed, b disappears, c appears.
    srv.set(
        "/catalog.ttl",
        page(&format!("{prefix}<https://data.nghean.gov.vn/dataset/a> a dcat:Dataset ; dct:title \"Quy hoạch đất đai\"@vi .\n<https://data.nghean.gov.vn/dataset/c> a dcat:Dataset ; dct:title \"Dân số\"@vi .\n")),
    );
    let r = run(&cat, "ttl");
    assert_eq!((r.added, r.updated, r.removed), (1, 1, 1), "{r:?}");
    assert_eq!(hits("dat dai"), ["https://data.nghean.gov.vn/dataset/a"]);
    assert_eq!(hits("dan so"), ["https://data.nghean.gov.vn/dataset/c"]);
    assert!(
        hits("giao duc").is_empty(),
        "a removed record leaves the index"
    );
}

/// A dataset listed in a catalogue is validated as one (DCAT-AP-VN's catalogue requirements)
/// also when it alone changes and the catalogue record does not: the gate sees the stored
/// catalogue link. After a fix at the source, the report kept for it says what validating
/// the stored source graph says about it.
#[test]
fn a_fixed_record_is_validated_with_the_catalogue_that_lists_it() {
    use lienthong::gate::reports::{list, ReportQuery};
    use lienthong::shacl::{validate_catalogue, GraphSelection, ShapesGraph};
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/harvest/catalogue-so-tu-phap.ttl"),
    )
    .unwrap();
    let bad = good.replace(
        "dct:title \"Số việc công chứng đã thực hiện\"@vi, \"Notarial acts\"@en ;",
        "dct:title \"Notarial acts\"@en ;",
    );
    assert_ne!(good, bad);
    let srv = MockServer::start();
    srv.set("/catalog.ttl", ok("text/turtle", bad));
    let (_d, cat) = store().into_parts();
    let mut s = source("so-tu-phap", Kind::Dcat, &srv.url("/catalog.ttl"));
    s.policy = lienthong::ingest::harvest::source::Policy::Quarantine;
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    let r = run(&cat, "so-tu-phap");
    assert_eq!(r.invalid, 1, "{r:?}");
    srv.set("/catalog.ttl", ok("text/turtle", good));
    let r = run(&cat, "so-tu-phap");
    assert_eq!((r.added, r.invalid), (1, 0), "{r:?}");

    let record = "https://data.nghean.gov.vn/dataset/cong-chung";
    let kept: usize = list(
        cat.store(),
        &ReportQuery {
            record: Some(record.into()),
            ..Default::default()
        },
        lienthong::store::Access::Admin,
    )
    .unwrap()
    .iter()
    .flat_map(|r| r.results.iter())
    .filter(|f| f.focus.to_string() == format!("<{record}>"))
    .count();
    let shapes = ShapesGraph::from_turtle(
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/shapes/dcat-ap-vn.ttl"
        )),
        None,
    )
    .unwrap();
    let g = oxigraph::model::NamedNode::new(lienthong::vocab::graph::source("so-tu-phap")).unwrap();
    let direct = validate_catalogue(&shapes, &cat, GraphSelection::Named(vec![g]))
        .unwrap()
        .results
        .iter()
        .filter(|r| r.focus_node.to_string() == format!("<{record}>"))
        .count();
    assert!(direct > 0, "the fixture's record has warnings when listed");
    assert_eq!(kept, direct);
}

/// Agencies named in a spreadsheet resolve to the agencies the store already describes (by
/// name or short name, without diacritics or case); an unknown name gets a minted IRI.
#[test]
fn csv_names_resolve_to_agencies_the_store_knows() {
    let srv = MockServer::start();
    let csv = "Mã dữ liệu,Tên dữ liệu,Mô tả,Cơ quan chủ quản\n\
        TP-01,Lý lịch tư pháp,Số phiếu lý lịch tư pháp đã cấp,Sở Tư pháp tỉnh Nghệ An\n\
        TP-02,Hộ tịch,Đăng ký hộ tịch theo xã,so tu phap\n\
        TP-03,Trợ giúp pháp lý,Vụ việc trợ giúp pháp lý,Trung tâm Trợ giúp pháp lý Nhà nước\n";
    srv.set("/kiem-ke.csv", ok("text/csv", csv));
    let (_d, cat) = store().into_parts();
    let registry = r#"@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <https://data.nghean.gov.vn/agency/so-tu-phap> a foaf:Organization ;
          foaf:name "Sở Tư pháp tỉnh Nghệ An"@vi ; skos:altLabel "Sở Tư pháp"@vi ; dct:identifier "000.02.00.H40" ."#;
    cat.store()
        .load_from_slice(
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
                .with_default_graph(
                    oxigraph::model::NamedNode::new(
                        "https://w3id.org/lienthong/graph/agency/nghe-an",
                    )
                    .unwrap(),
                ),
            registry.as_bytes(),
        )
        .unwrap();
    let mut s = source("so-tu-phap", Kind::Csv, &srv.url("/kiem-ke.csv"));
    s.agency = Some("https://data.nghean.gov.vn/agency/so-tu-phap".into());
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    let r = run(&cat, "so-tu-phap");
    assert_eq!(r.added, 3, "{r:?}");
    let snap = snapshot(&cat, "so-tu-phap").join("\n");
    for ds in ["tp-01", "tp-02"] {
        let needle = format!("<https://data.nghean.gov.vn/dataset/{ds}> <http://purl.org/dc/terms/publisher> <https://data.nghean.gov.vn/agency/so-tu-phap>");
        assert!(snap.contains(&needle), "missing {needle}\n{snap}");
    }
    assert!(snap.contains("<https://data.nghean.gov.vn/dataset/tp-03> <http://purl.org/dc/terms/publisher> <https://data.nghean.gov.vn/agency/trung-tam-tro-giup-phap-ly-nha-nuoc>"), "{snap}");
}
