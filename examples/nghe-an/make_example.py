#!/usr/bin/env python3
"""Generate the Nghệ An example catalogue (synthetic data) as Turtle files.

Run:  python3 examples/nghe-an/make_example.py   (writes next to this script)
All IRIs follow ontologies/IRI-SCHEME.md. Dữ liệu mẫu tổng hợp — synthetic example data.
"""
import hashlib
import os
import unicodedata

OUT = os.path.dirname(os.path.abspath(__file__))

NA = "https://data.nghean.gov.vn/"
HT = "https://data.hatinh.gov.vn/"
TH = "https://data.thanhhoa.gov.vn/"
CODE = "https://w3id.org/lienthong/code/"
PROVINCE = "https://w3id.org/lienthong/admin-unit/province/40"
COMMUNE = "https://w3id.org/lienthong/admin-unit/commune/"
EU = "http://publications.europa.eu/resource/authority/"
VIE = EU + "language/VIE"
LICENCE = NA + "licence/tu-do-tai-su-dung"

AGENCIES = set("""ban-ql-khu-kinh-te-dong-nam ban-qlda-cong-trinh-giao-thong
ban-qlda-cong-trinh-nong-nghiep-va-ptnt bao-hiem-xa-hoi-tinh cong-an-tinh cuc-thong-ke-tinh
so-cong-thuong so-dan-toc-va-ton-giao so-giao-duc-va-dao-tao so-khoa-hoc-va-cong-nghe so-ngoai-vu
so-noi-vu so-nong-nghiep-va-moi-truong so-tai-chinh so-tu-phap so-van-hoa-the-thao-va-du-lich
so-xay-dung so-y-te thanh-tra-tinh trung-tam-cong-nghe-thong-tin-va-truyen-thong
ubnd-phuong-thanh-vinh ubnd-phuong-truong-vinh ubnd-tinh ubnd-xa-anh-son van-phong-ubnd-tinh""".split())
PARTNERS = {
    "ht-ubnd": HT + "agency/ubnd-tinh",
    "ht-snnmt": HT + "agency/so-nong-nghiep-va-moi-truong",
    "th-ubnd": TH + "agency/ubnd-tinh",
}

HEADER = """# Dữ liệu mẫu tổng hợp — synthetic example data
# Ví dụ danh mục dữ liệu tỉnh Nghệ An theo DCAT-AP-VN (tạm thời). Mọi số liệu, địa chỉ,
# kích thước tệp và ngày tháng đều là giả định; tên cơ quan, xã/phường và văn bản pháp lý
# lấy theo nguồn thật (xem /work/shared/domain/VN-RULES.md). Sinh bởi make_example.py.
# {what}

@prefix vn:      <https://w3id.org/lienthong/dcat-ap-vn#> .
@prefix dcat:    <http://www.w3.org/ns/dcat#> .
@prefix dct:     <http://purl.org/dc/terms/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix odrl:    <http://www.w3.org/ns/odrl/2/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix vnscope: <https://w3id.org/lienthong/code/access-scope/> .
@prefix vnimp:   <https://w3id.org/lienthong/code/importance/> .
@prefix vnpd:    <https://w3id.org/lienthong/code/personal-data/> .
@prefix vndb:    <https://w3id.org/lienthong/code/database-kind/> .
@prefix vncat:   <https://w3id.org/lienthong/code/catalogue-kind/> .
@prefix vntheme: <https://w3id.org/lienthong/code/theme/> .
@prefix euar:    <http://publications.europa.eu/resource/authority/access-right/> .
@prefix eufreq:  <http://publications.europa.eu/resource/authority/frequency/> .
@prefix euft:    <http://publications.europa.eu/resource/authority/file-type/> .
@prefix lang:    <http://publications.europa.eu/resource/authority/language/> .
@prefix na:      <https://data.nghean.gov.vn/agency/> .
@prefix nac:     <https://data.nghean.gov.vn/contact/> .
@prefix ds:      <https://data.nghean.gov.vn/dataset/> .
@prefix dist:    <https://data.nghean.gov.vn/distribution/> .
@prefix svc:     <https://data.nghean.gov.vn/service/> .
@prefix cat:     <https://data.nghean.gov.vn/catalog/> .
@prefix agr:     <https://data.nghean.gov.vn/agreement/> .
@prefix act:     <https://data.nghean.gov.vn/activity/> .
@prefix commune: <https://w3id.org/lienthong/admin-unit/commune/> .
@prefix province: <https://w3id.org/lienthong/admin-unit/province/> .

"""

# ---------------------------------------------------------------------------
# Turtle helpers
# ---------------------------------------------------------------------------

def nfc(s):
    return unicodedata.normalize("NFC", s)


def esc(s):
    s = nfc(s)
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def vi(s):
    return f'"{esc(s)}"@vi'


def en(s):
    return f'"{esc(s)}"@en'


def plain(s):
    return f'"{esc(s)}"'


def typed(v, dt):
    return f'"{v}"^^xsd:{dt}'


def iri(u):
    return f"<{u}>"


def agency(slug):
    if slug in PARTNERS:
        return iri(PARTNERS[slug])
    assert slug in AGENCIES, slug
    return "na:" + slug


def contact(slug):
    assert slug in AGENCIES, slug
    return "nac:" + slug


def block(subject, pairs):
    """pairs: list of (predicate, [objects]) or (predicate, object)."""
    lines = []
    for p, o in pairs:
        if o is None or o == []:
            continue
        objs = o if isinstance(o, list) else [o]
        lines.append(f"    {p} " + " ,\n        ".join(objs))
    return subject + "\n" + " ;\n".join(lines) + " .\n"


def h(s, n):
    """Deterministic pseudo-random integer in [0, n)."""
    return int(hashlib.sha1(s.encode()).hexdigest(), 16) % n


# ---------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------

SCOPES = {  # scope -> (access right, vn:accessScope)
    "mo": ("euar:PUBLIC", "vnscope:mo"),
    "dung-chung": ("euar:RESTRICTED", "vnscope:dung-chung"),
    "dung-rieng": ("euar:NON_PUBLIC", "vnscope:dung-rieng"),
}
MEDIA = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
    "SHP": "application/vnd.shp",
    "XML": "application/xml",
}
EXT = {"CSV": "csv", "JSON": "json", "XLSX": "xlsx", "PDF": "pdf", "SHP": "zip", "XML": "xml"}
FMT_VI = {"CSV": "Tệp CSV", "JSON": "Tệp JSON", "XLSX": "Bảng tính Excel", "PDF": "Báo cáo PDF",
          "SHP": "Lớp bản đồ Shapefile", "XML": "Tệp XML"}

REGISTRY = {}     # slug -> dataset dict (all files)
TITLES = set()
COUNTER = [0]


def D(slug, title_vi, title_en, desc_vi, desc_en, pub, themes, keywords, *,
      scope="mo", freq="ANNUAL", spatial=None, fmts=("CSV",), legal=None,
      imp="khac", pd=None, custodian=None, creator=None, rights=None,
      issued=None, modified=None, types=("dcat:Dataset",), extra=()):
    """Register a dataset; returns its dict. spatial: list of commune codes or None (province)."""
    assert slug not in REGISTRY, slug
    assert title_vi not in TITLES, title_vi
    TITLES.add(title_vi)
    if pd is None:
        pd = "khong"
    if scope == "mo":
        assert pd == "khong" and imp == "khac", slug
    COUNTER[0] += 1
    y1 = 2020 + h(slug, 5)
    issued = issued or f"{y1}-{1 + h(slug + 'm', 12):02d}-{1 + h(slug + 'd', 28):02d}"
    if not modified:
        my = max(y1, 2025 if h(slug + "y", 3) else 2026)
        modified = f"{my}-{1 + h(slug + 'mm', 3 if my == 2026 else 12):02d}-{1 + h(slug + 'dd', 28):02d}"
        modified = max(modified, issued)
    d = dict(slug=slug, id=f"NA-DS-{COUNTER[0]:04d}", vi=title_vi, en=title_en, dvi=desc_vi,
             den=desc_en, pub=pub, themes=themes if isinstance(themes, list) else [themes],
             kw=keywords, scope=scope, freq=freq, spatial=spatial, fmts=fmts, legal=legal,
             imp=imp, pd=pd, custodian=custodian or pub, creator=creator or pub,
             rights=rights or ("ubnd-tinh" if scope != "dung-rieng" else pub),
             issued=issued, modified=modified, types=types, extra=list(extra))
    REGISTRY[slug] = d
    return d


def dataset_ttl(d):
    slug = d["slug"]
    scope = d["scope"]
    ar, vs = SCOPES[scope]
    sp = [iri(PROVINCE)] if not d["spatial"] else [f"commune:{c}" for c in d["spatial"]]
    legal = d["legal"]
    legal = [plain(x) for x in (legal if isinstance(legal, (list, tuple)) else [legal])] if legal else None
    dists = []
    out = []
    for i, f in enumerate(d["fmts"]):
        ds_slug = f"{slug}-{f.lower()}"
        dists.append("dist:" + ds_slug)
        size = 20_000 + h(ds_slug, 9_000_000)
        if scope == "mo":
            access = iri(f"{NA}files/{slug}/")
            download = iri(f"{NA}files/{slug}/{slug}.{EXT[f]}")
        else:
            access = iri(f"https://lgsp.nghean.gov.vn/api/du-lieu/{slug}")
            download = None
        svcs = [x for x in SERVICES if slug in x["serves"]]
        if svcs and f in ("JSON", "XML"):  # API distributions go through the gateway service
            access = iri(LGSP + svcs[0]["api"])
        out.append(block("dist:" + ds_slug, [
            ("a", "dcat:Distribution"),
            ("dct:title", vi(f"Truy cập qua dịch vụ {svcs[0]['api']} ({f}): {d['vi']}" if svcs and f in ("JSON", "XML")
                             else f"{FMT_VI[f]}: {d['vi']}")),
            ("dcat:accessURL", access),
            ("dcat:downloadURL", download),
            ("dct:format", f"euft:{f}"),
            ("dcat:mediaType", iri(f"https://www.iana.org/assignments/media-types/{MEDIA[f]}")),
            ("dcat:byteSize", typed(size, "nonNegativeInteger")),
            ("dct:issued", typed(d["issued"], "date")),
            ("dcat:accessService", ["svc:" + x["slug"] for x in svcs if f in ("JSON", "XML")]),
            ("dct:license", iri(LICENCE) if scope == "mo" else None),
        ]))
    pairs = [
        ("a", ", ".join(d["types"])),
        ("dct:identifier", plain(d["id"])),
        ("dct:title", [vi(d["vi"])] + ([en(d["en"])] if d["en"] else [])),
        ("dct:description", [vi(d["dvi"])] + ([en(d["den"])] if d["den"] else [])),
        ("dct:publisher", agency(d["pub"])),
        ("dct:creator", agency(d["creator"])),
        ("dct:rightsHolder", agency(d["rights"])),
        ("vn:custodian", agency(d["custodian"])),
        ("dcat:contactPoint", contact(d["pub"] if d["pub"] in AGENCIES else "ubnd-tinh")),
        ("dcat:theme", [f"vntheme:{t}" for t in d["themes"]]),
        ("dcat:keyword", [vi(k) for k in d["kw"]]),
        ("dct:spatial", sp),
        ("dct:issued", typed(d["issued"], "date")),
        ("dct:modified", typed(d["modified"], "date")),
        ("dct:accrualPeriodicity", f"eufreq:{d['freq']}"),
        ("dct:language", "lang:VIE"),
        ("dct:accessRights", ar),
        ("vn:accessScope", vs),
        ("vn:importance", f"vnimp:{d['imp']}"),
        ("vn:personalData", f"vnpd:{d['pd']}"),
        ("dct:license", iri(LICENCE) if scope == "mo" else None),
        ("vn:legalBasis", legal),
    ] + d["extra"] + [
        ("dcat:distribution", dists),
    ]
    return block("ds:" + slug, pairs) + "\n" + "\n".join(out)


def write(name, what, body):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(nfc(HEADER.format(what=what) + body))
    print("wrote", path)


def catalog_ttl(slug, kind, title_vi, title_en, desc_vi, desc_en, datasets, services=()):
    return block("cat:" + slug, [
        ("a", "dcat:Catalog"),
        ("dct:title", [vi(title_vi), en(title_en)]),
        ("dct:description", [vi(desc_vi), en(desc_en)]),
        ("dct:publisher", agency("ubnd-tinh")),
        ("dct:spatial", iri(PROVINCE)),
        ("dct:language", "lang:VIE"),
        ("dct:issued", typed("2026-01-15", "date")),
        ("dct:modified", typed("2026-03-31", "date")),
        ("vn:catalogueKind", f"vncat:{kind}"),
        ("vn:catalogueYear", typed("2026", "gYear")),
        ("vn:legalBasis", [plain("194/2025/NĐ-CP"), plain("4520/QĐ-UBND")]),
        ("dcat:themeTaxonomy", iri(CODE + "theme")),
        ("dcat:dataset", ["ds:" + s for s in datasets]),
        ("dcat:service", ["svc:" + s for s in services]),
    ])


# ---------------------------------------------------------------------------
# catalog.ttl
# ---------------------------------------------------------------------------

