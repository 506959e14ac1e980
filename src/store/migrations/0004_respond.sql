-- The response workflow (src/respond, docs/workflow.md): the watchlist and the
-- proposals that change it, cases and their members, the catalogue of preventive
-- options, the options chosen on a case, tasks, decisions and partner briefs.
-- Every record carries a label (0 public .. 3 strictly confidential), an owner
-- organisation and, through record_shares, the organisations it is shared with.
-- Records of a case carry case_id: only the case's members see them.
-- Times are UTC ISO 8601 text from the respond module's clock (tests control it).

-- A situation under active attention. Its own case_id column is its id, so that
-- the policy's need-to-know rule covers the case itself.
CREATE TABLE cases (
  id                     INTEGER PRIMARY KEY,
  title                  TEXT NOT NULL,
  gw                     INTEGER NOT NULL,           -- Gleditsch-Ward state
  admin1                 TEXT NOT NULL DEFAULT '',   -- '' for the whole country
  status                 TEXT NOT NULL DEFAULT 'watch'
                         CHECK (status IN ('watch', 'preventive action', 'crisis response', 'closed')),
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),  -- the lead organisation
  lead_user_id           INTEGER REFERENCES users(id),                   -- the case lead
  case_id                INTEGER,                                        -- = id
  origin_alert_id        INTEGER,                                        -- the alert that opened it
  opened_at              TEXT NOT NULL,
  closed_at              TEXT
);
CREATE INDEX cases_by_country ON cases(gw, status);

-- Need-to-know: the users who may see a case and its records.
CREATE TABLE case_members (
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  added_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;
CREATE INDEX case_members_by_user ON case_members(user_id);

-- What happened on a case and when, for its timeline (signals are merged in when read).
CREATE TABLE case_events (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  at       TEXT NOT NULL,
  kind     TEXT NOT NULL,   -- opened, status, member, option, task, decision, escalation, brief
  text     TEXT NOT NULL,
  actor    TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events(case_id, at);

-- The catalogue of preventive options. Rows without an owner ship with Tocsin and
-- are public; an organisation's own additions carry its id and a label.
CREATE TABLE response_options (
  id                     INTEGER PRIMARY KEY,
  category               TEXT NOT NULL CHECK (category IN
                         ('diplomatic', 'economic', 'legal', 'security', 'humanitarian', 'communication')),
  name                   TEXT NOT NULL,
  description            TEXT NOT NULL,
  owner_kinds            TEXT NOT NULL,   -- the kinds of organisation that usually own it, '|' separated
  lead_time_days         INTEGER NOT NULL CHECK (lead_time_days >= 0),
  label                  INTEGER NOT NULL DEFAULT 0 CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER REFERENCES organisations(id),
  created_at             TEXT NOT NULL,
  UNIQUE (owner_organisation_id, name)
);

-- An option chosen for a case; it stays active until dropped or the case closes.
CREATE TABLE case_options (
  id                     INTEGER PRIMARY KEY,
  case_id                INTEGER NOT NULL REFERENCES cases(id),
  option_id              INTEGER NOT NULL REFERENCES response_options(id),
  note                   TEXT NOT NULL DEFAULT '',
  state                  TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'dropped')),
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  chosen_at              TEXT NOT NULL,
  chosen_by              TEXT NOT NULL,
  UNIQUE (case_id, option_id)
);

-- An option put into motion: who does it, by when, and what became of it. The
-- owner organisation of the record is the case's lead organisation; the
-- organisation that does the work gets it through record_shares.
CREATE TABLE tasks (
  id                     INTEGER PRIMARY KEY,
  case_id                INTEGER NOT NULL REFERENCES cases(id),
  case_option_id         INTEGER REFERENCES case_options(id),
  title                  TEXT NOT NULL,
  assignee_organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  assignee_user_id       INTEGER REFERENCES users(id),
  due_at                 TEXT NOT NULL,
  status                 TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'acknowledged', 'done', 'cancelled')),
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  created_at             TEXT NOT NULL,
  created_by             TEXT NOT NULL,
  acknowledged_at        TEXT,
  completed_at           TEXT,
  escalated_at           TEXT,   -- when it was overdue and went to the case lead
  escalated_to_user_id   INTEGER REFERENCES users(id)
);
CREATE INDEX tasks_by_case ON tasks(case_id, status);
CREATE INDEX tasks_by_due ON tasks(status, due_at);

-- Who decided what, when and why, and which signals were on the table
-- (signals: JSON array of {"kind": "alert"|"forecast"|"watchlist", "id": N}).
CREATE TABLE decisions (
  id                     INTEGER PRIMARY KEY,
  case_id                INTEGER NOT NULL REFERENCES cases(id),
  what                   TEXT NOT NULL,
  who                    TEXT NOT NULL,
  why                    TEXT NOT NULL,
  decided_at             TEXT NOT NULL,
  signals                TEXT NOT NULL DEFAULT '[]',
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  recorded_by            TEXT NOT NULL,
  recorded_at            TEXT NOT NULL
);
CREATE INDEX decisions_by_case ON decisions(case_id, decided_at);

