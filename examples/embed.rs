//! Embedding lienthong in a program: open an on-disk catalogue, load a DCAT-AP-VN file into
//! it, and list the datasets an anonymous reader may see (the first page of the same
//! DCAT-AP feed the server publishes at `/catalog`).
//!
//! `cargo run --example embed [FILE.ttl]` (default: the Nghệ An databases, most of them
//! restricted: 25 datasets in the file, 3 in the public feed).

use lienthong::feed::{build_page, FeedRequest};
use lienthong::ingest::{import_file, ImportOptions};
use lienthong::store::{Access, Catalogue};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNodeRef, TermRef};
use std::path::PathBuf;

const DCAT_DATASET: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Dataset");
const DCT_TITLE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");

fn main() -> anyhow::Result<()> {
    let file = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/nghe-an/databases.ttl"),
        PathBuf::from,
    );

    // 1. A store is a directory (RocksDB); one process opens it at a time.
    let dir = tempfile::tempdir()?;
    let cat = Catalogue::open(dir.path().join("store"))?;

    // 2. Import: one transaction, into a graph named after the file; non-public records go
    //    to the graph's restricted companion.
    let report = import_file(&cat, &file, &ImportOptions::default(), None)?;
    println!(
        "{}: {} triples ({} about non-public records) into {:?}",
        report.file, report.triples, report.restricted, report.graphs
    );

    // 3. Read as the public would: the feed's first page, an RDF graph.
    let page = build_page(
        &cat,
        &FeedRequest::new("http://127.0.0.1:7878", Access::Public),
    )?;
    println!("{} public datasets; the first page:", page.total_items);
    for dataset in page
        .graph
        .subjects_for_predicate_object(rdf::TYPE, DCAT_DATASET)
    {
        let title = page
            .graph
            .objects_for_subject_predicate(dataset, DCT_TITLE)
            .find_map(|t| match t {
                TermRef::Literal(l) if l.language() == Some("vi") => Some(l.value().to_owned()),
                _ => None,
            })
            .unwrap_or_default();
        println!("  {dataset}  {title}");
    }
    Ok(())
}
