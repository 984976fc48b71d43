// ddgraph Neo4j schema: constraints and indexes for the property graph of ddgraph.graph.
//
// Purpose: one node per id (uniqueness constraints, which also back the id look-ups of `ddgraph load`),
// one relationship per id and type, range indexes for the date/kind/status filters of cypher/queries/,
// and one full-text index for name search across every label and language.
//
// How to run: `ddgraph load` applies it before every load (every statement is IF NOT EXISTS, so it is
// idempotent); by hand: `cypher-shell -u neo4j -f cypher/schema.cypher`, or paste it in the Browser
// with "Enable multi statement query editor".
//
// Neo4j 5.26 Community: node and relationship property uniqueness constraints are available (key and
// existence constraints are Enterprise-only, hence not used). Dates are native `date` values.
//
// Full-text search example:
//   CALL db.index.fulltext.queryNodes('ddgraph_names', 'hotline~') YIELD node, score RETURN node.id, score

// ----------------------------------------------------------------- node ids (uniqueness)
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mechanism_id IF NOT EXISTS FOR (n:Mechanism) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT status_change_id IF NOT EXISTS FOR (n:StatusChange) REQUIRE n.id IS UNIQUE;

// The bookkeeping node of `ddgraph load` (digest of the last load, and the load lock: every ddgraph
// write MERGEs it first, so concurrent loads queue on it; the constraint makes that MERGE race-free).
CREATE CONSTRAINT ddgraph_load_id IF NOT EXISTS FOR (n:DdgraphLoad) REQUIRE n.id IS UNIQUE;

// The nodes a staged (big) load has written but not made visible yet: found by id when the relationships
// that touch them are written, and when the load's last transaction gives them their labels.
CREATE CONSTRAINT ddgraph_staged_id IF NOT EXISTS FOR (n:DdgraphStaged) REQUIRE n.id IS UNIQUE;

// ----------------------------------------------------------------- relationship ids (uniqueness)
CREATE CONSTRAINT part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT located_in_id IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT citizen_of_id IF NOT EXISTS FOR ()-[r:CITIZEN_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT holds_office_id IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT participates_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT has_status_id IF NOT EXISTS FOR ()-[r:HAS_STATUS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT triggered_by_id IF NOT EXISTS FOR ()-[r:TRIGGERED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT of_mechanism_id IF NOT EXISTS FOR ()-[r:OF_MECHANISM]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT held_in_id IF NOT EXISTS FOR ()-[r:HELD_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT attended_id IF NOT EXISTS FOR ()-[r:ATTENDED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT caused_id IF NOT EXISTS FOR ()-[r:CAUSED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT refused_id IF NOT EXISTS FOR ()-[r:REFUSED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT sanctioned_id IF NOT EXISTS FOR ()-[r:SANCTIONED]-() REQUIRE r.id IS UNIQUE;

// ----------------------------------------------------------------- names
CREATE INDEX source_name IF NOT EXISTS FOR (n:Source) ON (n.name);
CREATE INDEX country_name IF NOT EXISTS FOR (n:Country) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX mechanism_name IF NOT EXISTS FOR (n:Mechanism) ON (n.name);
CREATE INDEX event_name IF NOT EXISTS FOR (n:Event) ON (n.name);
CREATE INDEX status_change_name IF NOT EXISTS FOR (n:StatusChange) ON (n.name);
CREATE INDEX country_iso3 IF NOT EXISTS FOR (n:Country) ON (n.iso3);

// ----------------------------------------------------------------- kinds and statuses
CREATE INDEX place_kind IF NOT EXISTS FOR (n:Place) ON (n.kind);
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX mechanism_kind IF NOT EXISTS FOR (n:Mechanism) ON (n.kind);
CREATE INDEX mechanism_track IF NOT EXISTS FOR (n:Mechanism) ON (n.track);
CREATE INDEX mechanism_level IF NOT EXISTS FOR (n:Mechanism) ON (n.level);
CREATE INDEX mechanism_latest_status IF NOT EXISTS FOR (n:Mechanism) ON (n.latest_status);
CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind);
CREATE INDEX event_outcome IF NOT EXISTS FOR (n:Event) ON (n.outcome);
CREATE INDEX status_change_status IF NOT EXISTS FOR (n:StatusChange) ON (n.status);
CREATE INDEX status_change_mechanism IF NOT EXISTS FOR (n:StatusChange) ON (n.mechanism);
CREATE INDEX source_publisher IF NOT EXISTS FOR (n:Source) ON (n.publisher);

// ----------------------------------------------------------------- dates (native date values)
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.`date`);
CREATE INDEX status_change_from IF NOT EXISTS FOR (n:StatusChange) ON (n.`from`);
CREATE INDEX status_change_to IF NOT EXISTS FOR (n:StatusChange) ON (n.`to`);
CREATE INDEX source_published IF NOT EXISTS FOR (n:Source) ON (n.`published`);
CREATE INDEX holds_office_from IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() ON (r.`from`);
CREATE INDEX holds_office_to IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() ON (r.`to`);
CREATE INDEX participates_in_from IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.`from`);
CREATE INDEX participates_in_to IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.`to`);
CREATE INDEX refused_date IF NOT EXISTS FOR ()-[r:REFUSED]-() ON (r.`date`);
CREATE INDEX sanctioned_date IF NOT EXISTS FOR ()-[r:SANCTIONED]-() ON (r.`date`);
CREATE INDEX holds_office_title IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() ON (r.title);
CREATE INDEX participates_in_role IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.role);

// ----------------------------------------------------------------- full-text names, all labels and languages
CREATE FULLTEXT INDEX ddgraph_names IF NOT EXISTS
FOR (n:Source|Country|Place|Organization|Person|Mechanism|Event|StatusChange)
ON EACH [n.name, n.name_en, n.name_vi, n.name_zh, n.name_ja, n.name_ko, n.aliases];
