CREATE TABLE `login_card_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`submission_key` text NOT NULL,
	`cohort_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`cards` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `login_card_batches_submission_unique` ON `login_card_batches` (`actor_id`,`submission_key`);