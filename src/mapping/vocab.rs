//! Vocabulary terms written by the mapping. `ct:` terms mirror `ontology/claimtrace.ttl`; a
//! test checks that every one of them is declared there.

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: ::oxigraph::model::NamedNodeRef<'static> = ::oxigraph::model::NamedNodeRef::new_unchecked(concat!($ns, $local));)*
        /// Every term of this namespace that the code writes.
        #[allow(dead_code)]
        pub const ALL: &[::oxigraph::model::NamedNodeRef<'static>] = &[$($name),*];
    };
}

pub const CT: &str = "https://w3id.org/claimtrace/ontology#";
pub const SCHEMA: &str = "http://schema.org/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
/// Data IRIs live under this base unless the user sets another.
pub const DEFAULT_BASE: &str = "https://w3id.org/claimtrace/id/";

/// Prefixes known everywhere: REPL, query, export, table rendering.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ct", CT),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("nif", NIF),
    ("wd", "http://www.wikidata.org/entity/"),
    ("ctid", DEFAULT_BASE),
];

pub mod ct {
    terms!("https://w3id.org/claimtrace/ontology#";
        STATEMENT = "Statement",
        CLAIM = "Claim",
        OUTLET = "Outlet",
        UNNAMED_GROUP = "UnnamedGroup",
        UNNAMED_ROLE = "UnnamedRole",
        STATEMENT_KIND = "StatementKind",
        CUE_CLASS = "CueClass",
        DIRECT = "Direct",
        INDIRECT = "Indirect",
        MIXED = "Mixed",
        ACCORDING_TO = "AccordingTo",
        ASSERT = "Assert",
        REPORT = "Report",
        BELIEVE = "Believe",
        INTEND = "Intend",
        DENY = "Deny",
        KIND = "kind",
        SPEAKER = "speaker",
        CUE = "cue",
        CUE_LEMMA = "cueLemma",
        CUE_CLASS_P = "cueClass",
        CONTENT = "content",
        SOURCE_TEXT = "sourceText",
        REPORTED_BY = "reportedBy",
        STATED_ON = "statedOn",
        WITHIN = "within",
        IN_ARTICLE = "inArticle",
        CONFIDENCE = "confidence",
        CONTENT_SPAN = "contentSpan",
        CUE_SPAN = "cueSpan",
        SOURCE_SPAN = "sourceSpan",
        BASED_ON_REPORTS_BY = "basedOnReportsBy",
        SOURCE_LINE = "sourceLine",
        OCCASION = "occasion",
        DOCUMENT_NAME = "documentName",
        SUMMARY_ONLY = "summaryOnly",
        COUNTRY = "country",
        OUTLET_KIND = "outletKind",
        SECTION = "section",
        INGESTED_AT = "ingestedAt",
        READ_FROM = "readFrom",
        EXTRACTOR_VERSION = "extractorVersion",
        INPUT_DIGEST = "inputDigest",
        ARTICLE_TOTAL = "articleTotal",
        STATEMENT_TOTAL = "statementTotal",
        QUAD_TOTAL = "quadTotal",
        STATEMENT_COUNT = "statementCount",
        CARRIED_COUNT = "carriedCount",
        ARTICLE_COUNT = "articleCount",
        COUNTS_PENDING = "countsPending",
        LEADING_COUNT = "leadingCount",
        LEADS = "leads",
        OUTLET_RANK = "outletRank",
        RANKED_OUTLETS = "rankedOutlets",
        PUSHED_GRAPH = "pushedGraph",
        PUSHED_TO = "pushedTo",
        PUSHED_DIGEST = "pushedDigest",
        PUSHED_AT = "pushedAt",
        CLAIM_P = "claim",
        NAME_IN_ARTICLE = "nameInArticle",
        JOB_TITLE_IN_ARTICLE = "jobTitleInArticle",
        NAMES_BY_ARTICLE = "namesByArticle",
    );
}

pub mod schema {
    terms!("http://schema.org/";
        NEWS_ARTICLE = "NewsArticle",
        NEWS_MEDIA_ORGANIZATION = "NewsMediaOrganization",
        PERSON = "Person",
        ORGANIZATION = "Organization",
        IMAGE_OBJECT = "ImageObject",
        HEADLINE = "headline",
        DATE_PUBLISHED = "datePublished",
        AUTHOR = "author",
        PUBLISHER = "publisher",
        URL = "url",
        NAME = "name",
        ALTERNATE_NAME = "alternateName",
        JOB_TITLE = "jobTitle",
        MEMBER_OF = "memberOf",
        PARENT_ORGANIZATION = "parentOrganization",
        IMAGE = "image",
        CREDIT_TEXT = "creditText",
        ENCODING_FORMAT = "encodingFormat",
        ADDITIONAL_TYPE = "additionalType",
        CLAIM = "Claim",
        TEXT = "text",
        APPEARANCE = "appearance",
    );
}

pub mod prov {
    terms!("http://www.w3.org/ns/prov#";
        ENTITY = "Entity",
        AGENT = "Agent",
        WAS_ATTRIBUTED_TO = "wasAttributedTo",
    );
}

pub mod nif {
    terms!("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
        CONTEXT = "Context",
        STRING = "String",
        IS_STRING = "isString",
        BEGIN_INDEX = "beginIndex",
        END_INDEX = "endIndex",
        ANCHOR_OF = "anchorOf",
        REFERENCE_CONTEXT = "referenceContext",
    );
}

pub mod owl {
    terms!("http://www.w3.org/2002/07/owl#"; SAME_AS = "sameAs");
}

/// Expands `prefix:local` with the known prefixes.
pub fn expand(curie: &str) -> Option<String> {
    let (p, local) = curie.split_once(':')?;
    PREFIXES
        .iter()
        .find(|(name, _)| *name == p)
        .map(|(_, ns)| format!("{ns}{local}"))
}

/// Shortens an IRI with the known prefixes for display ("ctid:person/dmitry-peskov").
pub fn shorten(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(p, ns)| {
        let local = iri.strip_prefix(ns)?;
        local
            .chars()
            .all(|c| c.is_alphanumeric() || "_-./#=,".contains(c))
            .then(|| format!("{p}:{local}"))
    })
}
