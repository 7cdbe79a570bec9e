-- A procedure's workflow settings (JSON of workflow::WorkflowConfig); a
-- procedure without a row follows the default workflow.
CREATE TABLE procedure_workflows (
    procedure_id TEXT PRIMARY KEY REFERENCES procedures(id),
    config       TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
