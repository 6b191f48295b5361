//! A small HTML home page with a SPARQL query editor (Vietnamese first, English second).

use crate::server::AppState;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

const PAGE: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>lienthong — Danh mục dữ liệu liên thông</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
textarea{width:100%;height:12rem;font-family:monospace;font-size:14px}
table{border-collapse:collapse;margin-top:1rem;font-size:14px}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.en{color:#666}
</style></head><body>
<h1>lienthong <span class="en">— Danh mục dữ liệu liên thông / Interconnected data catalogue</span></h1>
<p>Điểm truy vấn SPARQL của danh mục dữ liệu. <span class="en">SPARQL endpoint of the data catalogue.</span>
 <a href="/catalog">/catalog</a> (DCAT-AP) · <a href="/sparql">/sparql</a> · <a href="/store">/store</a> · <a href="/healthz">/healthz</a></p>
<form id="f"><textarea id="q" name="query">PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?dataset ?title WHERE {
  ?dataset a dcat:Dataset ; dct:title ?title .
  FILTER(lang(?title) = "vi")
} ORDER BY ?title LIMIT 20</textarea>
<button type="submit">Truy vấn / Run</button></form>
<div id="out"></div>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('out');
  out.textContent = '…';
  const r = await fetch('/sparql', {method: 'POST', headers: {'Content-Type': 'application/sparql-query', 'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}, body: document.getElementById('q').value});
  const text = await r.text();
  if (!r.ok || !(r.headers.get('content-type') || '').includes('json')) { out.textContent = text; out.style.whiteSpace = 'pre-wrap'; return; }
  const data = JSON.parse(text);
  if (data.boolean !== undefined) { out.textContent = String(data.boolean); return; }
  const vars = data.head.vars;
  const table = document.createElement('table');
  const head = table.insertRow();
  vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); });
  data.results.bindings.forEach(b => { const row = table.insertRow(); vars.forEach(v => { row.insertCell().textContent = b[v] ? b[v].value : ''; }); });
  out.replaceChildren(table);
});
</script></body></html>"#;

pub async fn home() -> Html<&'static str> {
    Html(PAGE)
}
