//! Shared vocabulary: every namespace and term IRI the code refers to, in one place.
//!
//! The IRI scheme itself is documented in `ontologies/IRI-SCHEME.md`; this module mirrors it.
//!
//! ```
//! use lienthong::vocab::{dcat, graph};
//! assert_eq!(dcat::DATASET.as_str(), "http://www.w3.org/ns/dcat#Dataset");
//! assert!(graph::is_restricted("https://w3id.org/lienthong/graph/import/x/restricted"));
//! ```

use oxigraph::model::NamedNodeRef;

macro_rules! terms {
    ($ns:expr; $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
    };
}

/// W3C Data Catalog Vocabulary (DCAT 3).
pub mod dcat {
    use super::*;
    pub const NS: &str = "http://www.w3.org/ns/dcat#";
    terms!("http://www.w3.org/ns/dcat#";
        CATALOG = "Catalog", DATASET = "Dataset", DISTRIBUTION = "Distribution",
        DATA_SERVICE = "DataService", CATALOG_PROP = "catalog", DATASET_PROP = "dataset",
        DISTRIBUTION_PROP = "distribution", SERVICE = "service", SERVES_DATASET = "servesDataset",
        CONTACT_POINT = "contactPoint", THEME = "theme", KEYWORD = "keyword",
        ACCESS_URL = "accessURL", DOWNLOAD_URL = "downloadURL", ENDPOINT_URL = "endpointURL",
        BYTE_SIZE = "byteSize", SPATIAL_RESOLUTION_IN_METERS = "spatialResolutionInMeters",
        MEDIA_TYPE = "mediaType", START_DATE = "startDate", END_DATE = "endDate",
        ACCESS_SERVICE = "accessService",
    );
}

/// DCMI Metadata Terms.
pub mod dct {
    use super::*;
    pub const NS: &str = "http://purl.org/dc/terms/";
    terms!("http://purl.org/dc/terms/";
        TITLE = "title", DESCRIPTION = "description", PUBLISHER = "publisher", CREATOR = "creator",
        IDENTIFIER = "identifier", ISSUED = "issued", MODIFIED = "modified",
        ACCESS_RIGHTS = "accessRights", LICENSE = "license", SPATIAL = "spatial",
        FORMAT = "format", HAS_PART = "hasPart", ACCRUAL_PERIODICITY = "accrualPeriodicity",
        LANGUAGE = "language", RIGHTS = "rights", RIGHTS_HOLDER = "rightsHolder",
        TEMPORAL = "temporal",
    );
}

pub mod rdf {
    use super::*;
    terms!("http://www.w3.org/1999/02/22-rdf-syntax-ns#"; TYPE = "type", FIRST = "first", REST = "rest", NIL = "nil", LANG_STRING = "langString");
    pub const SUB_CLASS_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subClassOf");
    pub const RDFS_CLASS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#Class");
}

/// SKOS labels (themes, administrative units, agencies' short names).
pub mod skos {
    use super::*;
    terms!("http://www.w3.org/2004/02/skos/core#";
        CONCEPT = "Concept", PREF_LABEL = "prefLabel", ALT_LABEL = "altLabel", NOTATION = "notation",
    );
}

/// RDF Schema labels and comments.
pub mod rdfs {
    use super::*;
    terms!("http://www.w3.org/2000/01/rdf-schema#"; LABEL = "label", COMMENT = "comment");
}

/// Records the OpenLineage intake creates: runs, jobs, and datasets not matched to the catalogue.
pub mod openlineage {
    pub const NS: &str = "https://w3id.org/lienthong/openlineage/";
    pub const RUN: &str = "https://w3id.org/lienthong/openlineage/run/";
    pub const JOB: &str = "https://w3id.org/lienthong/openlineage/job/";
    pub const DATASET: &str = "https://w3id.org/lienthong/openlineage/dataset/";
}

pub mod foaf {
    use super::*;
    terms!("http://xmlns.com/foaf/0.1/"; ORGANIZATION = "Organization", AGENT = "Agent", NAME = "name", HOMEPAGE = "homepage");
}

