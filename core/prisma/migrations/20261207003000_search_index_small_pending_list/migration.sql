-- The search index takes new entries into a pending list, merged into the index by whichever statement
-- finds the list full (autovacuum merges it too, when it runs). At Postgres's default of 4 MB, that merge
-- took about 80 ms inside a send or a verdict, holding the room's row lock while every send to the room
-- waited: with the worker running at 200 msg/s, the worst send and verdict statements took 79-81 ms. At
-- 64 kB the merges are small: the worst took 6-11 ms (verdicts) and 11-32 ms (sends) in six runs
-- (pg_stat_statements). What it costs on average was within the noise of five alternating runs at 100
-- subscribers and 500 msg/s: 416-688 µs of Postgres per message against 400-772. Searches also read the
-- whole pending list, so a short one serves them too. Written by hand: Prisma does not model index
-- storage parameters.
ALTER INDEX "Message_text_search_idx" SET (gin_pending_list_limit = 64);
