"""Walks the /catalog feed with an independent parser (rdflib) and reports what it saw.

Usage: python3 walk_feed.py BASE_URL FORMAT(turtle|xml|json-ld) PAGE_SIZE
Prints one JSON object: pages, totalItems, datasets (list, with repeats), problems.
"""
import json
import sys
import urllib.request

import rdflib
from rdflib.namespace import RDF, DCAT

HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
ACCEPT = {"turtle": "text/turtle", "xml": "application/rdf+xml", "json-ld": "application/ld+json"}

base, fmt, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = f"{base}/catalog?page_size={size}"
seen, pages, total, problems = [], 0, None, []
while url and pages < 10000:
    req = urllib.request.Request(url, headers={"Accept": ACCEPT[fmt]})
    body = urllib.request.urlopen(req, timeout=60).read()
    g = rdflib.Graph()
    g.parse(data=body, format=fmt)
    pages += 1
    views = list(g.subjects(RDF.type, HYDRA.PartialCollectionView))
    if len(views) != 1:
        problems.append(f"{url}: {len(views)} hydra views")
        break
    view = views[0]
    t = int(g.value(view, HYDRA.totalItems))
    if total is not None and t != total:
        problems.append(f"{url}: totalItems changed {total} -> {t}")
    total = t
    for d in g.subjects(RDF.type, DCAT.Dataset):
        seen.append(str(d))
        if not any(g.triples((None, DCAT.dataset, d))):
            problems.append(f"{d} is in no catalogue on its page")
        for dist in g.objects(d, DCAT.distribution):
            if (dist, RDF.type, DCAT.Distribution) not in g:
                problems.append(f"{dist} (distribution of {d}) is not described on the page")
    nxt = g.value(view, HYDRA.next)
    url = str(nxt) if nxt is not None else None
print(json.dumps({"pages": pages, "totalItems": total, "datasets": seen, "problems": problems}))
