//! Where the generator's triples go: a serializer that counts what it writes, and the
//! short term constructors every record writer uses.

use crate::store::serializer;
use oxigraph::io::{RdfFormat, WriterQuadSerializer};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use std::io::{self, Write};

/// Serializes triples one at a time and counts them.
pub(super) struct Out<W: Write> {
    w: WriterQuadSerializer<W>,
    n: u64,
}

impl<W: Write> Out<W> {
    pub(super) fn new(format: RdfFormat, writer: W) -> Self {
        Self {
            w: serializer(format).for_writer(writer),
            n: 0,
        }
    }

    /// Writes one triple.
    pub(super) fn t(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: NamedNodeRef<'_>,
        o: impl Into<Term>,
    ) -> io::Result<()> {
        self.n += 1;
        self.w.serialize_triple(&Triple::new(s, p.into_owned(), o))
    }

    /// Ends the document and flushes the writer; returns the number of triples written.
    pub(super) fn finish(self) -> io::Result<u64> {
        self.w.finish()?.flush()?;
        Ok(self.n)
    }
}

pub(super) fn nn(s: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(s)
}
pub(super) fn vi(s: impl Into<String>) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "vi")
}
pub(super) fn en(s: impl Into<String>) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}
pub(super) fn typed(s: impl Into<String>, dt: NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(s, dt)
}