def make_root():
    body = block("cat:root", [
        ("a", "dcat:Catalog"),
        ("dct:title", [vi("Danh mục dữ liệu tỉnh Nghệ An"), en("Nghe An Province Data Catalogue")]),
        ("dct:description", [
            vi("Danh mục gốc của tỉnh Nghệ An, gồm danh mục dữ liệu mở, danh mục dữ liệu lớn và danh mục cơ sở dữ liệu của tỉnh năm 2026."),
            en("Root catalogue of Nghe An Province, grouping the 2026 open-data catalogue, big-data catalogue and catalogue of provincial databases.")]),
        ("dct:publisher", agency("ubnd-tinh")),
        ("dct:spatial", iri(PROVINCE)),
        ("dct:language", "lang:VIE"),
        ("dct:issued", typed("2026-01-15", "date")),
        ("dct:modified", typed("2026-03-31", "date")),
        ("foaf:homepage", iri(NA)),
        ("dct:license", iri(LICENCE)),
        ("dcat:themeTaxonomy", iri(CODE + "theme")),
        ("dcat:catalog", ["cat:open-data-2026", "cat:big-data-2026", "cat:databases-2026"]),
    ])
    body += "\n" + block(iri(LICENCE), [
        ("a", "dct:LicenseDocument"),
        ("dct:title", [vi("Giấy phép tự do tái sử dụng, kể cả mục đích thương mại (theo NĐ 47/2020/NĐ-CP)"),
                       en("Free reuse licence, including commercial use (after Decree 47/2020/NĐ-CP)")]),
        ("rdfs:comment", [vi("Giấy phép giả định cho dữ liệu mẫu: Nghị định 47/2020/NĐ-CP cho phép tự do sao chép, kết hợp và sử dụng dữ liệu mở nhưng không nêu tên một giấy phép mở cụ thể."),
                          en("Assumed licence for the example data: Decree 47/2020/NĐ-CP lets anyone freely copy, combine and use open data but names no specific open licence.")]),
    ])
    write("catalog.ttl", "Danh mục gốc và giấy phép.", body)


# ---------------------------------------------------------------------------
# open-data-2026.ttl
# ---------------------------------------------------------------------------

OPEN = []


