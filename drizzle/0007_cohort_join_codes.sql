ALTER TABLE `cohort_members` ADD `joined_via` text DEFAULT 'created' NOT NULL;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `join_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_join_code_unique` ON `cohorts` (`join_code`);--> statement-breakpoint
UPDATE `cohorts` SET `join_code` = upper(hex(randomblob(5))) WHERE `join_code` IS NULL;
