-- The triage assistant (issue 26): what it found on each issue and what it did about it.
CREATE TABLE IF NOT EXISTS assistant_issues (
  repo_id            bigint NOT NULL,
  number             integer NOT NULL,
  -- Missing information, as last checked: [{item, reason}] and [{item, evidence}]; null when not checked.
  missing            jsonb,
  present            jsonb,
  -- Why it was not asked (a person triaged it, the author can write to the repository, ...).
  info_skipped       text,
  -- The one comment asking for it: when it was posted (or, in a dry run, would have been) and its id.
  info_requested_at  timestamptz,
  info_comment_id    bigint,
  info_dry_run       boolean,
  -- When the author supplied what was missing and the label came off.
  info_resolved_at   timestamptz,
  -- Security reports: the rules that fired (never the report's words) and the fixed comment.
  security           boolean NOT NULL DEFAULT false,
  security_reasons   jsonb NOT NULL DEFAULT '[]',
  security_comment_at timestamptz,
  -- Owners: the first matching rule of the config, and whom Triageflow assigned.
  owner_team         text,
  owner_logins       jsonb NOT NULL DEFAULT '[]',
  owner_rule         integer,
  owner_matched_by   text,
  assigned           jsonb NOT NULL DEFAULT '[]',
  assigned_at        timestamptz,
  assign_skipped     text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number)
);
CREATE INDEX IF NOT EXISTS assistant_issues_team_idx ON assistant_issues (lower(owner_team));

-- Assignments people changed on GitHub: Triageflow respects them (it never assigns that issue again)
-- and keeps the record for the dashboard.
CREATE TABLE IF NOT EXISTS assistant_assignment_changes (
  id           bigserial PRIMARY KEY,
  repo_id      bigint NOT NULL,
  number       integer NOT NULL,
  actor        text,
  action       text NOT NULL,
  assignee     text NOT NULL,
  delivery_id  text UNIQUE,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS assistant_assignment_changes_issue_idx ON assistant_assignment_changes (repo_id, number, id);

-- Collaborators' permission on a repository, as GitHub reported it, shared by every worker.
CREATE TABLE IF NOT EXISTS github_permissions (
  repo_full_name  text NOT NULL,
  login           text NOT NULL,
  permission      text NOT NULL,
  fetched_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_full_name, login)
);

-- The repository's issue templates (.github/ISSUE_TEMPLATE/), cached like .github/triageflow.yml.
CREATE TABLE IF NOT EXISTS github_issue_templates (
  repo_full_name  text PRIMARY KEY,
  templates       jsonb NOT NULL DEFAULT '[]',
  stale           boolean NOT NULL DEFAULT false,
  fetched_at      timestamptz NOT NULL DEFAULT now()
);