def open_data():
    S = OPEN.append
    VH, GD, YT, VP = "so-van-hoa-the-thao-va-du-lich", "so-giao-duc-va-dao-tao", "so-y-te", "van-phong-ubnd-tinh"
    TC, CT, NN, XD = "so-tai-chinh", "so-cong-thuong", "so-nong-nghiep-va-moi-truong", "so-xay-dung"
    S(D("dia-diem-du-lich", "Danh sách điểm du lịch tỉnh Nghệ An", "Tourist attractions of Nghe An",
        "Danh sách các điểm du lịch, di tích và khu sinh thái trên địa bàn tỉnh (Khu di tích Kim Liên, biển Cửa Lò, Vườn quốc gia Pù Mát…) kèm tọa độ và thông tin liên hệ.",
        "Tourist sites, heritage sites and eco-tourism areas in the province (Kim Lien relic site, Cua Lo beach, Pu Mat National Park…) with coordinates and contacts.",
        VH, ["kinh-te-thuong-mai", "dia-phuong"], ["du lịch", "Kim Liên", "Cửa Lò", "Pù Mát"],
        freq="QUARTERLY", fmts=("CSV", "JSON")))
    S(D("co-so-luu-tru-du-lich", "Cơ sở lưu trú du lịch được xếp hạng", "Rated tourist accommodation",
        "Danh sách khách sạn, nhà nghỉ, homestay đã được xếp hạng sao hoặc công nhận đạt chuẩn, tập trung ở phường Cửa Lò và phường Thành Vinh.",
        "Hotels, guesthouses and homestays with a star rating or standard certificate, mostly in Cua Lo and Thanh Vinh wards.",
        VH, "kinh-te-thuong-mai", ["lưu trú", "khách sạn", "homestay", "Cửa Lò"],
        freq="QUARTERLY", spatial=["16732", "16681", "16690"], fmts=("CSV", "XLSX"), legal="09/2017/QH14"))
    S(D("di-tich-xep-hang", "Di tích lịch sử – văn hóa được xếp hạng", "Ranked historical and cultural relics",
        "Danh mục di tích cấp quốc gia đặc biệt, cấp quốc gia và cấp tỉnh trên địa bàn Nghệ An, gồm Khu di tích Kim Liên và đền Cuông, kèm quyết định xếp hạng.",
        "Special national, national and provincial relics in Nghe An, including Kim Lien and Cuong temple, with their ranking decisions.",
        VH, ["xa-hoi", "dia-phuong"], ["di tích", "di sản", "Kim Liên", "xếp hạng"], spatial=None, fmts=("CSV", "PDF")))
    S(D("luot-khach-du-lich", "Lượt khách và doanh thu du lịch theo tháng", "Monthly tourist arrivals and revenue",
        "Số lượt khách du lịch nội địa, quốc tế và tổng thu từ du lịch theo tháng, do các cơ sở lưu trú và điểm du lịch báo cáo.",
        "Domestic and international tourist arrivals and total tourism revenue per month, as reported by accommodation and tourist sites.",
        VH, "kinh-te-thuong-mai", ["du lịch", "lượt khách", "doanh thu"], freq="MONTHLY", fmts=("XLSX",)))
    S(D("truong-hoc", "Danh sách trường học các cấp", "Schools by level",
        "Danh sách trường mầm non, tiểu học, trung học cơ sở và trung học phổ thông công lập, ngoài công lập kèm địa chỉ theo xã, phường mới và số lớp.",
        "Public and private kindergartens, primary, lower- and upper-secondary schools with addresses in the new communes and number of classes.",
        GD, "giao-duc", ["trường học", "mầm non", "tiểu học", "THCS", "THPT"], fmts=("CSV", "JSON")))
    S(D("ket-qua-thi-tot-nghiep-thpt", "Thống kê kết quả thi tốt nghiệp THPT theo trường", "Upper-secondary graduation exam results by school",
        "Tỷ lệ tốt nghiệp và điểm trung bình các môn thi tốt nghiệp THPT của từng trường, chỉ gồm số liệu tổng hợp, không có thông tin thí sinh.",
        "Pass rate and mean scores in the graduation exam per school; aggregates only, no candidate data.",
        GD, "giao-duc", ["thi tốt nghiệp", "THPT", "điểm thi"], fmts=("XLSX", "CSV")))
    S(D("co-so-kham-chua-benh", "Danh sách cơ sở khám bệnh, chữa bệnh", "Licensed healthcare facilities",
        "Bệnh viện, trung tâm y tế, trạm y tế xã và phòng khám tư nhân đã được cấp giấy phép hoạt động, kèm địa chỉ, chuyên khoa và giờ làm việc.",
        "Hospitals, health centres, commune health stations and private clinics with an operating licence, with address, specialties and hours.",
        YT, "y-te", ["y tế", "bệnh viện", "trạm y tế", "phòng khám"], freq="QUARTERLY", fmts=("CSV", "JSON"),
        legal="15/2023/QH15"))
    S(D("nha-thuoc-quay-thuoc", "Danh sách nhà thuốc, quầy thuốc được cấp phép", "Licensed pharmacies and drug counters",
        "Nhà thuốc, quầy thuốc đã được cấp giấy chứng nhận đủ điều kiện kinh doanh dược, kèm số giấy chứng nhận và người phụ trách chuyên môn là tổ chức.",
        "Pharmacies and drug counters holding a pharmaceutical business certificate, with certificate number.",
        YT, "y-te", ["dược", "nhà thuốc", "quầy thuốc"], freq="MONTHLY", fmts=("CSV",)))
    S(D("ty-le-tiem-chung-mo-rong", "Tỷ lệ tiêm chủng mở rộng theo xã, phường", "Expanded immunisation coverage by commune",
        "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ theo từng xã, phường; số liệu tổng hợp hằng quý từ trạm y tế.",
        "Share of infants fully immunised per commune, aggregated quarterly from health stations.",
        YT, "y-te", ["tiêm chủng", "trẻ em", "y tế dự phòng"], freq="QUARTERLY", fmts=("XLSX",)))
    S(D("thu-tuc-hanh-chinh", "Danh mục thủ tục hành chính cấp tỉnh và cấp xã", "Administrative procedures (provincial and commune level)",
        "Danh mục thủ tục hành chính áp dụng tại Nghệ An kèm mã thủ tục (ví dụ 1.002891.000.00.00.H40 Đăng ký khai sinh, 1.002892.000.00.00.H40 Đăng ký kết hôn), lĩnh vực, cơ quan giải quyết, thời hạn và phí.",
        "Administrative procedures in Nghe An with procedure codes (e.g. 1.002891.000.00.00.H40 birth registration, 1.002892.000.00.00.H40 marriage registration), field, deciding body, time limit and fee.",
        VP, ["xa-hoi", "dia-phuong"], ["thủ tục hành chính", "dịch vụ công", "1.002891.000.00.00.H40", "1.002892.000.00.00.H40"],
        freq="MONTHLY", fmts=("JSON", "XML", "CSV"), legal="63/2010/NĐ-CP"))
    S(D("ket-qua-giai-quyet-tthc", "Kết quả giải quyết hồ sơ thủ tục hành chính theo tháng", "Monthly results of administrative case handling",
        "Số hồ sơ tiếp nhận, giải quyết đúng hạn, quá hạn và tỷ lệ hồ sơ trực tuyến toàn trình theo cơ quan và theo xã, phường.",
        "Cases received, settled on time and late, and share of fully online cases, per agency and commune.",
        VP, ["xa-hoi", "dia-phuong"], ["dịch vụ công", "hồ sơ", "đúng hạn", "Trung tâm Phục vụ hành chính công"],
        freq="MONTHLY", fmts=("CSV", "XLSX"), legal="61/2018/NĐ-CP"))
    S(D("doanh-nghiep-dang-ky-moi", "Doanh nghiệp đăng ký thành lập mới theo tháng", "New business registrations per month",
        "Số doanh nghiệp thành lập mới, vốn đăng ký và ngành nghề chính theo tháng; dữ liệu tổng hợp từ Phòng Đăng ký kinh doanh thuộc Sở Tài chính.",
        "New enterprises, registered capital and main industry per month, from the business registration office of the Department of Finance.",
        TC, "kinh-te-thuong-mai", ["đăng ký doanh nghiệp", "vốn đăng ký", "doanh nghiệp"], freq="MONTHLY",
        fmts=("CSV", "XLSX"), legal="168/2025/NĐ-CP"))
    S(D("du-an-dau-tu-chu-truong", "Dự án được chấp thuận chủ trương đầu tư", "Investment projects with in-principle approval",
        "Danh sách dự án đầu tư ngoài ngân sách được UBND tỉnh hoặc Ban Quản lý KKT Đông Nam chấp thuận chủ trương đầu tư, kèm tổng vốn, tiến độ và địa điểm.",
        "Non-budget investment projects approved in principle by the Provincial People's Committee or the South-East Economic Zone authority, with capital, schedule and location.",
        TC, "kinh-te-thuong-mai", ["đầu tư", "chủ trương đầu tư", "FDI"], freq="QUARTERLY", fmts=("XLSX", "CSV"),
        legal="61/2020/QH14"))
    S(D("ke-hoach-dau-tu-cong-trung-han", "Kế hoạch đầu tư công trung hạn 2026–2030", "Medium-term public investment plan 2026–2030",
        "Danh mục dự án và mức vốn ngân sách nhà nước bố trí trong kế hoạch đầu tư công trung hạn giai đoạn 2026–2030 của tỉnh.",
        "Projects and state-budget allocations in the province's medium-term public investment plan 2026–2030.",
        TC, "tai-chinh", ["đầu tư công", "ngân sách", "kế hoạch trung hạn"], freq="IRREG", fmts=("PDF", "XLSX"),
        legal="58/2024/QH15"))
    S(D("cong-khai-du-toan-ngan-sach", "Công khai dự toán ngân sách địa phương năm 2026", "Published 2026 local budget estimate",
        "Số liệu dự toán thu, chi ngân sách địa phương năm 2026 đã được Hội đồng nhân dân tỉnh quyết định, theo biểu mẫu công khai ngân sách.",
        "The 2026 local revenue and expenditure estimate adopted by the Provincial People's Council, in the budget-disclosure forms.",
        TC, "tai-chinh", ["ngân sách", "dự toán", "công khai ngân sách"], fmts=("PDF", "XLSX"),
        legal=["89/2025/QH15", "343/2016/TT-BTC"], issued="2026-01-05", modified="2026-01-05"))
    S(D("khu-cong-nghiep-kkt-dong-nam", "Các khu công nghiệp trong KKT Đông Nam Nghệ An", "Industrial parks of the South-East Nghe An Economic Zone",
        "Ranh giới, diện tích, tỷ lệ lấp đầy và chủ đầu tư hạ tầng của các khu công nghiệp như VSIP Nghệ An, WHA Industrial Zone 1 Nghệ An, Nam Cấm, Hoàng Mai và Thọ Lộc.",
        "Boundaries, area, occupancy and infrastructure developers of industrial parks such as VSIP Nghe An, WHA Industrial Zone 1 Nghe An, Nam Cam, Hoang Mai and Tho Loc.",
        "ban-ql-khu-kinh-te-dong-nam", ["kinh-te-thuong-mai", "nang-luong-ha-tang"],
        ["khu công nghiệp", "KKT Đông Nam", "VSIP Nghệ An", "WHA"], freq="QUARTERLY",
        spatial=["17827", "18001", "17110", "17464"], fmts=("SHP", "CSV")))
    S(D("doanh-nghiep-trong-kcn", "Doanh nghiệp đang hoạt động trong khu công nghiệp", "Enterprises operating in industrial parks",
        "Danh sách doanh nghiệp thuê đất trong các khu công nghiệp và KKT Đông Nam, kèm ngành nghề, vốn đầu tư và số lao động.",
        "Tenant enterprises of the industrial parks and the South-East Economic Zone, with industry, invested capital and workforce.",
        "ban-ql-khu-kinh-te-dong-nam", "kinh-te-thuong-mai", ["doanh nghiệp", "khu công nghiệp", "lao động"],
        freq="QUARTERLY", fmts=("CSV",)))
    S(D("cho-sieu-thi-trung-tam-thuong-mai", "Chợ, siêu thị và trung tâm thương mại", "Markets, supermarkets and shopping centres",
        "Danh sách chợ theo hạng, siêu thị và trung tâm thương mại đang hoạt động, kèm vị trí và đơn vị quản lý.",
        "Markets by class, supermarkets and shopping centres in operation, with location and operator.",
        CT, "kinh-te-thuong-mai", ["chợ", "siêu thị", "thương mại"], fmts=("CSV", "JSON")))
    S(D("gia-hang-hoa-thiet-yeu", "Giá bán lẻ một số mặt hàng thiết yếu", "Retail prices of essential goods",
        "Giá bán lẻ hằng tuần của gạo, thịt lợn, rau, xăng dầu, vật liệu xây dựng tại các chợ đầu mối trên địa bàn tỉnh.",
        "Weekly retail prices of rice, pork, vegetables, fuel and building materials at the province's wholesale markets.",
        CT, "kinh-te-thuong-mai", ["giá cả", "thị trường", "hàng thiết yếu"], freq="WEEKLY", fmts=("CSV", "JSON")))
    S(D("cua-hang-xang-dau", "Cửa hàng bán lẻ xăng dầu", "Fuel retail stations",
        "Vị trí, thương nhân sở hữu và thời hạn giấy chứng nhận của các cửa hàng bán lẻ xăng dầu trên địa bàn tỉnh.",
        "Location, owning trader and certificate validity of fuel retail stations in the province.",
        CT, "nang-luong-ha-tang", ["xăng dầu", "năng lượng", "cửa hàng"], freq="QUARTERLY", fmts=("CSV",),
        legal="83/2014/NĐ-CP"))
    S(D("san-xuat-cay-trong-chinh", "Diện tích, năng suất, sản lượng cây trồng chính", "Area, yield and output of main crops",
        "Diện tích gieo trồng, năng suất và sản lượng lúa, ngô, sắn, mía, chè, cam theo vụ và theo xã, phường.",
        "Sown area, yield and output of rice, maize, cassava, sugar cane, tea and orange by season and commune.",
        NN, "nong-nghiep", ["nông nghiệp", "lúa", "cam Vinh", "chè", "sản lượng"], fmts=("XLSX", "CSV")))
    S(D("dan-gia-suc-gia-cam", "Số lượng đàn gia súc, gia cầm", "Livestock and poultry headcount",
        "Tổng đàn trâu, bò, lợn và gia cầm theo xã, phường tại thời điểm điều tra hằng quý.",
        "Buffalo, cattle, pig and poultry headcount per commune at each quarterly survey.",
        NN, "nong-nghiep", ["chăn nuôi", "gia súc", "gia cầm"], freq="QUARTERLY", fmts=("XLSX",)))
    S(D("do-che-phu-rung", "Độ che phủ rừng và diện tích rừng theo xã", "Forest cover and forest area by commune",
        "Diện tích rừng tự nhiên, rừng trồng và độ che phủ rừng theo xã, phường, công bố hằng năm theo kết quả theo dõi diễn biến rừng.",
        "Natural and planted forest area and forest cover per commune, published each year from forest change monitoring.",
        NN, ["moi-truong", "nong-nghiep"], ["rừng", "độ che phủ", "lâm nghiệp", "Pù Mát"],
        fmts=("SHP", "XLSX"), legal="33/2018/TT-BNNPTNT"))
    S(D("luong-mua-tram-do-mua", "Lượng mưa ngày tại các trạm đo mưa", "Daily rainfall at rain gauges",
        "Tổng lượng mưa ngày tại các trạm đo mưa tự động trên lưu vực sông Lam (sông Cả), phục vụ cảnh báo lũ và sạt lở đất.",
        "Daily rainfall totals at automatic rain gauges in the Lam (Ca) river basin, for flood and landslide warnings.",
        NN, "moi-truong", ["mưa", "lũ", "sông Lam", "thủy văn"], freq="DAILY", fmts=("CSV", "JSON")))
    S(D("muc-nuoc-song-lam", "Mực nước sông Lam (sông Cả) tại các trạm thủy văn", "Water level of the Lam (Ca) river at gauging stations",
        "Mực nước trung bình ngày và đỉnh lũ tại các trạm thủy văn Mường Xén, Con Cuông, Đô Lương, Nam Đàn, Chợ Tràng trên sông Lam (sông Cả) so với các cấp báo động.",
        "Daily mean and flood-peak water levels at the Muong Xen, Con Cuong, Do Luong, Nam Dan and Cho Trang stations on the Lam (Ca) river against the alert levels.",
        NN, "moi-truong", ["mực nước", "lũ", "sông Lam", "sông Cả", "báo động lũ"], freq="DAILY",
        spatial=["16813", "17254", "17662", "17935", "18028"], fmts=("CSV", "JSON")))
    S(D("quan-trac-khong-khi", "Kết quả quan trắc chất lượng không khí", "Air quality monitoring results",
        "Chỉ số chất lượng không khí (VN_AQI) và nồng độ bụi PM2.5, PM10 tại các trạm quan trắc ở khu vực Vinh, Hoàng Mai và khu công nghiệp.",
        "Air quality index (VN_AQI) and PM2.5/PM10 at monitoring stations in Vinh, Hoang Mai and the industrial parks.",
        NN, "moi-truong", ["không khí", "quan trắc", "VN_AQI", "PM2.5"], freq="MONTHLY",
        spatial=["16681", "16690", "17110"], fmts=("CSV", "JSON")))
    S(D("quy-hoach-su-dung-dat", "Bản đồ quy hoạch sử dụng đất tỉnh Nghệ An", "Nghe An land-use planning map",
        "Lớp bản đồ phân bổ chỉ tiêu sử dụng đất trong quy hoạch tỉnh thời kỳ 2021–2030, tầm nhìn 2050.",
        "Map layer of land-use allocation in the provincial plan 2021–2030 with a vision to 2050.",
        NN, "dat-dai", ["quy hoạch", "sử dụng đất", "bản đồ", "đất đai"], freq="IRREG", fmts=("SHP", "PDF"),
        legal=["31/2024/QH15", "1059/QĐ-TTg"]))
    S(D("bang-gia-dat", "Bảng giá đất tỉnh Nghệ An", "Nghe An land price table",
        "Bảng giá các loại đất áp dụng trên địa bàn tỉnh theo từng tuyến đường, khu vực, xã, phường, do HĐND tỉnh quyết định.",
        "Land prices by type, road section, area and commune as decided by the Provincial People's Council.",
        NN, ["dat-dai", "tai-chinh"], ["giá đất", "bảng giá đất", "đất đai"], fmts=("PDF", "XLSX"),
        legal="31/2024/QH15"))
    S(D("dan-so-theo-xa", "Dân số, diện tích và mật độ dân số theo xã, phường", "Population, area and density by commune",
        "Dân số trung bình, diện tích tự nhiên và mật độ dân số của 130 xã, phường sau sắp xếp đơn vị hành chính năm 2025.",
        "Average population, land area and population density of the 130 communes and wards after the 2025 reorganisation.",
        "cuc-thong-ke-tinh", ["dia-phuong", "xa-hoi"], ["dân số", "mật độ dân số", "xã", "phường"],
        fmts=("CSV", "XLSX"), legal="19/2025/QĐ-TTg"))
    S(D("don-vi-hanh-chinh-cap-xa", "Danh mục đơn vị hành chính cấp xã sau sắp xếp", "Commune-level administrative units after reorganisation",
        "Tên, mã số và loại (xã, phường) của 130 đơn vị hành chính cấp xã của tỉnh từ ngày 01/7/2025, kèm các đơn vị cũ được nhập.",
        "Name, code and type of the 130 commune-level units from 1 July 2025, with the former units merged into each.",
        "so-noi-vu", "dia-phuong", ["đơn vị hành chính", "sắp xếp", "mã xã"], freq="IRREG",
        fmts=("CSV", "JSON"), legal="19/2025/QĐ-TTg", issued="2025-07-01"))
    S(D("lao-dong-viec-lam", "Lao động có việc làm và tỷ lệ thất nghiệp", "Employment and unemployment rate",
        "Số lao động từ 15 tuổi trở lên có việc làm theo ngành kinh tế và tỷ lệ thất nghiệp thành thị, nông thôn.",
        "Employed persons aged 15+ by economic sector and urban and rural unemployment rates.",
        "cuc-thong-ke-tinh", "lao-dong", ["lao động", "việc làm", "thất nghiệp"], freq="QUARTERLY", fmts=("XLSX",)))
    S(D("xuat-khau-lao-dong", "Người lao động đi làm việc ở nước ngoài theo hợp đồng", "Workers sent abroad under contract",
        "Số người lao động đi làm việc ở nước ngoài theo hợp đồng chia theo thị trường (Nhật Bản, Hàn Quốc, Đài Loan…) và theo xã.",
        "Contract workers sent abroad by destination (Japan, Korea, Taiwan…) and commune of origin.",
        "so-noi-vu", "lao-dong", ["xuất khẩu lao động", "lao động", "Nhật Bản"], freq="QUARTERLY", fmts=("XLSX", "CSV")))
    S(D("ho-ngheo-can-ngheo", "Tỷ lệ hộ nghèo, hộ cận nghèo theo xã", "Poor and near-poor household rates by commune",
        "Số hộ và tỷ lệ hộ nghèo, cận nghèo đa chiều theo kết quả rà soát hằng năm, chia theo xã, phường.",
        "Number and share of multidimensionally poor and near-poor households from the annual review, by commune.",
        "so-noi-vu", "xa-hoi", ["hộ nghèo", "giảm nghèo", "an sinh xã hội"], fmts=("XLSX", "CSV"),
        legal="07/2021/NĐ-CP"))
    S(D("dan-toc-thieu-so-theo-xa", "Dân số dân tộc thiểu số theo xã", "Ethnic minority population by commune",
        "Dân số các dân tộc Thái, Khơ Mú, Mông, Ơ Đu… theo xã, phường miền núi, tổng hợp từ rà soát hằng năm.",
        "Population of Thai, Kho Mu, Hmong, O Du and other ethnic groups in the mountain communes, from the annual review.",
        "so-dan-toc-va-ton-giao", ["xa-hoi", "dia-phuong"], ["dân tộc thiểu số", "Thái", "Khơ Mú", "Ơ Đu"],
        spatial=["16738", "16876", "16813", "17254", "16777"], fmts=("XLSX",)))
    S(D("du-an-giao-thong-trong-diem", "Dự án giao thông trọng điểm đang triển khai", "Key transport projects under way",
        "Danh mục dự án giao thông do Ban QLDA công trình giao thông làm chủ đầu tư: tổng mức đầu tư, giá trị giải ngân và tiến độ.",
        "Transport projects led by the transport project management board: total investment, disbursement and progress.",
        "ban-qlda-cong-trinh-giao-thong", ["nang-luong-ha-tang", "tai-chinh"], ["giao thông", "dự án", "giải ngân"],
        freq="QUARTERLY", fmts=("XLSX", "CSV")))
    S(D("tuyen-xe-buyt", "Tuyến xe buýt và điểm dừng", "Bus routes and stops",
        "Lộ trình, tần suất và tọa độ điểm dừng của các tuyến xe buýt nội tỉnh và liên tỉnh Nghệ An – Hà Tĩnh.",
        "Routes, frequency and stop coordinates of intra-provincial and Nghe An – Ha Tinh bus lines.",
        XD, "nang-luong-ha-tang", ["xe buýt", "giao thông công cộng", "điểm dừng"], freq="IRREG",
        fmts=("JSON", "CSV")))
    S(D("giay-phep-xay-dung", "Giấy phép xây dựng đã cấp", "Building permits issued",
        "Số giấy phép xây dựng do Sở Xây dựng cấp theo loại công trình và địa điểm; không gồm thông tin cá nhân của chủ đầu tư là hộ gia đình.",
        "Building permits issued by the Department of Construction by building type and location, without personal data of household owners.",
        XD, ["nang-luong-ha-tang", "dat-dai"], ["xây dựng", "giấy phép", "công trình"], freq="MONTHLY",
        fmts=("CSV",), legal="50/2014/QH13"))
    S(D("nhiem-vu-khoa-hoc-cong-nghe", "Nhiệm vụ khoa học và công nghệ cấp tỉnh", "Provincial science and technology projects",
        "Danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh: tổ chức chủ trì, kinh phí, thời gian thực hiện và kết quả nghiệm thu.",
        "Provincial S&T projects: lead organisation, funding, duration and acceptance result.",
        "so-khoa-hoc-va-cong-nghe", "cong-nghe", ["khoa học", "công nghệ", "đề tài"], fmts=("CSV", "PDF")))
    S(D("ha-tang-vien-thong", "Hạ tầng viễn thông thụ động và trạm BTS", "Passive telecom infrastructure and BTS sites",
        "Vị trí trạm thu phát sóng di động, cột ăng-ten và vùng phủ sóng 4G/5G theo xã, phường, theo kế hoạch phát triển hạ tầng số.",
        "Mobile base stations, antenna masts and 4G/5G coverage by commune, under the digital infrastructure plan.",
        "so-khoa-hoc-va-cong-nghe", ["cong-nghe", "nang-luong-ha-tang"], ["viễn thông", "BTS", "5G", "hạ tầng số"],
        fmts=("SHP", "CSV"), legal="671/KH-UBND"))
    S(D("du-an-oda-ngo", "Dự án ODA và viện trợ phi chính phủ nước ngoài", "ODA and foreign NGO aid projects",
        "Danh sách chương trình, dự án sử dụng vốn ODA, vốn vay ưu đãi và viện trợ phi chính phủ nước ngoài trên địa bàn tỉnh.",
        "Programmes and projects funded by ODA, concessional loans and foreign NGO aid in the province.",
        "so-ngoai-vu", ["kinh-te-thuong-mai", "tai-chinh"], ["ODA", "viện trợ", "NGO", "hợp tác quốc tế"], fmts=("XLSX",)))
    S(D("tham-gia-bhxh-bhyt-theo-xa", "Số người tham gia BHXH, BHYT theo xã", "Social and health insurance participants by commune",
        "Số người tham gia bảo hiểm xã hội bắt buộc, tự nguyện và bảo hiểm y tế, tỷ lệ bao phủ BHYT theo xã, phường (số liệu tổng hợp).",
        "Participants in compulsory and voluntary social insurance and health insurance, and health-insurance coverage, by commune (aggregates).",
        "bao-hiem-xa-hoi-tinh", ["lao-dong", "y-te"], ["bảo hiểm xã hội", "BHYT", "bao phủ"], freq="QUARTERLY",
        fmts=("XLSX", "CSV")))
    S(D("ket-luan-thanh-tra", "Kết luận thanh tra đã công khai", "Published inspection conclusions",
        "Danh sách kết luận thanh tra kinh tế – xã hội của Thanh tra tỉnh đã được công khai theo Luật Thanh tra, kèm tệp văn bản.",
        "Socio-economic inspection conclusions of the provincial inspectorate published under the Inspection Law, with the documents.",
        "thanh-tra-tinh", "xa-hoi", ["thanh tra", "kết luận thanh tra", "công khai"], freq="MONTHLY",
        fmts=("PDF", "CSV"), legal="11/2022/QH15"))
    S(D("thong-ke-dang-ky-ho-tich", "Thống kê đăng ký hộ tịch theo xã", "Civil registration statistics by commune",
        "Số trường hợp đăng ký khai sinh, khai tử, kết hôn theo xã, phường và theo tháng; chỉ gồm số liệu tổng hợp.",
        "Birth, death and marriage registrations per commune and month; aggregates only.",
        "so-tu-phap", "xa-hoi", ["hộ tịch", "khai sinh", "kết hôn", "thống kê"], freq="MONTHLY", fmts=("CSV", "XLSX"),
        legal="60/2014/QH13"))
    S(D("to-chuc-hanh-nghe-cong-chung", "Tổ chức hành nghề công chứng", "Notary offices",
        "Danh sách phòng công chứng và văn phòng công chứng đang hoạt động, kèm địa chỉ và số công chứng viên.",
        "Public and private notary offices in operation, with address and number of notaries.",
        "so-tu-phap", "xa-hoi", ["công chứng", "tư pháp", "chứng thực"], freq="QUARTERLY", fmts=("CSV", "JSON"),
        legal="46/2024/QH15"))
    S(D("hop-tac-xa-xa-anh-son", "Hợp tác xã nông nghiệp xã Anh Sơn", "Agricultural co-operatives of Anh Son commune",
        "Danh sách hợp tác xã, tổ hợp tác nông nghiệp trên địa bàn xã Anh Sơn, kèm lĩnh vực sản xuất (chè, cam, chăn nuôi bò sữa).",
        "Agricultural co-operatives and groups in Anh Son commune with their production (tea, orange, dairy).",
        "ubnd-xa-anh-son", ["nong-nghiep", "dia-phuong"], ["hợp tác xã", "Anh Sơn", "chè", "nông nghiệp"],
        spatial=["17329"], fmts=("CSV",), issued="2025-09-15"))
    S(D("diem-trong-giu-xe-phuong-thanh-vinh", "Điểm trông giữ phương tiện phường Thành Vinh", "Parking sites of Thanh Vinh ward",
        "Vị trí, sức chứa và đơn vị quản lý các điểm trông giữ xe được cấp phép trên vỉa hè, lòng đường thuộc phường Thành Vinh.",
        "Location, capacity and operator of licensed parking sites on pavements and streets in Thanh Vinh ward.",
        "ubnd-phuong-thanh-vinh", ["nang-luong-ha-tang", "dia-phuong"], ["trông giữ xe", "Thành Vinh", "đô thị"],
        spatial=["16681"], fmts=("CSV", "JSON"), issued="2025-10-01"))
    S(D("cay-xanh-do-thi-phuong-truong-vinh", "Cây xanh đô thị phường Trường Vinh", "Urban trees of Truong Vinh ward",
        "Kiểm kê cây xanh trên các tuyến phố thuộc phường Trường Vinh: loài cây, vị trí, chiều cao và tình trạng.",
        "Inventory of street trees in Truong Vinh ward: species, location, height and condition.",
        "ubnd-phuong-truong-vinh", ["moi-truong", "dia-phuong"], ["cây xanh", "Trường Vinh", "đô thị"],
        spatial=["16690"], fmts=("CSV",), issued="2025-11-20"))
    # lineage chain (flood): the end products of the flood model
    S(D("ban-do-nguy-co-ngap-lut", "Bản đồ nguy cơ ngập lụt hạ lưu sông Lam", "Flood hazard map of the lower Lam river",
        "Bản đồ phân vùng nguy cơ ngập lụt theo các kịch bản lũ cho các xã ven sông Lam từ Đô Lương đến Cửa Hội, lập từ mô hình dự báo ngập lụt.",
        "Flood hazard zones under flood scenarios for the communes along the Lam river from Do Luong to Cua Hoi, made from the flood model.",
        NN, "moi-truong", ["ngập lụt", "sông Lam", "thiên tai", "bản đồ"], freq="ANNUAL",
        spatial=["17662", "17935", "18001", "18028", "18040"], fmts=("SHP", "PDF")))
    S(D("phuong-an-ung-pho-thien-tai", "Phương án ứng phó thiên tai theo cấp độ rủi ro", "Disaster response plan by risk level",
        "Phương án ứng phó với lũ, ngập lụt và bão theo từng cấp độ rủi ro thiên tai của tỉnh, gồm vùng phải sơ tán và lực lượng huy động.",
        "The province's response plan for floods and storms by disaster risk level, with evacuation zones and forces.",
        NN, ["moi-truong", "xa-hoi"], ["phòng chống thiên tai", "lũ", "bão", "sơ tán"], fmts=("PDF",),
        legal="33/2013/QH13"))
    S(D("diem-so-tan-mua-lu", "Điểm sơ tán dân mùa mưa lũ", "Evacuation points for the flood season",
        "Vị trí, sức chứa và xã phụ trách các điểm sơ tán tập trung (trường học, nhà văn hóa, trụ sở) trong mùa mưa lũ.",
        "Location, capacity and responsible commune of evacuation points (schools, community halls, offices) for the flood season.",
        NN, ["xa-hoi", "moi-truong"], ["sơ tán", "mưa lũ", "phòng chống thiên tai"], fmts=("CSV", "JSON")))