pub mod prov {
    use super::*;
    terms!("http://www.w3.org/ns/prov#";
        WAS_DERIVED_FROM = "wasDerivedFrom", ACTIVITY = "Activity", USED = "used",
        GENERATED = "generated", WAS_ASSOCIATED_WITH = "wasAssociatedWith",
        STARTED_AT_TIME = "startedAtTime", ENDED_AT_TIME = "endedAtTime",
        WAS_GENERATED_BY = "wasGeneratedBy", WAS_INFLUENCED_BY = "wasInfluencedBy",
        WAS_INFORMED_BY = "wasInformedBy", PLAN = "Plan",
    );
}

pub mod odrl {
    use super::*;
    terms!("http://www.w3.org/ns/odrl/2/";
        AGREEMENT = "Agreement", ASSIGNER = "assigner", ASSIGNEE = "assignee", TARGET = "target",
        PERMISSION = "permission", PERMISSION_CLASS = "Permission", ACTION = "action", USE = "use", UID = "uid",
    );
}

pub mod vcard {
    use super::*;
    terms!("http://www.w3.org/2006/vcard/ns#"; KIND = "Kind", FN = "fn", HAS_EMAIL = "hasEmail");
}

/// Hydra Core, used for paging the `/catalog` feed as ckanext-dcat does.
pub mod hydra {
    use super::*;
    pub const NS: &str = "http://www.w3.org/ns/hydra/core#";
    terms!("http://www.w3.org/ns/hydra/core#";
        PARTIAL_COLLECTION_VIEW = "PartialCollectionView", TOTAL_ITEMS = "totalItems",
        FIRST = "first", NEXT = "next", PREVIOUS = "previous", LAST = "last",
        ITEMS_PER_PAGE = "itemsPerPage",
    );
}

pub mod xsd {
    use super::*;
    terms!("http://www.w3.org/2001/XMLSchema#";
        INTEGER = "integer", NON_NEGATIVE_INTEGER = "nonNegativeInteger", DECIMAL = "decimal",
        DATE = "date", DATE_TIME = "dateTime", G_YEAR = "gYear", BOOLEAN = "boolean",
    );
}

/// DCAT-AP-VN, this project's provisional profile (`ontologies/dcat-ap-vn.ttl`).
pub mod vn {
    use super::*;
    pub const NS: &str = "https://w3id.org/lienthong/dcat-ap-vn#";
    terms!("https://w3id.org/lienthong/dcat-ap-vn#";
        DATABASE = "Database", ACCESS_SCOPE = "accessScope", IMPORTANCE = "importance",
        PERSONAL_DATA = "personalData", CUSTODIAN = "custodian", DATABASE_KIND = "databaseKind",
        CATALOGUE_KIND = "catalogueKind", CATALOGUE_YEAR = "catalogueYear", LEGAL_BASIS = "legalBasis",
        AUTH_SCHEME = "authScheme", GATEWAY = "gateway", ADMIN_UNIT_CODE = "adminUnitCode",
        PEER = "Peer", PEER_CATALOG = "peerCatalog", TOKEN_ENV = "tokenEnv",
        TIMEOUT_SECONDS = "timeoutSeconds", BASE_URL = "baseURL",
        // Lineage (column level, OpenLineage intake): see ontologies/dcat-ap-vn.ttl.
        COLUMN_LINEAGE = "ColumnLineage", FROM_COLUMN = "fromColumn", TO_COLUMN = "toColumn",
        COLUMN_LINEAGE_PROP = "columnLineage", TRANSFORMATION = "transformation",
        COLUMN = "Column", COLUMN_PROP = "column", COLUMN_TYPE = "columnType",
        OPENLINEAGE_NAMESPACE = "openLineageNamespace", OPENLINEAGE_NAME = "openLineageName",
        JOB = "job", RUN_STATE = "runState", NEEDS_CURATION = "needsCuration",
        SQL_QUERY = "sqlQuery", ERROR_MESSAGE = "errorMessage",
    );
    /// Where a registered peer (partner province) is described: `<PEER_NS><id>`.
    pub const PEER_NS: &str = "https://w3id.org/lienthong/peer/";
}

