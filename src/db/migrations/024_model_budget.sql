-- Issue 23: the model budgets (LLM_DAILY_BUDGET_USD, LLM_MAX_CALLS_PER_AUTHOR_PER_DAY) sum today's paid
-- classifications before each paid call. Only rows with tokens are paid calls, and only today's are
-- read: this index holds just those, by time, so the sum reads a day's calls and not the whole history.
CREATE INDEX IF NOT EXISTS classifications_paid_created_idx ON classifications (created_at) WHERE tokens_in + tokens_out > 0;