def make_open():
    body = catalog_ttl("open-data-2026", "du-lieu-mo", "Danh mục dữ liệu mở tỉnh Nghệ An năm 2026",
                       "Nghe An open data catalogue 2026",
                       "Danh mục dữ liệu mở của các cơ quan nhà nước tỉnh Nghệ An được công bố năm 2026; mọi tổ chức, cá nhân được tự do truy cập và tái sử dụng.",
                       "Open data of Nghe An state bodies published in 2026; anyone may freely access and reuse it.",
                       [d["slug"] for d in OPEN])
    body += "\n" + "\n".join(dataset_ttl(d) for d in OPEN)
    write("open-data-2026.ttl", "Danh mục dữ liệu mở 2026.", body)


# ---------------------------------------------------------------------------
# big-data-2026.ttl
# ---------------------------------------------------------------------------

BIG = []


def big_data():
    S = BIG.append
    NN, IT = "so-nong-nghiep-va-moi-truong", "trung-tam-cong-nghe-thong-tin-va-truyen-thong"
    S(D("dong-du-lieu-quan-trac-thuy-van", "Dòng dữ liệu quan trắc khí tượng thủy văn tự động", "Automatic hydro-meteorological monitoring stream",
        "Số liệu đo 10 phút một lần (mưa, mực nước, gió) từ hơn 300 trạm đo tự động trên lưu vực sông Lam (sông Cả), lưu trữ từ năm 2020.",
        "10-minute readings (rain, water level, wind) from over 300 automatic stations in the Lam (Ca) river basin, stored since 2020.",
        NN, "moi-truong", ["quan trắc", "thủy văn", "IoT", "sông Lam", "dữ liệu lớn"], freq="DAILY",
        fmts=("JSON", "CSV"), issued="2020-06-01"))
    S(D("mo-hinh-du-bao-ngap-lut-song-lam", "Kết quả mô hình dự báo ngập lụt lưu vực sông Lam", "Flood forecast model output for the Lam river basin",
        "Lưới độ sâu ngập và vận tốc dòng chảy theo giờ do mô hình thủy lực tính cho hạ lưu sông Lam, dùng cả số liệu trạm của Nghệ An và Hà Tĩnh.",
        "Hourly flood-depth and flow-velocity grids from the hydraulic model of the lower Lam river, using station data of both Nghe An and Ha Tinh.",
        NN, "moi-truong", ["dự báo lũ", "mô hình thủy lực", "sông Lam", "Hà Tĩnh"], freq="DAILY",
        spatial=["17662", "17935", "18001", "18028", "18040"], fmts=("JSON", "SHP"), issued="2023-08-15"))
    S(D("anh-ve-tinh-theo-doi-rung", "Ảnh vệ tinh theo dõi biến động rừng", "Satellite imagery for forest change monitoring",
        "Ảnh Sentinel-2 đã xử lý và lớp phát hiện mất rừng hằng tháng cho các xã miền núi và Vườn quốc gia Pù Mát.",
        "Processed Sentinel-2 imagery and monthly forest-loss detection layers for the mountain communes and Pu Mat National Park.",
        NN, ["moi-truong", "nong-nghiep"], ["ảnh vệ tinh", "Sentinel-2", "mất rừng", "Pù Mát"], freq="MONTHLY",
        spatial=["17254", "16876", "16738", "16813"], fmts=("SHP", "JSON")))
    S(D("quan-trac-moi-truong-tu-dong", "Quan trắc môi trường tự động liên tục", "Continuous automatic environmental monitoring",
        "Dữ liệu quan trắc nước thải, khí thải tự động liên tục truyền về từ các nhà máy trong khu công nghiệp và trạm xử lý nước thải.",
        "Continuous automatic effluent and stack-emission data sent from factories in the industrial parks and wastewater plants.",
        NN, "moi-truong", ["quan trắc tự động", "nước thải", "khí thải", "khu công nghiệp"], freq="DAILY",
        fmts=("JSON", "CSV")))
    S(D("luu-luong-giao-thong", "Lưu lượng phương tiện giao thông theo giờ", "Hourly traffic counts",
        "Số phương tiện theo loại xe đếm theo giờ tại các nút giao chính trên Quốc lộ 1, Quốc lộ 46 và đại lộ Lê Nin.",
        "Hourly vehicle counts by class at the main junctions on National Roads 1 and 46 and Le Nin avenue.",
        "so-xay-dung", "nang-luong-ha-tang", ["giao thông", "lưu lượng", "Quốc lộ 1", "dữ liệu lớn"], freq="DAILY",
        spatial=["16681", "16690", "16702", "17920"], fmts=("CSV", "JSON")))
    S(D("khach-du-lich-mang-di-dong", "Luồng khách du lịch từ dữ liệu mạng di động", "Tourist flows from mobile network data",
        "Số thuê bao di động lưu trú qua đêm theo xã, phường và theo tỉnh, quốc gia đến, đã ẩn danh và tổng hợp theo ngày.",
        "Mobile subscribers staying overnight per commune by home province or country, anonymised and aggregated daily.",
        "so-van-hoa-the-thao-va-du-lich", "kinh-te-thuong-mai", ["du lịch", "dữ liệu di động", "Cửa Lò", "dữ liệu lớn"],
        freq="DAILY", spatial=["16732", "17971", "17254"], fmts=("CSV",)))
    S(D("chi-so-gia-tieu-dung-chi-tiet", "Chỉ số giá tiêu dùng chi tiết theo nhóm hàng", "Detailed consumer price index by item group",
        "Giá thu thập tại các điểm điều tra và chỉ số giá tiêu dùng tháng chi tiết theo 11 nhóm hàng hóa, dịch vụ.",
        "Prices collected at survey outlets and monthly CPI detailed for 11 groups of goods and services.",
        "cuc-thong-ke-tinh", "kinh-te-thuong-mai", ["CPI", "giá tiêu dùng", "lạm phát"], freq="MONTHLY", fmts=("CSV", "XLSX")))
    S(D("tieu-thu-dien-theo-xa", "Sản lượng điện thương phẩm theo xã và ngành", "Electricity sales by commune and sector",
        "Sản lượng điện thương phẩm hằng tháng theo xã, phường và theo thành phần phụ tải (công nghiệp, sinh hoạt, thương mại).",
        "Monthly electricity sales by commune and load class (industry, households, commerce).",
        "so-cong-thuong", "nang-luong-ha-tang", ["điện", "năng lượng", "phụ tải"], freq="MONTHLY", fmts=("CSV",)))
    S(D("luot-truy-cap-cong-du-lieu", "Thống kê lượt truy cập và tải dữ liệu mở", "Open data portal usage statistics",
        "Số lượt xem, lượt tải và lượt gọi API theo từng tập dữ liệu mở trên Cổng dữ liệu tỉnh, tổng hợp theo ngày.",
        "Views, downloads and API calls per open dataset on the provincial data portal, aggregated daily.",
        IT, "cong-nghe", ["dữ liệu mở", "thống kê truy cập", "API"], freq="DAILY", fmts=("CSV", "JSON")))
    S(D("nang-suat-lua-vien-tham", "Ước tính năng suất lúa từ viễn thám", "Rice yield estimates from remote sensing",
        "Bản đồ diện tích gieo cấy và ước tính năng suất lúa vụ Xuân, vụ Hè Thu theo xã từ ảnh radar Sentinel-1.",
        "Planted area and rice-yield estimates for the spring and summer-autumn crops per commune from Sentinel-1 radar imagery.",
        NN, "nong-nghiep", ["lúa", "viễn thám", "năng suất", "Sentinel-1"], freq="QUARTERLY",
        spatial=["17464", "17506", "17179", "17662", "17935"], fmts=("SHP", "CSV")))
    # restricted big data
    S(D("nhat-ky-cong-dich-vu-cong", "Nhật ký truy cập Cổng dịch vụ công tỉnh", "Access logs of the provincial public-service portal",
        "Nhật ký truy cập, đăng nhập và nộp hồ sơ trên dichvucong.nghean.gov.vn dùng để giám sát an toàn thông tin và cải thiện trải nghiệm.",
        "Access, login and submission logs of dichvucong.nghean.gov.vn, used for security monitoring and user-experience work.",
        IT, "cong-nghe", ["nhật ký", "dịch vụ công", "an toàn thông tin"], scope="dung-rieng", freq="DAILY",
        pd="co-ban", fmts=("JSON",), legal="13/2023/NĐ-CP"))
    S(D("camera-giam-sat-giao-thong", "Dữ liệu camera giám sát giao thông và trật tự", "Traffic and public-order camera data",
        "Dữ liệu nhận dạng biển số và sự kiện vi phạm từ hệ thống camera giám sát tại các nút giao ở khu vực Vinh và Cửa Lò.",
        "Number-plate recognition and violation events from the surveillance cameras at junctions in Vinh and Cua Lo.",
        "cong-an-tinh", ["xa-hoi", "nang-luong-ha-tang"], ["camera", "giao thông", "an ninh trật tự"],
        scope="dung-rieng", freq="DAILY", imp="quan-trong", pd="co-ban",
        spatial=["16681", "16690", "16732"], fmts=("JSON",), legal="13/2023/NĐ-CP"))
    S(D("kham-chua-benh-bhyt", "Dữ liệu khám chữa bệnh bảo hiểm y tế", "Health-insurance claims data",
        "Hồ sơ đề nghị thanh toán chi phí khám chữa bệnh BHYT gửi lên Hệ thống giám định, gồm chẩn đoán (mã ICD-10), thuốc và dịch vụ kỹ thuật.",
        "Health-insurance claims sent to the assessment system, with diagnoses (ICD-10), drugs and procedures.",
        "bao-hiem-xa-hoi-tinh", "y-te", ["BHYT", "khám chữa bệnh", "ICD-10", "giám định"], scope="dung-chung",
        freq="DAILY", imp="quan-trong", pd="nhay-cam", fmts=("XML",), legal=["51/2024/QH15", "13/2023/NĐ-CP"]))
    S(D("ho-so-suc-khoe-dien-tu", "Hồ sơ sức khỏe điện tử người dân", "Electronic health records",
        "Hồ sơ sức khỏe điện tử của người dân được các cơ sở y tế cập nhật, liên thông với Sổ sức khỏe điện tử trên VNeID.",
        "Citizens' electronic health records updated by health facilities and linked to the electronic health book in VNeID.",
        "so-y-te", "y-te", ["hồ sơ sức khỏe", "VNeID", "y tế số"], scope="dung-rieng", freq="DAILY",
        imp="cot-loi", pd="nhay-cam", fmts=("JSON",), legal="20/2025/QĐ-TTg"))
    S(D("phan-anh-kien-nghi", "Phản ánh, kiến nghị của người dân và doanh nghiệp", "Citizen and business feedback",
        "Các phản ánh, kiến nghị gửi qua ứng dụng Nghệ An Smart, tổng đài và Cổng dịch vụ công, kèm lĩnh vực, cơ quan xử lý và kết quả.",
        "Feedback submitted via the Nghe An Smart app, the hotline and the public-service portal, with topic, handling agency and outcome.",
        "van-phong-ubnd-tinh", ["xa-hoi", "dia-phuong"], ["phản ánh", "kiến nghị", "chính quyền số"], scope="dung-chung",
        freq="DAILY", pd="co-ban", fmts=("JSON", "CSV")))
    S(D("tuyen-sinh-dau-cap-truc-tuyen", "Hồ sơ tuyển sinh đầu cấp trực tuyến", "Online school-entry applications",
        "Hồ sơ đăng ký tuyển sinh vào lớp 1, lớp 6 và lớp 10 nộp trực tuyến, gồm thông tin học sinh, nguyện vọng và kết quả xét tuyển.",
        "Online applications for entry to grades 1, 6 and 10, with pupil data, choices and admission result.",
        "so-giao-duc-va-dao-tao", "giao-duc", ["tuyển sinh", "lớp 10", "trực tuyến"], scope="dung-chung",
        freq="ANNUAL", pd="co-ban", fmts=("JSON", "XLSX")))
    S(D("giao-dich-thue-dat-kcn", "Giao dịch thuê đất và hạ tầng trong khu công nghiệp", "Land and infrastructure leases in industrial parks",
        "Hợp đồng thuê đất, thuê lại đất có hạ tầng trong VSIP Nghệ An, WHA và các KCN khác: diện tích, đơn giá, thời hạn và nhà đầu tư.",
        "Land and serviced-land leases in VSIP Nghe An, WHA and other parks: area, unit price, term and investor.",
        "ban-ql-khu-kinh-te-dong-nam", ["dat-dai", "kinh-te-thuong-mai"], ["thuê đất", "khu công nghiệp", "VSIP Nghệ An", "WHA"],
        scope="dung-chung", freq="MONTHLY", fmts=("XLSX",)))


