// name: apoc_import_json
// purpose: import a `ddgraph export --format jsonl` file into an EMPTY database with APOC, so that
//   ddgraph (`--neo4j`, `ddgraph query`, `export --from-neo4j`) reads back exactly the exported graph:
//   the uniqueness constraints apoc.import.json requires (one per label, on `id`), then the import
//   with `id` as the import id and every date property typed as a Neo4j DATE.
// params: source (a file:/// URL under the server's import directory, an http(s) URL, or the file's
//   bytes), compression (null for a URL, 'NONE' for bytes)
// example: {"source": "file:///ddgraph.jsonl", "compression": null}
// how to run: Browser: `:params {source: 'file:///ddgraph.jsonl', compression: null}`, enable the
//   multi-statement editor and paste this file; cypher-shell: `cypher-shell -P "source =>
//   'file:///ddgraph.jsonl'" -P "compression => null" -f cypher/imports/apoc_import_json.cypher`.
//   Then `ddgraph load` once (it applies cypher/schema.cypher; the diff reports 0 changes).
// Kept in step with the model by tests/test_export_consumers.py: one constraint per label of
// ddgraph.export.all_node_labels(), and every date property of every label and type mapped.
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Mechanism) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:StatusChange) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Announcement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Call) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:DefenseMinistersDialogue) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Exercise) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Hotline) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Incident) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:JointExerciseSeries) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:MilitaryTalks) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:MultilateralForum) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Refusal) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Resumption) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Sanction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Session) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Signing) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Summit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Suspension) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Track1Dialogue) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Track2Dialogue) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:TrilateralMeeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:TwoPlusTwo) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR (n:Visit) REQUIRE n.id IS UNIQUE;
CALL apoc.import.json($source, {
  importIdName: 'id',
  compression: $compression,
  nodePropertyMappings: {
    Source: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Country: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Place: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Organization: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Person: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Mechanism: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    Event: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    StatusChange: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'}
  },
  relPropertyMappings: {
    PART_OF: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    LOCATED_IN: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    CITIZEN_OF: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    HOLDS_OFFICE: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    PARTICIPATES_IN: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    HAS_STATUS: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    TRIGGERED_BY: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    OF_MECHANISM: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    HELD_IN: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    ATTENDED: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    CAUSED: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    REFUSED: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'},
    SANCTIONED: {date: 'LocalDate', date_latest: 'LocalDate', from: 'LocalDate', from_latest: 'LocalDate', published: 'LocalDate', published_latest: 'LocalDate', to: 'LocalDate', to_latest: 'LocalDate'}
  }
});
