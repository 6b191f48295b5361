//! Import benchmark: a `gen` catalogue in N-Triples loaded by `lienthong import` (two-pass
//! streaming with the visibility split and NFC check) and by oxigraph's own bulk loader, in
//! the same run, on fresh on-disk stores.
//!
//! `cargo bench --bench import -- [DATASETS] [ROUNDS]` (default 100000, 2)

mod support;

use lienthong::ingest::{import_file, ImportOptions};

use lienthong::store::Catalogue;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let datasets: usize = support::arg(1, 100_000)?;
    let rounds: usize = support::arg(2, 2)?;
    let dir = tempfile::tempdir()?;
    let nt = dir.path().join("gen.nt");
    let t = Instant::now();
    let stats = support::gen_file(&nt, datasets)?;
    let size = std::fs::metadata(&nt)?.len();
    println!(
        "gen: {datasets} datasets, {} triples, {:.1} MB in {:.2?}",
        stats.triples,
        size as f64 / 1e6,
        t.elapsed()
    );

    let mut best_bare = f64::MAX;
    let mut best_named = f64::MAX;
    let mut best_ours = f64::MAX;
    for round in 0..rounds {
        let t = Instant::now();
        let store = Store::open(dir.path().join(format!("bare-{round}")))?;
        let mut loader = store.bulk_loader();
        loader.load_from_reader(
            RdfFormat::NTriples,
            std::io::BufReader::new(std::fs::File::open(&nt)?),
        )?;
        loader.commit()?;
        let bare = t.elapsed().as_secs_f64();
        drop(store);
        best_bare = best_bare.min(bare);

        // The same file into one named graph: the same index work as lienthong, which keeps
        // every triple in a named graph (6 indexes per quad instead of 3).
        let t = Instant::now();
        let store = Store::open(dir.path().join(format!("named-{round}")))?;
        let mut loader = store.bulk_loader();
        let parser = oxigraph::io::RdfParser::from_format(RdfFormat::NTriples).with_default_graph(
            oxigraph::model::NamedNode::new("https://w3id.org/lienthong/graph/import/gen")?,
        );
        loader.load_from_reader(parser, std::io::BufReader::new(std::fs::File::open(&nt)?))?;
        loader.commit()?;
        let named = t.elapsed().as_secs_f64();
        drop(store);
        best_named = best_named.min(named);

        let t = Instant::now();
        let cat = Catalogue::open(dir.path().join(format!("ours-{round}")))?;
        let r = import_file(&cat, &nt, &ImportOptions::default(), None)?;
        let ours = t.elapsed().as_secs_f64();
        drop(cat);
        best_ours = best_ours.min(ours);
        println!(
            "round {round}: oxigraph bulk loader, default graph {bare:.2} s ({:.0} triples/s); into a named graph {named:.2} s ({:.0} triples/s); lienthong import {ours:.2} s ({:.0} triples/s, {} to restricted graphs)",
            stats.triples as f64 / bare,
            stats.triples as f64 / named,
            r.triples as f64 / ours,
            r.restricted
        );
    }
    println!(
        "best of {rounds}: oxigraph default graph {best_bare:.2} s, oxigraph named graph {best_named:.2} s, lienthong {best_ours:.2} s; ratio {:.2}x vs default graph, {:.2}x vs named graph",
        best_ours / best_bare,
        best_ours / best_named
    );
    Ok(())
}