def make_big():
    body = catalog_ttl("big-data-2026", "du-lieu-lon", "Danh mục dữ liệu lớn tỉnh Nghệ An năm 2026",
                       "Nghe An big data catalogue 2026",
                       "Các tập dữ liệu dung lượng lớn, cập nhật liên tục (quan trắc, viễn thám, giao thông, y tế) phục vụ phân tích và điều hành của tỉnh.",
                       "Large, continuously updated datasets (monitoring, remote sensing, traffic, health) used for the province's analytics and management.",
                       [d["slug"] for d in BIG])
    body += "\n" + "\n".join(dataset_ttl(d) for d in BIG)
    write("big-data-2026.ttl", "Danh mục dữ liệu lớn 2026.", body)


# ---------------------------------------------------------------------------
# databases.ttl
# ---------------------------------------------------------------------------

DBS = []      # (database dict, [part dicts])
SERVICES = []  # filled by services(); slugs are linked from the databases catalogue


def DB(slug, kind, title_vi, title_en, desc_vi, desc_en, pub, themes, kw, parts, **kw2):
    d = D(slug, title_vi, title_en, desc_vi, desc_en, pub, themes, kw,
          types=("dcat:Dataset", "vn:Database"), **kw2)
    d["extra"] = [("vn:databaseKind", f"vndb:{kind}"), ("dct:hasPart", ["ds:" + p["slug"] for p in parts])] + d["extra"]
    for p in parts:
        p["extra"].append(("dct:isPartOf", "ds:" + slug))
    DBS.append((d, parts))
    return d


