"""pySHACL's report on each data file, as comparable tuples (used by tests/shacl_dcat_ap.rs).

Usage: python3 shacl_expected.py SHAPES[,SHAPES...] DATA_TTL [DATA_TTL...]
Prints JSON: {file: {"failure": msg} | {"error": parse msg} | {"conforms": bool, "results": [tuple...]}}
where a tuple is "focus|path|component|severity|value" (blank nodes as "_:", a non-IRI path
as "complex", literals as "lex", "lex"@lang or "lex"^^<dt>). No inference, as in lienthong.
"""
import json
import sys

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH, XSD


def term(t):
    if t is None:
        return ""
    if isinstance(t, rdflib.BNode):
        return "_:"
    if isinstance(t, rdflib.URIRef):
        return str(t)
    if t.language:
        return '"%s"@%s' % (t, t.language)
    if t.datatype is None or t.datatype == XSD.string:
        return '"%s"' % t
    return '"%s"^^<%s>' % (t, t.datatype)


shapes = rdflib.Graph()
for s in sys.argv[1].split(","):
    shapes.parse(s, format="turtle")
out = {}
for f in sys.argv[2:]:
    try:
        g = rdflib.Graph().parse(f, format="turtle")
    except Exception as e:  # upstream syntax defects (see ../shared README)
        out[f] = {"error": str(e)[:200]}
        continue
    try:
        conforms, rg, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none")
    except Exception as e:
        out[f] = {"failure": str(e)[:200]}
        continue
    rows = []
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        path = rg.value(r, SH.resultPath)
        path = "" if path is None else (str(path) if isinstance(path, rdflib.URIRef) else "complex")
        rows.append("|".join([
            term(rg.value(r, SH.focusNode)), path,
            str(rg.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[1],
            str(rg.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            term(rg.value(r, SH.value)),
        ]))
    out[f] = {"conforms": bool(conforms), "results": sorted(rows)}
print(json.dumps(out))
