-- AlterTable
ALTER TABLE "User" ADD COLUMN     "usernameKey" TEXT;

-- Existing accounts get the key the API computes (NFKC, then lower case). Where older accounts already
-- differ only in case, the first registered keeps the key; the others get one no typed name produces
-- ('#' and their id), and still sign in by their exact name (auth/usernames.ts).
UPDATE "User" AS u
SET "usernameKey" = CASE WHEN k.rank = 1 THEN k.key ELSE k.key || '#' || u.id END
FROM (
    SELECT id, lower(normalize(username, NFKC)) AS key,
           row_number() OVER (PARTITION BY lower(normalize(username, NFKC)) ORDER BY "createdAt", id) AS rank
    FROM "User"
) AS k
WHERE k.id = u.id;

ALTER TABLE "User" ALTER COLUMN "usernameKey" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");
