-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "readSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "mentionedUserIds" UUID[] DEFAULT ARRAY[]::UUID[];


-- Existing members have read everything so far: nobody opens the app to a room's whole history as unread.
UPDATE "Membership" m SET "readSeq" = r."lastSeq" FROM "Room" r WHERE r.id = m."roomId";