def databases():
    TP, NN, NV = "so-tu-phap", "so-nong-nghiep-va-moi-truong", "so-noi-vu"
    # 1-2. civil status: commune registers -> Sở Tư pháp digitised store -> national DB (QĐ 1811/QĐ-UBND 2020)
    p_anh_son = D("so-ho-tich-xa-anh-son", "Sổ đăng ký hộ tịch xã Anh Sơn (bản số hóa)", "Civil status registers of Anh Son commune (digitised)",
                  "Bản số hóa các sổ đăng ký khai sinh, kết hôn, khai tử lưu tại UBND xã Anh Sơn (gồm sổ của thị trấn Kim Nhan, xã Đức Sơn, xã Phúc Sơn cũ).",
                  "Digitised birth, marriage and death registers kept by Anh Son commune (including those of former Kim Nhan town, Duc Son and Phuc Son).",
                  "ubnd-xa-anh-son", "xa-hoi", ["sổ hộ tịch", "khai sinh", "kết hôn", "Anh Sơn"], scope="dung-rieng",
                  freq="IRREG", pd="co-ban", custodian=TP, spatial=["17329"], fmts=("PDF",), legal="60/2014/QH13")
    p_thanh_vinh = D("so-ho-tich-phuong-thanh-vinh", "Sổ đăng ký hộ tịch phường Thành Vinh (bản số hóa)", "Civil status registers of Thanh Vinh ward (digitised)",
                     "Bản số hóa các sổ đăng ký hộ tịch lưu tại UBND phường Thành Vinh, gồm sổ của các phường cũ được nhập.",
                     "Digitised civil status registers kept by Thanh Vinh ward, including those of the former wards merged into it.",
                     "ubnd-phuong-thanh-vinh", "xa-hoi", ["sổ hộ tịch", "khai sinh", "Thành Vinh"], scope="dung-rieng",
                     freq="IRREG", pd="co-ban", custodian=TP, spatial=["16681"], fmts=("PDF",), legal="60/2014/QH13")
    p_so_hoa = D("du-lieu-ho-tich-so-hoa-nghe-an", "Dữ liệu hộ tịch lịch sử đã số hóa của tỉnh Nghệ An", "Digitised historic civil status data of Nghe An",
                 "Dữ liệu hộ tịch được Sở Tư pháp nhập từ sổ hộ tịch lưu trữ tại cấp xã theo Quyết định 1811/QĐ-UBND ngày 09/6/2020, để cập nhật vào CSDL hộ tịch điện tử toàn quốc.",
                 "Civil status records keyed in by the Department of Justice from the commune registers under Decision 1811/QĐ-UBND of 9 June 2020, for loading into the national electronic civil status database.",
                 TP, "xa-hoi", ["hộ tịch", "số hóa", "dữ liệu lịch sử"], scope="dung-chung", freq="MONTHLY",
                 pd="co-ban", imp="quan-trong", fmts=("XML",), legal=["1811/QĐ-UBND", "60/2014/QH13"], issued="2020-06-09")
    DB("kho-du-lieu-ho-tich-so-hoa", "chuyen-nganh", "Kho dữ liệu số hóa sổ hộ tịch tỉnh Nghệ An", "Nghe An digitised civil status register store",
       "Kho lưu trữ bản số hóa sổ hộ tịch của các xã, phường và dữ liệu đã nhập, do Sở Tư pháp quản lý để đồng bộ lên CSDL hộ tịch điện tử toàn quốc.",
       "Store of the communes' digitised civil status registers and keyed-in data, run by the Department of Justice for loading into the national database.",
       TP, "xa-hoi", ["hộ tịch", "số hóa", "lưu trữ"], [p_anh_son, p_thanh_vinh, p_so_hoa], scope="dung-chung",
       freq="MONTHLY", pd="co-ban", imp="quan-trong", fmts=("XML",), legal="1811/QĐ-UBND", issued="2020-06-09")
    p_ks = D("du-lieu-khai-sinh", "Dữ liệu đăng ký khai sinh của công dân tỉnh Nghệ An", "Birth registrations of Nghe An citizens",
             "Các bản ghi đăng ký khai sinh (thủ tục 1.002891.000.00.00.H40) do UBND cấp xã của Nghệ An thực hiện, lưu trong CSDL hộ tịch điện tử toàn quốc.",
             "Birth registrations (procedure 1.002891.000.00.00.H40) made by Nghe An communes, held in the national electronic civil status database.",
             TP, "xa-hoi", ["khai sinh", "hộ tịch", "1.002891.000.00.00.H40"], scope="dung-chung", freq="DAILY",
             pd="co-ban", imp="quan-trong", fmts=("XML",), legal="60/2014/QH13")
    p_kh = D("du-lieu-ket-hon", "Dữ liệu đăng ký kết hôn của công dân tỉnh Nghệ An", "Marriage registrations of Nghe An citizens",
             "Các bản ghi đăng ký kết hôn (thủ tục 1.002892.000.00.00.H40) do UBND cấp xã của Nghệ An thực hiện, lưu trong CSDL hộ tịch điện tử toàn quốc.",
             "Marriage registrations (procedure 1.002892.000.00.00.H40) made by Nghe An communes, held in the national electronic civil status database.",
             TP, "xa-hoi", ["kết hôn", "hộ tịch", "1.002892.000.00.00.H40"], scope="dung-chung", freq="DAILY",
             pd="co-ban", imp="quan-trong", fmts=("XML",), legal="60/2014/QH13")
    DB("csdl-ho-tich-dien-tu-toan-quoc", "quoc-gia", "Cơ sở dữ liệu hộ tịch điện tử toàn quốc (phần dữ liệu tỉnh Nghệ An)",
       "National electronic civil status database (Nghe An part)",
       "Phần dữ liệu của tỉnh Nghệ An trong CSDL hộ tịch điện tử toàn quốc do Bộ Tư pháp xây dựng; Sở Tư pháp là đầu mối cập nhật và khai thác tại tỉnh.",
       "Nghe An's part of the national electronic civil status database built by the Ministry of Justice; the provincial Department of Justice updates and uses it.",
       TP, "xa-hoi", ["hộ tịch", "CSDL quốc gia", "Bộ Tư pháp"], [p_ks, p_kh], scope="dung-chung", freq="DAILY",
       pd="co-ban", imp="quan-trong", fmts=("XML",), legal=["60/2014/QH13", "87/2020/NĐ-CP"], rights=TP)
    # 3. land
    p_bd = D("ban-do-dia-chinh", "Bản đồ địa chính dạng số", "Digital cadastral maps",
             "Bản đồ địa chính dạng số của các xã, phường đã đo đạc, chỉnh lý, là lớp nền của cơ sở dữ liệu đất đai.",
             "Digital cadastral maps of the surveyed communes, the base layer of the land database.",
             NN, "dat-dai", ["địa chính", "bản đồ", "thửa đất"], scope="dung-chung", freq="MONTHLY",
             fmts=("SHP",), legal="31/2024/QH15")
    p_sdc = D("so-dia-chinh-dien-tu", "Sổ địa chính điện tử", "Electronic cadastral register",
              "Thông tin người sử dụng đất, thửa đất, quyền và biến động đất đai theo sổ địa chính điện tử.",
              "Land users, parcels, rights and changes from the electronic cadastral register.",
              NN, "dat-dai", ["sổ địa chính", "quyền sử dụng đất", "biến động"], scope="dung-chung", freq="DAILY",
              pd="co-ban", imp="quan-trong", fmts=("XML",), legal="31/2024/QH15")
    p_gcn = D("giay-chung-nhan-quyen-su-dung-dat", "Giấy chứng nhận quyền sử dụng đất đã cấp", "Land-use right certificates issued",
              "Số phát hành, ngày cấp, thửa đất và chủ sử dụng của các giấy chứng nhận quyền sử dụng đất đã cấp trên địa bàn tỉnh.",
              "Serial number, date, parcel and holder of the land-use right certificates issued in the province.",
              NN, "dat-dai", ["giấy chứng nhận", "sổ đỏ", "đất đai"], scope="dung-rieng", freq="DAILY",
              pd="co-ban", imp="quan-trong", fmts=("XML",), legal="31/2024/QH15")
    DB("csdl-dat-dai", "chuyen-nganh", "Cơ sở dữ liệu đất đai tỉnh Nghệ An", "Nghe An land database",
       "Cơ sở dữ liệu đất đai gồm dữ liệu địa chính, quy hoạch, giá đất và thống kê đất đai, kết nối với Hệ thống thông tin quốc gia về đất đai.",
       "Land database with cadastral, planning, land-price and land-statistics data, connected to the national land information system.",
       NN, "dat-dai", ["đất đai", "địa chính", "CSDL chuyên ngành"], [p_bd, p_sdc, p_gcn], scope="dung-chung",
       freq="DAILY", pd="co-ban", imp="quan-trong", fmts=("XML",), legal=["31/2024/QH15", "101/2024/NĐ-CP"])
    # 4. shared provincial database
    p_dm = D("danh-muc-dung-chung-tinh", "Danh mục dùng chung của tỉnh Nghệ An", "Nghe An shared code lists",
             "Các danh mục dùng chung (đơn vị hành chính, cơ quan, mã định danh H40, lĩnh vực thủ tục, dân tộc, tôn giáo) dùng cho mọi hệ thống thông tin của tỉnh.",
             "Shared code lists (administrative units, agencies, H40 identifiers, procedure fields, ethnic groups, religions) used by every provincial information system.",
             "trung-tam-cong-nghe-thong-tin-va-truyen-thong", ["cong-nghe", "dia-phuong"], ["danh mục dùng chung", "mã định danh", "H40"],
             freq="MONTHLY", fmts=("JSON", "CSV"), legal="20/2020/QĐ-TTg")
    p_dc = D("du-lieu-dan-cu-dung-chung", "Dữ liệu dân cư khai thác dùng chung cấp tỉnh", "Population data shared at provincial level",
             "Thông tin công dân (số định danh cá nhân, họ tên, ngày sinh, nơi thường trú) được khai thác từ CSDL quốc gia về dân cư qua nền tảng NDXP phục vụ giải quyết thủ tục hành chính.",
             "Citizen data (personal ID number, name, date of birth, residence) drawn from the national population database through NDXP for administrative procedures.",
             "cong-an-tinh", "xa-hoi", ["dân cư", "định danh", "VNeID", "Đề án 06"], scope="dung-rieng", freq="DAILY",
             pd="co-ban", imp="cot-loi", fmts=("JSON",), legal=["278/2025/NĐ-CP", "20/2025/QĐ-TTg"])
    DB("csdl-dung-chung-tinh", "dung-chung-tinh", "Cơ sở dữ liệu dùng chung tỉnh Nghệ An", "Nghe An shared provincial database",
       "Kho dữ liệu dùng chung của tỉnh đặt tại Trung tâm dữ liệu tỉnh, chia sẻ qua LGSP cho các sở, ngành và UBND cấp xã.",
       "The province's shared data store in the provincial data centre, shared through the LGSP with departments and communes.",
       "trung-tam-cong-nghe-thong-tin-va-truyen-thong", "cong-nghe", ["CSDL dùng chung", "LGSP", "trung tâm dữ liệu"],
       [p_dm, p_dc], scope="dung-chung", freq="DAILY", pd="co-ban", custodian="so-khoa-hoc-va-cong-nghe",
       fmts=("JSON",), legal=["194/2025/NĐ-CP", "4520/QĐ-UBND"])
    # 5. administrative procedures
    p_hs = D("ho-so-thu-tuc-hanh-chinh", "Hồ sơ thủ tục hành chính điện tử", "Electronic administrative case files",
             "Hồ sơ thủ tục hành chính tiếp nhận trực tuyến và trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh và bộ phận một cửa cấp xã, kèm trạng thái xử lý.",
             "Administrative case files received online and at the provincial public administration service centre and commune one-stop desks, with processing status.",
             "van-phong-ubnd-tinh", ["xa-hoi", "dia-phuong"], ["hồ sơ", "một cửa", "dịch vụ công trực tuyến"],
             scope="dung-chung", freq="DAILY", pd="co-ban", fmts=("JSON",), legal=["61/2018/NĐ-CP", "107/2021/NĐ-CP"])
    p_dg = D("danh-gia-muc-do-hai-long", "Đánh giá mức độ hài lòng về giải quyết thủ tục", "Satisfaction ratings of procedure handling",
             "Đánh giá của người dân, doanh nghiệp sau khi nhận kết quả thủ tục hành chính, tổng hợp theo cơ quan và theo tháng.",
             "Ratings given by citizens and businesses after receiving a procedure result, aggregated per agency and month.",
             "van-phong-ubnd-tinh", "xa-hoi", ["hài lòng", "chỉ số phục vụ", "dịch vụ công"], freq="MONTHLY",
             fmts=("CSV",), legal="766/QĐ-TTg")
    DB("he-thong-thong-tin-giai-quyet-tthc", "dung-chung-tinh", "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Nghệ An",
       "Nghe An administrative procedure information system",
       "Cơ sở dữ liệu của Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, dùng chung cho cấp tỉnh và cấp xã và kết nối Cổng dịch vụ công quốc gia.",
       "Database of the provincial administrative procedure system, shared by provincial and commune levels and connected to the National Public Service Portal.",
       "van-phong-ubnd-tinh", ["xa-hoi", "cong-nghe"], ["thủ tục hành chính", "dịch vụ công", "một cửa điện tử"],
       [p_hs, p_dg], scope="dung-chung", freq="DAILY", pd="co-ban", custodian="trung-tam-cong-nghe-thong-tin-va-truyen-thong",
       fmts=("JSON",), legal="107/2021/NĐ-CP")
    # 6. master data: organisations
    p_dn = D("danh-ba-doanh-nghiep", "Danh bạ doanh nghiệp đang hoạt động", "Directory of active enterprises",
             "Mã số doanh nghiệp, tên, địa chỉ trụ sở, ngành nghề chính và tình trạng hoạt động của doanh nghiệp có trụ sở tại Nghệ An.",
             "Enterprise code, name, head-office address, main industry and status of enterprises based in Nghe An.",
             "so-tai-chinh", "kinh-te-thuong-mai", ["doanh nghiệp", "mã số doanh nghiệp", "dữ liệu chủ"],
             freq="DAILY", fmts=("CSV", "JSON"), legal="168/2025/NĐ-CP")
    p_hkd = D("ho-kinh-doanh", "Hộ kinh doanh đã đăng ký", "Registered household businesses",
              "Hộ kinh doanh đăng ký theo thủ tục Đăng ký thành lập hộ kinh doanh tại cấp xã, gồm chủ hộ, địa điểm và ngành nghề.",
              "Household businesses registered at commune level, with owner, location and trade.",
              "so-tai-chinh", "kinh-te-thuong-mai", ["hộ kinh doanh", "đăng ký kinh doanh"], scope="dung-chung",
              freq="DAILY", pd="co-ban", fmts=("JSON",), legal="168/2025/NĐ-CP")
    DB("csdl-du-lieu-chu-to-chuc", "du-lieu-chu", "Cơ sở dữ liệu chủ về tổ chức, doanh nghiệp tỉnh Nghệ An",
       "Nghe An master data on organisations and enterprises",
       "Dữ liệu chủ về doanh nghiệp, hợp tác xã và hộ kinh doanh, dùng làm nguồn tham chiếu duy nhất cho các hệ thống của tỉnh.",
       "Master data on enterprises, co-operatives and household businesses, the single reference for provincial systems.",
       "so-tai-chinh", "kinh-te-thuong-mai", ["dữ liệu chủ", "doanh nghiệp", "hợp tác xã"], [p_dn, p_hkd],
       scope="dung-chung", freq="DAILY", pd="co-ban", custodian="trung-tam-cong-nghe-thong-tin-va-truyen-thong",
       fmts=("JSON",), legal="278/2025/NĐ-CP")
    # 7. social protection
    p_bt = D("doi-tuong-bao-tro-xa-hoi", "Đối tượng hưởng trợ cấp xã hội hằng tháng", "Recipients of monthly social allowance",
             "Người cao tuổi, người khuyết tật nặng và các đối tượng khác hưởng trợ cấp xã hội hằng tháng, theo xã, phường, kèm mức hưởng.",
             "Older people, people with severe disabilities and others receiving a monthly social allowance, per commune, with amounts.",
             NV, "xa-hoi", ["trợ cấp xã hội", "bảo trợ xã hội", "người cao tuổi", "người khuyết tật"], scope="dung-chung",
             freq="MONTHLY", pd="nhay-cam", fmts=("XLSX", "JSON"), legal="20/2021/NĐ-CP")
    p_ct = D("chi-tra-tro-cap-khong-dung-tien-mat", "Chi trả trợ cấp xã hội không dùng tiền mặt", "Cashless social allowance payments",
             "Các lần chi trả trợ cấp xã hội qua tài khoản ngân hàng và bưu điện, tổng hợp số tiền theo xã và theo kỳ.",
             "Social allowance payments via bank accounts and post offices, with totals per commune and period.",
             NV, ["xa-hoi", "tai-chinh"], ["chi trả", "an sinh xã hội", "không dùng tiền mặt"], scope="dung-chung",
             freq="MONTHLY", pd="co-ban", fmts=("XLSX",), legal="20/2021/NĐ-CP")
    DB("csdl-an-sinh-xa-hoi", "chuyen-nganh", "Cơ sở dữ liệu an sinh xã hội tỉnh Nghệ An", "Nghe An social protection database",
       "Dữ liệu đối tượng bảo trợ xã hội, người có công, hộ nghèo và việc chi trả chính sách do Sở Nội vụ quản lý.",
       "Data on social protection beneficiaries, people with merit, poor households and benefit payments, run by the Department of Home Affairs.",
       NV, "xa-hoi", ["an sinh xã hội", "người có công", "hộ nghèo"], [p_bt, p_ct], scope="dung-chung",
       freq="MONTHLY", pd="nhay-cam", fmts=("JSON",), legal="20/2021/NĐ-CP")
    # 8. complaints and denunciations (non-public, important per QĐ 20/2025)
    p_kn = D("don-khieu-nai-to-cao", "Đơn khiếu nại, tố cáo và kết quả giải quyết", "Complaints and denunciations and their outcome",
             "Đơn khiếu nại, tố cáo, kiến nghị, phản ánh được tiếp nhận, phân loại và kết quả giải quyết, kèm thông tin người gửi đơn.",
             "Complaints, denunciations and petitions received, their classification and outcome, with data on the senders.",
             "thanh-tra-tinh", "xa-hoi", ["khiếu nại", "tố cáo", "tiếp công dân"], scope="dung-rieng", freq="DAILY",
             imp="quan-trong", pd="nhay-cam", fmts=("JSON",), legal=["02/2011/QH13", "20/2025/QĐ-TTg"])
    DB("csdl-khieu-nai-to-cao", "chuyen-nganh", "Cơ sở dữ liệu tiếp công dân, xử lý đơn, khiếu nại, tố cáo tỉnh Nghệ An",
       "Nghe An database of citizen reception, petitions, complaints and denunciations",
       "Dữ liệu tiếp công dân, xử lý đơn và giải quyết khiếu nại, tố cáo của các cơ quan trong tỉnh, kết nối CSDL quốc gia về khiếu nại, tố cáo.",
       "Citizen reception, petition handling and complaint and denunciation data of the province's bodies, connected to the national database.",
       "thanh-tra-tinh", "xa-hoi", ["khiếu nại", "tố cáo", "thanh tra"], [p_kn], scope="dung-rieng", freq="DAILY",
       imp="quan-trong", pd="nhay-cam", fmts=("JSON",), legal=["02/2011/QH13", "25/2018/QH14"])


def make_databases():
    slugs = []
    for d, parts in DBS:
        slugs.append(d["slug"])
        slugs += [p["slug"] for p in parts]
    body = catalog_ttl("databases-2026", "co-so-du-lieu", "Danh mục cơ sở dữ liệu tỉnh Nghệ An năm 2026",
                       "Nghe An provincial databases catalogue 2026",
                       "Các cơ sở dữ liệu quốc gia (phần của tỉnh), cơ sở dữ liệu dùng chung, chuyên ngành và dữ liệu chủ của tỉnh Nghệ An, cùng các dịch vụ chia sẻ qua LGSP và NDXP.",
                       "National databases (the province's part), shared, sectoral and master-data databases of Nghe An, with their sharing services over the LGSP and NDXP.",
                       slugs, services=[s["slug"] for s in SERVICES])
    for d, parts in DBS:
        body += "\n" + dataset_ttl(d) + "\n" + "\n".join(dataset_ttl(p) for p in parts)
    write("databases.ttl", "Danh mục cơ sở dữ liệu 2026.", body)


# ---------------------------------------------------------------------------
# services.ttl
# ---------------------------------------------------------------------------

REST = "https://spec.openapis.org/oas/v3.0.3"
SOAP = "https://www.w3.org/TR/soap12/"
SPARQL = "https://www.w3.org/TR/sparql11-protocol/"
LGSP = "https://lgsp.nghean.gov.vn/api/"


