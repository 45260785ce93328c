import { sql, type Kysely } from 'kysely'

/**
 * A key is posted or refused, never both. The trigger that refuses an entry whose key was refused
 * before now reads `ledger_failed_posts` with a locking read: a plain read in the trigger used the
 * transaction's snapshot, so a post racing a concurrent refusal of the same key could miss the
 * refusal and succeed after it was answered (found by the ledger auditor test). With the locking
 * read the post waits for a refusal being recorded and sees it; the refusal, recorded in a
 * transaction that then looks for the entry with a locking read, sees a post that got in first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER journal_entries_not_failed`.execute(db)
  await sql`
    CREATE TRIGGER journal_entries_not_failed BEFORE INSERT ON journal_entries FOR EACH ROW
    BEGIN
      IF EXISTS (
        SELECT 1 FROM ledger_failed_posts WHERE idempotency_key = NEW.idempotency_key LOCK IN SHARE MODE
      ) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_post_failed_before';
      END IF;
    END`.execute(db)
}
