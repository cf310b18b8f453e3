-- DropIndex
DROP INDEX "ModerationOutbox_enqueuedAt_createdAt_idx";

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "heldForReview" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "preModerated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reportCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sentimentScore" INTEGER;

-- AlterTable
ALTER TABLE "ModerationOutbox" DROP COLUMN "enqueuedAt";

-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "policy" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "reportThreshold" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "Report" (
    "id" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "reporterId" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Report_resolvedAt_createdAt_idx" ON "Report"("resolvedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_messageId_reporterId_key" ON "Report"("messageId", "reporterId");

-- CreateIndex
CREATE INDEX "Message_roomId_createdAt_idx" ON "Message"("roomId", "createdAt");

-- CreateIndex
CREATE INDEX "ModerationOutbox_createdAt_idx" ON "ModerationOutbox"("createdAt");

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
