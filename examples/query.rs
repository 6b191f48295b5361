//! SPARQL through the library, as `/sparql` runs it: with access control (an anonymous
//! reader never sees non-public records), a timeout, and the result format negotiated from
//! an `Accept` value. The store is in memory, loaded with the demo catalogue the binary
//! embeds (`lienthong serve --demo`).
//!
//! `cargo run --example query -- ['SPARQL query']`

use lienthong::sparql::{run_query, QueryRequest};
use lienthong::store::{Access, Catalogue};

const DEFAULT_QUERY: &str = "PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?dataset ?title WHERE {
  ?dataset a dcat:Dataset ; dct:title ?title .
  FILTER(lang(?title) = 'vi')
} ORDER BY ?title LIMIT 10";

fn main() -> anyhow::Result<()> {
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_QUERY.to_owned());
    let cat = Catalogue::in_memory()?;
    let reports = lienthong::demo::load_province(&cat, "nghe-an")?;
    let triples: u64 = reports.iter().map(|r| r.triples).sum();
    println!(
        "demo catalogue: {triples} triples from {} files",
        reports.len()
    );

    // The same query, as the public and as the administrator.
    for access in [Access::Public, Access::Admin] {
        let answer = run_query(&cat, &QueryRequest::new(query.as_str(), access), "text/csv")?;
        println!("--- as {access:?} ({})", answer.media_type);
        print!("{}", String::from_utf8_lossy(&answer.body));
    }
    Ok(())
}
