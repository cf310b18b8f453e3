-- Usernames that only look alike ("alice", "aIice", "a1ice"; "mike" and "rnike") now share one key,
-- computed as the API does (auth/usernames.ts): NFKC, lower case, i and 1 as l, 0 as o, rn as m, vv as w.
-- Where existing accounts now share a key, the first registered keeps it; the others get one no typed
-- name produces ('#' and their id), and still sign in by their exact name. The unique index goes while
-- the keys change: one account may take a key another still holds until its own row is updated.
DROP INDEX "User_usernameKey_key";

UPDATE "User" AS u
SET "usernameKey" = CASE WHEN k.rank = 1 THEN k.key ELSE k.key || '#' || u.id END
FROM (
    SELECT id, key, row_number() OVER (PARTITION BY key ORDER BY "createdAt", id) AS rank
    FROM (
        SELECT id, "createdAt",
               replace(replace(translate(lower(normalize(username, NFKC)), 'i10', 'llo'), 'rn', 'm'), 'vv', 'w') AS key
        FROM "User"
    ) AS keyed
) AS k
WHERE k.id = u.id;

CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");