/// DCAT-AP-VN code lists.
pub mod code {
    use super::*;
    pub const NS: &str = "https://w3id.org/lienthong/code/";
    terms!("https://w3id.org/lienthong/code/";
        SCOPE_OPEN = "access-scope/mo", SCOPE_SHARED = "access-scope/dung-chung",
        SCOPE_PRIVATE = "access-scope/dung-rieng",
        CATALOGUE_OPEN_DATA = "catalogue-kind/du-lieu-mo", CATALOGUE_BIG_DATA = "catalogue-kind/du-lieu-lon",
        CATALOGUE_DATABASES = "catalogue-kind/co-so-du-lieu",
    );
    /// Theme codes of the national data portal's groups (plus land, which the province needs).
    pub const THEMES: &[&str] = &[
        "nong-nghiep",
        "kinh-te-thuong-mai",
        "giao-duc",
        "y-te",
        "lao-dong",
        "moi-truong",
        "tai-chinh",
        "nang-luong-ha-tang",
        "xa-hoi",
        "cong-nghe",
        "dia-phuong",
        "dat-dai",
    ];
}

/// EU Publications Office authority tables reused by DCAT-AP.
pub mod eu {
    use super::*;
    terms!("http://publications.europa.eu/resource/authority/";
        ACCESS_PUBLIC = "access-right/PUBLIC", ACCESS_RESTRICTED = "access-right/RESTRICTED",
        ACCESS_NON_PUBLIC = "access-right/NON_PUBLIC", LANG_VIE = "language/VIE", LANG_ENG = "language/ENG",
    );
    pub const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency/";
    pub const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
}

/// W3C SHACL (Shapes Constraint Language), used by the `shacl` validation engine.
pub mod sh {
    use super::*;
    pub const NS: &str = "http://www.w3.org/ns/shacl#";
    terms!("http://www.w3.org/ns/shacl#";
        NODE_SHAPE = "NodeShape", PROPERTY_SHAPE = "PropertyShape", SHAPE = "Shape",
        TARGET_CLASS = "targetClass", TARGET_NODE = "targetNode", TARGET_SUBJECTS_OF = "targetSubjectsOf",
        TARGET_OBJECTS_OF = "targetObjectsOf", PATH = "path", DEACTIVATED = "deactivated",
        SEVERITY = "severity", MESSAGE = "message", VIOLATION = "Violation", WARNING = "Warning", INFO = "Info",
        INVERSE_PATH = "inversePath", ALTERNATIVE_PATH = "alternativePath", ZERO_OR_MORE_PATH = "zeroOrMorePath",
        ONE_OR_MORE_PATH = "oneOrMorePath", ZERO_OR_ONE_PATH = "zeroOrOnePath",
        VALIDATION_REPORT = "ValidationReport", VALIDATION_RESULT = "ValidationResult", CONFORMS = "conforms",
        RESULT = "result", FOCUS_NODE = "focusNode", RESULT_PATH = "resultPath", VALUE = "value",
        SOURCE_SHAPE = "sourceShape", SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent",
        SOURCE_CONSTRAINT = "sourceConstraint", RESULT_SEVERITY = "resultSeverity", RESULT_MESSAGE = "resultMessage",
        DETAIL = "detail", PROPERTY = "property", NODE = "node", IRI = "IRI", BLANK_NODE = "BlankNode", LITERAL = "Literal",
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI", BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral", IRI_OR_LITERAL = "IRIOrLiteral",
        SPARQL = "sparql", SELECT = "select", ASK = "ask", PREFIXES = "prefixes", DECLARE = "declare",
        PREFIX = "prefix", NAMESPACE = "namespace",
    );
}

/// Harvesting: sources, runs and per-record state (`src/harvest`).
pub mod harvest {
    use super::*;
    pub const NS: &str = "https://w3id.org/lienthong/harvest#";
    /// Source IRIs are `SOURCE_BASE` + id; run IRIs are `RUN_BASE` + id + `/` + timestamp.
    pub const SOURCE_BASE: &str = "https://w3id.org/lienthong/source/";
    pub const RUN_BASE: &str = "https://w3id.org/lienthong/harvest/run/";
    terms!("https://w3id.org/lienthong/harvest#";
        SOURCE = "Source", KIND = "kind", URL = "url", SCHEDULE = "schedule",
        CREDENTIALS_ENV = "credentialsEnv", POLICY = "validationPolicy", AGENCY = "agency",
        ALLOWED_HOST = "allowedHost", ENABLED = "enabled", RECORD_STATE = "recordState",
        ETAG = "etag", LAST_MODIFIED = "lastModified", RUN = "Run", STATUS = "status",
        ADDED = "added", UPDATED = "updated", UNCHANGED = "unchanged", REMOVED = "removed",
        INVALID = "invalid", ERROR = "error", REPORT = "report", EXTRA = "extra",
    );
}

