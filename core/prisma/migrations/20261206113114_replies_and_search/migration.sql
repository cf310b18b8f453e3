-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "replyToId" UUID;

-- CreateIndex
-- Room search (api/src/chat/search.ts) matches this expression exactly. Written by hand: Prisma cannot express
-- an index on an expression. The 'simple' configuration lowercases and splits words without stemming or stop
-- words: the rooms are multilingual, and one language's stemmer would mangle the others' words. An index on
-- the expression, not a generated column: the send path's statement returns whole rows, and a stored vector
-- would travel with every message (to Node, through Redis) for nothing.
CREATE INDEX "Message_text_search_idx" ON "Message" USING GIN (to_tsvector('simple'::regconfig, "text"));

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_replyToId_fkey" FOREIGN KEY ("replyToId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;
