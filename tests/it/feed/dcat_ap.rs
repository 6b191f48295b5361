//! The feed gives back what DCAT-AP requires: pages of `/catalog` from the real server,
//! loaded with the Nghệ An example catalogue, checked by pySHACL (an independent validator)
//! against the official DCAT-AP 3.0.1 shapes in ../shared (`html/shacl/shapes.ttl`: pySHACL rejects a malformed property shape in the generated `shacl/dcat-ap-SHACL.ttl`). The store turns
//! `xsd:nonNegativeInteger` into `xsd:integer`; the feed must restore it, so no
//! `dcat:byteSize` violation may appear. Skips loudly without pySHACL or ../shared
//! (fails under CI).

use std::process::Command;

#[test]
fn demo_feed_pages_conform_to_the_official_dcat_ap_shapes() {
    let Some(shapes) =
        crate::support::require_shared("conformance/dcat-ap/3.0.1/html/shacl/shapes.ttl")
    else {
        return;
    };
    if !crate::support::require_python("pyshacl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = crate::support::serve(&dir.path().join("store"), &["--demo"]);
    let port = server.port;
    let pages: Vec<String> = (1..=2)
        .map(|p| format!("http://127.0.0.1:{port}/catalog?page_size=40&page={p}"))
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/dcat_ap_check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&shapes)
        .args(&pages)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for page in v.as_array().unwrap() {
        eprintln!(
            "DCAT-AP 3.0.1 on {}: {} violations, by path: {}",
            page["url"], page["violations"], page["by_path"]
        );
        assert!(
            page["by_path"]
                .get("http://www.w3.org/ns/dcat#byteSize")
                .is_none(),
            "byteSize violations: {page}"
        );
        assert!(
            page["bytesize_if_normalised"].as_u64().unwrap() > 0,
            "the check must see the normalised datatype as a violation: {page}"
        );
    }
}
