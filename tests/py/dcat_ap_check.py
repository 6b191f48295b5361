"""Validates /catalog pages with pySHACL against the official DCAT-AP 3.0.1 shapes.

Usage: python3 dcat_ap_check.py SHAPES_TTL PAGE_URL [PAGE_URL...]
Prints JSON: per page, the number of violations, and the violations grouped by path,
plus `bytesize_if_normalised`: the byteSize violations the same page would have if the
store's xsd:integer normalisation leaked out (proves the check can fail).
"""
import json
import sys
import urllib.request
from collections import Counter

import pyshacl
import rdflib
from rdflib.namespace import SH

shapes = rdflib.Graph().parse(sys.argv[1], format="turtle")
out = []
for url in sys.argv[2:]:
    body = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/turtle"}), timeout=60).read().decode()
    def check(text):
        data = rdflib.Graph().parse(data=text, format="turtle")
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
        paths = Counter()
        for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
            if report.value(r, SH.resultSeverity) != SH.Violation:
                continue
            paths[str(report.value(r, SH.resultPath))] += 1
        return paths
    paths = check(body)
    leaked = check(body.replace("XMLSchema#nonNegativeInteger", "XMLSchema#integer").replace("xsd:nonNegativeInteger", "xsd:integer"))
    out.append({
        "url": url,
        "violations": sum(paths.values()),
        "by_path": dict(paths),
        "bytesize_if_normalised": leaked.get("http://www.w3.org/ns/dcat#byteSize", 0),
    })
print(json.dumps(out))
