// name: office_holders
// purpose: Who held which office when: the offices of a person, or the office holders of an organization.
// params: of (person id or organization id)
// example: {"of": "dong-jun"}
// since/until are EDTF texts, since_text/until_text the same in words (until null: still in office or end unknown); ordered by start day.
MATCH (p:Person)-[o:HOLDS_OFFICE]->(org)
WHERE (p.id = $of OR org.id = $of) AND NOT org:DdgraphStaged
RETURN p.id AS person, p.name AS name, o.title AS title, org.id AS organization,
       org.name AS organization_name, o.from_edtf AS since, o.from_text AS since_text,
       o.to_edtf AS until, o.to_text AS until_text, o.sources AS sources
ORDER BY o.from, person, organization