/// Administrative units (QĐ 19/2025 codes).
pub mod admin {
    pub const PROVINCE: &str = "https://w3id.org/lienthong/admin-unit/province/";
    pub const COMMUNE: &str = "https://w3id.org/lienthong/admin-unit/commune/";
}

/// Named-graph conventions: every triple lives in a graph that says where it came from.
pub mod graph {
    pub const NS: &str = "https://w3id.org/lienthong/graph/";
    pub const ONTOLOGY: &str = "https://w3id.org/lienthong/graph/ontology";
    pub const SHAPES: &str = "https://w3id.org/lienthong/graph/shapes";
    pub const VALIDATION: &str = "https://w3id.org/lienthong/graph/validation";
    pub const HARVEST_LOG: &str = "https://w3id.org/lienthong/graph/harvest-log";
    pub const SYSTEM: &str = "https://w3id.org/lienthong/graph/system";
    pub const QUARANTINE: &str = "https://w3id.org/lienthong/graph/quarantine";
    /// The peers registry (partner provinces): public, so the region is visible to all.
    pub const PEERS: &str = "https://w3id.org/lienthong/graph/peers";
    /// Where SPARQL Update writes that name no graph end up (local edits).
    pub const LOCAL: &str = "https://w3id.org/lienthong/graph/local";
    /// Suffix of the companion graph that holds a graph's non-public records.
    pub const RESTRICTED_SUFFIX: &str = "/restricted";

    pub fn import(name: &str) -> String {
        format!("{NS}import/{}", slug(name))
    }
    pub fn agency(slug_: &str) -> String {
        format!("{NS}agency/{}", slug(slug_))
    }
    pub fn source(id: &str) -> String {
        format!("{NS}source/{}", slug(id))
    }
    /// Where OpenLineage run events of one job namespace are kept.
    pub fn openlineage(job_namespace: &str) -> String {
        format!("{NS}openlineage/{}", slug(job_namespace))
    }
    pub fn restricted_of(g: &str) -> String {
        format!("{g}{RESTRICTED_SUFFIX}")
    }
    pub fn is_restricted(g: &str) -> bool {
        g.ends_with(RESTRICTED_SUFFIX)
    }
    /// Graphs that only the administrator may read, whatever they hold.
    pub fn is_admin_only(g: &str) -> bool {
        is_restricted(g)
            || [VALIDATION, HARVEST_LOG, SYSTEM, QUARANTINE].contains(&g)
            || g.starts_with(&format!("{QUARANTINE}/"))
    }
    /// ASCII slug for graph and record IRIs: lowercase, diacritics folded, `đ` → `d`.
    pub fn slug(s: &str) -> String {
        let folded = crate::text::fold(s);
        let mut out = String::with_capacity(folded.len());
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').to_string()
    }
}

/// Validation bookkeeping in `graph/validation`: one report per checked record, the record's
/// status on entry (`quarantined`, `accepted`, `released`...), and quarantine graph mappings.
pub mod val {
    use super::*;
    pub const NS: &str = "https://w3id.org/lienthong/validation#";
    /// Report IRIs: `{REPORT_BASE}<hex>`; their results: `{REPORT_BASE}<hex>/r<n>`.
    pub const REPORT_BASE: &str = "https://w3id.org/lienthong/validation/report/";
    terms!("https://w3id.org/lienthong/validation#";
        RECORD_REPORT = "RecordReport", RECORD = "record", STATUS = "status", SOURCE = "source",
        AGENCY = "agency", TARGET_GRAPH = "targetGraph", QUARANTINE_GRAPH = "quarantineGraph",
        QUARANTINE_OF = "quarantineOf", PUBLIC = "public", VIOLATIONS = "violations",
        WARNINGS = "warnings", PATH_TEXT = "pathText", SHAPE_TEXT = "shapeText", CREATED = "created",
    );
}