def Svc(slug, api, title_vi, title_en, desc_vi, pub, serves, *, scope="dung-chung", gateway="LGSP",
        std=REST, legal="194/2025/NĐ-CP"):
    SERVICES.append(dict(slug=slug, api=api, vi=title_vi, en=title_en, dvi=desc_vi, pub=pub, serves=serves,
                         scope=scope, gateway=gateway, std=std, legal=legal))


def services():
    Svc("api-tra-cuu-ho-so-dvc", "APITraCuuHoSoDVC", "Dịch vụ tra cứu hồ sơ dịch vụ công", "Public-service case lookup API",
        "Tra cứu trạng thái và kết quả xử lý hồ sơ thủ tục hành chính theo mã hồ sơ trên Hệ thống thông tin giải quyết TTHC tỉnh.",
        "van-phong-ubnd-tinh", ["he-thong-thong-tin-giai-quyet-tthc", "ho-so-thu-tuc-hanh-chinh"])
    Svc("api-tra-cuu-danh-muc-tthc", "APITraCuuDanhMucThuTucHanhChinh", "Dịch vụ tra cứu danh mục thủ tục hành chính",
        "Administrative procedure catalogue lookup API",
        "Trả về danh mục thủ tục hành chính theo mã lĩnh vực hoặc mã thủ tục (ví dụ 1.002891.000.00.00.H40), kèm thành phần hồ sơ, thời hạn và phí.",
        "van-phong-ubnd-tinh", ["thu-tuc-hanh-chinh"], scope="mo")
    Svc("api-dong-bo-ho-tich", "APIDongBoHoTich", "Dịch vụ đồng bộ dữ liệu hộ tịch", "Civil status synchronisation API",
        "Đồng bộ dữ liệu hộ tịch đã số hóa của tỉnh lên CSDL hộ tịch điện tử toàn quốc và nhận lại dữ liệu khai sinh, kết hôn của công dân Nghệ An.",
        "so-tu-phap", ["csdl-ho-tich-dien-tu-toan-quoc", "du-lieu-ho-tich-so-hoa-nghe-an", "du-lieu-khai-sinh", "du-lieu-ket-hon"],
        gateway="NDXP", std=SOAP, legal=["87/2020/NĐ-CP", "194/2025/NĐ-CP"])
    Svc("api-tra-cuu-doanh-nghiep", "APITraCuuThongTinDoanhNghiep", "Dịch vụ tra cứu thông tin doanh nghiệp", "Enterprise information lookup API",
        "Tra cứu thông tin doanh nghiệp, hộ kinh doanh theo mã số từ cơ sở dữ liệu chủ về tổ chức của tỉnh.",
        "so-tai-chinh", ["csdl-du-lieu-chu-to-chuc", "danh-ba-doanh-nghiep", "ho-kinh-doanh"])
    Svc("api-dong-bo-du-lieu-dat-dai", "APIDongBoDuLieuDatDai", "Dịch vụ đồng bộ dữ liệu đất đai", "Land data synchronisation API",
        "Chia sẻ thông tin thửa đất, chủ sử dụng và biến động đất đai cho cơ quan thuế, Sở Tài chính và UBND cấp xã.",
        "so-nong-nghiep-va-moi-truong", ["csdl-dat-dai", "so-dia-chinh-dien-tu", "ban-do-dia-chinh"], gateway="NDXP", std=SOAP,
        legal=["31/2024/QH15", "194/2025/NĐ-CP"])
    Svc("api-du-lieu-quan-trac-thuy-van", "APIDuLieuQuanTracThuyVan", "Dịch vụ dữ liệu quan trắc thủy văn", "Hydrological monitoring data API",
        "Cung cấp số liệu mưa, mực nước sông Lam (sông Cả) theo trạm và theo thời gian, dùng cho cảnh báo lũ.",
        "so-nong-nghiep-va-moi-truong", ["muc-nuoc-song-lam", "luong-mua-tram-do-mua", "dong-du-lieu-quan-trac-thuy-van"], scope="mo")
    Svc("api-danh-muc-dung-chung", "APIDanhMucDungChung", "Dịch vụ danh mục dùng chung", "Shared code list API",
        "Cung cấp các danh mục dùng chung của tỉnh (đơn vị hành chính, cơ quan, lĩnh vực) cho các hệ thống kết nối LGSP.",
        "trung-tam-cong-nghe-thong-tin-va-truyen-thong", ["csdl-dung-chung-tinh", "danh-muc-dung-chung-tinh", "don-vi-hanh-chinh-cap-xa"],
        std="http://docs.oasis-open.org/odata/odata/v4.01/")
    Svc("api-khai-thac-du-lieu-dan-cu", "APIKhaiThacDuLieuDanCu", "Dịch vụ khai thác dữ liệu dân cư", "Population data access API",
        "Xác thực và khai thác thông tin công dân từ CSDL quốc gia về dân cư qua NDXP, phục vụ giải quyết thủ tục hành chính.",
        "cong-an-tinh", ["du-lieu-dan-cu-dung-chung"], scope="dung-rieng", gateway="NDXP",
        legal=["278/2025/NĐ-CP", "13/2023/NĐ-CP"])
    Svc("api-tra-cuu-doi-tuong-bao-tro-xa-hoi", "APITraCuuDoiTuongBaoTroXaHoi", "Dịch vụ tra cứu đối tượng bảo trợ xã hội",
        "Social protection beneficiary lookup API",
        "Tra cứu đối tượng hưởng trợ cấp xã hội hằng tháng và lịch sử chi trả, phục vụ BHXH tỉnh cấp thẻ BHYT.",
        "so-noi-vu", ["csdl-an-sinh-xa-hoi", "doi-tuong-bao-tro-xa-hoi", "chi-tra-tro-cap-khong-dung-tien-mat"])
    Svc("api-tiep-nhan-don-khieu-nai", "APITiepNhanDonKhieuNaiToCao", "Dịch vụ tiếp nhận, chuyển đơn khiếu nại, tố cáo",
        "Complaint and denunciation forwarding API",
        "Tiếp nhận và chuyển đơn khiếu nại, tố cáo giữa Thanh tra tỉnh, Văn phòng UBND tỉnh và UBND cấp xã; chỉ dùng nội bộ.",
        "thanh-tra-tinh", ["csdl-khieu-nai-to-cao", "don-khieu-nai-to-cao"], scope="dung-rieng")
    Svc("sparql-danh-muc-du-lieu", "sparql", "Điểm truy vấn SPARQL danh mục dữ liệu mở", "Open data catalogue SPARQL endpoint",
        "Truy vấn SPARQL 1.1 trên siêu dữ liệu DCAT-AP-VN của danh mục dữ liệu mở tỉnh Nghệ An.",
        "trung-tam-cong-nghe-thong-tin-va-truyen-thong", [d["slug"] for d in OPEN[:6]], scope="mo", std=SPARQL)


def make_services():
    out = []
    for s in SERVICES:
        for t in s["serves"]:
            assert t in REGISTRY, t
        ar, vs = SCOPES[s["scope"]]
        legal = s["legal"] if isinstance(s["legal"], list) else [s["legal"]]
        url = LGSP + s["api"]
        out.append(block("svc:" + s["slug"], [
            ("a", "dcat:DataService"),
            ("dct:identifier", plain(s["api"])),
            ("dct:title", [vi(s["vi"]), en(s["en"])]),
            ("dct:description", vi(s["dvi"])),
            ("dcat:endpointURL", iri(url)),
            ("dcat:endpointDescription", iri(url + ("/description" if s["std"] == SPARQL else "/docs"))),
            ("dcat:servesDataset", ["ds:" + t for t in s["serves"]]),
            ("dct:publisher", agency(s["pub"])),
            ("dcat:contactPoint", contact(s["pub"])),
            ("dct:conformsTo", iri(s["std"])),
            ("vn:gateway", plain(s["gateway"])),
            ("vn:authScheme", plain("AccessKey/SecretKey")),
            ("dct:accessRights", ar),
            ("vn:accessScope", vs),
            ("dct:license", iri(LICENCE) if s["scope"] == "mo" else None),
            ("vn:legalBasis", [plain(x) for x in legal]),
        ]))
    write("services.ttl", "Dịch vụ chia sẻ dữ liệu qua LGSP/NDXP.", "\n".join(out))


# ---------------------------------------------------------------------------
# agreements.ttl
# ---------------------------------------------------------------------------

AGREEMENTS = [
    # slug, title, assigner, assignee, target (ds:/svc: slug), start, end, legal
    ("lu-song-lam-nghe-an-ha-tinh", "Thỏa thuận chia sẻ dữ liệu mưa, lũ sông Lam (sông Cả) giữa Sở NN&MT Nghệ An và Sở NN&MT Hà Tĩnh",
     "so-nong-nghiep-va-moi-truong", "ht-snnmt", "ds:muc-nuoc-song-lam", "2025-09-01", "2028-08-31",
     ["194/2025/NĐ-CP", "33/2013/QH13"]),
    ("dong-bo-ho-tich-cong-an", "Thỏa thuận chia sẻ dữ liệu hộ tịch giữa Sở Tư pháp và Công an tỉnh",
     "so-tu-phap", "cong-an-tinh", "svc:api-dong-bo-ho-tich", "2025-10-01", "2027-12-31", ["278/2025/NĐ-CP"]),
    ("dat-dai-tai-chinh", "Thỏa thuận khai thác cơ sở dữ liệu đất đai phục vụ xác định nghĩa vụ tài chính",
     "so-nong-nghiep-va-moi-truong", "so-tai-chinh", "svc:api-dong-bo-du-lieu-dat-dai", "2025-08-19", "2027-08-18",
     ["194/2025/NĐ-CP", "31/2024/QH15"]),
    ("ho-so-dvc-ttcntt", "Thỏa thuận vận hành, khai thác dịch vụ tra cứu hồ sơ dịch vụ công",
     "van-phong-ubnd-tinh", "trung-tam-cong-nghe-thong-tin-va-truyen-thong", "svc:api-tra-cuu-ho-so-dvc", "2025-09-15", "2026-12-31",
     ["194/2025/NĐ-CP"]),
    ("doanh-nghiep-kkt-dong-nam", "Thỏa thuận chia sẻ dữ liệu doanh nghiệp với Ban Quản lý KKT Đông Nam",
     "so-tai-chinh", "ban-ql-khu-kinh-te-dong-nam", "svc:api-tra-cuu-doanh-nghiep", "2025-11-01", "2027-10-31",
     ["194/2025/NĐ-CP"]),
    ("bao-tro-xa-hoi-bhxh", "Thỏa thuận chia sẻ dữ liệu đối tượng bảo trợ xã hội để cấp thẻ BHYT",
     "so-noi-vu", "bao-hiem-xa-hoi-tinh", "svc:api-tra-cuu-doi-tuong-bao-tro-xa-hoi", "2025-10-15", "2027-10-14",
     ["278/2025/NĐ-CP", "20/2021/NĐ-CP"]),
    ("kham-chua-benh-so-y-te", "Thỏa thuận chia sẻ dữ liệu khám chữa bệnh BHYT cho Sở Y tế",
     "bao-hiem-xa-hoi-tinh", "so-y-te", "ds:kham-chua-benh-bhyt", "2026-01-01", "2026-12-31",
     ["194/2025/NĐ-CP", "13/2023/NĐ-CP"]),
    ("dan-cu-phuong-thanh-vinh", "Thỏa thuận khai thác dữ liệu dân cư cho UBND phường Thành Vinh",
     "cong-an-tinh", "ubnd-phuong-thanh-vinh", "svc:api-khai-thac-du-lieu-dan-cu", "2025-07-01", "2026-06-30",
     ["278/2025/NĐ-CP"]),
    ("giao-thong-nghe-an-thanh-hoa", "Thỏa thuận chia sẻ dữ liệu lưu lượng giao thông Quốc lộ 1 giữa Nghệ An và Thanh Hóa",
     "ubnd-tinh", "th-ubnd", "ds:luu-luong-giao-thong", "2026-01-15", "2028-01-14", ["194/2025/NĐ-CP"]),
    ("du-lich-nghe-an-ha-tinh", "Thỏa thuận chia sẻ dữ liệu luồng khách du lịch giữa Nghệ An và Hà Tĩnh",
     "ubnd-tinh", "ht-ubnd", "ds:khach-du-lich-mang-di-dong", "2026-02-01", "2027-01-31", ["194/2025/NĐ-CP"]),
]


def make_agreements():
    out = []
    svc_slugs = {s["slug"] for s in SERVICES}
    for slug, title, frm, to, target, start, end, legal in AGREEMENTS:
        kind, t = target.split(":")
        assert (t in REGISTRY) if kind == "ds" else (t in svc_slugs), target
        a = NA + "agreement/" + slug
        out.append(block(iri(a), [
            ("a", "odrl:Agreement"),
            ("odrl:uid", iri(a)),
            ("dct:title", vi(title)),
            ("odrl:assigner", agency(frm)),
            ("odrl:assignee", agency(to)),
            ("odrl:target", target),
            ("odrl:permission", f"[ a odrl:Permission ; odrl:action odrl:use ; odrl:target {target} ]"),
            ("dct:temporal", f"[ a dct:PeriodOfTime ; dcat:startDate {typed(start, 'date')} ; dcat:endDate {typed(end, 'date')} ]"),
            ("dct:issued", typed(start, "date")),
            ("vn:legalBasis", [plain(x) for x in legal]),
        ]))
    write("agreements.ttl", "Thỏa thuận chia sẻ dữ liệu (ODRL).", "\n".join(out))


# ---------------------------------------------------------------------------
# lineage.ttl
# ---------------------------------------------------------------------------

HT_FLOOD = HT + "dataset/muc-nuoc-song-lam-ha-tinh"

