CREATE TABLE `secret_reset_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_by` text,
	`channel` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `secret_reset_tokens_user_idx` ON `secret_reset_tokens` (`user_id`);--> statement-breakpoint
DROP INDEX `certificates_holder_subject_unique`;--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaced_by_id` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaced_at` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `holder_anonymised_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_holder_subject_unique` ON `certificates` (`user_id`,`kind`,`subject_id`) WHERE replaced_by_id IS NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `birth_year` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `anonymised_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `anonymised_by` text;--> statement-breakpoint
CREATE INDEX `users_full_name_idx` ON `users` (`full_name`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_events_action_idx` ON `audit_events` (`action`,`created_at`);