-- Countries under watch. An entry joins only through an accepted proposal and
-- leaves only through an accepted removal proposal.
CREATE TABLE watchlist_entries (
  id                     INTEGER PRIMARY KEY,
  gw                     INTEGER NOT NULL,
  tier                   INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),  -- 1 most urgent
  reason                 TEXT NOT NULL,
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  added_at               TEXT NOT NULL,
  added_by_proposal_id   INTEGER NOT NULL,
  removed_at             TEXT,
  removed_by_proposal_id INTEGER
);
CREATE UNIQUE INDEX watchlist_active ON watchlist_entries(owner_organisation_id, gw) WHERE removed_at IS NULL;

-- A proposed change to the watchlist, from a signal or an analyst, and the
-- coordinator's answer with its reason.
CREATE TABLE watchlist_proposals (
  id                     INTEGER PRIMARY KEY,
  change                 TEXT NOT NULL CHECK (change IN ('add', 'remove')),
  gw                     INTEGER NOT NULL,
  tier                   INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
  source                 TEXT NOT NULL CHECK (source IN ('forecast', 'alert', 'analyst')),
  signal                 TEXT NOT NULL,  -- "forecast run 3, rank 2", "alert 7", or the analyst's name
  reason                 TEXT NOT NULL,
  state                  TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
  label                  INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  proposed_at            TEXT NOT NULL,
  proposed_by            TEXT NOT NULL,
  decided_at             TEXT,
  decided_by             TEXT,
  decision_reason        TEXT
);
CREATE UNIQUE INDEX watchlist_proposals_once ON watchlist_proposals(owner_organisation_id, change, gw, signal);

-- Partner briefs exported: for whom, why, with which watermark.
CREATE TABLE brief_exports (
  id                       INTEGER PRIMARY KEY,
  case_id                  INTEGER NOT NULL REFERENCES cases(id),
  partner_organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  maximum_label            INTEGER NOT NULL CHECK (maximum_label BETWEEN 0 AND 3),
  reason                   TEXT NOT NULL,
  watermark                TEXT NOT NULL,
  label                    INTEGER NOT NULL CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id    INTEGER NOT NULL REFERENCES organisations(id),
  exported_at              TEXT NOT NULL,
  exported_by              TEXT NOT NULL
)
;

