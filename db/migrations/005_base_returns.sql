-- Beltscope canonical model, version 5: the monthly returns bases file with their bureau.
-- A bureau collects a spreadsheet a month from each live-stream base (rooms, sessions,
-- merchants served, GMV, training events, jobs created). What a base reports sits beside what
-- its sessions show, so the two can be compared (a return claiming more GMV than its sessions
-- carry is worth a question). Natural key (base_id, month): a later return of the same month
-- replaces the earlier one. Figures a base leaves blank stay null, never 0.
CREATE TABLE base_returns (
  base_id          VARCHAR NOT NULL,   -- live_bases.base_id
  month            DATE NOT NULL,      -- first day of the month reported
  rooms            INTEGER,            -- live rooms in use that month; applies from this month on
  sessions         INTEGER,            -- live sessions held
  merchants_served INTEGER,            -- merchants that streamed or were served there
  gmv_cny          DECIMAL(18,2),      -- GMV the base reports, CNY
  training_events  INTEGER,            -- training events held
  jobs_created     INTEGER,            -- jobs created
  dataset_id       INTEGER             -- the load that wrote it
);