DERIVED = [  # (derived, [sources])
    # civil status: commune registers -> Sở Tư pháp -> national DB (QĐ 1811/QĐ-UBND 2020)
    ("du-lieu-ho-tich-so-hoa-nghe-an", ["so-ho-tich-xa-anh-son", "so-ho-tich-phuong-thanh-vinh"]),
    ("csdl-ho-tich-dien-tu-toan-quoc", ["du-lieu-ho-tich-so-hoa-nghe-an"]),
    ("thong-ke-dang-ky-ho-tich", ["du-lieu-khai-sinh", "du-lieu-ket-hon"]),
    # flood chain, depth 5 (+ the Hà Tĩnh edge)
    ("muc-nuoc-song-lam", ["dong-du-lieu-quan-trac-thuy-van"]),
    ("luong-mua-tram-do-mua", ["dong-du-lieu-quan-trac-thuy-van"]),
    ("mo-hinh-du-bao-ngap-lut-song-lam", ["muc-nuoc-song-lam", "luong-mua-tram-do-mua", HT_FLOOD]),
    ("ban-do-nguy-co-ngap-lut", ["mo-hinh-du-bao-ngap-lut-song-lam"]),
    ("phuong-an-ung-pho-thien-tai", ["ban-do-nguy-co-ngap-lut"]),
    ("diem-so-tan-mua-lu", ["phuong-an-ung-pho-thien-tai"]),
    # population and poverty
    ("dan-so-theo-xa", ["du-lieu-dan-cu-dung-chung", "don-vi-hanh-chinh-cap-xa"]),
    ("ho-ngheo-can-ngheo", ["dan-so-theo-xa", "doi-tuong-bao-tro-xa-hoi"]),
    # enterprises
    ("doanh-nghiep-dang-ky-moi", ["danh-ba-doanh-nghiep"]),
    ("doanh-nghiep-trong-kcn", ["danh-ba-doanh-nghiep", "khu-cong-nghiep-kkt-dong-nam"]),
    # forest, agriculture, procedures, tourism
    ("do-che-phu-rung", ["anh-ve-tinh-theo-doi-rung"]),
    ("san-xuat-cay-trong-chinh", ["nang-suat-lua-vien-tham"]),
    ("ket-qua-giai-quyet-tthc", ["ho-so-thu-tuc-hanh-chinh"]),
    ("luot-khach-du-lich", ["khach-du-lich-mang-di-dong", "co-so-luu-tru-du-lich"]),
    ("tham-gia-bhxh-bhyt-theo-xa", ["dan-so-theo-xa"]),
]

ACTIVITIES = [
    # slug, title, agency, used, generated, start, end, legal
    ("so-hoa-so-ho-tich-2020", "Số hóa sổ hộ tịch lưu trữ tại cấp xã theo QĐ 1811/QĐ-UBND", "so-tu-phap",
     ["so-ho-tich-xa-anh-son", "so-ho-tich-phuong-thanh-vinh"], ["du-lieu-ho-tich-so-hoa-nghe-an"],
     "2020-07-01T08:00:00+07:00", "2022-12-30T17:00:00+07:00", "1811/QĐ-UBND"),
    ("dong-bo-ho-tich-toan-quoc", "Đồng bộ dữ liệu hộ tịch đã số hóa lên CSDL hộ tịch điện tử toàn quốc", "so-tu-phap",
     ["du-lieu-ho-tich-so-hoa-nghe-an"], ["csdl-ho-tich-dien-tu-toan-quoc"],
     "2026-03-15T22:00:00+07:00", "2026-03-15T23:42:10+07:00", "87/2020/NĐ-CP"),
    ("tong-hop-muc-nuoc-ngay-2026-03-20", "Tổng hợp mực nước ngày từ dòng quan trắc tự động", "so-nong-nghiep-va-moi-truong",
     ["dong-du-lieu-quan-trac-thuy-van"], ["muc-nuoc-song-lam", "luong-mua-tram-do-mua"],
     "2026-03-21T00:05:00+07:00", "2026-03-21T00:11:37+07:00", None),
    ("chay-mo-hinh-ngap-lut-2025-10", "Chạy mô hình dự báo ngập lụt sông Lam đợt lũ tháng 10/2025", "so-nong-nghiep-va-moi-truong",
     ["muc-nuoc-song-lam", "luong-mua-tram-do-mua", HT_FLOOD], ["mo-hinh-du-bao-ngap-lut-song-lam"],
     "2025-10-01T06:00:00+07:00", "2025-10-01T09:30:00+07:00", "194/2025/NĐ-CP"),
    ("tong-hop-dan-so-theo-xa-2025", "Tổng hợp dân số theo 130 xã, phường sau sắp xếp", "cuc-thong-ke-tinh",
     ["du-lieu-dan-cu-dung-chung", "don-vi-hanh-chinh-cap-xa"], ["dan-so-theo-xa"],
     "2025-12-15T08:00:00+07:00", "2025-12-15T11:20:00+07:00", "19/2025/QĐ-TTg"),
]


def ds_ref(x):
    return iri(x) if x.startswith("http") else "ds:" + x


def make_lineage():
    out = [block(iri(HT_FLOOD), [
        ("a", "dcat:Dataset"),
        ("dct:title", vi("Mực nước sông Lam tại các trạm thủy văn tỉnh Hà Tĩnh")),
        ("dct:description", vi("Mực nước giờ tại các trạm thủy văn trên sông Lam thuộc tỉnh Hà Tĩnh (bản ghi tối thiểu để nối chuỗi dữ liệu liên tỉnh; danh mục đầy đủ do tỉnh Hà Tĩnh công bố).")),
        ("dct:publisher", agency("ht-snnmt")),
    ])]
    for target, sources in DERIVED:
        for x in [target] + sources:
            assert x.startswith("http") or x in REGISTRY, x
        out.append(block(ds_ref(target), [("prov:wasDerivedFrom", [ds_ref(s) for s in sources])]))
    for slug, title, who, used, gen, start, end, legal in ACTIVITIES:
        for x in used + gen:
            assert x.startswith("http") or x in REGISTRY, x
        out.append(block("act:" + slug, [
            ("a", "prov:Activity"),
            ("rdfs:label", vi(title)),
            ("prov:used", [ds_ref(x) for x in used]),
            ("prov:generated", [ds_ref(x) for x in gen]),
            ("prov:wasAssociatedWith", agency(who)),
            ("prov:startedAtTime", typed(start, "dateTime")),
            ("prov:endedAtTime", typed(end, "dateTime")),
            ("vn:legalBasis", plain(legal) if legal else None),
        ]))
        for g in gen:
            out.append(block(ds_ref(g), [("prov:wasGeneratedBy", "act:" + slug)]))
    # column-level lineage: population by commune from the shared population data
    src, dst = NA + "dataset/du-lieu-dan-cu-dung-chung", NA + "dataset/dan-so-theo-xa"
    for i, (fc, tc, note) in enumerate([
            ("ma_xa_thuong_tru", "ma_xa", "Mã xã nơi thường trú được chuẩn hóa theo mã QĐ 19/2025/QĐ-TTg."),
            ("so_dinh_danh_ca_nhan", "dan_so", "Đếm số định danh cá nhân theo xã; không chuyển dữ liệu cá nhân sang tập đích.")], 1):
        out.append(block(iri(f"{NA}activity/tong-hop-dan-so-theo-xa-2025#cot-{i}"), [
            ("a", "vn:ColumnLineage"),
            ("vn:fromColumn", plain(f"{src}#{fc}")),
            ("vn:toColumn", plain(f"{dst}#{tc}")),
            ("prov:wasInfluencedBy", ["act:tong-hop-dan-so-theo-xa-2025", "ds:du-lieu-dan-cu-dung-chung"]),
            ("rdfs:comment", vi(note)),
        ]))
    write("lineage.ttl", "Dòng dõi dữ liệu (PROV-O) và dòng dõi cột.", "\n".join(out))


# ---------------------------------------------------------------------------
# self-check (needs rdflib)
# ---------------------------------------------------------------------------

FILES = ["catalog.ttl", "open-data-2026.ttl", "big-data-2026.ttl", "databases.ttl", "services.ttl",
         "agreements.ttl", "lineage.ttl"]


def check():
    import csv
    from collections import Counter
    from rdflib import Graph, Literal, URIRef, Namespace
    from rdflib.namespace import RDF, DCAT, DCTERMS as DCT
    VN = Namespace("https://w3id.org/lienthong/dcat-ap-vn#")
    root = os.path.normpath(os.path.join(OUT, "..", ".."))
    g = Graph()
    for f in FILES:
        part = Graph().parse(os.path.join(OUT, f), format="turtle")
        g += part
    onto = Graph().parse(os.path.join(root, "ontologies", "dcat-ap-vn.ttl"))
    declared = {s for s in onto.subjects() if str(s).startswith(str(VN))}
    problems = []
    # vn: terms declared
    for t in set(g.predicates()) | set(g.objects(None, RDF.type)):
        if str(t).startswith(str(VN)) and t not in declared:
            problems.append(f"undeclared vn term {t}")
    # agencies and contacts
    allowed = {NA + "agency/" + a for a in AGENCIES} | set(PARTNERS.values())
    for term in set(g.subjects()) | set(g.objects()):
        s = str(term)
        if "/agency/" in s and s not in allowed:
            problems.append(f"unknown agency {s}")
        if "/contact/" in s and s.replace("/contact/", "/agency/") not in allowed:
            problems.append(f"unknown contact {s}")
        if isinstance(term, Literal) and not unicodedata.is_normalized("NFC", s):
            problems.append(f"non-NFC literal {s[:40]}")
    communes = {r["unit_code"] for r in csv.DictReader(open("/work/shared/domain/admin-units-2025.csv", encoding="utf-8"))
                if r["province_code"] == "40"} if os.path.exists("/work/shared/domain/admin-units-2025.csv") else None
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    scopes = Counter()
    titles = Counter()
    ids = Counter()
    for d in datasets:
        if not str(d).startswith(NA):
            continue
        for p in (DCT.identifier, DCT.title, DCT.description, DCT.publisher, DCT.creator, DCT.rightsHolder,
                  VN.custodian, DCAT.contactPoint, DCAT.theme, DCAT.keyword, DCT.spatial, DCT.issued, DCT.modified,
                  DCT.accrualPeriodicity, DCT.language, DCT.accessRights, VN.accessScope, VN.importance,
                  VN.personalData, DCAT.distribution):
            if g.value(d, p) is None:
                problems.append(f"{d} lacks {p}")
        scope = str(g.value(d, VN.accessScope)).rsplit("/", 1)[-1]
        scopes[scope] += 1
        ar = str(g.value(d, DCT.accessRights)).rsplit("/", 1)[-1]
        if SCOPES[scope][0] != "euar:" + ar:
            problems.append(f"{d} scope/rights mismatch")
        pd = str(g.value(d, VN.personalData)).rsplit("/", 1)[-1]
        imp = str(g.value(d, VN.importance)).rsplit("/", 1)[-1]
        lic = g.value(d, DCT.license)
        if scope == "mo" and (pd != "khong" or imp != "khac" or lic is None):
            problems.append(f"open {d} pd={pd} imp={imp} licence={lic}")
        if scope != "mo" and lic is not None:
            problems.append(f"non-open {d} has a licence")
        for t in g.objects(d, DCT.title):
            if t.language == "vi":
                titles[str(t)] += 1
        ids[str(g.value(d, DCT.identifier))] += 1
        for sp in g.objects(d, DCT.spatial):
            if str(sp).startswith(COMMUNE) and communes is not None and str(sp)[len(COMMUNE):] not in communes:
                problems.append(f"{d} unknown commune {sp}")
        for p in (DCT.issued, DCT.modified):
            v = str(g.value(d, p))
            if not ("2020" <= v[:4] <= "2026"):
                problems.append(f"{d} date {v}")
        if str(g.value(d, DCT.modified)) < str(g.value(d, DCT.issued)):
            problems.append(f"{d} modified < issued")
        for dist in g.objects(d, DCAT.distribution):
            if (dist, RDF.type, DCAT.Distribution) not in g:
                problems.append(f"{dist} untyped")
    problems += [f"duplicate title {t}" for t, n in titles.items() if n > 1]
    problems += [f"duplicate identifier {t}" for t, n in ids.items() if n > 1]
    # catalogue membership: each local dataset in exactly one sub-catalogue
    member = Counter(o for o in g.objects(None, DCAT.dataset))
    for d in datasets:
        if str(d).startswith(NA) and member[d] != 1:
            problems.append(f"{d} is in {member[d]} catalogues")
    for o in member:
        if o not in datasets:
            problems.append(f"catalogue lists untyped {o}")
    for s in g.objects(None, DCAT.servesDataset):
        if s not in datasets:
            problems.append(f"service serves unknown {s}")
    for s in g.objects(None, DCAT.service):
        if (s, RDF.type, DCAT.DataService) not in g:
            problems.append(f"catalogue lists unknown service {s}")
    local = [d for d in datasets if str(d).startswith(NA)]
    dbs = set(g.subjects(RDF.type, VN.Database))
    print(f"datasets: {len(datasets)} (local {len(local)}, databases {len(dbs)}), services: "
          f"{len(set(g.subjects(RDF.type, DCAT.DataService)))}, agreements: "
          f"{len(set(g.subjects(RDF.type, URIRef('http://www.w3.org/ns/odrl/2/Agreement'))))}, scopes: {dict(scopes)}, triples: {len(g)}")
    for p in problems:
        print("PROBLEM:", p)
    assert len(datasets) >= 60
    return not problems


def main():
    open_data()
    big_data()
    databases()
    services()
    make_root()
    make_open()
    make_big()
    make_databases()
    make_services()
    make_agreements()
    make_lineage()
    print("datasets registered:", len(REGISTRY), "open:", len(OPEN), "big:", len(BIG),
          "databases:", len(DBS), "parts:", sum(len(p) for _, p in DBS))
    try:
        import rdflib  # noqa: F401
    except ImportError:
        print("rdflib not installed: skipping the self-check")
        return
    if not check():
        raise SystemExit(1)
    print("check OK")


if __name__ == "__main__":
    main()