-- The catalogue as shipped: preventive measures known from public practice,
-- described in Tocsin's own words. Lead times are typical days from decision to
-- the measure taking effect. Owner kinds are separated by '|'.
INSERT INTO response_options (category, name, description, owner_kinds, lead_time_days, created_at) VALUES
('diplomatic', 'Special envoy or mediator', 'Appoint a senior envoy to engage the parties, open channels and broker de-escalation steps.', 'foreign ministry|UN office|regional organisation', 30, '2026-01-01T00:00:00Z'),
('diplomatic', 'Private demarche', 'Deliver concerns privately to the government or armed group leadership, naming the warning signs and expected steps.', 'foreign ministry|embassy', 3, '2026-01-01T00:00:00Z'),
('diplomatic', 'Public demarche or joint statement', 'Speak publicly, alone or with partners, so leaders know the risk is seen and that there will be consequences.', 'foreign ministry|UN office|regional organisation', 5, '2026-01-01T00:00:00Z'),
('diplomatic', 'High-level visit', 'Send a minister or senior official to signal attention and press for restraint in person.', 'foreign ministry|UN office', 21, '2026-01-01T00:00:00Z'),
('diplomatic', 'Security Council or regional body briefing', 'Put the situation on the agenda of the Security Council, the Human Rights Council or a regional body.', 'UN office|foreign ministry|regional organisation', 14, '2026-01-01T00:00:00Z'),
('diplomatic', 'Support to local peace infrastructure', 'Back local mediators, religious leaders and peace committees who can calm intergroup tensions.', 'development agency|NGO|UN office', 45, '2026-01-01T00:00:00Z'),
('economic', 'Targeted financial sanctions', 'Freeze assets of named individuals and entities who plan, incite or finance attacks on civilians.', 'finance ministry|foreign ministry|regional organisation', 60, '2026-01-01T00:00:00Z'),
('economic', 'Visa bans', 'Deny entry to named perpetrators and inciters and their facilitators.', 'foreign ministry|interior ministry', 30, '2026-01-01T00:00:00Z'),
('economic', 'Aid conditionality', 'Tie budget support or programmes to concrete protection benchmarks, without cutting life-saving assistance.', 'development agency|finance ministry', 45, '2026-01-01T00:00:00Z'),
('economic', 'Arms embargo or export licence review', 'Stop or review transfers of weapons, munitions and surveillance equipment to those at risk of misuse.', 'trade ministry|foreign ministry|UN office', 30, '2026-01-01T00:00:00Z'),
('economic', 'Resource trade controls', 'Restrict trade in minerals, timber or other goods that finance armed groups, with due diligence duties.', 'trade ministry|regional organisation', 90, '2026-01-01T00:00:00Z'),
('economic', 'Incentives for restraint', 'Offer economic or political benefits tied to verifiable steps away from violence.', 'foreign ministry|development agency', 60, '2026-01-01T00:00:00Z'),
('legal', 'Commission of inquiry or fact-finding mission', 'Establish an independent body to investigate and report on violations and identify those responsible.', 'UN office|regional organisation', 60, '2026-01-01T00:00:00Z'),
('legal', 'Referral to an international court', 'Refer the situation to the International Criminal Court or support a state referral or an inquiry by the prosecutor.', 'UN office|foreign ministry|justice ministry', 120, '2026-01-01T00:00:00Z'),
('legal', 'Evidence preservation', 'Collect, verify and store evidence of crimes so that future prosecutions remain possible.', 'NGO|UN office|justice ministry', 14, '2026-01-01T00:00:00Z'),
('legal', 'Universal jurisdiction cases', 'Investigate and prosecute suspects found on national territory for atrocity crimes committed abroad.', 'justice ministry', 180, '2026-01-01T00:00:00Z'),
('legal', 'Public warning of individual criminal responsibility', 'Remind commanders and officials in public that they will answer personally for crimes.', 'UN office|foreign ministry', 3, '2026-01-01T00:00:00Z'),
('legal', 'Human rights monitoring and reporting', 'Deploy or strengthen human rights officers who document violations and report regularly.', 'UN office|NGO|regional organisation', 30, '2026-01-01T00:00:00Z'),
('security', 'Monitoring or observer mission', 'Deploy civilian or military observers to hotspots so that abuses are seen and reported.', 'regional organisation|UN office', 60, '2026-01-01T00:00:00Z'),
('security', 'Support to a peacekeeping mission', 'Provide troops, police, enablers or funding, or strengthen the mandate to protect civilians.', 'defence ministry|UN office|regional organisation', 90, '2026-01-01T00:00:00Z'),
('security', 'Protection of civilians planning', 'Map threats to communities and plan patrols, safe areas and early-warning networks with the mission and local actors.', 'UN office|defence ministry|NGO', 21, '2026-01-01T00:00:00Z'),
('security', 'Security sector engagement', 'Press and support the army and police to restrain units, vet commanders and follow rules of engagement.', 'defence ministry|foreign ministry', 45, '2026-01-01T00:00:00Z'),
('security', 'Disarmament of militias', 'Support programmes that disarm, demobilise and reintegrate militia members.', 'UN office|development agency', 120, '2026-01-01T00:00:00Z'),
('security', 'Community early-warning networks', 'Fund and connect local alert networks that report threats to those who can respond quickly.', 'NGO|UN office|development agency', 30, '2026-01-01T00:00:00Z'),
('humanitarian', 'Humanitarian access negotiation', 'Negotiate safe, sustained access for aid agencies to communities at risk.', 'UN office|NGO', 14, '2026-01-01T00:00:00Z'),
('humanitarian', 'Protection presence', 'Place protection staff with communities at risk, since a visible international presence can deter attacks.', 'NGO|UN office', 21, '2026-01-01T00:00:00Z'),
('humanitarian', 'Emergency funding for protection', 'Release pooled or bilateral funds for protection, shelter and relocation of people at risk.', 'development agency|UN office', 10, '2026-01-01T00:00:00Z'),
('humanitarian', 'Refugee and displacement support', 'Keep borders open, support host communities and register people fleeing violence.', 'UN office|interior ministry|NGO', 14, '2026-01-01T00:00:00Z'),
('humanitarian', 'Evacuation and relocation planning', 'Prepare routes, transport and receiving sites for people who must leave an area under threat.', 'UN office|defence ministry|NGO', 7, '2026-01-01T00:00:00Z'),
('communication', 'Counter-messaging against incitement', 'Answer dehumanising propaganda quickly with credible voices and accurate information.', 'NGO|foreign ministry|UN office', 7, '2026-01-01T00:00:00Z'),
('communication', 'Support to independent media', 'Fund and protect local journalists and radio stations that carry accurate news across group lines.', 'development agency|NGO', 45, '2026-01-01T00:00:00Z'),
('communication', 'Platform engagement on hate speech', 'Ask social media companies to act on incitement and coordinated campaigns targeting a group.', 'foreign ministry|NGO|UN office', 7, '2026-01-01T00:00:00Z'),
('communication', 'Rumour monitoring and verification', 'Track rumours that could trigger violence and publish verified facts before they spread.', 'NGO|UN office', 5, '2026-01-01T00:00:00Z'),
('communication', 'Public naming of early warning', 'Publish the warning and its evidence so that decision makers cannot say they did not know.', 'NGO|UN office', 3, '2026-01-01T00:00:00Z')
